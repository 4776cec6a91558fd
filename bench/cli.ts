/**
 * Bench item "cli": a cold `polyscale render examples/seeds/rider-api.yaml -p kubernetes` in a new process,
 * against `node -e 0`, alternating A/B, medians. Measured for the installed bin (bench/installed.ts: the
 * bundle dist/cli.js with V8's code cache, which the warm-up run writes; and with the cache off, what a first
 * run costs), the unbundled dist/src/cli/main.js and the checkout's bin (src through tsx), after a build.
 * Prints only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt } from "./built";
import { installCli } from "./installed";
import { alternate, emit, ms, timeProcess } from "./report";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);
const RENDER = ["render", "examples/seeds/rider-api.yaml", "-p", "kubernetes"];
const node = (...args: string[]) => () => timeProcess([process.execPath, ...args], ROOT);

ensureBuilt();

const work = mkdtempSync(join(tmpdir(), "polyscale-bench-cli-"));
const installed = installCli(ROOT, work);
const file = join(ROOT, ...RENDER[1]!.split("/"));
const render = ["render", file, ...RENDER.slice(2)];
const t = alternate(
  {
    "node -e 0": node("-e", "0"),
    "installed bin": () => timeProcess([process.execPath, installed.bin, ...render], ROOT, installed.env),
    "installed bin, no code cache": () => timeProcess([process.execPath, installed.bin, ...render], ROOT, installed.envNoCache),
    "dist/src/cli/main.js (unbundled)": node("dist/src/cli/main.js", ...RENDER),
    "bin (checkout, src through tsx)": node("bin/polyscale.js", ...RENDER),
  },
  RUNS,
);
rmSync(work, { recursive: true, force: true });
const base = t["node -e 0"]!;
console.log(`cli cold start, \`polyscale ${RENDER.join(" ")}\`, median of ${RUNS} alternating runs:`);
for (const [name, v] of Object.entries(t)) console.log(`  ${name.padEnd(34)} ${ms(v).padStart(8)}  ${(v / base).toFixed(2)}x node -e 0`);
emit({ item: "cli render, installed bin", figure: ms(t["installed bin"]!), baseline: `node -e 0 ${ms(base)}`, ratio: t["installed bin"]! / base, goal: "<= 2.5x" });
emit({ item: "cli render, installed, no code cache", figure: ms(t["installed bin, no code cache"]!), baseline: `node -e 0 ${ms(base)}`, ratio: t["installed bin, no code cache"]! / base });
emit({ item: "cli render, unbundled dist/src", figure: ms(t["dist/src/cli/main.js (unbundled)"]!), baseline: `node -e 0 ${ms(base)}`, ratio: t["dist/src/cli/main.js (unbundled)"]! / base });
emit({ item: "cli render, checkout bin (tsx)", figure: ms(t["bin (checkout, src through tsx)"]!), baseline: `node -e 0 ${ms(base)}`, ratio: t["bin (checkout, src through tsx)"]! / base });
