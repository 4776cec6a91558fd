/**
 * The HPA's hot path for the simulation loop: the same arithmetic as the pure, upstream-named functions
 * (`podGroups` + `groupPods` + `calcPlainMetricReplicas` / `getResourceReplicas`, and
 * `reconcileAutoscaler` -> `stabilizeRecommendationWithBehaviors` / `storeScaleEvent`), but
 * - computed straight from the replica cohorts, without building `PodGroup` objects, `Set`s and `Map`s;
 * - with the controller's histories mutated in place instead of copied on every sync.
 *
 * Every operation is done in the same order as the reference, so floating-point results are identical.
 * Any unusual case (no pods, no metrics, a missing request...) returns `null` and the caller uses the
 * reference function, which produces the upstream error. `test/simulate/equivalence.test.ts` checks the
 * whole loop against `simulateReference`.
 */
import type { HpaBehavior, HpaScalingRules } from "../../targets/kubernetes/behavior";
import type { SimMetric, WorkloadModel } from "../model";
import type { Cohort } from "../pods";
import {
  CONDITION,
  computeReplicasForMetrics,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  getLongestPolicyPeriod,
  metricStatuses,
  rescaleMessage,
  DEFAULT_DOWNSCALE_STABILIZATION_WINDOW,
  DEFAULT_SYNC_PERIOD,
  type Decision,
  HpaConditions,
  type NormalizationArg,
  type ReconcileInput,
  type TimestampedScaleEvent,
} from "./normalize";
import {
  DEFAULT_CPU_INITIALIZATION_PERIOD,
  DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS,
  getUsageRatioReplicaCount,
  isWithinTolerance,
  toMilli,
  type Tolerances,
} from "./replica-calculator";
import { TimedRing } from "../window";

// Bound once: under a CommonJS transpiler an imported binding is a property read (or getter) per use.
const CPU_INITIALIZATION_PERIOD = DEFAULT_CPU_INITIALIZATION_PERIOD;
const DELAY_OF_INITIAL_READINESS = DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS;
const SYNC_PERIOD = DEFAULT_SYNC_PERIOD;
const within = isWithinTolerance;
const milli = toMilli;
const convertWithBehaviorRate = convertDesiredReplicasWithBehaviorRate;
const DOWNSCALE_WINDOW = DEFAULT_DOWNSCALE_STABILIZATION_WINDOW;
const RESCALED_PREFIX = "the HPA controller was able to update the target scale to ";
const ABLE = HpaConditions.ABLE_TO_SCALE;
const ACTIVE = HpaConditions.SCALING_ACTIVE;

const READY = 0;
const IGNORED = 1;
const MISSING = 2;

/** Scratch buffers for one controller (grown on demand, never shrunk). */
export class PodScratch {
  cls = new Uint8Array(8);
  value = new Float64Array(8);
  /** The usage the last `fastPodMetricReplicas` read (upstream's returned utilization / usage), in the metric's display unit. */
  current = 0;
  ensure(n: number): void {
    if (this.cls.length >= n) return;
    const size = Math.max(n, this.cls.length * 2);
    this.cls = new Uint8Array(size);
    this.value = new Float64Array(size);
  }
}

/**
 * `proposeForMetric` for a Resource or Pods metric (no fallback override): the replicas the HPA proposes,
 * or `null` when the reference must be used (an error, or a case not worth a fast path).
 */
