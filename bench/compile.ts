/**
 * Bench item "compile": 10,000 policies (drawn with a fixed seed from the property suite's arbitraries,
 * the whole input model) each parsed once and compiled for the four platforms, in one process. The
 * baseline, in the same process and alternating with it, is JSON.stringify of the same inputs. Also
 * prints the share of refusals and zod validation per policy. Prints only; never asserted.
 */
import fc from "fast-check";
import { performance } from "node:perf_hooks";
import { PolicyError } from "../src/policy/errors";
import { parsePolicy } from "../src/policy/load";
import { ScalingPolicy } from "../src/policy/policy";
import { loadTarget, PLATFORMS } from "../src/targets";
import { anyPolicyInput } from "../test/property/arbitraries";
import { emit, median, ms } from "./report";

const POLICIES = Number(process.env.BENCH_POLICIES ?? 10_000);
const RUNS = 5;

const inputs = fc.sample(anyPolicyInput, { seed: 20261126, numRuns: POLICIES });
const targets = PLATFORMS.map(loadTarget);

/** Parse + four compiles per policy; counts what was refused. */
function compileAll(): { refusedLoad: number; refusedCompile: number } {
  let refusedLoad = 0;
  let refusedCompile = 0;
  for (const input of inputs) {
    let policy;
    try {
      policy = parsePolicy(input);
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      refusedLoad++;
      continue;
    }
    for (const t of targets) {
      try {
        t.render(policy);
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
        refusedCompile++;
      }
    }
  }
  return { refusedLoad, refusedCompile };
}

let sink = 0;
function stringifyAll(): void {
  for (const input of inputs) sink += JSON.stringify(input).length;
}

function validateAll(): void {
  for (const input of inputs) sink += ScalingPolicy.safeParse(input).success ? 1 : 0;
}

function timed(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

const counts = compileAll(); // warm-up (JIT, lazy module state)
stringifyAll();
const ours: number[] = [];
const base: number[] = [];
const zod: number[] = [];
for (let r = 0; r < RUNS; r++) {
  ours.push(timed(compileAll));
  base.push(timed(stringifyAll));
  zod.push(timed(validateAll));
}
const total = median(ours);
const perPolicy = total / POLICIES;
const perStringify = median(base) / POLICIES;
const compiles = (POLICIES - counts.refusedLoad) * targets.length;
console.log(`compile: ${POLICIES.toLocaleString("en-US")} policies x ${targets.length} platforms, median of ${RUNS} alternating runs in one process`);
console.log(`  refused at load: ${counts.refusedLoad}; compiles: ${compiles}, of which refused: ${counts.refusedCompile} (${((100 * counts.refusedCompile) / compiles).toFixed(0)} %)`);
console.log(`  parse + 4 compiles: ${ms(total)} total, ${(POLICIES / (total / 1000)).toFixed(0)} policies/s, ${(perPolicy * 1000).toFixed(1)} us per policy`);
console.log(`  JSON.stringify of the same inputs: ${ms(median(base))} total, ${(perStringify * 1000).toFixed(2)} us per policy`);
console.log(`  zod validation alone (ScalingPolicy.safeParse): ${((median(zod) / POLICIES) * 1000).toFixed(1)} us per policy`);
emit({ item: `compile ${POLICIES / 1000}k x 4`, figure: `${ms(total)} (${(perPolicy * 1000).toFixed(0)} us/policy)`, baseline: `JSON.stringify ${(perStringify * 1000).toFixed(1)} us/policy`, ratio: perPolicy / perStringify });
emit({ item: `compile ${POLICIES / 1000}k x 4, wall clock`, figure: ms(total), baseline: "goal 500 ms (quiet machine)", ratio: total / 500, goal: "<= 1.0x" });
if (sink === -1) console.log(sink);
