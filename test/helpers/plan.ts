import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const BIN = join(ROOT, "bin", "polyscale.js");

export interface Planned {
  type: string;
  name: string;
  inputs: any;
}

/** Run `polyscale plan ... --json` in a fresh process (a fresh Pulumi runtime each time) and parse its output. */
export function planJson(args: string[], env: Record<string, string> = {}): { status: number | null; stderr: string; resources: Planned[] } {
  const out = mkdtempSync(join(tmpdir(), "polyscale-plan-"));
  const r = spawnSync(process.execPath, [BIN, "plan", ...args, "--json", "--out", out], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stderr: r.stderr, resources: r.status === 0 ? (JSON.parse(r.stdout) as Planned[]) : [] };
}
