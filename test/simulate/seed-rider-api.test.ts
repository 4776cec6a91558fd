/**
 * The CPU-vs-RPS table of ../shared/seeds/hpa-vpa-cpu-vs-io-bound.md ("The Baseline"), reproduced by
 * simulation rather than scripted:
 *
 *   Scenario            CPU-Based HPA          RPS-Based HPA
 *   500 RPS (3 pods)    CPU 5%, no scale       167 RPS/pod, no scale
 *   2000 RPS (3 pods)   CPU 12%, no scale      667 RPS/pod, scale to 4
 *   5000 RPS (3 pods)   CPU 18%, no scale      1667 RPS/pod, scale to 10
 *   10000 RPS (3 pods)  CPU 22%, no scale      3333 RPS/pod, scale to 20
 *   10000 RPS (20 pods) N/A                    500 RPS/pod, stable
 *
 * CPU model (assumption, documented in docs/simulate.md): the seed states 1.2 ms of CPU per request, yet
 * its metrics pipeline reads ~18 % at 1,700 rps per pod ("the utilization is bursty at the microsecond
 * level"). We model what the pipeline *measures*: 40m idle plus 0.054 ms per request on a 1000m request,
 * fitted to the seed's 5 % at 167 rps/pod and 22 % at 3,333 rps/pod. Under that model CPU utilization
 * stays far below the 70 % target, so the CPU-based HPA never scales up.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import { simulate, constantTrace } from "../../src/simulate";

const behavior = {
  scaleUp: { stabilization: "30s", policies: [{ percent: 100, per: "60s" }, { replicas: 5, per: "60s" }], select: "max" },
  scaleDown: { stabilization: "300s", policies: [{ percent: 10, per: "60s" }], select: "min" },
};

const rpsPolicy = parsePolicy({
  service: "rider-api",
  namespace: "ridehailing",
  scaling: {
    replicas: { min: 3, max: 50 },
    metrics: [{ requestRate: { perReplica: 500, from: { prometheus: { series: "http_server_requests_seconds_count", rateWindow: "2m" } } } }],
    ...behavior,
  },
});

const cpuPolicy = parsePolicy({
  service: "rider-api",
  namespace: "ridehailing",
  scaling: { replicas: { min: 3, max: 50 }, metrics: [{ cpu: { utilization: 70 } }], ...behavior },
});

/** Measured CPU (see header): 40m idle + 0.054 ms per request, 1000m request. */
const ioBoundModel = { idleCpu: 0.04, cpuPerRequest: 0.000054, cpuRequest: 1 };

// The seed's load is steady at each level; replay 10 minutes of it with the metric window already full.
const steady = (rps: number) => constantTrace(600, { rps });

describe("seed hpa-vpa-cpu-vs-io-bound: RPS-based HPA (Pods metric, AverageValue 500)", () => {
  it.each([
    [2000, 4],
    [5000, 10],
    [10000, 20],
  ])("%i rps on 3 pods: the HPA's first recommendation is %i replicas", (rps, expected) => {
    const r = simulate(rpsPolicy, steady(rps), { platform: "hpa", model: { metricWindow: 0 } });
    expect(r.timeline[0]!.perReplica[0]).toBeCloseTo(rps / 3, 0);
    expect(r.timeline[0]!.recommended).toBe(expected);
    expect(r.decisions[0]!.reason).toBe("SuccessfulRescale");
    expect(r.decisions[0]!.message).toContain("above target");
  });

  it("500 rps on 3 pods: 167 rps per pod, no scale", () => {
    const r = simulate(rpsPolicy, steady(500), { platform: "hpa", model: { metricWindow: 0 } });
    expect(r.timeline[0]!.perReplica[0]).toBeCloseTo(166.67, 1);
    expect(r.timeline.every((p) => p.desired === 3)).toBe(true);
    expect(r.decisions.filter((d) => d.replicas !== d.from)).toEqual([]);
  });

  it("10000 rps: reaches 20 pods (500 rps per pod) and stays stable", () => {
    const r = simulate(rpsPolicy, steady(10000), { platform: "hpa", model: { metricWindow: 0 } });
    const last = r.timeline[r.timeline.length - 1]!;
    expect(last.ready).toBe(20);
    expect(last.perReplica[0]).toBe(500);
    const firstAt20 = r.timeline.findIndex((p) => p.ready === 20);
    expect(r.timeline.slice(firstAt20).every((p) => p.desired === 20)).toBe(true);
  });

  it("scale-up is rate limited by the behavior: Max(Percent 100, Pods 5) per 60 s from 3 is 8", () => {
    const r = simulate(rpsPolicy, steady(10000), { platform: "hpa", model: { metricWindow: 0 } });
    expect(r.decisions[0]!.replicas).toBe(8);
    expect(r.decisions[0]!.message).toContain("ScaleUpLimit");
  });
});

describe("seed hpa-vpa-cpu-vs-io-bound: CPU-based HPA (70 % utilization) on an I/O-bound service", () => {
  it.each([500, 2000, 5000, 10000])("%i rps on 3 pods: CPU stays below target and the HPA never scales up", (rps) => {
    const r = simulate(cpuPolicy, steady(rps), { platform: "hpa", model: ioBoundModel });
    for (const p of r.timeline) {
      expect(p.perReplica[0]).toBeLessThan(70);
      expect(p.desired).toBe(3);
    }
    expect(r.decisions.filter((d) => d.replicas > d.from)).toEqual([]);
  });

  it("5000 rps: the seed's arithmetic, desiredReplicas = ceil(3 x util / 70) = 1, held at minReplicas 3", () => {
    const r = simulate(cpuPolicy, steady(5000), { platform: "hpa", model: ioBoundModel });
    expect(r.timeline[0]!.recommended).toBe(1);
    expect(r.timeline[0]!.desired).toBe(3);
  });

  it("CPU grows with load without scripting: the 10000 rps reading is higher than the 500 rps one", () => {
    const low = simulate(cpuPolicy, steady(500), { platform: "hpa", model: ioBoundModel }).timeline[0]!.perReplica[0]!;
    const high = simulate(cpuPolicy, steady(10000), { platform: "hpa", model: ioBoundModel }).timeline[0]!.perReplica[0]!;
    expect(low).toBeCloseTo(5, 0);
    expect(high).toBeCloseTo(22, 0);
  });
});

describe("seed timeline: readiness gap", () => {
  it("new pods serve only after the start-up delay; per-replica load stays high meanwhile", () => {
    const trace = [{ t: 0, rps: 1500 }, { t: 60, rps: 5000 }, { t: 900, rps: 5000 }];
    const r = simulate(rpsPolicy, trace, { platform: "hpa", model: { pendingSeconds: 50, startupSeconds: 50 } });
    const firstUp = r.decisions.find((d) => d.replicas > d.from)!;
    expect(firstUp).toBeDefined();
    const readyAt = r.timeline.find((p) => p.t >= firstUp.t && p.ready > firstUp.from)!.t;
    expect(readyAt - firstUp.t).toBeGreaterThanOrEqual(100);
    const between = r.timeline.filter((p) => p.t > firstUp.t && p.t < readyAt);
    expect(between.every((p) => p.ready === 3 && p.perReplica[0]! > 500)).toBe(true);
  });
});
