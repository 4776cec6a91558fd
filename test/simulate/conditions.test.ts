/**
 * HPA status conditions on decisions, against the expected conditions of kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal_test.go (`statusOk` = AbleToScale True SucceededRescale,
 * ScalingActive True ValidMetricFound, ScalingLimited False DesiredWithinRange, and `statusOkWithOverrides`,
 * which applies `setConditionInList`: a condition type keeps its place and takes the override's reason).
 * Each case runs through the pure `reconcileAutoscaler` and through the simulator's in-place hot path.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import {
  EMPTY_HISTORY,
  HpaConditions,
  getExternalPerPodMetricReplicas,
  getResourceReplicas,
  reconcileAutoscaler,
  recordInitialRecommendation,
  reportedDecision,
  simulate,
  type HpaCondition,
  type HpaHistory,
  type MetricProposal,
  type PodGroup,
  type ReconcileInput,
  type Trace,
} from "../../src/simulate";
import { MutableHpaHistory, reconcileAutoscalerInPlace } from "../../src/simulate/hpa/fast";
import { HPA_DEFAULT_SCALE_DOWN, HPA_DEFAULT_SCALE_UP } from "../../src/targets/kubernetes/behavior";

const NOW = 10_000;
const behavior = { scaleUp: HPA_DEFAULT_SCALE_UP, scaleDown: HPA_DEFAULT_SCALE_DOWN };
type Cond = [HpaCondition["type"], HpaCondition["status"], string];

/** upstream statusOk, then statusOkWithOverrides(overrides...) through setConditionInList. */
function statusOkWithOverrides(...overrides: Cond[]): Cond[] {
  const list: Cond[] = [
    ["AbleToScale", "True", "SucceededRescale"],
    ["ScalingActive", "True", "ValidMetricFound"],
    ["ScalingLimited", "False", "DesiredWithinRange"],
  ];
  for (const o of overrides) {
    const i = list.findIndex((c) => c[0] === o[0]);
    if (i >= 0) list[i] = o;
    else list.push(o);
  }
  return list;
}

const cpuPod = (milli: number, request: number): PodGroup => ({
  count: 1,
  phase: "Running",
  startTime: NOW - 600,
  readyCondition: { status: true, lastTransitionTime: NOW - 600 },
  request,
  metric: { value: milli, timestamp: NOW, window: 60 },
});

/**
 * One sync through both implementations; `history` undefined = upstream's nil recommendations (a new HPA,
 * `recordInitialRecommendation` applies), EMPTY_HISTORY = `recommendations: []timestampedRecommendation{}`.
 */
function sync(input: ReconcileInput, history: HpaHistory | undefined): { desired: number; conditions: Cond[] } {
  const refConditions = new HpaConditions();
  const ref = reconcileAutoscaler(input, recordInitialRecommendation(history, input.currentReplicas, NOW), NOW);
  reportedDecision(ref, refConditions, input.proposals);
  const fastHistory = new MutableHpaHistory();
  if (history === undefined) {
    fastHistory.upWindow.push(NOW, input.currentReplicas);
    fastHistory.downWindow.push(NOW, input.currentReplicas);
  }
  const fastConditions = new HpaConditions();
  const fast = reconcileAutoscalerInPlace(input, fastHistory, fastConditions, NOW);
  expect(fast.desiredReplicas).toBe(ref.desiredReplicas);
  expect(fastConditions.conditions()).toStrictEqual(refConditions.conditions());
  return { desired: ref.desiredReplicas, conditions: refConditions.conditions().map((c) => [c.type, c.status, c.reason]) };
}

const proposal = (r: ReturnType<typeof getResourceReplicas>, metricName: string): MetricProposal => {
  if (!r.ok) throw new Error(r.error);
  return { ok: true, replicas: r.replicas, metricName };
};

