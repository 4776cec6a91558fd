import { collectingIssues, PolicyError, type PolicyIssue } from "../policy/errors";
import { parsePolicy } from "../policy/load";
import { target as cloudRun } from "./cloud-run";
import { target as containerApps } from "./container-apps";
import { target as ecs } from "./ecs";
import { target as kubernetes } from "./kubernetes";
import { PLATFORMS, type PlatformName, type PlatformTarget, type RenderResult } from "./types";

// Targets are pure compilers (no provider SDK is imported here), so loading all of them is cheap.
const TARGETS: Record<PlatformName, PlatformTarget> = {
  kubernetes,
  ecs,
  "container-apps": containerApps,
  "cloud-run": cloudRun,
};

export function loadTarget(platform: PlatformName): PlatformTarget {
  return TARGETS[platform];
}

/**
 * One policy on one platform: what it renders to, or every issue that refused it (at load or compile),
 * with the refusal's PolicyError (its message is formatted only if read; it has no stack trace).
 */
export type CompileOutcome =
  | { ok: true; platform: PlatformName; result: RenderResult }
  | { ok: false; platform: PlatformName; stage: "load" | "compile"; issues: PolicyIssue[]; error: PolicyError };

/**
 * Compile a policy (input or already parsed) for one platform without throwing for a policy problem:
 * the refusal comes back as its issues. Errors other than PolicyError (bugs) still throw.
 */
export function tryCompile(policy: unknown, platform: PlatformName): CompileOutcome {
  const loaded = tryParse(policy);
  if (!loaded.ok) return { ok: false, platform, stage: "load", issues: loaded.error.issues, error: loaded.error };
  return compileParsed(loaded.policy, platform);
}

function compileParsed(policy: ReturnType<typeof parsePolicy>, platform: PlatformName): CompileOutcome {
  try {
    return { ok: true, platform, result: collectingIssues(() => TARGETS[platform].render(policy)) };
  } catch (e) {
    if (e instanceof PolicyError) return { ok: false, platform, stage: "compile", issues: e.issues, error: e };
    throw e;
  }
}

/** A policy checked against several platforms: load issues (then no results), or one outcome per platform. */
export interface PolicyLint {
  ok: boolean;
  issues: PolicyIssue[];
  results: CompileOutcome[];
}

/** Validate a policy once and compile it for each platform (default: all four), collecting issues instead of throwing. */
export function lintPolicy(policy: unknown, platforms: readonly PlatformName[] = PLATFORMS): PolicyLint {
  const loaded = tryParse(policy);
  if (!loaded.ok) return { ok: false, issues: loaded.error.issues, results: [] };
  const results = platforms.map((p) => compileParsed(loaded.policy, p));
  return { ok: results.every((r) => r.ok), issues: [], results };
}

function tryParse(input: unknown): { ok: true; policy: ReturnType<typeof parsePolicy> } | { ok: false; error: PolicyError } {
  try {
    return { ok: true, policy: collectingIssues(() => parsePolicy(input)) };
  } catch (e) {
    if (e instanceof PolicyError) return { ok: false, error: e };
    throw e;
  }
}
