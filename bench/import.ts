/**
 * Bench item "import": a new process that requires `polyscale/kubernetes` (the built package, through its
 * exports) against one that requires `@pulumi/kubernetes`
 * alone; alternating, medians. Also checks that no AWS, Azure or GCP file was opened. Prints only.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensureBuilt } from "./built";
import { alternate, emit, ms, timeProcess } from "./report";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 7);
const load = (mod: string) => () => timeProcess([process.execPath, "-e", `require(${JSON.stringify(mod)})`], ROOT);

ensureBuilt();

const probe = spawnSync(process.execPath, ["-e", `require("polyscale/kubernetes"); console.log(Object.keys(require.cache).filter((f) => /node_modules[\\\\/]@pulumi[\\\\/](aws|azure-native|gcp)[\\\\/]/.test(f)).length)`], { cwd: ROOT, encoding: "utf8" });
const t = alternate({ "@pulumi/kubernetes": load("@pulumi/kubernetes"), "polyscale/kubernetes": load("polyscale/kubernetes") }, RUNS);
const ours = t["polyscale/kubernetes"]!;
const base = t["@pulumi/kubernetes"]!;
console.log(`import, new process, median of ${RUNS} alternating runs:`);
console.log(`  require("@pulumi/kubernetes")   ${ms(base)}`);
console.log(`  require("polyscale/kubernetes") ${ms(ours)}  (AWS/Azure/GCP files loaded: ${probe.stdout.trim() || probe.stderr.trim()})`);
emit({ item: "import polyscale/kubernetes", figure: ms(ours), baseline: `@pulumi/kubernetes ${ms(base)}`, ratio: ours / base, goal: "<= 1.15x" });
