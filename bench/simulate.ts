/**
 * Bench item "simulate" (npm run bench runs bench/suite.ts, which runs this file).
 *
 * Simulates one week at 15 s steps for 100 services on the Kubernetes HPA and prints the ratio of the
 * simulation's cost to a bare loop over the same trace, and whether week x 100 finished under 1 s.
 * Prints only: timing is never asserted in tests.
 */
import { parsePolicy } from "../src/policy/load";
import { simulate, type Trace } from "../src/simulate";
import { RIDER_API } from "../test/simulate/fixtures";
import { emit, ms } from "./report";

const WEEK = 7 * 24 * 3600;
const STEP = 15;
const SERVICES = 100;

// A diurnal trace with a weekly surge, one sample per minute.
function weekTrace(seed: number): Trace {
  const trace: Trace = [];
  for (let t = 0; t <= WEEK; t += 60) {
    const day = Math.sin(((t % 86400) / 86400) * 2 * Math.PI - Math.PI / 2) * 0.5 + 0.5;
    const surge = t % (86400 * 7) > 86400 * 4.75 && t % (86400 * 7) < 86400 * 4.8 ? 3 : 1;
    trace.push({ t, rps: Math.round((300 + 4000 * day * surge) * (1 + ((seed * 7919 + t) % 97) / 970)) });
  }
  return trace;
}

const policy = parsePolicy(RIDER_API);

const traces = Array.from({ length: SERVICES }, (_, i) => weekTrace(i));

// Bare loop: read the same trace at the same 15 s steps and do a trivial computation.
function bare(trace: Trace): number {
  let i = 0;
  let acc = 0;
  for (let t = 0; t <= WEEK; t += STEP) {
    while (i + 1 < trace.length && trace[i + 1]!.t <= t) i++;
    acc += Math.ceil((trace[i]!.rps ?? 0) / 500);
  }
  return acc;
}

let sink = 0;
// warm-up
sink += bare(traces[0]!);
sink += simulate(policy, traces[0]!, { platform: "hpa", recordTimeline: false }).decisions.length;

let t0 = process.hrtime.bigint();
for (const tr of traces) sink += bare(tr);
const bareNs = Number(process.hrtime.bigint() - t0);

t0 = process.hrtime.bigint();
let decisions = 0;
for (const tr of traces) decisions += simulate(policy, tr, { platform: "hpa", recordTimeline: false }).decisions.length;
const simNs = Number(process.hrtime.bigint() - t0);

t0 = process.hrtime.bigint();
for (const tr of traces.slice(0, 10)) sink += simulate(policy, tr, { platform: "hpa" }).timeline.length;
const withTimelineNs = Number(process.hrtime.bigint() - t0) * 10;

const steps = (WEEK / STEP + 1) * SERVICES;
console.log(`simulate bench: ${SERVICES} services x 1 week at ${STEP} s steps = ${steps.toLocaleString("en-US")} steps, ${decisions} scaling decisions`);
console.log(`  bare loop over the same traces: ${(bareNs / 1e6).toFixed(1)} ms`);
console.log(`  simulation (HPA, no timeline):  ${(simNs / 1e6).toFixed(1)} ms  (${(simNs / steps).toFixed(0)} ns/step)`);
console.log(`  simulation with timeline (est.): ${(withTimelineNs / 1e6).toFixed(1)} ms`);
console.log(`  cost ratio simulation / bare loop: ${(simNs / bareNs).toFixed(1)}x`);
console.log(`  week x ${SERVICES} under 1 s: ${simNs < 1e9 ? "yes" : "no"}`);
emit({ item: `simulate 1 week x ${SERVICES} services`, figure: ms(simNs / 1e6), baseline: `bare loop ${ms(bareNs / 1e6)}`, ratio: simNs / bareNs });
emit({ item: `simulate 1 week x ${SERVICES}, wall clock`, figure: ms(simNs / 1e6), baseline: "goal 1 s (quiet machine)", ratio: simNs / 1e9, goal: "< 1.0x" });
if (sink === -1) console.log(sink);