export function fastPodMetricReplicas(
  m: SimMetric,
  cohorts: readonly Cohort[],
  now: number,
  current: number,
  model: WorkloadModel,
  podReading: (i: number, readyAt: number) => number | null,
  tolerances: Tolerances,
  scratch: PodScratch,
): number | null {
  const n = cohorts.length;
  if (n === 0) return null;
  scratch.ensure(n);
  const cls = scratch.cls;
  const val = scratch.value;
  const resource = m.resource;
  const utilization = m.hpaType === "Resource" && m.targetType === "Utilization";
  // groupPods' CPU rules apply to a Resource cpu metric only (a Pods metric is computed with resource "").
  const cpuRules = m.hpaType === "Resource" && resource === "cpu";
  const requestUnits = resource === "cpu" ? model.cpuRequest : resource === "memory" ? model.memoryRequest : 1;
  const startingValue = resource === "cpu" ? milli(model.idleCpu) : resource === "memory" ? milli(model.idleMemory) : Number.NaN;
  const request = resource === "cpu" ? milli(model.cpuRequest) : resource === "memory" ? milli(model.memoryRequest) : 0;
  if (utilization && !(request > 0)) return null; // "missing request for ..."
  const window = m.window || SYNC_PERIOD;
  const isUtil = m.targetType === "Utilization";

  let readyPodCount = 0;
  let readyGroups = 0;
  let ignoredGroups = 0;
  let missingGroups = 0;
  for (let i = 0; i < n; i++) {
    const c = cohorts[i]!;
    if (c.count <= 0) return null;
    const runningAt = c.createdAt + model.pendingSeconds;
    const readyAt = runningAt + model.startupSeconds;
    if (now < runningAt) {
      cls[i] = IGNORED; // Pending
      ignoredGroups++;
      continue;
    }
    const ready = now >= readyAt;
    let value: number;
    if (ready) {
      const r = podReading(m.slot ?? m.index, readyAt);
      if (r === null) value = Number.NaN;
      else {
        const usage = isUtil ? (r / 100) * requestUnits : r;
        value = Number.isFinite(usage) ? milli(usage) : Number.NaN;
      }
    } else value = startingValue;
    if (Number.isNaN(value)) {
      cls[i] = MISSING;
      missingGroups++;
      continue;
    }
    if (cpuRules) {
      const lastTransition = ready ? readyAt : runningAt;
      let ignorePod: boolean;
      if (runningAt + CPU_INITIALIZATION_PERIOD > now) ignorePod = !ready || now < lastTransition + window;
      else ignorePod = !ready && runningAt + DELAY_OF_INITIAL_READINESS > lastTransition;
      if (ignorePod) {
        cls[i] = IGNORED;
        ignoredGroups++;
        continue;
      }
    }
    cls[i] = READY;
    val[i] = value;
    readyPodCount += c.count;
    readyGroups++;
  }
  if (readyGroups === 0) return null; // "did not receive metrics for targeted pods"

  if (utilization) {
    const target = m.target;
    // GetResourceUtilizationRatio over the ready pods, in pod order.
    let metricsTotal = 0;
    let requestsTotal = 0;
    for (let i = 0; i < n; i++) {
      if (cls[i] !== READY) continue;
      const count = cohorts[i]!.count;
      metricsTotal += val[i]! * count;
      requestsTotal += request * count;
    }
    if (requestsTotal === 0) return null;
    const utilization = Math.floor((metricsTotal * 100) / requestsTotal);
    scratch.current = utilization;
    const usageRatio = utilization / target;
    const scaleUpWithUnready = ignoredGroups > 0 && usageRatio > 1.0;
    if (!scaleUpWithUnready && missingGroups === 0) {
      if (within(tolerances, usageRatio)) return current;
      return Math.ceil(usageRatio * readyPodCount);
    }
    // Re-run with missing pods (then unready pods) appended, as upstream's map insertions.
    let count = readyPodCount;
    if (missingGroups > 0 && (usageRatio < 1.0 || usageRatio > 1.0)) {
      const fallback = usageRatio < 1.0 ? Math.floor((request * Math.max(100, target)) / 100) : 0;
      for (let i = 0; i < n; i++) {
        if (cls[i] !== MISSING) continue;
        const c = cohorts[i]!.count;
        metricsTotal += fallback * c;
        requestsTotal += request * c;
        count += c;
      }
    }
    if (scaleUpWithUnready) {
      for (let i = 0; i < n; i++) {
        if (cls[i] !== IGNORED) continue;
        const c = cohorts[i]!.count;
        metricsTotal += 0 * c;
        requestsTotal += request * c;
        count += c;
      }
    }
    const newUsageRatio = Math.floor((metricsTotal * 100) / requestsTotal) / target;
    if (within(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) return current;
    const newReplicas = Math.ceil(newUsageRatio * count);
    if ((newUsageRatio < 1.0 && newReplicas > current) || (newUsageRatio > 1.0 && newReplicas < current)) return current;
    return newReplicas;
  }

  // calcPlainMetricReplicas: GetMetricUsageRatio over the ready pods, in pod order.
  const targetUsage = milli(m.target);
  let total = 0;
  for (let i = 0; i < n; i++) if (cls[i] === READY) total += val[i]! * cohorts[i]!.count;
  const usage = Math.floor(total / readyPodCount);
  scratch.current = usage / 1000;
  const usageRatio = usage / targetUsage;
  const scaleUpWithUnready = ignoredGroups > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missingGroups === 0) {
    if (within(tolerances, usageRatio)) return current;
    return Math.ceil(usageRatio * readyPodCount);
  }
  let count = readyPodCount;
  if (missingGroups > 0 && (usageRatio < 1.0 || usageRatio > 1.0)) {
    const fallback = usageRatio < 1.0 ? targetUsage : 0;
    for (let i = 0; i < n; i++) {
      if (cls[i] !== MISSING) continue;
      const c = cohorts[i]!.count;
      total += fallback * c;
      count += c;
    }
  }
  if (scaleUpWithUnready) {
    for (let i = 0; i < n; i++) {
      if (cls[i] !== IGNORED) continue;
      const c = cohorts[i]!.count;
      total += 0 * c;
      count += c;
    }
  }
  const newUsageRatio = Math.floor(total / count) / targetUsage;
  if (within(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) return current;
  const newReplicas = Math.ceil(newUsageRatio * count);
  if ((newUsageRatio < 1.0 && newReplicas > current) || (newUsageRatio > 1.0 && newReplicas < current)) return current;
  return newReplicas;
}

/**
 * `proposeForMetric` for an External or Object metric that has a reading (`total`, in the metric's unit):
 * upstream `GetExternalPerPodMetricReplicas` (AverageValue) or `GetExternalMetricReplicas` (Value) on its
 * one value, without the values array, pod list and result objects. Leaves the usage in `scratch.current`.
 */
export function fastExternalReplicas(
  m: SimMetric,
  total: number,
  cohorts: readonly Cohort[],
  now: number,
  current: number,
  model: WorkloadModel,
  tolerances: Tolerances,
  scratch: PodScratch,
): number {
  const value = milli(total); // the sum of the one value (never -0, so 0 + value is value)
  const target = milli(m.target);
  if (m.targetType === "Value") {
    scratch.current = value / 1000;
    return getUsageRatioReplicaCount(current, value / target, readyPods(cohorts, now, model), tolerances);
  }
  scratch.current = Math.ceil(value / current) / 1000;
  return within(tolerances, value / (target * current)) ? current : Math.ceil(value / target);
}

/** upstream `getReadyPodsCount` over the pods `podGroups` lists: Running and Ready. */
function readyPods(cohorts: readonly Cohort[], now: number, model: WorkloadModel): number {
  let n = 0;
  for (const c of cohorts) {
    const runningAt = c.createdAt + model.pendingSeconds;
    if (now >= runningAt && now >= runningAt + model.startupSeconds) n += c.count;
  }
  return n;
}

/**
 * A sliding-window minimum (or maximum) over timestamped recommendations: a monotonic deque. Upstream
 * scans the whole recommendation slice on every sync and reuses slots older than both windows; only the
 * recommendations newer than a window's cutoff count, so this keeps just the ones that can still be the
 * window's minimum (maximum): pruned to the window, O(1) amortised per sync. Needs increasing `now`.
 */
export class WindowExtreme {
  private readonly ring = new TimedRing();
  constructor(private readonly max: boolean) {}
  /** Drop entries at or before `cutoff`; the extreme of `seed` and the entries left (newer than `cutoff`). */
  extreme(cutoff: number, seed: number): number {
    const ring = this.ring;
    while (ring.size > 0 && ring.time(0) <= cutoff) ring.popFront();
    return this.withSeed(seed);
  }
  /** Drop entries before `cutoff`; the extreme of `seed` and the entries left (at or after `cutoff`: upstream `stabilizeRecommendation`). */
  extremeSince(cutoff: number, seed: number): number {
    const ring = this.ring;
    while (ring.size > 0 && ring.time(0) < cutoff) ring.popFront();
    return this.withSeed(seed);
  }
  /** The oldest entry left is the window's extreme (the deque is monotonic). */
  private withSeed(seed: number): number {
    if (this.ring.size === 0) return seed;
    const v = this.ring.value(0);
    return this.max ? Math.max(v, seed) : Math.min(v, seed);
  }
  push(now: number, value: number): void {
    const ring = this.ring;
    while (ring.size > 0 && (this.max ? ring.value(ring.size - 1) <= value : ring.value(ring.size - 1) >= value)) ring.popBack();
    ring.pushBack(now, value);
  }
  get size(): number {
    return this.ring.size;
  }
}

/**
 * The HPA's state between syncs, owned by one controller and updated in place: the recommendations as
 * the two stabilization windows need them, and the scale-event histories exactly as upstream keeps them
 * (`storeScaleEvent` bounds them by reusing outdated events; which slot is reused matters, since the
 * scale-down limit also reads scale-up events over the scale-down periods).
 */
export class MutableHpaHistory {
  readonly upWindow = new WindowExtreme(false);
  readonly downWindow = new WindowExtreme(true);
  scaleUpEvents: TimestampedScaleEvent[] = [];
  scaleDownEvents: TimestampedScaleEvent[] = [];
}

/** upstream `storeScaleEvent` for one direction, in place (mark outdated, reuse the last outdated slot). */
function storeScaleEventInPlace(events: TimestampedScaleEvent[], rules: HpaScalingRules, change: number, now: number): void {
  const cutoff = now - getLongestPolicyPeriod(rules);
  let oldIndex = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.timestamp < cutoff && !e.outdated) events[i] = { replicaChange: e.replicaChange, timestamp: e.timestamp, outdated: true };
    if (events[i]!.outdated) oldIndex = i;
  }
  const newEvent: TimestampedScaleEvent = { replicaChange: change, timestamp: now, outdated: false };
  if (oldIndex >= 0) events[oldIndex] = newEvent;
  else events.push(newEvent);
}

