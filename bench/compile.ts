/**
 * Bench item "compile": 10,000 policies (drawn with a fixed seed from the property suite's arbitraries,
 * the whole input model, keeping the ones that load) each parsed once and compiled for the four platforms,
 * in one process: 40,000 compiles, as issue 16 counts them, by the built package (dist/), through `lintPolicy` (refusals as issues, not
 * thrown; the throwing API is timed beside it). The arbitraries also draw inputs that are
 * refused at load (about 3 in 4 of the draws: inline credentials, broken keda metadata, ...); their cost is
 * printed on its own line. The baseline, in the same process and alternating with it, is JSON.stringify
 * of the same inputs. Also prints the share of refusals and zod validation per policy. Prints only; never asserted.
 */
import fc from "fast-check";
import { performance } from "node:perf_hooks";
import { anyPolicyInput } from "../test/property/arbitraries";
import { built } from "./built";
import { emit, median, ms } from "./report";

// The built package (dist/), as a user's program or the installed CLI runs it: no TypeScript loader in the way.
const { PolicyError } = built<typeof import("../src/policy/errors")>("policy/errors");
const { parsePolicy } = built<typeof import("../src/policy/load")>("policy/load");
const { ScalingPolicy } = built<typeof import("../src/policy/policy")>("policy/policy");
const { loadTarget, PLATFORMS } = built<typeof import("../src/targets")>("targets");
const { lintPolicy } = built<typeof import("../src/targets/lint")>("targets/lint");

const POLICIES = Number(process.env.BENCH_POLICIES ?? 10_000);
const RUNS = 5;
/** Issue 16: 10,000 policies x 4 platforms in under 0.5 s, i.e. 50 us per policy. */
const GOAL_MS = 0.05 * POLICIES;

/** `count` draws that load (`valid`) or are refused at load, in the order the fixed seed draws them. */
function draw(count: number, valid: boolean): unknown[] {
  const out: unknown[] = [];
  for (let seed = 20261126; out.length < count; seed++) {
    for (const input of fc.sample(anyPolicyInput, { seed, numRuns: count })) {
      if (loads(input) === valid && out.length < count) out.push(input);
    }
  }
  return out;
}

function loads(input: unknown): boolean {
  try {
    parsePolicy(input);
    return true;
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return false;
  }
}

let sink = 0;
const inputs = draw(POLICIES, true);
const refusedInputs = draw(Math.min(POLICIES, 2_000), false);
const targets = PLATFORMS.map(loadTarget);

/** Parse + four compiles per policy with `lintPolicy` (refusals come back as issues); counts what was refused. */
function compileAll(): { refusedLoad: number; refusedCompile: number } {
  let refusedLoad = 0;
  let refusedCompile = 0;
  for (const input of inputs) {
    const lint = lintPolicy(input);
    if (lint.results.length === 0) refusedLoad++;
    for (const r of lint.results) if (!r.ok) refusedCompile++;
  }
  return { refusedLoad, refusedCompile };
}

/** The same with the throwing API a Pulumi program uses: `parsePolicy`, then each target's `render` in a try. */
function compileAllThrowing(): void {
  for (const input of inputs) {
    const policy = parsePolicy(input);
    for (const t of targets) {
      try {
        sink += t.render(policy).warnings.length;
      } catch (e) {
        if (!(e instanceof PolicyError)) throw e;
      }
    }
  }
}

function stringifyAll(): void {
  for (const input of inputs) sink += JSON.stringify(input).length;
}

function validateAll(): void {
  for (const input of inputs) sink += ScalingPolicy.safeParse(input).success ? 1 : 0;
}

function parseAll(): void {
  for (const input of inputs) sink += parsePolicy(input).service.length;
}

function refuseAll(): void {
  for (const input of refusedInputs) sink += loads(input) ? 1 : 0;
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
const refused: number[] = [];
const parsed: number[] = [];
const throwing: number[] = [];
for (let r = 0; r < RUNS; r++) {
  ours.push(timed(compileAll));
  throwing.push(timed(compileAllThrowing));
  base.push(timed(stringifyAll));
  zod.push(timed(validateAll));
  parsed.push(timed(parseAll));
  refused.push(timed(refuseAll));
}
const total = median(ours);
const perPolicy = total / POLICIES;
const perStringify = median(base) / POLICIES;
const compiles = (POLICIES - counts.refusedLoad) * targets.length;
console.log(`compile: ${POLICIES.toLocaleString("en-US")} policies x ${targets.length} platforms, median of ${RUNS} alternating runs in one process`);
console.log(`  refused at load: ${counts.refusedLoad}; compiles: ${compiles}, of which refused: ${counts.refusedCompile} (${((100 * counts.refusedCompile) / compiles).toFixed(0)} %)`);
console.log(`  parse + 4 compiles: ${ms(total)} total, ${(POLICIES / (total / 1000)).toFixed(0)} policies/s, ${(perPolicy * 1000).toFixed(1)} us per policy`);
console.log(`  the same through parsePolicy + render, refusals thrown and caught: ${ms(median(throwing))} total`);
console.log(`  JSON.stringify of the same inputs: ${ms(median(base))} total, ${(perStringify * 1000).toFixed(2)} us per policy`);
console.log(`  zod validation alone (ScalingPolicy.safeParse): ${((median(zod) / POLICIES) * 1000).toFixed(1)} us per policy`);
// What the 0.5 s goal leaves for the compiles once zod has validated the policies (its floor on this machine).
const zodTotal = median(zod);
const compileEach = ((total - median(parsed)) / compiles) * 1000;
console.log(`  parsePolicy alone: ${ms(median(parsed))}; the compiles: ${compileEach.toFixed(1)} us each (${compiles.toLocaleString("en-US")}: ${ms(total - median(parsed))})`);
console.log(`  the ${ms(GOAL_MS)} goal less zod's validation of the same policies (${ms(zodTotal)}) leaves ${((Math.max(0, GOAL_MS - zodTotal) / compiles) * 1000).toFixed(1)} us per compile`);
console.log(`  an input refused at load (${refusedInputs.length} drawn): ${((median(refused) / refusedInputs.length) * 1000).toFixed(1)} us each, issues and PolicyError included`);
emit({ item: `compile ${POLICIES / 1000}k x 4`, figure: `${ms(total)} (${(perPolicy * 1000).toFixed(0)} us/policy)`, baseline: `JSON.stringify ${(perStringify * 1000).toFixed(1)} us/policy`, ratio: perPolicy / perStringify });
emit({ item: `compile ${POLICIES / 1000}k x 4, wall clock`, figure: ms(total), baseline: `goal ${ms(GOAL_MS)} (quiet machine)`, ratio: total / GOAL_MS, goal: "<= 1.0x" });
if (sink === -1) console.log(sink);