describe("HPA conditions (horizontal_test.go expectedConditions)", () => {
  it("TestScaleDownStabilizeInitialSize: a new HPA (nil recommendations) holds 5, AbleToScale ScaleDownStabilized", () => {
    const pods = [100, 300, 500, 250, 250].map((l) => cpuPod(l, 1000));
    const p = proposal(getResourceReplicas(5, 50, "cpu", pods, NOW), "cpu resource utilization (percentage of request)");
    const out = sync({ currentReplicas: 5, minReplicas: 2, maxReplicas: 6, behavior, proposals: [p] }, undefined);
    expect(out.desired).toBe(5);
    expect(out.conditions).toEqual(statusOkWithOverrides(["AbleToScale", "True", "ReadyForNewScale"], ["AbleToScale", "True", "ScaleDownStabilized"]));
  });

  it("TestScaleDown: the same pods with an empty (non-nil) history scale 5 -> 3, statusOk", () => {
    const pods = [100, 300, 500, 250, 250].map((l) => cpuPod(l, 1000));
    const p = proposal(getResourceReplicas(5, 50, "cpu", pods, NOW), "cpu resource utilization (percentage of request)");
    const out = sync({ currentReplicas: 5, minReplicas: 2, maxReplicas: 6, behavior: { ...behavior, scaleDown: { ...HPA_DEFAULT_SCALE_DOWN, stabilizationWindowSeconds: 0 } }, proposals: [p] }, EMPTY_HISTORY);
    expect(out.desired).toBe(3);
    expect(out.conditions).toEqual(statusOkWithOverrides());
  });

  it("TestMinReplicas: 3 -> 2, ScalingLimited True TooFewReplicas", () => {
    const pods = [cpuPod(10, 900), cpuPod(95, 1000), cpuPod(10, 1100)];
    const p = proposal(getResourceReplicas(3, 90, "cpu", pods, NOW), "cpu resource utilization (percentage of request)");
    const out = sync({ currentReplicas: 3, minReplicas: 2, maxReplicas: 5, behavior: { ...behavior, scaleDown: { ...HPA_DEFAULT_SCALE_DOWN, stabilizationWindowSeconds: 0 } }, proposals: [p] }, EMPTY_HISTORY);
    expect(out.desired).toBe(2);
    expect(out.conditions).toEqual(statusOkWithOverrides(["ScalingLimited", "True", "TooFewReplicas"]));
  });

  it("TestTolerancePerPodCMExternal: 8.6 qps over 4 pods at 2.2 stays at 4, AbleToScale ReadyForNewScale", () => {
    const r = getExternalPerPodMetricReplicas(4, 2200, [8600]);
    const p = proposal(r, "external metric qps");
    const out = sync({ currentReplicas: 4, minReplicas: 2, maxReplicas: 6, behavior, proposals: [p] }, undefined);
    expect(out.desired).toBe(4);
    expect(out.conditions).toEqual(statusOkWithOverrides(["AbleToScale", "True", "ReadyForNewScale"]));
  });

  it("TestZeroReplicas-style: 0 replicas with minReplicas 3 is ScalingActive False ScalingDisabled", () => {
    const out = sync({ currentReplicas: 0, minReplicas: 3, maxReplicas: 5, behavior, proposals: [] }, EMPTY_HISTORY);
    expect(out.desired).toBe(0);
    expect(out.conditions).toEqual([
      ["AbleToScale", "True", "SucceededGetScale"],
      ["ScalingActive", "False", "ScalingDisabled"],
    ]);
  });

  it("a failed Pods metric: ScalingActive False FailedGetPodsMetric with upstream's message prefix", () => {
    const refConditions = new HpaConditions();
    const input: ReconcileInput = { currentReplicas: 3, minReplicas: 1, maxReplicas: 5, behavior, proposals: [{ ok: false, error: "unable to get metric qps", metricName: "pods metric qps", reason: "FailedGetPodsMetric" }] };
    const ref = reconcileAutoscaler(input, EMPTY_HISTORY, NOW);
    const d = reportedDecision(ref, refConditions, input.proposals)!;
    expect(d.reason).toBe("FailedComputeMetricsReplicas");
    expect(d.conditions!.find((c) => c.type === "ScalingActive")).toEqual({
      type: "ScalingActive",
      status: "False",
      reason: "FailedGetPodsMetric",
      message: "the HPA was unable to compute the replica count: unable to get metric qps",
    });
    expect(d.metrics).toEqual([{ name: "pods metric qps", error: "unable to get metric qps" }]);
  });
});

describe("decisions in a simulation carry the conditions and the metrics behind them", () => {
  const policy = parsePolicy({
    service: "api",
    scaling: {
      replicas: { min: 2, max: 10 },
      metrics: [{ pods: { name: "qps", averageValue: 10 } }, { external: { name: "lag", averageValue: 30 } }],
    },
  });

  it("a rescale lists the raw value next to the ratio for each metric, and the error of one that failed while the other drove it", () => {
    // 80 qps over 2 pods = 40 each (target 10): the pods metric asks 8; lag cannot be read
    const trace: Trace = [{ t: 0, values: { qps: 80, lag: null } }, { t: 60, values: { qps: 80, lag: null } }];
    const r = simulate(policy, trace, { platform: "hpa", model: { pendingSeconds: 0, startupSeconds: 0, metricWindow: 0 } });
    const d = r.decisions[0]!;
    expect(d.reason).toBe("SuccessfulRescale");
    // horizontal.go computeReplicasForMetrics: one invalid metric, the valid one scales up -> act on it
    expect(d.metrics![0]).toMatchObject({ name: "pods metric qps", current: 40, target: 10, ratio: 4, replicas: 8 });
    expect(d.metrics![1]).toMatchObject({ name: "external metric lag" });
    expect(d.metrics![1]!.error).toMatch(/unable to get external metric/);
    // the default scale-up rate (Pods 4 / Percent 100 per 15 s) allows max(2 + 4, ceil(2 x 2)) = 6
    expect(d.replicas).toBe(6);
    expect(d.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["AbleToScale", "True", "SucceededRescale"],
      ["ScalingActive", "True", "ValidMetricFound"],
      ["ScalingLimited", "True", "ScaleUpLimit"],
    ]);
    expect(d.conditions![0]!.message).toBe("the HPA controller was able to update the target scale to 6");
    expect(d.conditions![1]!.message).toBe("the HPA was able to successfully calculate a replica count from pods metric qps");
    expect(d.conditions![2]!.message).toBe("the desired replica count is increasing faster than the maximum scale rate");
  });
});