/**
 * What `reconcileAutoscalerInPlace` returns. A controller passes one of its own, overwritten by every sync
 * (with the rate-limit step's argument and result, reused too), so a sync allocates only for a decision.
 */
export class FastReconcileOutput {
  desiredReplicas = 0;
  metricDesiredReplicas: number | undefined = undefined;
  /** Only when the reference would return it to the simulation: a rescale or FailedComputeMetricsReplicas. */
  decision: Decision | undefined = undefined;
  readonly limited: Decision = { replicas: 0, reason: "", message: "" };
  rateArgs: NormalizationArg | undefined = undefined;
}

/** Fill `out` and return it. */
function output(out: FastReconcileOutput, desiredReplicas: number, metricDesiredReplicas: number | undefined, decision: Decision | undefined): FastReconcileOutput {
  out.desiredReplicas = desiredReplicas;
  out.metricDesiredReplicas = metricDesiredReplicas;
  out.decision = decision;
  return out;
}

/** `convertDesiredReplicasWithBehaviorRate`'s argument, in `out`'s reused object. */
function rateArgs(out: FastReconcileOutput, behavior: HpaBehavior, minReplicas: number, maxReplicas: number, currentReplicas: number, desiredReplicas: number): NormalizationArg {
  const args = (out.rateArgs ??= { scaleUpBehavior: behavior.scaleUp, scaleDownBehavior: behavior.scaleDown, minReplicas, maxReplicas, currentReplicas, desiredReplicas });
  args.scaleUpBehavior = behavior.scaleUp;
  args.scaleDownBehavior = behavior.scaleDown;
  args.minReplicas = minReplicas;
  args.maxReplicas = maxReplicas;
  args.currentReplicas = currentReplicas;
  args.desiredReplicas = desiredReplicas;
  return args;
}

