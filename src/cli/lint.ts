import { PolicyError, formatPath, type PolicyIssue } from "../policy/errors";
import { loadTarget, type Diagnostic, type PlatformName } from "../targets";
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
  for (const p of policies) {
    for (const platform of args.platforms) {
      try {
        const r = loadTarget(platform).render(p);
        results.push({ service: p.service, platform, ok: true, warnings: r.warnings.map(warning), errors: [] });
        if (args.format === "text") {
          io.err(formatWarnings(p.service, r.warnings));
          io.out(`ok: ${p.service} on ${platform}\n`);
        }
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        results.push({ service: p.service, platform, ok: false, warnings: [], errors: e.issues.map(issue) });
        if (args.format === "text") io.err(`${e.message}\n`);
      }
    }
  }
  const ok = results.every((r) => r.ok);
  if (args.format === "json") io.out(`${JSON.stringify({ file: args.file, ok, errors: [], results }, null, 2)}\n`);
  return ok ? 0 : 1;
}
