/**
 * Bench item "typecheck" (run by bench/suite.ts): what polyscale's declarations cost a consumer's type-check.
 *
 * Whole-process `tsc` under Pulumi's stock 2026 tsconfig (pulumi/templates typescript/tsconfig.json:
 * nodenext, strict, no skipLibCheck) for a 2-line program importing `polyscale/kubernetes`, against the
 * same program importing the @pulumi/kubernetes submodules polyscale's components use. polyscale is
 * resolved as an installed package (its exports and the built declarations in dist/), so the build runs
 * first. Prints the median of alternating runs and the ratio (goal <= 1.2x); never asserted.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ensureBuilt } from "./built";
import { emit, median, ms } from "./report";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_TSC_RUNS ?? 5);
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

const PROGRAMS = {
  polyscale: 'import { KubernetesScaling } from "polyscale/kubernetes";\nexport const component = KubernetesScaling;\n',
  "@pulumi/kubernetes": [
    'import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";',
    'import { Deployment } from "@pulumi/kubernetes/apps/v1";',
    'import { Secret, Service } from "@pulumi/kubernetes/core/v1";',
    'import { CustomResource } from "@pulumi/kubernetes/apiextensions";',
    "export const components = [HorizontalPodAutoscaler, Deployment, Secret, Service, CustomResource];",
    "",
  ].join("\n"),
};

function project(dir: string, source: string): void {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  for (const scope of ["@pulumi", "@types"]) symlinkSync(join(ROOT, "node_modules", scope), join(dir, "node_modules", scope), "dir");
  symlinkSync(ROOT, join(dir, "node_modules", "polyscale"), "dir");
  cpSync(join(ROOT, "test", "consumer", "tsconfig.nodenext.json"), join(dir, "tsconfig.json"));
  writeFileSync(join(dir, "index.ts"), source);
}

function timeTsc(dir: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [TSC, "--noEmit", "-p", "tsconfig.json"], { cwd: dir, encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`tsc failed in ${dir}:\n${r.stdout}${r.stderr}`);
  return ms;
}


function main(): void {
  ensureBuilt();
  const work = mkdtempSync(join(tmpdir(), "polyscale-bench-tsc-"));
  try {
    const dirs = Object.fromEntries(Object.entries(PROGRAMS).map(([name, source], i) => {
      const dir = join(work, String(i));
      project(dir, source);
      return [name, dir];
    })) as Record<keyof typeof PROGRAMS, string>;
    for (const dir of Object.values(dirs)) timeTsc(dir); // warm the file cache
    const times: Record<string, number[]> = { polyscale: [], "@pulumi/kubernetes": [] };
    for (let i = 0; i < RUNS; i++) for (const name of Object.keys(dirs) as Array<keyof typeof PROGRAMS>) times[name]!.push(timeTsc(dirs[name]));
    const ours = median(times.polyscale!);
    const base = median(times["@pulumi/kubernetes"]!);
    console.log(`consumer type-check (whole-process tsc, stock 2026 tsconfig, median of ${RUNS}):`);
    console.log(`  import "polyscale/kubernetes"                        ${(ours / 1000).toFixed(2)} s`);
    console.log(`  import the same @pulumi/kubernetes submodules        ${(base / 1000).toFixed(2)} s`);
    emit({ item: "consumer type-check", figure: ms(ours), baseline: `@pulumi/kubernetes ${ms(base)}`, ratio: ours / base, goal: "<= 1.2x" });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
