/**
 * Assertions over simulated behaviour for users' own test suites (vitest, jest, node:test):
 *
 *   expectReachesReplicas(policy, trace, { replicas: 10, within: "120s", platform: "kubernetes" });
 *   expectPerReplicaLoadBelow(policy, trace, { metric: "requestRate", max: 600, platform: "kubernetes", after: "5m" });
 *   expectReachesReplicas(policy, trace, { replicas: 5, within: "60s", from: "1h", startTime: "2026-11-27T06:00:00Z" });
 *
 * `startTime` (the ISO 8601 instant of the trace's t = 0) replays `schedule` metrics; without it they are
 * skipped with a warning.
 *
 * Both throw node's `AssertionError` with a message naming the policy, the platform and what happened,
 * and return the simulation result for further checks.
 */
import { AssertionError } from "node:assert";
import { parsePolicy } from "../policy/load";
import type { ScalingPolicy } from "../types";
import { parseDurationSeconds } from "../policy/units";
import { simulatePolicy, type SimPlatform, type SimulateOptions, type SimulationResult, type Trace } from "../simulate";

type PolicyLike = ScalingPolicy | Record<string, unknown>;
type Duration = string | number;

export interface SimulationExpectationOptions extends Omit<SimulateOptions, "platform"> {
  /** Default "kubernetes". */
  platform?: SimPlatform;
}

function seconds(d: Duration, what: string): number {
  const s = parseDurationSeconds(d);
  if (typeof s === "string") throw new TypeError(`${what} ${s}`);
  return s;
}

function run(policy: PolicyLike, trace: Trace, opts: SimulationExpectationOptions): SimulationResult {
  // Accept both a parsed policy (metrics tagged with `kind`) and the raw object a policy file holds.
  const metrics = (policy as { scaling?: { metrics?: unknown[] } }).scaling?.metrics;
  const parsed = Array.isArray(metrics) && metrics.length > 0 && metrics.every((m) => typeof m === "object" && m !== null && "kind" in m);
  const p = parsed ? (policy as ScalingPolicy) : parsePolicy(policy);
  return simulatePolicy(p, trace, { ...opts, platform: opts.platform ?? "kubernetes" });
}

const lastDecisions = (r: SimulationResult) =>
  r.decisions.slice(0, 8).map((d) => `  ${d.t}s ${d.from} -> ${d.replicas} ${d.reason}: ${d.message}`).join("\n") || "  (no scaling decision)";

/**
 * Assert that `replicas` replicas are ready (or desired, with `count: "desired"`) within `within` of the
 * trace's start (or of `from`).
 */
export function expectReachesReplicas(
  policy: PolicyLike,
  trace: Trace,
  opts: SimulationExpectationOptions & { replicas: number; within: Duration; from?: Duration; count?: "ready" | "desired" },
): SimulationResult {
  const r = run(policy, trace, opts);
  if (opts.replicas > r.replicas.max) {
    throw new AssertionError({
      message: `expected ${r.service} on ${r.platform} to have ${opts.replicas} ${opts.count ?? "ready"} replicas, which can never pass: replicas.max is ${r.replicas.max}`,
      actual: r.replicas.max,
      expected: opts.replicas,
      operator: "expectReachesReplicas",
    });
  }
  const from = opts.from === undefined ? 0 : seconds(opts.from, "from:");
  const within = seconds(opts.within, "within:");
  const which = opts.count ?? "ready";
  const hit = r.timeline.find((p) => p.t >= from && p[which] >= opts.replicas);
  if (!hit || hit.t - from > within) {
    const peak = r.timeline.reduce((a, p) => Math.max(a, p[which]), 0);
    throw new AssertionError({
      message:
        `expected ${r.service} on ${r.platform} to have ${opts.replicas} ${which} replicas within ${within}s` +
        (from ? ` of t=${from}s` : "") +
        (hit ? `, but it took ${hit.t - from}s` : `, but it never did (peak ${peak} ${which})`) +
        `\nscaling decisions:\n${lastDecisions(r)}`,
      actual: hit ? hit.t - from : peak,
      expected: opts.replicas,
      operator: "expectReachesReplicas",
    });
  }
  return r;
}

/**
 * Assert that the true per-ready-replica load of a metric (default: the first) stays at or below `max`
 * (absolute, in the metric's unit) or `ratio` x target, from `after` on (to allow for the scale-up).
 */
export function expectPerReplicaLoadBelow(
  policy: PolicyLike,
  trace: Trace,
  opts: SimulationExpectationOptions & { metric?: string; max?: number; ratio?: number; after?: Duration },
): SimulationResult {
  const r = run(policy, trace, opts);
  const idx = opts.metric === undefined ? 0 : r.metrics.findIndex((m) => m.label === opts.metric);
  if (idx < 0 || !r.metrics[idx]) {
    throw new TypeError(`expectPerReplicaLoadBelow: no metric ${JSON.stringify(opts.metric)} in ${r.service}; metrics: ${r.metrics.map((m) => m.label).join(", ") || "(none)"}`);
  }
  const m = r.metrics[idx]!;
  const limit = opts.max ?? (opts.ratio ?? 1) * m.target;
  const after = opts.after === undefined ? 0 : seconds(opts.after, "after:");
  const worst = r.timeline.filter((p) => p.t >= after).reduce<{ t: number; v: number } | undefined>((w, p) => {
    const v = p.perReplica[idx]!;
    return Number.isFinite(v) && v > limit && (!w || v > w.v) ? { t: p.t, v } : w;
  }, undefined);
  if (worst) {
    const over = r.timeline.filter((p) => p.t >= after && p.perReplica[idx]! > limit).length * r.step;
    throw new AssertionError({
      message:
        `expected ${m.label} per replica of ${r.service} on ${r.platform} to stay <= ${limit}${m.unit ? ` ${m.unit}` : ""}` +
        (after ? ` after ${after}s` : "") +
        `, but it reached ${Number(worst.v.toFixed(2))} at ${worst.t}s and was above for ${over}s (target ${m.target})` +
        `\nscaling decisions:\n${lastDecisions(r)}`,
      actual: worst.v,
      expected: limit,
      operator: "expectPerReplicaLoadBelow",
    });
  }
  return r;
}
