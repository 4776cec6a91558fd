/**
 * The optimised simulation loop (`simulate`: reused context and readings, the HPA's in-place hot path of
 * src/simulate/hpa/fast.ts) against the straightforward reference loop (`simulateReference`: fresh
 * objects every step, the pure upstream-named functions on every sync). Results must be identical,
 * timeline and decisions included, for fixed scenarios (spike, ramp, oscillation, failed reads) and for
 * random traces, models, steps and policies on every platform.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import type { ScalingPolicy } from "../../src/policy/policy";
import {
  DEFAULT_DOWNSCALE_STABILIZATION_WINDOW,
  DEFAULT_MODEL,
  EMPTY_HISTORY,
  HpaConditions,
  checkCompiles,
  proposeForMetric,
  reconcileAutoscaler,
  reportedDecision,
  simulate,
  type Cohort,
  type HpaHistory,
  type MetricProposal,
  type SimMetric,
  type SimPlatform,
  type SimulateOptions,
  type Trace,
  type TraceSample,
  type WorkloadModel,
} from "../../src/simulate";
import { MutableHpaHistory, PodScratch, fastExternalReplicas, fastPodMetricReplicas, reconcileAutoscalerInPlace } from "../../src/simulate/hpa/fast";
import { simulateReference } from "./reference-loop";

const series = { prometheus: { series: "http_server_requests_seconds_count" } };

const POLICIES: Record<string, ScalingPolicy> = {
  rps: parsePolicy({
    service: "rider-api",
    scaling: {
      replicas: { min: 3, max: 50 },
      metrics: [{ requestRate: { perReplica: 500, from: series } }],
      scaleUp: { stabilization: "30s", policies: [{ percent: 100, per: "60s" }, { replicas: 5, per: "60s" }], select: "max" },
      scaleDown: { stabilization: "300s", policies: [{ percent: 10, per: "60s" }], select: "min" },
    },
  }),
  cpu: parsePolicy({ service: "cpu", scaling: { replicas: { min: 1, max: 40 }, metrics: [{ cpu: { utilization: 60 } }], ecs: { cluster: "c" } } }),
  // ECS only: cooldowns and scale-in disabled as compiled
  queueEcs: parsePolicy({
    service: "worker",
    scaling: {
      replicas: { min: 1, max: 20 },
      metrics: [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "App", metricName: "Jobs", statistic: "Average" } } } }],
      ecs: { cluster: "c", cooldown: { out: "60s", in: "120s" } },
      scaleDown: { select: "disabled" },
    },
  }),
  // Container Apps and Cloud Run from zero
  inFlight: parsePolicy({ service: "edge", scaling: { replicas: { min: 0, max: 50 }, metrics: [{ inFlight: { perReplica: 50 } }] } }),
  resources: parsePolicy({
    service: "res",
    scaling: {
      replicas: { min: 2, max: 30 },
      metrics: [{ cpu: { averageValue: "500m" } }, { memory: { utilization: 80 } }, { inFlight: { perReplica: 20, from: { prometheus: { series: "inflight" } } } }],
      scaleUp: { stabilization: "0s", policies: [{ replicas: 2, per: "15s" }], select: "min" },
      // scale-down periods longer than scale-up's: scale-up events outdated for scale-up still count for scale-down
      scaleDown: { stabilization: "60s", policies: [{ percent: 50, per: "600s" }, { replicas: 1, per: "120s" }], select: "max" },
    },
  }),
  pods: parsePolicy({
    service: "qps",
    scaling: { replicas: { min: 2, max: 25 }, metrics: [{ pods: { name: "qps", averageValue: 10 } }, { external: { name: "lag", value: 100 } }] },
  }),
  external: parsePolicy({
    service: "ext",
    scaling: {
      replicas: { min: 1, max: 20 },
      metrics: [{ requestRate: { perReplica: 200, from: { prometheus: { query: "sum(rate(x[1m]))" } } } }, { external: { name: "lag", averageValue: 30 } }],
      scaleDown: { stabilization: "0s", policies: [{ replicas: 2, per: "30s" }], select: "disabled" },
    },
  }),
  queue: parsePolicy({
    service: "worker",
    scaling: {
      replicas: { min: 0, max: 20 },
      metrics: [{ queue: { jobsPerReplica: 5, activation: 2, from: { prometheus: { query: "sum(queue_jobs)" } } } }],
      missingMetrics: { replicas: 6, failureThreshold: 3 },
      kubernetes: { cooldownPeriod: "120s" },
    },
  }),
  queueCpu: parsePolicy({
    service: "worker-cpu",
    scaling: {
      replicas: { min: 0, max: 15 },
      metrics: [{ queue: { jobsPerReplica: 10, from: { prometheus: { query: "sum(queue_jobs)" } } } }, { cpu: { utilization: 70 } }],
      missingMetrics: "scaleUp",
    },
  }),
};

const ALL_PLATFORMS: SimPlatform[] = ["kubernetes", "hpa", "keda", "ecs", "container-apps", "cloud-run"];

/** The platforms whose compiler accepts the policy: the simulator replays only what is deployed. */
function platformsFor(policy: ScalingPolicy): SimPlatform[] {
  return ALL_PLATFORMS.filter((platform) => {
    try {
      checkCompiles(policy, platform);
      return true;
    } catch {
      return false;
    }
  });
}

