/**
 * Bench item "cli": a cold `polyscale render examples/seeds/rider-api.yaml -p kubernetes` in a new process,
 * against `node -e 0`, alternating A/B, medians. Measured twice: the checkout's bin (which runs src/
 * through tsx), the bundled CLI dist/cli.js (what an installed package's bin runs) and the unbundled
 * dist/src/cli/main.js, after a build. Prints only.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { alternate, emit, ms, timeProcess } from "./report";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);
const RENDER = ["render", "examples/seeds/rider-api.yaml", "-p", "kubernetes"];
const node = (...args: string[]) => () => timeProcess([process.execPath, ...args], ROOT);

const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, encoding: "utf8" });
if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);

const t = alternate(
  {
    "node -e 0": node("-e", "0"),
    "bin (checkout, src through tsx)": node("bin/polyscale.js", ...RENDER),
    "dist/cli.js (installed bin)": node("dist/cli.js", ...RENDER),
    "dist/src/cli/main.js (unbundled)": node("dist/src/cli/main.js", ...RENDER),
  },
  RUNS,
);
const base = t["node -e 0"]!;
console.log(`cli cold start, \`polyscale ${RENDER.join(" ")}\`, median of ${RUNS} alternating runs:`);
for (const [name, v] of Object.entries(t)) console.log(`  ${name.padEnd(34)} ${ms(v).padStart(8)}  ${(v / base).toFixed(2)}x node -e 0`);
emit({ item: "cli render, installed (dist/cli.js)", figure: ms(t["dist/cli.js (installed bin)"]!), baseline: `node -e 0 ${ms(base)}`, ratio: t["dist/cli.js (installed bin)"]! / base, goal: "<= 2.5x" });
emit({ item: "cli render, unbundled dist/src", figure: ms(t["dist/src/cli/main.js (unbundled)"]!), baseline: `node -e 0 ${ms(base)}`, ratio: t["dist/src/cli/main.js (unbundled)"]! / base });
emit({ item: "cli render, checkout bin (tsx)", figure: ms(t["bin (checkout, src through tsx)"]!), baseline: `node -e 0 ${ms(base)}`, ratio: t["bin (checkout, src through tsx)"]! / base });
