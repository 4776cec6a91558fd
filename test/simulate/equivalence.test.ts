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
import { simulate, type SimPlatform, type SimulateOptions, type Trace, type TraceSample } from "../../src/simulate";
import { simulateReference } from "../../src/simulate/reference";

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
  cpu: parsePolicy({ service: "cpu", scaling: { replicas: { min: 1, max: 40 }, metrics: [{ cpu: { utilization: 60 } }] } }),
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

const PLATFORMS: SimPlatform[] = ["kubernetes", "hpa", "keda", "ecs", "container-apps", "cloud-run"];

function expectSame(policy: ScalingPolicy, trace: Trace, options: SimulateOptions): void {
  const fast = simulate(policy, trace, options);
  const ref = simulateReference(policy, trace, options);
  expect(fast.timeline.length).toBe(ref.timeline.length);
  expect(fast.decisions).toStrictEqual(ref.decisions);
  expect(fast).toStrictEqual(ref);
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
      it(`${scenario}, ${name}, every platform`, () => {
        for (const platform of PLATFORMS) {
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
      policy: fc.constantFrom(...Object.keys(POLICIES)),
      platform: fc.constantFrom(...PLATFORMS),
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
          platform: c.platform,
          step: c.step,
          tolerance: c.tolerance,
          initialReplicas: c.initialReplicas,
          model: { pendingSeconds: c.pendingSeconds, startupSeconds: c.startupSeconds, idleCpu: c.idleCpu, metricWindow: c.metricWindow },
        };
        expectSame(POLICIES[c.policy]!, trace, options);
      }),
      { numRuns: 300, seed: 20260511 },
    );
  });
});
