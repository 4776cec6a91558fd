import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

/**
 * The real `promtool` (Debian package `prometheus`; CI installs it and sets POLYSCALE_REQUIRE_PROMTOOL=1).
 * The PromQL tests never skip: without promtool they fail, saying how to install it.
 */

export interface PromtoolResult {
  ok: boolean;
  code: number | null;
  output: string;
}

export function promtoolPath(): string {
  return process.env.PROMTOOL ?? "promtool";
}

/** `promtool --version`, or an Error explaining that promtool is required. */
export function requirePromtool(): string {
  const r = spawnSync(promtoolPath(), ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status}: ${r.stderr}`;
    const ci = process.env.POLYSCALE_REQUIRE_PROMTOOL === "1" ? " (POLYSCALE_REQUIRE_PROMTOOL=1)" : "";
    throw new Error(
      `promtool is required for the PromQL contract tests${ci} and could not be run (${why}). ` +
        `Install it with \`apt-get install prometheus\` (Debian) or set PROMTOOL=/path/to/promtool.`,
    );
  }
  return `${r.stdout}${r.stderr}`.split("\n")[0]!;
}

function run(args: string[], cwd: string): PromtoolResult {
  const r = spawnSync(promtoolPath(), args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (r.error) throw r.error;
  return { ok: r.status === 0, code: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A temporary directory under os.tmpdir(), removed after `fn`. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "polyscale-promtool-"));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool check rules` on a Prometheus rule file (`{ groups: [...] }`). */
export function checkRules(ruleFile: { groups: unknown[] }): PromtoolResult {
  return withTempDir((dir) => {
    writeFileSync(join(dir, "rules.yaml"), stringify(ruleFile, { lineWidth: 0 }));
    return run(["check", "rules", "rules.yaml"], dir);
  });
}

/** Wrap PromQL expressions in recording rules (`check_<i>`) so `promtool check rules` parses each. */
export function recordingRules(exprs: string[], group = "polyscale-syntax"): { groups: unknown[] } {
  return { groups: [{ name: group, rules: exprs.map((expr, i) => ({ record: `polyscale:check_${i}`, expr })) }] };
}

/**
 * `promtool test rules`: writes the rule file and a test file referring to it, then runs the tests.
 * `tests` is the `tests:` list of the promtool unit-test format (input_series, promql_expr_test, alert_rule_test).
 */
export function testRules(ruleFile: { groups: unknown[] }, tests: unknown[], evaluationInterval = "1m"): PromtoolResult {
  return withTempDir((dir) => {
    writeFileSync(join(dir, "rules.yaml"), stringify(ruleFile, { lineWidth: 0 }));
    writeFileSync(join(dir, "tests.yaml"), stringify({ rule_files: ["rules.yaml"], evaluation_interval: evaluationInterval, tests }, { lineWidth: 0 }));
    return run(["test", "rules", "tests.yaml"], dir);
  });
}
