/**
 * Upstream rules the simulator used to miss (issue 13, fixes 1, 2, 4 and 5; fix 3, KEDA's fallback
 * threshold, is in platforms.test.ts). Each test is built from the cited rule, not from the simulator's output.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import { deployedKubernetesFrom, getResourceReplicas, simulate, type Trace } from "../../src/simulate";
import { compileEcs } from "../../src/targets/ecs/compile";
import { compileKubernetes } from "../../src/targets/kubernetes/compile";
import { simulateReference } from "./reference-loop";

const instant = { pendingSeconds: 0, startupSeconds: 0, metricWindow: 0 };

describe("1. a new HPA records its current size as a recommendation (horizontal.go recordInitialRecommendation)", () => {
  const policy = parsePolicy({
    service: "api",
    scaling: { replicas: { min: 1, max: 20 }, metrics: [{ pods: { name: "qps", averageValue: 10 } }] },
  });
  // created at 10 replicas, the load needs 2
  const trace: Trace = [{ t: 0, values: { qps: 20 } }, { t: 900, values: { qps: 20 } }];

  it("an HPA created above what the load needs holds for its first scale-down window (300 s as compiled)", () => {
    const behavior = (compileKubernetes(policy).manifests.find((m) => m.kind === "HorizontalPodAutoscaler")!.spec as { behavior: { scaleDown: { stabilizationWindowSeconds: number } } }).behavior;
    const window = behavior.scaleDown.stabilizationWindowSeconds;
    const r = simulate(policy, trace, { platform: "hpa", initialReplicas: 10, model: instant });
    // the initial recommendation (10 at t = 0) counts while it is newer than now - window: until t = window
    expect(r.decisions[0]!.t).toBe(window);
    expect(r.timeline.filter((p) => p.t < window).every((p) => p.desired === 10)).toBe(true);
    expect(r).toStrictEqual(simulateReference(policy, trace, { platform: "hpa", initialReplicas: 10, model: instant }));
  });
});

describe("2. KEDA's HPA without behavior takes the controller's behavior-less path", () => {
  const policy = parsePolicy({
    service: "worker",
    scaling: {
      replicas: { min: 1, max: 50 },
      metrics: [{ queue: { jobsPerReplica: 1, from: { prometheus: { query: "sum(q)", serverAddress: "http://prometheus:9090" } } } }],
    },
  });

  it("the compiled ScaledObject has no advanced.horizontalPodAutoscalerConfig.behavior", () => {
    const so = compileKubernetes(policy).manifests.find((m) => m.kind === "ScaledObject")!;
    expect((so.spec as { advanced?: unknown }).advanced).toBeUndefined();
  });

  it("scale-up at most max(2 x current, 4) per sync (calculateScaleUpLimit: scaleUpLimitFactor 2, scaleUpLimitMinimum 4)", () => {
    const trace: Trace = [{ t: 0, queue: 1 }, { t: 15, queue: 40 }, { t: 300, queue: 40 }];
    const r = simulate(policy, trace, { platform: "keda", model: instant });
    const ups = r.decisions.filter((d) => d.reason === "SuccessfulRescale").map((d) => [d.from, d.replicas]);
    // the v2 defaults (4 pods or 100 % per 15 s) would give 1 -> 5 -> 10 -> 20 -> 40
    expect(ups).toEqual([
      [1, 4],
      [4, 8],
      [8, 16],
      [16, 32],
      [32, 40],
    ]);
    expect(r.decisions[0]!.message).toContain("ScaleUpLimit");
  });

  it("scale-down waits for the 300 s downscale stabilization (--horizontal-pod-autoscaler-downscale-stabilization)", () => {
    const trace: Trace = [{ t: 0, queue: 10 }, { t: 60, queue: 2 }, { t: 900, queue: 2 }];
    const r = simulate(policy, trace, { platform: "keda", initialReplicas: 10, model: instant });
    const down = r.decisions.find((d) => d.replicas < d.from)!;
    // recommendations of 10 until t = 45 (the last sync reading 10). stabilizeRecommendation drops only those
    // *before* now - 300 (`rec.timestamp.Before(cutoff)`), so the one at 45 still counts at 345 and the
    // scale-down comes at 360 (the behavior path's `After(cutoff)` would drop it at 345)
    expect(down.t).toBe(360);
    expect(down.replicas).toBe(2);
    expect(r).toStrictEqual(simulateReference(policy, trace, { platform: "keda", initialReplicas: 10, model: instant }));
  });
});

describe("4. ECS disableScaleIn (compiled from scaleDown.select: disabled)", () => {
  const policy = parsePolicy({
    service: "api",
    scaling: { replicas: { min: 2, max: 20 }, metrics: [{ cpu: { utilization: 50 } }], scaleDown: { select: "disabled" }, ecs: { cluster: "c" } },
  });
  it("the policy is compiled with disableScaleIn, and the service never scales in", () => {
    expect(compileEcs(policy).policies[0]!.args.targetTrackingScalingPolicyConfiguration.disableScaleIn).toBe(true);
    // 8 tasks at 5 % CPU (target 50 %) for an hour: the scale-in alarm would fire after 15 minutes
    const r = simulate(policy, [{ t: 0, rps: 400 }, { t: 3600, rps: 400 }], { platform: "ecs", initialReplicas: 8 });
    expect(r.decisions).toEqual([]);
    expect(r.timeline.every((p) => p.desired === 8)).toBe(true);
  });
  it("scale-out still works", () => {
    const r = simulate(policy, [{ t: 0, rps: 2000 }, { t: 600, rps: 2000 }], { platform: "ecs" });
    expect(r.decisions[0]).toMatchObject({ reason: "AlarmHighScaleOut", replicas: 4 });
  });
});

describe("5. a 1-minute CloudWatch datapoint covers [t - 60 s, t)", () => {
  const policy = parsePolicy({
    service: "worker",
    scaling: {
      replicas: { min: 2, max: 20 },
      metrics: [{ queue: { jobsPerReplica: 5, from: { cloudWatch: { namespace: "App", metricName: "Jobs", statistic: "Average" } } } }],
      ecs: { cluster: "c" },
    },
  });
  it("the sample at t = 180 s (after the drop) is not folded into the datapoint of [120 s, 180 s)", () => {
    // 12 jobs over 2 tasks = 6 per task (target 5) for three minutes, then 0 from t = 180 s. Datapoints at
    // 60, 120, 180 s average 0..45, 60..105, 120..165: all 6 > 5, so the high alarm fires at 180 s, to
    // ceil(2 x 6 / 5) = 3. Folding the sample at 180 s (0) into the third would give (6 x 3 + 0) / 4 = 4.5.
    const trace: Trace = [{ t: 0, queue: 12 }, { t: 180, queue: 0 }, { t: 600, queue: 0 }];
    const r = simulate(policy, trace, { platform: "ecs", model: { metricWindow: 0 } });
    expect(r.decisions[0]).toMatchObject({ t: 180, reason: "AlarmHighScaleOut", replicas: 3 });
  });
});

describe("KEDA initialCooldownPeriod (kedacore/keda@8b4f083 pkg/scaling/executor/scale_scaledobjects.go scaleToZeroOrIdle)", () => {
  const policy = (initialCooldownPeriod?: string) =>
    parsePolicy({
      service: "worker",
      scaling: {
        replicas: { min: 0, max: 10 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(q)", serverAddress: "http://prometheus:9090" } } } }],
        ...(initialCooldownPeriod ? { kubernetes: { initialCooldownPeriod } } : {}),
      },
    });
  const idle: Trace = [{ t: 0, queue: 0 }, { t: 600, queue: 0 }];
  it("a ScaledObject never active scales to zero once initialCooldownPeriod has passed since its creation (default 0)", () => {
    const deactivated = (p: ReturnType<typeof policy>) => simulate(p, idle, { platform: "keda", initialReplicas: 2 }).decisions.find((d) => d.reason === "KEDAScaleTargetDeactivated")!.t;
    expect(deactivated(policy())).toBe(0);
    // polls every 30 s: the first at or after 120 s
    expect(deactivated(policy("120s"))).toBe(120);
  });
});

describe("per-direction tolerance (behavior.scaleUp/scaleDown.tolerance, HPAConfigurableTolerance, Kubernetes 1.33+)", () => {
  it("is read from the compiled behavior when present, else the cluster default 0.1", () => {
    const out = compileKubernetes(parsePolicy({ service: "api", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ cpu: { utilization: 100 } }] } }));
    expect(deployedKubernetesFrom(out).hpa.tolerances).toEqual({ scaleUp: 0.1, scaleDown: 0.1 });
    const withTolerance = structuredClone(out);
    const behavior = (withTolerance.manifests.find((m) => m.kind === "HorizontalPodAutoscaler")!.spec as { behavior: { scaleUp: Record<string, unknown>; scaleDown: Record<string, unknown> } }).behavior;
    behavior.scaleUp.tolerance = "0";
    behavior.scaleDown.tolerance = "0.05";
    expect(deployedKubernetesFrom(withTolerance).hpa.tolerances).toEqual({ scaleUp: 0, scaleDown: 0.05 });
  });

  it("replica_calculator_test.go TestReplicaCalcConfigurableTolerance 'Outside of a 0% tolerance': 101 % of 100 % -> 4", () => {
    const pod = (level: number, request: number) => ({
      count: 1,
      phase: "Running" as const,
      startTime: 0,
      readyCondition: { status: true, lastTransitionTime: 0 },
      request,
      metric: { value: level, timestamp: 10_000, window: 60 },
    });
    const pods = [pod(909, 900), pod(1010, 1000), pod(1111, 1100)];
    expect(getResourceReplicas(3, 100, "cpu", pods, 10_000, { tolerances: { scaleUp: 0, scaleDown: 0 } })).toMatchObject({ ok: true, replicas: 4, usage: 101 });
    expect(getResourceReplicas(3, 100, "cpu", pods, 10_000)).toMatchObject({ ok: true, replicas: 3 });
  });
});