function expectSame(policy: ScalingPolicy, trace: Trace, options: SimulateOptions): void {
  const fast = simulate(policy, trace, options);
  const ref = simulateReference(policy, trace, options);
  expect(fast.timeline.length).toBe(ref.timeline.length);
  expect(fast.decisions).toStrictEqual(ref.decisions);
  expect(fast).toStrictEqual(ref);
}

/** Every (policy, platform) pair the compiler accepts. */
function pairs(policies: Record<string, ScalingPolicy>): Array<{ policy: string; platform: SimPlatform }> {
  return Object.entries(policies).flatMap(([policy, p]) => platformsFor(p).map((platform) => ({ policy, platform })));
}

/** A sample with every column the policies read: rps, queue, and the named values qps / lag. */
function sample(t: number, load: number, fail = false): TraceSample {
  return { t, rps: load, queue: fail ? undefined : Math.round(load / 40), values: { qps: fail ? null : load / 25, lag: fail ? null : load / 8 } };
}

const SCENARIOS: Record<string, Trace> = {
  spike: [sample(0, 300), sample(600, 9000), sample(900, 300), sample(3600, 300)],
  ramp: Array.from({ length: 61 }, (_, i) => sample(i * 60, 100 + i * 150)),
  oscillation: Array.from({ length: 80 }, (_, i) => sample(i * 45, i % 2 === 0 ? 4000 : 600)),
  failures: [sample(0, 1000), sample(300, 3000, true), sample(420, 3000), sample(900, 0), sample(1500, 0, true), sample(2400, 2000)],
};

