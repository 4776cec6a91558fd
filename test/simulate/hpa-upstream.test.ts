/**
 * Test cases translated from kubernetes/kubernetes pkg/controller/podautoscaler:
 * horizontal_test.go (TestScalingWithRules, TestNormalizeDesiredReplicasWithBehavior, TestNormalizeDesiredReplicas,
 * TestConvertDesiredReplicasWithRules, TestCalculateScaleUpLimitWithScalingRules, TestCalculateScaleDownLimitWithBehaviors,
 * TestStoreScaleEvents, TestScaleUp*, TestTolerance*, TestMinReplicas...) and replica_calculator_test.go (TestReplicaCalc*).
 * Expected values are the upstream tables'. Upstream times are `time.Now()` offsets; here `now` = 10 000 s.
 */
import { describe, expect, it } from "vitest";
import type { HpaScalingRules } from "../../src/targets/kubernetes/behavior";
import { HPA_DEFAULT_SCALE_DOWN, HPA_DEFAULT_SCALE_UP } from "../../src/targets/kubernetes/behavior";
import {
  calcPlainMetricReplicas,
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  computeReplicasForMetrics,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getReplicasChangePerPeriod,
  getResourceReplicas,
  reconcileAutoscaler,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  DEFAULT_TOLERANCES,
  EMPTY_HISTORY,
  type PodGroup,
  type TimestampedScaleEvent,
} from "../../src/simulate";

const NOW = 10_000;

