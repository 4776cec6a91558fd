import { PolicyError, formatPath, type PolicyIssue } from "../policy/errors";
import { guidance, ruleMessage } from "../rules/guidance";
import { renderedResource, resourceViolations } from "../rules/resources";
import { KUBERNETES_STACK_RULES, stackViolations } from "../rules/stack";
import { tryCompile, type Diagnostic, type PlatformName } from "../targets";
import type { ScalingPolicy } from "../types";
import { formatWarnings, loadPolicies, stdio, type CommandIO } from "./render";

export interface LintArgs {
  file: string;
  platforms: PlatformName[];
  format: "text" | "json";
}

/** One policy on one platform: compiled (ok) or refused, with the compiler's warnings or the issues. */
export interface LintResult {
  service: string;
  platform: PlatformName;
  ok: boolean;
  warnings: Array<{ severity: string; path: string; message: string }>;
  errors: Array<{ code: string; path: string; message: string }>;
}

const issue = (i: PolicyIssue) => ({ code: i.code, path: formatPath(i.path), message: i.message });
const warning = (w: Diagnostic) => ({ severity: w.severity, path: formatPath(w.path), message: w.message });

/** `polyscale lint FILE [-p ...] [--format json]`: exit 1 when the file is invalid or a platform refuses a policy. */
export function runLint(args: LintArgs, io: CommandIO = stdio): number {
  let policies;
  try {
    policies = loadPolicies(args.file);
  } catch (e) {
    if (!(e instanceof PolicyError) || args.format !== "json") throw e;
    io.out(`${JSON.stringify({ file: args.file, ok: false, errors: e.issues.map(issue), results: [] }, null, 2)}\n`);
    return 1;
  }
  const results: LintResult[] = [];
  const rendered: Array<{ result: LintResult; doc: Record<string, unknown> }> = [];
  for (const p of policies) {
    for (const platform of args.platforms) {
      const outcome = tryCompile(p, platform);
      if (!outcome.ok) {
        results.push({ service: p.service, platform, ok: false, warnings: [], errors: outcome.issues.map(issue) });
        if (args.format === "text") io.err(`${outcome.error.message}\n`);
        continue;
      }
      const r = outcome.result;
      const result: LintResult = { service: p.service, platform, ok: true, warnings: r.warnings.map(warning), errors: [] };
      results.push(result);
      for (const doc of r.documents) {
        rendered.push({ result, doc });
        for (const h of documentRuleHits(doc, p)) report(result, h.rule, h.violation);
      }
      if (args.format === "text") io.err(formatWarnings(p.service, r.warnings));
    }
  }
  // Rules over the policies of the file together (e.g. one policy's VPA on the Deployment another's HPA scales).
  const manifests = rendered.filter((x) => x.result.platform === "kubernetes");
  for (const v of stackViolations(KUBERNETES_STACK_RULES, manifests.map((x) => ({ manifest: x.doc })))) report(manifests[v.index]!.result, v.rule, v.message);
  if (args.format === "text") {
    for (const r of results) {
      for (const w of r.warnings.filter((x) => x.path === "")) io.err(`${r.service} on ${r.platform}: ${w.message}\n`);
      for (const e of r.errors.filter((x) => x.path === "")) io.err(`${r.service} on ${r.platform}: ${e.message}\n`);
      if (r.ok) io.out(`ok: ${r.service} on ${r.platform}\n`);
    }
  }
  const ok = results.every((r) => r.ok);
  if (args.format === "json") io.out(`${JSON.stringify({ file: args.file, ok, errors: [], results }, null, 2)}\n`);
  return ok ? 0 : 1;
}

function documentRuleHits(doc: Record<string, unknown>, policy: ScalingPolicy) {
  const { type, name, props } = renderedResource(doc);
  return resourceViolations(type, name, props, {
    cluster: policy.scaling?.kubernetes?.cluster,
    maxReplicasLimit: policy.scaling?.containerApps?.maxReplicasLimit,
    maxInstanceLimit: policy.scaling?.cloudRun?.maxInstanceLimit,
  });
}

/** A rule violation on a lint result: an error for a mandatory rule, a warning for an advisory one (src/rules/guidance). */
function report(result: LintResult, rule: string, violation: string): void {
  const message = ruleMessage(rule, violation);
  if (guidance(rule).enforcement === "mandatory") {
    result.ok = false;
    result.errors.push({ code: rule, path: "", message });
  } else {
    result.warnings.push({ severity: "warning", path: "", message });
  }
}