describe("simulate equals simulateReference", () => {
  for (const [scenario, trace] of Object.entries(SCENARIOS)) {
    for (const [name, policy] of Object.entries(POLICIES)) {
      it(`${scenario}, ${name}, every platform that compiles it`, () => {
        for (const platform of platformsFor(policy)) {
          expectSame(policy, trace, { platform });
          expectSame(policy, trace, { platform, step: 5, model: { pendingSeconds: 50, startupSeconds: 50 } });
        }
      });
    }
  }

  it("the benchmark's week-long diurnal trace (HPA, one day)", () => {
    const trace: Trace = [];
    for (let t = 0; t <= 86400; t += 60) {
      const day = Math.sin((t / 86400) * 2 * Math.PI - Math.PI / 2) * 0.5 + 0.5;
      trace.push({ t, rps: Math.round((300 + 4000 * day) * (1 + ((7919 + t) % 97) / 970)) });
    }
    expectSame(POLICIES.rps!, trace, { platform: "hpa" });
    expectSame(POLICIES.rps!, trace, { platform: "hpa", recordTimeline: false });
  });

  it("random traces, models, steps and policies on every platform (property)", () => {
    const segment = fc.record({
      dt: fc.integer({ min: 1, max: 600 }),
      load: fc.oneof(fc.integer({ min: 0, max: 20000 }), fc.double({ min: 0, max: 5000, noNaN: true })),
      fail: fc.boolean(),
      cpu: fc.option(fc.double({ min: 0, max: 0.004, noNaN: true }), { nil: undefined }),
    });
    const arb = fc.record({
      segments: fc.array(segment, { minLength: 1, maxLength: 25 }),
      pair: fc.constantFrom(...pairs(POLICIES)),
      step: fc.constantFrom(5, 10, 15, 20, 30, 7.5),
      pendingSeconds: fc.integer({ min: 0, max: 90 }),
      startupSeconds: fc.integer({ min: 0, max: 120 }),
      idleCpu: fc.constantFrom(0, 0.05, 0.3),
      metricWindow: fc.option(fc.constantFrom(0, 15, 30, 60, 120, 300), { nil: undefined }),
      tolerance: fc.option(fc.constantFrom(0, 0.05, 0.1, 0.3), { nil: undefined }),
      initialReplicas: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, (c) => {
        let t = 0;
        const trace: Trace = c.segments.map((s) => {
          const out = sample(t, s.load, s.fail);
          if (s.cpu !== undefined) out.cpuPerRequest = s.cpu;
          t += s.dt;
          return out;
        });
        trace.push({ ...trace[trace.length - 1]!, t });
        const options: SimulateOptions = {
          platform: c.pair.platform,
          step: c.step,
          tolerance: c.tolerance,
          initialReplicas: c.initialReplicas,
          model: { pendingSeconds: c.pendingSeconds, startupSeconds: c.startupSeconds, idleCpu: c.idleCpu, metricWindow: c.metricWindow },
        };
        expectSame(POLICIES[c.pair.policy]!, trace, options);
      }),
      { numRuns: 300, seed: 20260511 },
    );
  });
});

/**
 * Policies with `schedule` metrics, replayed on a wall clock (`startTime`). The minute-level windows in
 * Asia/Kolkata (+05:30) open at :00 / :20 / :40 and close at :10 / :50 local, so every scenario crosses
 * several window edges; one more schedule overlaps them with a larger floor.
 */
const minuteWindows = { timezone: "Asia/Kolkata", start: "*/20 * * * *", end: "10,50 * * * *", replicas: 6 };
const SCHEDULED: Record<string, ScalingPolicy> = {
  rpsScheduled: parsePolicy({
    service: "rider-api",
    scaling: {
      replicas: { min: 3, max: 50 },
      metrics: [{ schedule: minuteWindows }, { requestRate: { perReplica: 500, from: series } }, { schedule: { timezone: "UTC", start: "25 * * * *", end: "35 * * * *", replicas: 12 } }],
      scaleUp: { stabilization: "30s", policies: [{ percent: 100, per: "60s" }, { replicas: 5, per: "60s" }], select: "max" },
      scaleDown: { stabilization: "120s", policies: [{ percent: 10, per: "60s" }], select: "min" },
    },
  }),
  cpuScheduled: parsePolicy({ service: "cpu", scaling: { replicas: { min: 1, max: 40 }, metrics: [{ cpu: { utilization: 60 } }, { schedule: minuteWindows }], ecs: { cluster: "c" } } }),
  queueScheduled: parsePolicy({
    service: "worker",
    scaling: {
      replicas: { min: 0, max: 20 },
      metrics: [{ queue: { jobsPerReplica: 5, activation: 2, from: { prometheus: { query: "sum(queue_jobs)" } } } }, { schedule: { ...minuteWindows, replicas: 4 } }],
      missingMetrics: { replicas: 6, failureThreshold: 3 },
      kubernetes: { cooldownPeriod: "120s" },
    },
  }),
  scheduleOnly: parsePolicy({ service: "batch", scaling: { replicas: { min: 0, max: 10 }, metrics: [{ schedule: { ...minuteWindows, replicas: 3 } }] } }),
};
// not minute-aligned, so window edges fall between steps
const START_TIMES = ["2026-11-27T06:02:20Z", "2026-03-29T00:45:00Z"];