/** upstream `generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow)` (select Max). */
function generateScalingRules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, stabilizationWindow: number): HpaScalingRules {
  const policies: HpaScalingRules["policies"] = [];
  if (pods !== 0) policies.push({ type: "Pods", value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: "Percent", value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: stabilizationWindow, selectPolicy: "Max", policies };
}

/** upstream `generateEventsUniformDistribution`: events centred in equal segments of the last `periodSeconds`. */
function generateEventsUniformDistribution(rawEvents: number[], periodSeconds: number): TimestampedScaleEvent[] {
  const segment = periodSeconds / rawEvents.length;
  return rawEvents.map((change, idx) => ({ replicaChange: change, timestamp: NOW - Math.trunc(periodSeconds - segment * (idx + 1) + segment / 2), outdated: false }));
}

describe("TestScalingWithRules (convertDesiredReplicasWithBehaviorRate)", () => {
  // GenerateHPAScaleUpRules / GenerateHPAScaleDownRules fill the defaults when a direction is nil.
  type Row = [name: string, up: HpaScalingRules | undefined, down: HpaScalingRules | undefined, upEvents: TimestampedScaleEvent[], downEvents: TimestampedScaleEvent[], min: number, max: number, current: number, desired: number, expected: number, condition: string];
  const rows: Row[] = [
    ["prenormalized desired replicas within range", undefined, undefined, [], [], 3, 8, 5, 7, 7, "DesiredWithinRange"],
    ["prenormalized desired replicas < minReplicas", undefined, undefined, [], [], 2, 8, 3, 1, 2, "TooFewReplicas"],
    ["prenormalized desired replicas within range when minReplicas is 0", undefined, undefined, [], [], 0, 10, 1, 0, 0, "DesiredWithinRange"],
    ["maxReplicas is the limit because maxReplicas < scaleUpLimit", undefined, undefined, [], [], 1, 10, 20, 1000, 10, "TooManyReplicas"],
    ["desired replica count is more than the maximum replica count", undefined, undefined, [], [], 100, 150, 100, 1000, 150, "TooManyReplicas"],
    ["scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", generateScalingRules(0, 0, 1, 60, 0), undefined, [], [], 1, 2000, 3, 1000, 4, "ScaleUpLimit"],
    ["scaleUp with default behavior", undefined, undefined, [], [], 1, 1000, 10, 50, 20, "ScaleUpLimit"],
    ["scaleUp with pods policy larger than percent policy", generateScalingRules(100, 60, 100, 60, 0), undefined, [], [], 1, 1000, 10, 500, 110, "ScaleUpLimit"],
    ["scaleUp with percent policy larger than pods policy", generateScalingRules(2, 60, 100, 60, 0), undefined, [], [], 1, 1000, 10, 500, 20, "ScaleUpLimit"],
    ["scaleUp with spec MaxReplicas limitation with large pod policy", generateScalingRules(100, 60, 0, 0, 0), undefined, [], [], 1, 1000, 10, 50, 50, "DesiredWithinRange"],
    ["scaleUp with spec MaxReplicas limitation with large percent policy", generateScalingRules(10000, 60, 0, 0, 0), undefined, [], [], 1, 1000, 10, 50, 50, "DesiredWithinRange"],
    ["scaleUp with pod policy limitation", generateScalingRules(30, 60, 0, 0, 0), undefined, [], [], 1, 1000, 10, 50, 40, "ScaleUpLimit"],
    ["scaleUp with percent policy limitation", generateScalingRules(0, 0, 200, 60, 0), undefined, [], [], 1, 1000, 10, 50, 30, "ScaleUpLimit"],
    ["scaleDown with percent policy larger than pod policy", undefined, generateScalingRules(20, 60, 1, 60, 300), [], [], 1, 1000, 100, 2, 80, "ScaleDownLimit"],
    ["scaleDown with pod policy larger than percent policy", undefined, generateScalingRules(2, 60, 1, 60, 300), [], [], 1, 1000, 100, 2, 98, "ScaleDownLimit"],
    ["scaleDown with spec MinReplicas=nil limitation with large pod policy", undefined, generateScalingRules(100, 60, 0, 0, 300), [], [], 1, 1000, 10, 0, 1, "TooFewReplicas"],
    ["scaleDown with spec MinReplicas limitation with large percent policy", undefined, generateScalingRules(0, 0, 100, 60, 300), [], [], 5, 1000, 10, 2, 5, "TooFewReplicas"],
    ["scaleDown with pod policy limitation", undefined, generateScalingRules(5, 60, 0, 0, 300), [], [], 1, 1000, 10, 2, 5, "ScaleDownLimit"],
    ["scaleDown with percent policy limitation", undefined, generateScalingRules(0, 0, 50, 60, 300), [], [], 1, 1000, 10, 5, 5, "DesiredWithinRange"],
    ["scaleUp with spec MaxReplicas limitation with large pod policy and events", generateScalingRules(300, 60, 0, 0, 0), undefined, generateEventsUniformDistribution([1, 5, 9], 120), [], 1, 200, 100, 500, 200, "TooManyReplicas"],
    ["scaleUp with spec MaxReplicas limitation with large percent policy and events", generateScalingRules(0, 0, 10000, 60, 0), undefined, generateEventsUniformDistribution([1, 5, 9], 120), [], 1, 200, 100, 500, 200, "TooManyReplicas"],
    ["scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events", generateScalingRules(5, 120, 0, 0, 0), undefined, generateEventsUniformDistribution([1, 5, 9], 120), [], 1, 1000, 100, 500, 100, "ScaleUpLimit"],
    ["scaleUp with pod policy and previous scale up events", generateScalingRules(150, 120, 0, 0, 0), undefined, generateEventsUniformDistribution([1, 5, 9], 120), [], 1, 1000, 100, 500, 235, "ScaleUpLimit"],
    ["scaleUp with percent policy and previous scale up events", generateScalingRules(0, 0, 200, 120, 0), undefined, generateEventsUniformDistribution([1, 5, 9], 120), [], 1, 1000, 100, 500, 255, "ScaleUpLimit"],
    ["scaleDown with default policy and previous events", undefined, undefined, [], generateEventsUniformDistribution([1, 5, 9], 120), 1, 1000, 10, 5, 5, "DesiredWithinRange"],
    ["scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", undefined, generateScalingRules(115, 120, 0, 0, 300), [], generateEventsUniformDistribution([1, 5, 9], 120), 1, 1000, 100, 0, 1, "TooFewReplicas"],
    ["scaleDown with spec MinReplicas limitation with large pod policy and previous events", undefined, generateScalingRules(130, 120, 0, 0, 300), [], generateEventsUniformDistribution([1, 5, 9], 120), 5, 1000, 100, 0, 5, "TooFewReplicas"],
    ["scaleDown with spec MinReplicas limitation with large percent policy and previous events", undefined, generateScalingRules(0, 0, 100, 120, 300), [], generateEventsUniformDistribution([1, 5, 9], 120), 5, 1000, 100, 2, 5, "TooFewReplicas"],
    ["scaleDown with pod policy limitation and previous events", undefined, generateScalingRules(5, 120, 0, 0, 300), [], generateEventsUniformDistribution([1, 5, 9], 120), 1, 1000, 100, 2, 100, "ScaleDownLimit"],
    ["scaleDown with percent policy limitation and previous events", undefined, generateScalingRules(0, 0, 50, 120, 300), [], generateEventsUniformDistribution([2, 4, 6], 120), 1, 1000, 100, 0, 56, "ScaleDownLimit"],
    ["scaleDown with previous events preventing further scale down", undefined, generateScalingRules(0, 0, 10, 120, 300), [], generateEventsUniformDistribution([10, 10, 10], 120), 1, 1000, 100, 0, 100, "ScaleDownLimit"],
    ["scaleDown with with previous events still allowing more scale down", undefined, generateScalingRules(0, 0, 1000, 120, 300), [], generateEventsUniformDistribution([10, 10, 10], 120), 1, 1000, 10, 5, 5, "DesiredWithinRange"],
    ["check 'outdated' flag for events for one behavior for up", generateScalingRules(1000, 60, 0, 0, 0), undefined, generateEventsUniformDistribution([8, 12, 9, 11], 120), [], 1, 1000, 100, 200, 200, "DesiredWithinRange"],
    ["check that events were not marked 'outdated' for two different policies in the behavior for up", generateScalingRules(1000, 120, 100, 60, 0), undefined, generateEventsUniformDistribution([8, 12, 9, 11], 120), [], 1, 1000, 100, 200, 200, "DesiredWithinRange"],
    ["check that events were marked 'outdated' for two different policies in the behavior for up", generateScalingRules(1000, 30, 100, 60, 0), undefined, generateEventsUniformDistribution([8, 12, 9, 11], 120), [], 1, 1000, 100, 200, 200, "DesiredWithinRange"],
    ["check 'outdated' flag for events for one behavior for down", undefined, generateScalingRules(1000, 60, 0, 0, 300), [], generateEventsUniformDistribution([8, 12, 9, 11], 120), 1, 1000, 100, 5, 5, "DesiredWithinRange"],
    ["check that events were not marked 'outdated' for two different policies in the behavior for down", undefined, generateScalingRules(1000, 120, 100, 60, 300), [], generateEventsUniformDistribution([8, 12, 9, 11], 120), 1, 1000, 100, 5, 5, "DesiredWithinRange"],
    ["check that events were marked 'outdated' for two different policies in the behavior for down", undefined, generateScalingRules(1000, 30, 100, 60, 300), [], generateEventsUniformDistribution([8, 12, 9, 11], 120), 1, 1000, 100, 5, 5, "DesiredWithinRange"],
  ];
  it.each(rows)("%s", (_name, up, down, upEvents, downEvents, min, max, current, desired, expected, condition) => {
    const r = convertDesiredReplicasWithBehaviorRate(
      { scaleUpBehavior: up ?? HPA_DEFAULT_SCALE_UP, scaleDownBehavior: down ?? HPA_DEFAULT_SCALE_DOWN, minReplicas: min, maxReplicas: max, currentReplicas: current, desiredReplicas: desired },
      upEvents,
      downEvents,
      NOW,
    );
    expect(r.replicas).toBe(expected);
    expect(r.reason).toBe(condition);
  });
});

describe("TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors)", () => {
  type Row = [name: string, recs: Array<[number, number]>, current: number, desired: number, expected: number, expectedRecs: number[], up: number, down: number];
  const m = 60;
  const rows: Row[] = [
    ["empty recommendations for scaling down", [], 100, 5, 5, [5], 0, 0],
    ["simple scale down stabilization", [[4, -2 * m], [5, -1 * m]], 100, 3, 5, [4, 5, 3], 0, 3 * m],
    ["simple scale up stabilization", [[4, -2 * m], [5, -1 * m]], 1, 7, 4, [4, 5, 7], 5 * m, 0],
    ["no scale down stabilization", [[1, -2 * m], [2, -1 * m]], 100, 3, 3, [1, 2, 3], 5 * m, 0],
    ["no scale up stabilization", [[4, -2 * m], [5, -1 * m]], 1, 3, 3, [4, 5, 3], 0, 5 * m],
    ["no scale down stabilization, reuse recommendation element", [[10, -10 * m], [9, -9 * m]], 100, 3, 3, [10, 3], 0, 0],
    ["no scale up stabilization, reuse recommendation element", [[10, -10 * m], [9, -9 * m]], 1, 100, 100, [10, 100], 0, 0],
    ["scale down stabilization, reuse one of obsolete recommendation element", [[10, -10 * m], [4, -1 * m], [5, -2 * m], [9, -9 * m]], 100, 3, 5, [10, 4, 5, 3], 0, 3 * m],
    ["scale up stabilization, reuse one of obsolete recommendation element", [[10, -100 * m], [6, -1 * m], [5, -2 * m], [9, -3 * m]], 1, 100, 5, [100, 6, 5, 9], 300, 0],
  ];
  it.each(rows)("%s", (_name, recs, current, desired, expected, expectedRecs, up, down) => {
    const r = stabilizeRecommendationWithBehaviors(
      { scaleUpBehavior: { ...HPA_DEFAULT_SCALE_UP, stabilizationWindowSeconds: up }, scaleDownBehavior: { ...HPA_DEFAULT_SCALE_DOWN, stabilizationWindowSeconds: down }, currentReplicas: current, desiredReplicas: desired },
      recs.map(([recommendation, dt]) => ({ recommendation, timestamp: NOW + dt })),
      NOW,
    );
    expect(r.replicas).toBe(expected);
    expect(r.recommendations.map((x) => x.recommendation)).toEqual(expectedRecs);
  });

  it("TestStabilizeRecommendationWithBehaviors: reasons and messages", () => {
    const rules = (w: number) => ({ ...HPA_DEFAULT_SCALE_UP, stabilizationWindowSeconds: w });
    const up = stabilizeRecommendationWithBehaviors({ scaleUpBehavior: rules(300), scaleDownBehavior: rules(600), currentReplicas: 5, desiredReplicas: 10 }, [{ recommendation: 8, timestamp: NOW - 120 }, { recommendation: 7, timestamp: NOW - 240 }], NOW);
    expect([up.replicas, up.reason, up.message]).toEqual([7, "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation"]);
    const down = stabilizeRecommendationWithBehaviors({ scaleUpBehavior: rules(300), scaleDownBehavior: rules(600), currentReplicas: 8, desiredReplicas: 3 }, [{ recommendation: 5, timestamp: NOW - 300 }, { recommendation: 4, timestamp: NOW - 480 }], NOW);
    expect([down.replicas, down.reason, down.message]).toEqual([5, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"]);
  });
});

describe("TestNormalizeDesiredReplicas (no behavior: stabilizeRecommendation, 5 min window)", () => {
  type Row = [name: string, recs: Array<[number, number]>, desired: number, expected: number, logLength: number];
  const m = 60;
  const rows: Row[] = [
    ["empty log", [], 5, 5, 1],
    ["stabilize", [[4, -2 * m], [5, -1 * m]], 3, 5, 3],
    ["no stabilize", [[1, -2 * m], [2, -1 * m]], 3, 3, 3],
    ["no stabilize - old recommendations", [[10, -10 * m], [9, -9 * m]], 3, 3, 2],
    ["stabilize - old recommendations", [[10, -10 * m], [4, -1 * m], [5, -2 * m], [9, -9 * m]], 3, 5, 4],
  ];
  it.each(rows)("%s", (_n, recs, desired, expected, logLength) => {
    const r = stabilizeRecommendation(desired, recs.map(([recommendation, dt]) => ({ recommendation, timestamp: NOW + dt })), NOW, 300);
    expect(r.replicas).toBe(expected);
    expect(r.recommendations).toHaveLength(logLength);
  });
});

describe("TestConvertDesiredReplicasWithRules / TestCalculateScaleUpLimit", () => {
  it.each([
    [5, 7, 3, 8, 7, "DesiredWithinRange"],
    [3, 1, 2, 8, 2, "TooFewReplicas"],
    [1, 0, 0, 10, 0, "DesiredWithinRange"],
    [20, 1000, 1, 10, 10, "TooManyReplicas"],
    [3, 1000, 1, 2000, calculateScaleUpLimit(3), "ScaleUpLimit"],
  ])("current %i desired %i min %i max %i -> %i %s", (current, desired, min, max, expected, condition) => {
    const r = convertDesiredReplicasWithRules(current, desired, min, max);
    expect([r.replicas, r.reason]).toEqual([expected, condition]);
  });
  it.each([[1, 4], [10, 20], [100, 200], [0, 4]])("calculateScaleUpLimit(%i) = %i", (c, e) => expect(calculateScaleUpLimit(c)).toBe(e));
});

describe("TestCalculateScaleUpLimitWithScalingRules / TestCalculateScaleDownLimitWithBehaviors (select Min)", () => {
  const rules: HpaScalingRules = { stabilizationWindowSeconds: 300, selectPolicy: "Min", policies: [{ type: "Pods", value: 2, periodSeconds: 60 }, { type: "Percent", value: 50, periodSeconds: 60 }] };
  it("scale-up limit from 1 is 2", () => expect(calculateScaleUpLimitWithScalingRules(1, [], [], rules, NOW)).toBe(2));
  it("scale-down limit from 5 is 3", () => expect(calculateScaleDownLimitWithBehaviors(5, [], [], rules, NOW)).toBe(3));
  it("selectPolicy Disabled keeps the current count", () => {
    const disabled = { ...rules, selectPolicy: "Disabled" as const };
    expect(calculateScaleUpLimitWithScalingRules(5, [], [], disabled, NOW)).toBe(5);
    expect(calculateScaleDownLimitWithBehaviors(5, [], [], disabled, NOW)).toBe(5);
  });
});

describe("TestStoreScaleEvents", () => {
  type Row = [name: string, prev: Array<[number, number]>, newEvents: Array<[number, boolean]>, rules: HpaScalingRules, expectedChange: number];
  const rows: Row[] = [
    ["empty entries with two-policy-behavior", [], [[5, false]], generateScalingRules(10, 60, 100, 60, 0), 0],
    ["one outdated entry to be replaced with behavior", [[7, -61]], [[5, false]], generateScalingRules(10, 60, 100, 60, 0), 0],
    ["one actual entry to be not touched with behavior", [[7, -58]], [[7, false], [5, false]], generateScalingRules(10, 60, 100, 60, 0), 7],
    ["two entries, one of them to be replaced", [[7, -61], [6, -59]], [[5, false], [6, false]], generateScalingRules(10, 60, 0, 0, 0), 6],
    ["replace one entry, use policies with different periods", [[8, -29], [6, -59], [7, -61], [9, -61]], [[8, false], [6, false], [7, true], [5, false]], generateScalingRules(10, 60, 100, 30, 0), 14],
    ["two entries, both actual", [[7, -58], [6, -59]], [[7, false], [6, false], [5, false]], generateScalingRules(10, 120, 100, 30, 0), 13],
  ];
  it.each(rows)("%s", (_n, prev, expected, rules, expectedChange) => {
    const events = prev.map(([replicaChange, dt]) => ({ replicaChange, timestamp: NOW + dt, outdated: false }));
    expect(getReplicasChangePerPeriod(60, events, NOW)).toBe(expectedChange);
    const up = storeScaleEvent({ scaleUp: rules, scaleDown: HPA_DEFAULT_SCALE_DOWN }, { scaleUpEvents: events, scaleDownEvents: [] }, 10, 15, NOW);
    expect(up.scaleUpEvents.map((e) => [e.replicaChange, e.outdated])).toEqual(expected);
    const down = storeScaleEvent({ scaleUp: HPA_DEFAULT_SCALE_UP, scaleDown: rules }, { scaleUpEvents: [], scaleDownEvents: events }, 10, 5, NOW);
    expect(down.scaleDownEvents.map((e) => [e.replicaChange, e.outdated])).toEqual(expected);
  });
});

// ---- replica calculation (horizontal_test.go controller cases and replica_calculator_test.go) ----

const COOL = NOW - 600; // coolCPUCreationTime: started long before the CPU initialization period
const HOT = NOW - 10; // hotCPUCreationTime: still initialising
const cpuPod = (level: number | undefined, o: { ready?: boolean; start?: number; request?: number; phase?: PodGroup["phase"]; deleting?: boolean } = {}): PodGroup => {
  const start = o.start ?? COOL;
  return {
    count: 1,
    phase: o.phase ?? "Running",
    deleting: o.deleting,
    startTime: start,
    // the test harnesses set the Ready condition's transition at the pod's start
    readyCondition: { status: o.ready ?? true, lastTransitionTime: start },
    request: o.request ?? 1000,
    metric: level === undefined ? undefined : { value: level, timestamp: NOW, window: 60 },
  };
};
const cmPod = (level: number | undefined, ready = true, start = COOL): PodGroup => ({ ...cpuPod(level, { ready, start }), request: undefined });

describe("HPA controller cases (horizontal_test.go), CPU Utilization", () => {
  it("TestScaleUp: 3 pods at 300/500/700m of 1 CPU, target 30 % -> 5", () => {
    expect(getResourceReplicas(3, 30, "cpu", [cpuPod(300), cpuPod(500), cpuPod(700)], NOW)).toMatchObject({ ok: true, replicas: 5 });
  });
  it("TestScaleUpUnreadyLessScale: unready pod counted as 0 % -> 4 (CPU 60 %)", () => {
    const r = getResourceReplicas(3, 30, "cpu", [cpuPod(300, { ready: false }), cpuPod(500), cpuPod(700)], NOW);
    expect(r).toMatchObject({ ok: true, replicas: 4, usage: 60 });
  });
  it("TestScaleUpHotCpuLessScale: pod still initialising counted as 0 % -> 4", () => {
    expect(getResourceReplicas(3, 30, "cpu", [cpuPod(300, { start: HOT }), cpuPod(500), cpuPod(700)], NOW)).toMatchObject({ ok: true, replicas: 4, usage: 60 });
  });
  it("TestScaleUpUnreadyNoScale: -> 3 (CPU 40 %)", () => {
    expect(getResourceReplicas(3, 30, "cpu", [cpuPod(400), cpuPod(500, { ready: false }), cpuPod(700, { ready: false })], NOW)).toMatchObject({ ok: true, replicas: 3, usage: 40 });
  });
  it("TestScaleUpHotCpuNoScale: -> 3", () => {
    expect(getResourceReplicas(3, 30, "cpu", [cpuPod(400), cpuPod(500, { ready: false, start: HOT }), cpuPod(700, { ready: false, start: HOT })], NOW)).toMatchObject({ ok: true, replicas: 3 });
  });
  it("TestScaleUpIgnoresFailedPods: -> 4", () => {
    const pods = [cpuPod(500), cpuPod(700), cpuPod(undefined, { ready: false, phase: "Failed" }), cpuPod(undefined, { ready: false, phase: "Failed" })];
    expect(getResourceReplicas(2, 30, "cpu", pods, NOW)).toMatchObject({ ok: true, replicas: 4 });
  });
  it("TestScaleUpIgnoresDeletionPods: -> 4", () => {
    const pods = [cpuPod(500), cpuPod(700), cpuPod(undefined, { ready: false, deleting: true }), cpuPod(undefined, { ready: false, deleting: true })];
    expect(getResourceReplicas(2, 30, "cpu", pods, NOW)).toMatchObject({ ok: true, replicas: 4 });
  });
  it("TestScaleDown: 5 pods, target 50 % -> 3", () => {
    expect(getResourceReplicas(5, 50, "cpu", [100, 300, 500, 250, 250].map((l) => cpuPod(l)), NOW)).toMatchObject({ ok: true, replicas: 3 });
  });
  it("TestScaleDownIgnoresUnreadyPods: -> 2 (CPU 30 %)", () => {
    const pods = [cpuPod(100), cpuPod(300), cpuPod(500), cpuPod(250, { ready: false }), cpuPod(250, { ready: false })];
    expect(getResourceReplicas(5, 50, "cpu", pods, NOW)).toMatchObject({ ok: true, replicas: 2, usage: 30 });
  });
  it("TestTolerance: 1010/1030/1020m of 0.9/1.0/1.1 CPU at target 100 % -> 3", () => {
    const pods = [cpuPod(1010, { request: 900 }), cpuPod(1030, { request: 1000 }), cpuPod(1020, { request: 1100 })];
    expect(getResourceReplicas(3, 100, "cpu", pods, NOW)).toMatchObject({ ok: true, replicas: 3 });
  });
  it("TestMinReplicas: the metric proposes 1, normalization holds minReplicas 2 (TooFewReplicas)", () => {
    const pods = [cpuPod(10, { request: 900 }), cpuPod(95, { request: 1000 }), cpuPod(10, { request: 1100 })];
    const p = getResourceReplicas(3, 90, "cpu", pods, NOW);
    expect(p).toMatchObject({ ok: true, replicas: 1 });
    const out = reconcileAutoscaler(
      { currentReplicas: 3, minReplicas: 2, maxReplicas: 5, behavior: { scaleUp: HPA_DEFAULT_SCALE_UP, scaleDown: { ...HPA_DEFAULT_SCALE_DOWN, stabilizationWindowSeconds: 0 } }, proposals: [{ ok: true, replicas: 1, metricName: "cpu" }] },
      EMPTY_HISTORY,
      NOW,
    );
    expect(out.desiredReplicas).toBe(2);
    expect(out.decision.message).toContain("TooFewReplicas");
  });
  it("TestZeroReplicas: autoscaling disabled at 0 replicas (ScalingDisabled)", () => {
    const out = reconcileAutoscaler({ currentReplicas: 0, minReplicas: 3, maxReplicas: 5, proposals: [] }, EMPTY_HISTORY, NOW);
    expect([out.desiredReplicas, out.rescale, out.decision.reason]).toEqual([0, false, "ScalingDisabled"]);
  });
  it("TestTooFewReplicas / TestTooManyReplicas: out-of-range counts are brought to min / max", () => {
    expect(reconcileAutoscaler({ currentReplicas: 2, minReplicas: 3, maxReplicas: 5, proposals: [] }, EMPTY_HISTORY, NOW).desiredReplicas).toBe(3);
    expect(reconcileAutoscaler({ currentReplicas: 10, minReplicas: 3, maxReplicas: 5, proposals: [] }, EMPTY_HISTORY, NOW).desiredReplicas).toBe(5);
  });
});

describe("HPA controller cases (horizontal_test.go), custom metrics (Pods, AverageValue)", () => {
  it("TestScaleUpCM: qps 20/10/30 with target 15 -> 4", () => {
    expect(calcPlainMetricReplicas(3, 15000, "", [cmPod(20000), cmPod(10000), cmPod(30000)], NOW)).toMatchObject({ ok: true, replicas: 4 });
  });
  it("TestScaleUpCMUnreadyAndHotCpuNoLessScale: readiness does not discount custom metrics -> 6", () => {
    expect(calcPlainMetricReplicas(3, 15000, "", [cmPod(50000), cmPod(10000), cmPod(30000, false, HOT)], NOW)).toMatchObject({ ok: true, replicas: 6 });
  });
  it("TestScaleUpCMUnreadyandCpuHot: -> 6, limited by maxReplicas 6 (TooManyReplicas)", () => {
    const p = calcPlainMetricReplicas(3, 15000, "", [cmPod(50000, false, HOT), cmPod(15000), cmPod(30000, false, HOT)], NOW);
    expect(p.ok).toBe(true);
    const out = reconcileAutoscaler(
      { currentReplicas: 3, minReplicas: 2, maxReplicas: 6, behavior: { scaleUp: generateScalingRules(100, 60, 0, 0, 0), scaleDown: HPA_DEFAULT_SCALE_DOWN }, proposals: [{ ...(p as { ok: true; replicas: number }), metricName: "pods metric qps" }] },
      EMPTY_HISTORY,
      NOW,
    );
    expect(out.desiredReplicas).toBe(6);
    expect(out.decision.message).toContain("TooManyReplicas");
  });
  it("TestScaleDownCM: 5 pods at 12 with target 20 -> 3", () => {
    expect(calcPlainMetricReplicas(5, 20000, "", [1, 2, 3, 4, 5].map(() => cmPod(12000)), NOW)).toMatchObject({ ok: true, replicas: 3 });
  });
  it("TestToleranceCM: 20/20.001/21 with target 20 -> 3", () => {
    expect(calcPlainMetricReplicas(3, 20000, "", [cmPod(20000), cmPod(20001), cmPod(21000)], NOW)).toMatchObject({ ok: true, replicas: 3 });
  });
  it("TestScaleUpCMObject / TestToleranceCMObject (Object, Value): 20 vs 15 -> 4; 20.05 vs 20 -> 3", () => {
    const pods = [cmPod(0), cmPod(0), cmPod(0)];
    expect(getExternalMetricReplicas(3, 15000, [20000], pods)).toMatchObject({ ok: true, replicas: 4 });
    expect(getExternalMetricReplicas(3, 20000, [20050], pods)).toMatchObject({ ok: true, replicas: 3 });
  });
});

describe("replica_calculator_test.go", () => {
  const req = (n: number) => n * 1000;
  it("TestReplicaCalcMissingMetrics: missing pods count as 100 % on scale-down -> 3", () => {
    expect(getResourceReplicas(4, 100, "cpu", [cpuPod(400), cpuPod(95), cpuPod(undefined), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 3, usage: 24 });
  });
  it("TestReplicaCalcMissingMetricsNoChangeEq / Gt / Lt: -> 2", () => {
    for (const level of [1000, 1900, 600]) {
      expect(getResourceReplicas(2, 100, "cpu", [cpuPod(level), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 2 });
    }
  });
  it("TestReplicaCalcMissingMetricsUnreadyChange: -> 3", () => {
    expect(getResourceReplicas(3, 50, "cpu", [cpuPod(100, { ready: false }), cpuPod(450), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 3, usage: 45 });
  });
  it("TestReplicaCalcMissingMetricsHotCpuNoChange: -> 3", () => {
    expect(getResourceReplicas(3, 50, "cpu", [cpuPod(100, { start: HOT }), cpuPod(450), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 3 });
  });
  it("TestReplicaCalcMissingMetricsUnreadyScaleUp: missing and unready count as 0 on scale-up -> 4", () => {
    expect(getResourceReplicas(3, 50, "cpu", [cpuPod(100, { ready: false }), cpuPod(2000), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 4, usage: 200 });
  });
  it("TestReplicaCalcMissingMetricsHotCpuScaleUp: -> 4", () => {
    expect(getResourceReplicas(3, 50, "cpu", [cpuPod(100, { ready: false, start: HOT }), cpuPod(2000), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 4 });
  });
  it("TestReplicaCalcMissingMetricsUnreadyScaleDown: -> 3", () => {
    expect(getResourceReplicas(4, 50, "cpu", [cpuPod(100, { ready: false }), cpuPod(100), cpuPod(100), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 3, usage: 10 });
  });
  it("TestReplicaCalcMissingMetricsScaleDownTargetOver100: -> 2", () => {
    const pods = [cpuPod(200, { ready: false, request: req(1) }), cpuPod(100, { request: req(1) }), cpuPod(100, { request: req(2) }), cpuPod(undefined, { request: req(2) })];
    expect(getResourceReplicas(4, 300, "cpu", pods, NOW)).toMatchObject({ ok: true, replicas: 2, usage: 6 });
  });
  it("TestReplicaCalcDuringRollingUpdateWithMaxSurge: a direction flip from metrics length is rejected -> 2", () => {
    expect(getResourceReplicas(2, 50, "cpu", [cpuPod(100), cpuPod(100), cpuPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 2 });
  });
  it("TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM: -> 2", () => {
    expect(calcPlainMetricReplicas(2, 17000, "", [cmPod(10000), cmPod(10000), cmPod(undefined)], NOW)).toMatchObject({ ok: true, replicas: 2 });
  });
  it("TestPlainMetricReplicaCalcMissingMetricsNoChangeEq: -> 5", () => {
    const pods = [cmPod(20000), cmPod(19000), cmPod(21000), cmPod(undefined), cmPod(undefined)];
    expect(calcPlainMetricReplicas(5, 20000, "", pods, NOW)).toMatchObject({ ok: true, replicas: 5, usage: 20000 });
  });
  it("TestReplicaCalcConfigurableTolerance: per-direction tolerances", () => {
    const three = (a: number, b: number, c: number) => [cpuPod(a, { request: 900 }), cpuPod(b, { request: 1000 }), cpuPod(c, { request: 1100 })];
    expect(getResourceReplicas(3, 100, "cpu", three(909, 1010, 1111), NOW, { tolerances: { scaleDown: 0, scaleUp: 0 } })).toMatchObject({ replicas: 4, usage: 101 });
    expect(getResourceReplicas(3, 100, "cpu", three(1890, 1910, 1900), NOW, { tolerances: { scaleDown: 0.1, scaleUp: 2 } })).toMatchObject({ replicas: 3, usage: 190 });
    expect(getResourceReplicas(3, 100, "cpu", three(1100, 1080, 1090), NOW, { tolerances: { scaleDown: 2, scaleUp: 0.08 } })).toMatchObject({ replicas: 4, usage: 109 });
    expect(getResourceReplicas(3, 100, "cpu", three(660, 640, 650), NOW, { tolerances: { scaleDown: 0.36, scaleUp: 0.1 } })).toMatchObject({ replicas: 3, usage: 65 });
    expect(getResourceReplicas(3, 100, "cpu", three(660, 640, 650), NOW, { tolerances: { scaleDown: 0.34, scaleUp: 0.1 } })).toMatchObject({ replicas: 2, usage: 65 });
  });
  it("TestReplicaCalcConfigurableToleranceCM: -> 4", () => {
    expect(calcPlainMetricReplicas(3, 20000, "", [cmPod(20000), cmPod(21000), cmPod(21000)], NOW, { tolerances: { scaleDown: 0.1, scaleUp: 0.01 } })).toMatchObject({ replicas: 4, usage: 20666 });
  });
  it("TestReplicaCalcConfigurableToleranceCMExternal / PerPodCMExternal: -> 4", () => {
    const tol = { scaleDown: 0.1, scaleUp: 0.01 };
    expect(getExternalMetricReplicas(3, 8800, [8900], [cmPod(0), cmPod(0), cmPod(0)], tol)).toMatchObject({ replicas: 4 });
    expect(getExternalPerPodMetricReplicas(3, 2800, [8600], tol)).toMatchObject({ replicas: 4, usage: 2867 });
  });
  it("TestReplicaCalcConfigurableTolerancePerPodCMObject: -> 5", () => {
    expect(getExternalPerPodMetricReplicas(4, 5000, [20208], { scaleDown: 0.1, scaleUp: 0.01 })).toMatchObject({ replicas: 5, usage: 5052 });
  });
  it("default tolerance is 0.1 both ways", () => expect(DEFAULT_TOLERANCES).toEqual({ scaleDown: 0.1, scaleUp: 0.1 }));
});

describe("computeReplicasForMetrics (TestScaleUpOneMetricEmpty, TestNoScaleDownOneMetricInvalid)", () => {
  it("max over metrics; an invalid metric does not block scale-up", () => {
    const r = computeReplicasForMetrics([{ ok: true, replicas: 4, metricName: "cpu" }, { ok: false, error: "something went wrong", metricName: "qps" }], 3);
    expect(r).toMatchObject({ ok: true, replicas: 4 });
  });
  it("an invalid metric blocks scale-down", () => {
    const r = computeReplicasForMetrics([{ ok: true, replicas: 3, metricName: "cpu" }, { ok: false, error: "unknown metric source type", metricName: "x" }], 5);
    expect(r.ok).toBe(false);
  });
});