const C = CONDITION;

/**
 * `reconcileAutoscaler` with the history and the HPA's conditions updated in place (`behavior` undefined:
 * the behavior-less path, `stabilizeRecommendation` over the 300 s downscale window and
 * `convertDesiredReplicasWithRules`). Returns what `HpaController` reports: the desired replicas, the
 * recommendation, and the decision (with conditions and metrics) on a rescale or a metrics failure.
 */
export function reconcileAutoscalerInPlace(
  input: ReconcileInput,
  history: MutableHpaHistory,
  conditions: HpaConditions,
  now: number,
  out = new FastReconcileOutput(),
): FastReconcileOutput {
  const { currentReplicas, minReplicas, maxReplicas, behavior } = input;
  let desiredReplicas = 0;
  let rescaleReason = "";
  let metricDesiredReplicas: number | undefined;
  let limitReason = "";
  let rescaleMetric = "";
  let scaleUpReason = false; // rescaleReason = `${rescaleMetric} above target`, built only on a rescale
  let limitMessage = "";
  // AbleToScale SucceededGetScale comes first; every path below that does not end the sync overwrites it
  // (stabilization or rescale), so it is written only where it stands or to keep the conditions' order.
  if (currentReplicas === 0 && minReplicas !== 0) {
    conditions.setAt(ABLE, "True", C.succeededGetScale[2], C.succeededGetScale[3], "");
    conditions.setAt(ACTIVE, "False", C.scalingDisabled[2], C.scalingDisabled[3], "");
    return output(out, 0, undefined, undefined); // ScalingDisabled
  } else if (currentReplicas > maxReplicas) {
    conditions.setAt(ABLE, "True", C.succeededGetScale[2], C.succeededGetScale[3], "");
    rescaleReason = "Current number of replicas above Spec.MaxReplicas";
    desiredReplicas = maxReplicas;
  } else if (currentReplicas < minReplicas) {
    conditions.setAt(ABLE, "True", C.succeededGetScale[2], C.succeededGetScale[3], "");
    rescaleReason = "Current number of replicas below Spec.MinReplicas";
    desiredReplicas = minReplicas;
  } else {
    // computeReplicasForMetrics (inline when every metric is valid: the highest proposal, the first on ties)
    const proposals = input.proposals;
    let replicas = 0;
    let metricName = "";
    for (let i = 0; i < proposals.length; i++) {
      const p = proposals[i]!;
      if (!p.ok) {
        replicas = -1;
        break;
      }
      if (replicas === 0 || p.replicas > replicas) {
        replicas = p.replicas;
        metricName = p.metricName;
      }
    }
    if (replicas < 0 || proposals.length === 0) {
      const computed = computeReplicasForMetrics(proposals, currentReplicas);
      if (!computed.ok) {
        conditions.setAt(ABLE, "True", C.succeededGetScale[2], C.succeededGetScale[3], "");
        conditions.setAt(ACTIVE, computed.condition.status, computed.condition.reason, computed.condition.message, "");
        const decision = { replicas: currentReplicas, reason: "FailedComputeMetricsReplicas", message: computed.error, conditions: conditions.conditions(), metrics: metricStatuses(proposals) };
        return output(out, currentReplicas, undefined, decision);
      }
      replicas = computed.replicas;
      metricName = computed.metricName;
    }
    metricDesiredReplicas = replicas;
    if (replicas > desiredReplicas) {
      desiredReplicas = replicas;
      rescaleMetric = metricName;
    }
    if (desiredReplicas > currentReplicas) scaleUpReason = true;
    if (desiredReplicas < currentReplicas) rescaleReason = "All metrics below target";

    let stabilized: number;
    let able: (typeof C)["readyForNewScale" | "scaleUpStabilized" | "scaleDownStabilized"];
    let limited: Decision;
    if (behavior === undefined) {
      // normalizeDesiredReplicas -> stabilizeRecommendation: the highest recommendation not older than the
      // downscale window (inclusive cutoff), then convertDesiredReplicasWithRules.
      stabilized = history.downWindow.extremeSince(now - DOWNSCALE_WINDOW, desiredReplicas);
      history.downWindow.push(now, desiredReplicas);
      able = stabilized !== desiredReplicas ? C.scaleDownStabilized : C.readyForNewScale;
      limited = convertDesiredReplicasWithRules(currentReplicas, stabilized, minReplicas, maxReplicas, out.limited);
    } else {
      // normalizeDesiredReplicasWithBehaviors -> stabilizeRecommendationWithBehaviors: the lowest
      // recommendation newer than the scale-up cutoff, the highest newer than the scale-down cutoff.
      const upRecommendation = history.upWindow.extreme(now - behavior.scaleUp.stabilizationWindowSeconds, desiredReplicas);
      const downRecommendation = history.downWindow.extreme(now - behavior.scaleDown.stabilizationWindowSeconds, desiredReplicas);
      stabilized = currentReplicas;
      if (stabilized < upRecommendation) stabilized = upRecommendation;
      if (stabilized > downRecommendation) stabilized = downRecommendation;
      history.upWindow.push(now, desiredReplicas);
      history.downWindow.push(now, desiredReplicas);
      able = stabilized === desiredReplicas ? C.readyForNewScale : desiredReplicas >= currentReplicas ? C.scaleUpStabilized : C.scaleDownStabilized;
      limited = convertWithBehaviorRate(rateArgs(out, behavior, minReplicas, maxReplicas, currentReplicas, stabilized), history.scaleUpEvents, history.scaleDownEvents, now, out.limited);
    }
    conditions.computed(metricName, able[2], able[3], limited.replicas !== stabilized, limited.reason, limited.message);
    desiredReplicas = limited.replicas;
    // the event names the rate / bound limit when it applied (or nothing held it), else the stabilization
    const limitApplied = limited.replicas !== stabilized || able === C.readyForNewScale;
    limitReason = limitApplied ? limited.reason : able[2];
    limitMessage = limitApplied ? limited.message : able[3];
  }
  if (desiredReplicas !== currentReplicas) {
    if (scaleUpReason) rescaleReason = `${rescaleMetric} above target`;
    if (behavior !== undefined) {
      if (desiredReplicas > currentReplicas) storeScaleEventInPlace(history.scaleUpEvents, behavior.scaleUp, desiredReplicas - currentReplicas, now);
      else storeScaleEventInPlace(history.scaleDownEvents, behavior.scaleDown, currentReplicas - desiredReplicas, now);
    }
    conditions.setAt(ABLE, "True", "SucceededRescale", RESCALED_PREFIX, String(desiredReplicas));
    const decision = {
      replicas: desiredReplicas,
      reason: "SuccessfulRescale",
      message: rescaleMessage(desiredReplicas, rescaleReason, limitReason === "" ? undefined : { reason: limitReason, message: limitMessage }),
      conditions: conditions.conditions(),
      metrics: metricDesiredReplicas === undefined ? undefined : metricStatuses(input.proposals),
    };
    return output(out, desiredReplicas, metricDesiredReplicas, decision);
  }
  return output(out, desiredReplicas, metricDesiredReplicas, undefined);
}