describe("simulate equals simulateReference with schedules on a wall clock", () => {
  for (const [scenario, trace] of Object.entries(SCENARIOS)) {
    for (const [name, policy] of Object.entries(SCHEDULED)) {
      it(`${scenario}, ${name}, every platform that compiles it`, () => {
        for (const platform of platformsFor(policy)) {
          for (const startTime of START_TIMES) {
            expectSame(policy, trace, { platform, startTime });
            expectSame(policy, trace, { platform, startTime, step: 5, model: { pendingSeconds: 50, startupSeconds: 50 } });
          }
        }
      });
    }
  }

  it("random traces, start times, steps and scheduled policies on every platform (property)", () => {
    const arb = fc.record({
      segments: fc.array(fc.record({ dt: fc.integer({ min: 1, max: 900 }), load: fc.integer({ min: 0, max: 20000 }), fail: fc.boolean() }), { minLength: 1, maxLength: 12 }),
      pair: fc.constantFrom(...pairs(SCHEDULED)),
      step: fc.constantFrom(5, 15, 20, 45, 7.5),
      // any second of 2026
      startSecond: fc.integer({ min: 0, max: 365 * 86400 - 1 }),
      startupSeconds: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(arb, (c) => {
        let t = 0;
        const trace: Trace = c.segments.map((s) => {
          const out = sample(t, s.load, s.fail);
          t += s.dt;
          return out;
        });
        trace.push({ ...trace[trace.length - 1]!, t });
        const startTime = new Date(Date.UTC(2026, 0, 1) + c.startSecond * 1000).toISOString();
        expectSame(SCHEDULED[c.pair.policy]!, trace, { platform: c.pair.platform, step: c.step, startTime, model: { startupSeconds: c.startupSeconds } });
      }),
      { numRuns: 120, seed: 20261127 },
    );
  });

  it("the schedules change the outcome where the platform replays them", () => {
    const policy = SCHEDULED.cpuScheduled!;
    const trace = SCENARIOS.spike!;
    for (const platform of ["keda", "ecs", "container-apps"] as SimPlatform[]) {
      const withClock = simulate(policy, trace, { platform, startTime: START_TIMES[0] });
      const without = simulate(policy, trace, { platform });
      expect(withClock.timeline.map((p) => p.desired)).not.toEqual(without.timeline.map((p) => p.desired));
      expect(Math.max(...withClock.timeline.map((p) => p.desired))).toBeGreaterThanOrEqual(6);
    }
  });
});

describe("the HPA hot path equals the pure upstream functions", () => {
  const model = (pendingSeconds: number, startupSeconds: number, idleCpu: number): WorkloadModel => ({ ...DEFAULT_MODEL, pendingSeconds, startupSeconds, idleCpu });

  it("fastPodMetricReplicas = proposeForMetric over podGroups (random cohorts and pod readings, property)", () => {
    const metricArb = fc.record({
      hpaType: fc.constantFrom<"Resource" | "Pods">("Resource", "Pods"),
      targetType: fc.constantFrom<"Utilization" | "AverageValue">("Utilization", "AverageValue"),
      resource: fc.constantFrom<"cpu" | "memory" | undefined>("cpu", "memory", undefined),
      target: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0.001, max: 5000, noNaN: true })),
      window: fc.constantFrom(0, 15, 30, 120, 300),
    });
    const reading = fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: 0, max: 3000, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom<number | null>(null, Number.POSITIVE_INFINITY, Number.NaN, 1e300, 0) },
    );
    const arb = fc.record({
      m: metricArb,
      cohorts: fc.array(fc.record({ count: fc.integer({ min: 1, max: 30 }), age: fc.oneof(fc.integer({ min: -5, max: 1500 }), fc.integer({ min: 0, max: 30 }).map((x) => x * 15)) }), { minLength: 1, maxLength: 5 }),
      readings: fc.array(reading, { minLength: 5, maxLength: 5 }),
      current: fc.integer({ min: 1, max: 60 }),
      // multiples of 15 s hit the boundaries (now = readiness + window, start + initialization period)
      pending: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom(0, 15, 30)),
      startup: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.constantFrom(0, 15, 30, 60)),
      idleCpu: fc.constantFrom(0, 0.02, 0.5),
      tolerance: fc.constantFrom(0, 0.1, 0.25),
    });
    fc.assert(
      fc.property(arb, (c) => {
        const now = 5000;
        const md = model(c.pending, c.startup, c.idleCpu);
        const resource = c.m.hpaType === "Resource" ? (c.m.resource ?? "cpu") : c.m.resource;
        const m: SimMetric = {
          index: 0, kind: "cpu", label: "m", hpaName: "metric m", hpaType: c.m.hpaType, targetType: c.m.hpaType === "Resource" ? c.m.targetType : "AverageValue",
          resource, target: c.m.target, unit: "", window: c.m.window, read: () => null,
        };
        const cohorts: Cohort[] = c.cohorts.map((x) => ({ count: x.count, createdAt: now - x.age }));
        // each cohort reads its own value (keyed by when it became ready)
        const podReading = (_i: number, readyAt: number) => c.readings[Math.abs(Math.round(readyAt)) % c.readings.length]!;
        const tolerances = { scaleUp: c.tolerance, scaleDown: c.tolerance };
        const ctx = { now, current: c.current, ready: 0, cohorts, metrics: [m], readings: [null], model: md, podReading, offered: { rps: 0, inFlight: 0, cpuCores: 0 } };
        const ref = proposeForMetric(m, null, ctx, c.current, tolerances);
        const scratch = new PodScratch();
        const fast = fastPodMetricReplicas(m, cohorts, now, c.current, md, podReading, tolerances, scratch);
        if (fast === null) return; // the caller then uses proposeForMetric itself
        expect(ref).toStrictEqual({ ok: true, replicas: fast, metricName: "metric m", current: scratch.current, target: m.target });
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it("fastExternalReplicas = proposeForMetric for an External / Object metric with a reading (random cohorts, totals, targets, property)", () => {
    const arb = fc.record({
      hpaType: fc.constantFrom<"External" | "Object">("External", "Object"),
      targetType: fc.constantFrom<"Value" | "AverageValue">("Value", "AverageValue"),
      target: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.001, max: 5000, noNaN: true })),
      total: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1e300, Number.POSITIVE_INFINITY)),
      cohorts: fc.array(fc.record({ count: fc.integer({ min: 1, max: 30 }), age: fc.integer({ min: -5, max: 300 }) }), { maxLength: 4 }),
      current: fc.integer({ min: 0, max: 60 }),
      pending: fc.integer({ min: 0, max: 60 }),
      startup: fc.integer({ min: 0, max: 90 }),
      tolerance: fc.constantFrom(0, 0.1, 0.25),
    });
    fc.assert(
      fc.property(arb, (c) => {
        const now = 5000;
        const md = model(c.pending, c.startup, 0);
        const m: SimMetric = { index: 0, kind: "external", label: "m", hpaName: "external metric m", hpaType: c.hpaType, targetType: c.targetType, target: c.target, unit: "", window: 0, read: () => null };
        const cohorts: Cohort[] = c.cohorts.map((x) => ({ count: x.count, createdAt: now - x.age }));
        const tolerances = { scaleUp: c.tolerance, scaleDown: c.tolerance };
        const reading = { perReplica: 0, total: c.total };
        const ctx = { now, current: c.current, ready: 0, cohorts, metrics: [m], readings: [reading], model: md, podReading: () => null, offered: { rps: 0, inFlight: 0, cpuCores: 0 } };
        const ref = proposeForMetric(m, reading, ctx, c.current, tolerances);
        const scratch = new PodScratch();
        const fast = fastExternalReplicas(m, c.total, cohorts, now, c.current, md, tolerances, scratch);
        expect(ref).toStrictEqual({ ok: true, replicas: fast, metricName: "external metric m", current: scratch.current, target: m.target });
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it("reconcileAutoscalerInPlace = reconcileAutoscaler with the history threaded through (random syncs and behaviors, property)", () => {
    const rules = fc.record({
      stabilizationWindowSeconds: fc.constantFrom(0, 15, 30, 60, 300, 600),
      selectPolicy: fc.constantFrom<"Max" | "Min" | "Disabled">("Max", "Max", "Min", "Disabled"),
      policies: fc.array(
        fc.record({ type: fc.constantFrom<"Pods" | "Percent">("Pods", "Percent"), value: fc.integer({ min: 1, max: 200 }), periodSeconds: fc.constantFrom(15, 30, 60, 120, 600, 1800) }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    const proposal = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 80 }).map((replicas): MetricProposal => ({ ok: true, replicas, metricName: "pods metric x" })) },
      { weight: 1, arbitrary: fc.constant<MetricProposal>({ ok: false, error: "no value", metricName: "external metric y" }) },
    );
    const arb = fc.record({
      // undefined: the behavior-less path (an HPA without spec.behavior, as KEDA creates it)
      behavior: fc.option(fc.record({ scaleUp: rules, scaleDown: rules }), { nil: undefined, freq: 4 }),
      min: fc.integer({ min: 0, max: 5 }),
      max: fc.integer({ min: 5, max: 60 }),
      syncs: fc.array(fc.record({ dt: fc.constantFrom(15, 15, 15, 30, 45, 300, 900), proposals: fc.array(proposal, { minLength: 1, maxLength: 3 }), drift: fc.integer({ min: -2, max: 2 }) }), { minLength: 1, maxLength: 120 }),
      start: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(arb, (c) => {
        let history: HpaHistory = EMPTY_HISTORY;
        const fastHistory = new MutableHpaHistory();
        const refConditions = new HpaConditions();
        const fastConditions = new HpaConditions();
        let now = 0;
        let current = c.start;
        for (const s of c.syncs) {
          now += s.dt;
          const input = { currentReplicas: current, minReplicas: c.min, maxReplicas: c.max, behavior: c.behavior, proposals: s.proposals };
          const ref = reconcileAutoscaler(input, history, now);
          history = ref.history;
          const fast = reconcileAutoscalerInPlace(input, fastHistory, fastConditions, now);
          expect(fast.desiredReplicas).toBe(ref.desiredReplicas);
          expect(fast.metricDesiredReplicas).toBe(ref.metricDesiredReplicas);
          expect(fast.decision).toStrictEqual(reportedDecision(ref, refConditions, input.proposals));
          expect(fastConditions.conditions()).toStrictEqual(refConditions.conditions());
          expect(fastHistory.scaleUpEvents).toStrictEqual(history.scaleUpEvents);
          expect(fastHistory.scaleDownEvents).toStrictEqual(history.scaleDownEvents);
          // the recommendation windows keep no more than the longest stabilization window needs
          const windows = c.behavior ? [c.behavior.scaleUp.stabilizationWindowSeconds, c.behavior.scaleDown.stabilizationWindowSeconds] : [DEFAULT_DOWNSCALE_STABILIZATION_WINDOW];
          const syncsPerWindow = Math.max(...windows) / 15 + 1;
          expect(fastHistory.upWindow.size).toBeLessThanOrEqual(Math.min(syncsPerWindow, history.recommendations.length));
          expect(fastHistory.downWindow.size).toBeLessThanOrEqual(Math.min(syncsPerWindow, history.recommendations.length));
          // the replicas change as the simulation would make them (plus some outside drift)
          current = Math.max(0, ref.desiredReplicas + s.drift);
        }
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
});
