/**
 * The HPA's normalization of a metric recommendation, translated from kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal.go. Each function keeps its upstream name; the clock (`now`,
 * seconds) and the histories (recommendations, scale events) are arguments and results instead of
 * controller fields mutated under a lock, so every step is a pure function.
 */
import type { HpaBehavior, HpaScalingRules } from "../../targets/kubernetes/behavior";

/** upstream `timestampedRecommendation`. */
export interface TimestampedRecommendation {
  recommendation: number;
  timestamp: number;
}

/** upstream `timestampedScaleEvent`. */
export interface TimestampedScaleEvent {
  replicaChange: number;
  timestamp: number;
  outdated: boolean;
}

/** An HPA status condition (`status.conditions[]`, what `kubectl describe hpa` lists). */
export interface HpaCondition {
  type: "AbleToScale" | "ScalingActive" | "ScalingLimited";
  status: "True" | "False";
  reason: string;
  message: string;
}

/** One metric as the HPA computed it this sync (`status.currentMetrics[]` plus its proposal or error). */
export interface MetricStatus {
  /** The controller's metric description ("pods metric http_requests_per_second", ...). */
  name: string;
  /** The value the controller read: utilization in percent, else the average (or total, Value targets) in the metric's unit. */
  current?: number;
  /** The target in the same unit. */
  target?: number;
  /** current / target. */
  ratio?: number;
  /** The replicas this metric proposed. */
  replicas?: number;
  /** Why the metric could not be computed (it did not drive the decision). */
  error?: string;
}

/** A decision with the controller's reason code and message (HPA events), its conditions and metrics. */
export interface Decision {
  replicas: number;
  reason: string;
  message: string;
  /** The HPA's conditions after this sync (HPA / KEDA only). */
  conditions?: HpaCondition[];
  /** The metrics behind this sync (HPA / KEDA only). */
  metrics?: MetricStatus[];
}

/** Reasons and messages of upstream horizontal.go `setCondition` calls, written once. */
export const CONDITION = {
  succeededGetScale: ["AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale"],
  readyForNewScale: ["AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size"],
  scaleUpStabilized: ["AbleToScale", "True", "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation"],
  scaleDownStabilized: ["AbleToScale", "True", "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"],
  scalingDisabled: ["ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero"],
} as const satisfies Record<string, readonly [HpaCondition["type"], HpaCondition["status"], string, string]>;

/** `SucceededRescale`: "the HPA controller was able to update the target scale to %d". */
export function succeededRescale(replicas: number): HpaCondition {
  return { type: "AbleToScale", status: "True", reason: "SucceededRescale", message: `the HPA controller was able to update the target scale to ${replicas}` };
}

/** `ValidMetricFound`: "the HPA was able to successfully calculate a replica count from %s". */
export function validMetricFound(metric: string): HpaCondition {
  return { type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: VALID_METRIC_MESSAGE + metric };
}

const CONDITION_TYPES = ["AbleToScale", "ScalingActive", "ScalingLimited"] as const;
const VALID_METRIC_MESSAGE = "the HPA was able to successfully calculate a replica count from ";
const typeIndex = (type: HpaCondition["type"]): number => (type === "AbleToScale" ? 0 : type === "ScalingActive" ? 1 : 2);

/**
 * The HPA object's conditions across syncs: upstream `setConditionInList` updates a condition in place
 * (a type keeps its position in the list) or appends it. Set on every sync, so it keeps plain fields and
 * builds the condition objects (and a message's `suffix`, e.g. ValidMetricFound's metric) only in
 * `conditions()`, which returns a copy.
 */
export class HpaConditions {
  static readonly ABLE_TO_SCALE = 0;
  static readonly SCALING_ACTIVE = 1;
  static readonly SCALING_LIMITED = 2;
  private readonly order: number[] = [];
  private seen = 0;
  private readonly status: Array<HpaCondition["status"]> = ["True", "True", "True"];
  private readonly reason: string[] = ["", "", ""];
  private readonly message: string[] = ["", "", ""];
  private readonly suffix: string[] = ["", "", ""];
  set(type: HpaCondition["type"], status: HpaCondition["status"], reason: string, message: string): void {
    this.setAt(typeIndex(type), status, reason, message, "");
  }
  /** `set` by type index (ABLE_TO_SCALE, SCALING_ACTIVE, SCALING_LIMITED), the message built later as message + suffix. */
  setAt(i: number, status: HpaCondition["status"], reason: string, message: string, suffix: string): void {
    if ((this.seen & (1 << i)) === 0) {
      this.seen |= 1 << i;
      this.order.push(i);
    }
    this.status[i] = status;
    this.reason[i] = reason;
    this.message[i] = message;
    this.suffix[i] = suffix;
  }
  /**
   * The three conditions a sync that computed a recommendation sets (hot path, one call): ScalingActive
   * ValidMetricFound from `metric`, AbleToScale, and ScalingLimited (True when `limited`).
   */
  computed(metric: string, ableReason: string, ableMessage: string, limited: boolean, limitReason: string, limitMessage: string): void {
    if (this.seen !== 7) {
      this.setAt(0, "True", ableReason, ableMessage, "");
      this.setAt(1, "True", "ValidMetricFound", VALID_METRIC_MESSAGE, metric);
      this.setAt(2, limited ? "True" : "False", limitReason, limitMessage, "");
      return;
    }
    const reason = this.reason;
    const message = this.message;
    const suffix = this.suffix;
    const status = this.status;
    status[1] = "True";
    reason[1] = "ValidMetricFound";
    message[1] = VALID_METRIC_MESSAGE;
    suffix[1] = metric;
    status[0] = "True";
    reason[0] = ableReason;
    message[0] = ableMessage;
    suffix[0] = "";
    status[2] = limited ? "True" : "False";
    reason[2] = limitReason;
    message[2] = limitMessage;
  }
  /** Whether the condition at index `i` is in the list yet. */
  has(i: number): boolean {
    return (this.seen & (1 << i)) !== 0;
  }
  apply(c: HpaCondition | readonly [HpaCondition["type"], HpaCondition["status"], string, string]): void {
    if (Array.isArray(c)) this.set(c[0], c[1], c[2], c[3]);
    else {
      const x = c as HpaCondition;
      this.set(x.type, x.status, x.reason, x.message);
    }
  }
  conditions(): HpaCondition[] {
    return this.order.map((i) => ({ type: CONDITION_TYPES[i]!, status: this.status[i]!, reason: this.reason[i]!, message: this.message[i]! + this.suffix[i]! }));
  }
}

/** upstream `NormalizationArg` (minus `Key`: one simulator instance is one HPA). */
export interface NormalizationArg {
  scaleUpBehavior: HpaScalingRules;
  scaleDownBehavior: HpaScalingRules;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
}

/** upstream `scaleUpLimitFactor` / `scaleUpLimitMinimum`, used only without `behavior`. */
export const SCALE_UP_LIMIT_FACTOR = 2.0;
export const SCALE_UP_LIMIT_MINIMUM = 4.0;
/** `--horizontal-pod-autoscaler-downscale-stabilization` default. */
export const DEFAULT_DOWNSCALE_STABILIZATION_WINDOW = 300;
/** `--horizontal-pod-autoscaler-sync-period` default. */
export const DEFAULT_SYNC_PERIOD = 15;

/** upstream `getReplicasChangePerPeriod`: replicas changed by events strictly newer than now - period. */
export function getReplicasChangePerPeriod(periodSeconds: number, scaleEvents: readonly TimestampedScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds;
  let replicas = 0;
  for (const rec of scaleEvents) if (rec.timestamp > cutoff) replicas += rec.replicaChange;
  return replicas;
}

/** upstream `getLongestPolicyPeriod`. */
export function getLongestPolicyPeriod(rules: HpaScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** upstream `markScaleEventsOutdated`: events older than the longest policy period may be reused. */
export function markScaleEventsOutdated(scaleEvents: readonly TimestampedScaleEvent[], longestPolicyPeriod: number, now: number): TimestampedScaleEvent[] {
  const cutoff = now - longestPolicyPeriod;
  return scaleEvents.map((e) => (e.timestamp < cutoff ? { ...e, outdated: true } : e));
}

/**
 * upstream `storeScaleEvent`: record a scale event in the up or down history, replacing the last
 * outdated one (so the history never grows beyond what the longest policy period needs).
 */
export function storeScaleEvent(
  behavior: HpaBehavior | undefined,
  history: { scaleUpEvents: readonly TimestampedScaleEvent[]; scaleDownEvents: readonly TimestampedScaleEvent[] },
  prevReplicas: number,
  newReplicas: number,
  now: number,
): { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] } {
  const up = [...history.scaleUpEvents];
  const down = [...history.scaleDownEvents];
  if (!behavior) return { scaleUpEvents: up, scaleDownEvents: down }; // we should not store any event as they will not be used
  const store = (events: TimestampedScaleEvent[], rules: HpaScalingRules, change: number) => {
    const marked = markScaleEventsOutdated(events, getLongestPolicyPeriod(rules), now);
    let oldIndex = -1;
    marked.forEach((e, i) => {
      if (e.outdated) oldIndex = i;
    });
    const newEvent: TimestampedScaleEvent = { replicaChange: change, timestamp: now, outdated: false };
    if (oldIndex >= 0) marked[oldIndex] = newEvent;
    else marked.push(newEvent);
    return marked;
  };
  if (newReplicas > prevReplicas) return { scaleUpEvents: store(up, behavior.scaleUp, newReplicas - prevReplicas), scaleDownEvents: down };
  return { scaleUpEvents: up, scaleDownEvents: store(down, behavior.scaleDown, prevReplicas - newReplicas) };
}

/**
 * upstream `calculateScaleUpLimitWithScalingRules`: the most replicas the policies allow now, counted
 * from the replicas at the start of each policy's period (current - added + deleted in the period).
 */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  rules: HpaScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return currentReplicas; // Scaling is disabled
  // For scaling up, the lowest change ('Min' policy) produces a minimum value; the default ('Max') the highest.
  const min = rules.selectPolicy === "Min";
  let result = min ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const policy of rules.policies) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    const proposed =
      policy.type === "Pods"
        ? periodStartReplicas + policy.value
        : // the proposal has to be rounded up because the proposed change might not increase the replica count causing the target to never scale up
          Math.ceil(periodStartReplicas * (1 + policy.value / 100));
    result = min ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** upstream `calculateScaleDownLimitWithBehaviors`: the fewest replicas the policies allow now. */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  rules: HpaScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return currentReplicas; // Scaling is disabled
  // For scaling down, the lowest change ('Min' policy) produces a maximum value; the default ('Max') the lowest.
  const min = rules.selectPolicy === "Min";
  let result = min ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (const policy of rules.policies) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    // int32(float64(...)) truncates toward zero
    const proposed = policy.type === "Pods" ? periodStartReplicas - policy.value : Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    result = min ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/**
 * upstream `stabilizeRecommendationWithBehaviors`: the lowest recommendation within the scale-up window
 * bounds scale-up, the highest within the scale-down window bounds scale-down. Returns the new
 * recommendation history (the unstabilized recommendation replaces a slot older than both windows, or is appended).
 */
export function stabilizeRecommendationWithBehaviors(
  args: Pick<NormalizationArg, "scaleUpBehavior" | "scaleDownBehavior" | "currentReplicas" | "desiredReplicas">,
  recommendations: readonly TimestampedRecommendation[],
  now: number,
): Decision & { recommendations: TimestampedRecommendation[] } {
  let foundOldSample = false;
  let oldSampleIndex = 0;
  let upRecommendation = args.desiredReplicas;
  const upCutoff = now - args.scaleUpBehavior.stabilizationWindowSeconds;
  let downRecommendation = args.desiredReplicas;
  const downCutoff = now - args.scaleDownBehavior.stabilizationWindowSeconds;
  recommendations.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) {
      foundOldSample = true;
      oldSampleIndex = i;
    }
  });
  // Bring the recommendation to within the upper and lower limits (stabilize).
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;
  // Record the unstabilized recommendation.
  const next = [...recommendations];
  const entry = { recommendation: args.desiredReplicas, timestamp: now };
  if (foundOldSample) next[oldSampleIndex] = entry;
  else next.push(entry);
  if (args.desiredReplicas >= args.currentReplicas) {
    return { replicas: recommendation, reason: "ScaleUpStabilized", message: "recent recommendations were lower than current one, applying the lowest recent recommendation", recommendations: next };
  }
  return { replicas: recommendation, reason: "ScaleDownStabilized", message: "recent recommendations were higher than current one, applying the highest recent recommendation", recommendations: next };
}

/**
 * upstream `convertDesiredReplicasWithBehaviorRate`: apply the scale-up / scale-down rate limits over
 * the event history, then min/max. It does not consider stabilization (done separately).
 */
export function convertDesiredReplicasWithBehaviorRate(
  args: NormalizationArg,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  now: number,
  out: Decision = { replicas: 0, reason: "", message: "" },
): Decision {
  if (args.desiredReplicas > args.currentReplicas) {
    let scaleUpLimit = calculateScaleUpLimitWithScalingRules(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleUpBehavior, now);
    // We shouldn't scale up further until the scaleUpEvents will be cleaned up
    if (scaleUpLimit < args.currentReplicas) scaleUpLimit = args.currentReplicas;
    let maximumAllowedReplicas = args.maxReplicas;
    let reason: string;
    let message: string;
    if (maximumAllowedReplicas > scaleUpLimit) {
      maximumAllowedReplicas = scaleUpLimit;
      reason = "ScaleUpLimit";
      message = "the desired replica count is increasing faster than the maximum scale rate";
    } else {
      reason = "TooManyReplicas";
      message = "the desired replica count is more than the maximum replica count";
    }
    if (args.desiredReplicas > maximumAllowedReplicas) return decide(out, maximumAllowedReplicas, reason, message);
  } else if (args.desiredReplicas < args.currentReplicas) {
    let scaleDownLimit = calculateScaleDownLimitWithBehaviors(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleDownBehavior, now);
    // We shouldn't scale down further until the scaleDownEvents will be cleaned up
    if (scaleDownLimit > args.currentReplicas) scaleDownLimit = args.currentReplicas;
    let minimumAllowedReplicas = args.minReplicas;
    let reason: string;
    let message: string;
    if (minimumAllowedReplicas < scaleDownLimit) {
      minimumAllowedReplicas = scaleDownLimit;
      reason = "ScaleDownLimit";
      message = "the desired replica count is decreasing faster than the maximum scale rate";
    } else {
      reason = "TooFewReplicas";
      message = "the desired replica count is less than the minimum replica count";
    }
    if (args.desiredReplicas < minimumAllowedReplicas) return decide(out, minimumAllowedReplicas, reason, message);
  }
  return decide(out, args.desiredReplicas, "DesiredWithinRange", "the desired count is within the acceptable range");
}

/**
 * Write a limit decision into `out` and return it: the `convert*` functions fill the caller's object when
 * given one (the simulator's hot path reuses one per controller), a fresh one otherwise.
 */
function decide(out: Decision, replicas: number, reason: string, message: string): Decision {
  out.replicas = replicas;
  out.reason = reason;
  out.message = message;
  return out;
}

/** The HPA's state between syncs: what upstream keeps in `a.recommendations`, `a.scaleUpEvents`, `a.scaleDownEvents`. */
export interface HpaHistory {
  recommendations: TimestampedRecommendation[];
  scaleUpEvents: TimestampedScaleEvent[];
  scaleDownEvents: TimestampedScaleEvent[];
}

export const EMPTY_HISTORY: HpaHistory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };

/**
 * upstream `normalizeDesiredReplicasWithBehaviors`: stabilize over the recommendation history, then
 * apply the rate limits and min/max. Returns the AbleToScale and ScalingLimited conditions.
 */
export function normalizeDesiredReplicasWithBehaviors(
  args: NormalizationArg,
  history: HpaHistory,
  now: number,
): { replicas: number; ableToScale: Decision; scalingLimited: Decision & { limited: boolean }; recommendations: TimestampedRecommendation[] } {
  const stabilized = stabilizeRecommendationWithBehaviors(args, history.recommendations, now);
  const ableToScale: Decision =
    stabilized.replicas !== args.desiredReplicas
      ? { replicas: stabilized.replicas, reason: stabilized.reason, message: stabilized.message } // "ScaleUpStabilized" || "ScaleDownStabilized"
      : { replicas: stabilized.replicas, reason: "ReadyForNewScale", message: "recommended size matches current size" };
  const limited = convertDesiredReplicasWithBehaviorRate({ ...args, desiredReplicas: stabilized.replicas }, history.scaleUpEvents, history.scaleDownEvents, now);
  return {
    replicas: limited.replicas,
    ableToScale,
    scalingLimited: { ...limited, limited: limited.replicas !== stabilized.replicas },
    recommendations: stabilized.recommendations,
  };
}

/** upstream `calculateScaleUpLimit` (no `behavior`): at most double, at least 4. */
export function calculateScaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM));
}

/** upstream `convertDesiredReplicasWithRules`: min/max and the fixed scale-up limit, for an HPA without `behavior`. */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  hpaMinReplicas: number,
  hpaMaxReplicas: number,
  out: Decision = { replicas: 0, reason: "", message: "" },
): Decision {
  const minimumAllowedReplicas = hpaMinReplicas;
  // Do not scaleup too much to prevent incorrect rapid increase of the number of master replicas caused by
  // bogus CPU usage report from heapster/kubelet (like in issue #32304).
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas);
  let maximumAllowedReplicas: number;
  let reason: string;
  let message: string;
  if (hpaMaxReplicas > scaleUpLimit) {
    maximumAllowedReplicas = scaleUpLimit;
    reason = "ScaleUpLimit";
    message = "the desired replica count is increasing faster than the maximum scale rate";
  } else {
    maximumAllowedReplicas = hpaMaxReplicas;
    reason = "TooManyReplicas";
    message = "the desired replica count is more than the maximum replica count";
  }
  if (desiredReplicas < minimumAllowedReplicas) {
    return decide(out, minimumAllowedReplicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
  } else if (desiredReplicas > maximumAllowedReplicas) {
    return decide(out, maximumAllowedReplicas, reason, message);
  }
  return decide(out, desiredReplicas, "DesiredWithinRange", "the desired count is within the acceptable range");
}

/**
 * upstream `stabilizeRecommendation` (no `behavior`): the highest recommendation within the downscale
 * stabilization window.
 */
export function stabilizeRecommendation(
  prenormalizedDesiredReplicas: number,
  recommendations: readonly TimestampedRecommendation[],
  now: number,
  downscaleStabilisationWindow = DEFAULT_DOWNSCALE_STABILIZATION_WINDOW,
): { replicas: number; recommendations: TimestampedRecommendation[] } {
  let maxRecommendation = prenormalizedDesiredReplicas;
  let foundOldSample = false;
  let oldSampleIndex = 0;
  const cutoff = now - downscaleStabilisationWindow;
  recommendations.forEach((rec, i) => {
    if (rec.timestamp < cutoff) {
      foundOldSample = true;
      oldSampleIndex = i;
    } else if (rec.recommendation > maxRecommendation) {
      maxRecommendation = rec.recommendation;
    }
  });
  const next = [...recommendations];
  const entry = { recommendation: prenormalizedDesiredReplicas, timestamp: now };
  if (foundOldSample) next[oldSampleIndex] = entry;
  else next.push(entry);
  return { replicas: maxRecommendation, recommendations: next };
}

/**
 * One metric's proposal (upstream `computeReplicasForMetric`): replicas, a name for messages and the value
 * read (`current` / `target`, in the metric's display unit), or an error with the ScalingActive reason
 * upstream sets for it (`FailedGetPodsMetric`, `FailedGetResourceMetric`, `FailedGetExternalMetric`...).
 */
export type MetricProposal =
  | { ok: true; replicas: number; metricName: string; current?: number; target?: number }
  | { ok: false; error: string; metricName: string; reason?: string };

/** The ScalingActive condition upstream `getUnableComputeReplicaCountCondition` builds for a failed metric. */
export function unableToComputeCondition(p: { error: string; reason?: string }): HpaCondition {
  return { type: "ScalingActive", status: "False", reason: p.reason ?? "FailedGetExternalMetric", message: `the HPA was unable to compute the replica count: ${p.error}` };
}

/** The metrics of one sync as `Decision.metrics` reports them. */
export function metricStatuses(proposals: readonly MetricProposal[]): MetricStatus[] {
  return proposals.map((p) => {
    if (!p.ok) return { name: p.metricName, error: p.error };
    const s: MetricStatus = { name: p.metricName, replicas: p.replicas };
    if (p.current !== undefined) s.current = p.current;
    if (p.target !== undefined) s.target = p.target;
    if (p.current !== undefined && p.target !== undefined && p.target !== 0) s.ratio = p.current / p.target;
    return s;
  });
}

/**
 * upstream `computeReplicasForMetrics`: the highest proposal wins. If every metric is invalid, or some
 * are invalid and the valid ones would scale down, the controller does not act (returns the error).
 */
export function computeReplicasForMetrics(proposals: readonly MetricProposal[], specReplicas: number): { ok: true; replicas: number; metricName: string } | { ok: false; error: string; condition: HpaCondition } {
  let replicas = 0;
  let metricName = "";
  let invalidMetricsCount = 0;
  let invalidMetricError = "";
  let invalidMetricCondition: HpaCondition | undefined;
  for (const p of proposals) {
    if (!p.ok) {
      if (invalidMetricsCount <= 0) {
        invalidMetricError = `${p.metricName}: ${p.error}`;
        invalidMetricCondition = unableToComputeCondition(p);
      }
      invalidMetricsCount++;
      continue;
    }
    if (replicas === 0 || p.replicas > replicas) {
      replicas = p.replicas;
      metricName = p.metricName;
    }
  }
  // If all metrics are invalid or some are invalid and we would scale down, return error.
  if (invalidMetricsCount >= proposals.length || (invalidMetricsCount > 0 && replicas < specReplicas)) {
    return {
      ok: false,
      error: `invalid metrics (${invalidMetricsCount} invalid out of ${proposals.length}), first error is: ${invalidMetricError}`,
      condition: invalidMetricCondition ?? { type: "ScalingActive", status: "False", reason: "FailedGetExternalMetric", message: "the HPA was unable to compute the replica count: no metrics" },
    };
  }
  return { ok: true, replicas, metricName };
}

/**
 * upstream `recordInitialRecommendation`: the first sync of an HPA (no history yet: upstream's nil
 * `recommendations[key]`) records the current replica count as a recommendation, so an HPA created
 * above what the load needs holds for its first scale-down window. `EMPTY_HISTORY` stands for upstream's
 * non-nil empty slice (an HPA already synced), as the upstream tests use it.
 */
export function recordInitialRecommendation(history: HpaHistory | undefined, currentReplicas: number, now: number): HpaHistory {
  if (history !== undefined) return history;
  return { recommendations: [{ recommendation: currentReplicas, timestamp: now }], scaleUpEvents: [], scaleDownEvents: [] };
}

export interface ReconcileInput {
  /** `scale.Spec.Replicas`. */
  currentReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  /** The HPA's `spec.behavior` (complete, as the API server defaults it), or undefined (nil) for the behavior-less path. */
  behavior?: HpaBehavior;
  proposals: readonly MetricProposal[];
}

export interface ReconcileOutput {
  /** Desired replicas to write to the scale subresource. */
  desiredReplicas: number;
  /** Max over metrics before normalization (`metricDesiredReplicas`), when computed. */
  metricDesiredReplicas?: number;
  rescale: boolean;
  /** The event or condition explaining the outcome (SuccessfulRescale, FailedComputeMetricsReplicas, a ScalingLimited reason...). */
  decision: Decision;
  /** The `setCondition` calls of this sync, in order (apply them to the HPA's conditions with `HpaConditions.apply`). */
  conditions: HpaCondition[];
  history: HpaHistory;
}

const cond = (c: readonly [HpaCondition["type"], HpaCondition["status"], string, string]): HpaCondition => ({ type: c[0], status: c[1], reason: c[2], message: c[3] });
const limitedCondition = (d: Decision, limited: boolean): HpaCondition => ({ type: "ScalingLimited", status: limited ? "True" : "False", reason: d.reason, message: d.message });

/**
 * One sync of upstream `reconcileAutoscaler` (after the scale subresource is read and metrics are
 * computed): out-of-range handling, max over metrics, normalization, and the scale-event record.
 */
export function reconcileAutoscaler(input: ReconcileInput, history: HpaHistory, now: number): ReconcileOutput {
  const { currentReplicas, minReplicas, maxReplicas, behavior } = input;
  let desiredReplicas = 0;
  let rescaleReason = "";
  let metricDesiredReplicas: number | undefined;
  let limitDecision: Decision | undefined;
  let next: HpaHistory = history;
  const conditions: HpaCondition[] = [cond(CONDITION.succeededGetScale)];
  if (currentReplicas === 0 && minReplicas !== 0) {
    // Autoscaling is disabled for this resource
    conditions.push(cond(CONDITION.scalingDisabled));
    return {
      desiredReplicas: 0,
      rescale: false,
      decision: { replicas: 0, reason: "ScalingDisabled", message: CONDITION.scalingDisabled[3] },
      conditions,
      history,
    };
  } else if (currentReplicas > maxReplicas) {
    rescaleReason = "Current number of replicas above Spec.MaxReplicas";
    desiredReplicas = maxReplicas;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = "Current number of replicas below Spec.MinReplicas";
    desiredReplicas = minReplicas;
  } else {
    const computed = computeReplicasForMetrics(input.proposals, currentReplicas);
    if (!computed.ok) {
      conditions.push(computed.condition);
      return {
        desiredReplicas: currentReplicas,
        rescale: false,
        decision: { replicas: currentReplicas, reason: "FailedComputeMetricsReplicas", message: computed.error },
        conditions,
        history,
      };
    }
    conditions.push(validMetricFound(computed.metricName));
    metricDesiredReplicas = computed.replicas;
    let rescaleMetric = "";
    if (computed.replicas > desiredReplicas) {
      desiredReplicas = computed.replicas;
      rescaleMetric = computed.metricName;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = "All metrics below target";
    if (behavior) {
      const n = normalizeDesiredReplicasWithBehaviors(
        { scaleUpBehavior: behavior.scaleUp, scaleDownBehavior: behavior.scaleDown, minReplicas, maxReplicas, currentReplicas, desiredReplicas },
        history,
        now,
      );
      desiredReplicas = n.replicas;
      limitDecision = n.scalingLimited.limited ? n.scalingLimited : n.ableToScale.reason !== "ReadyForNewScale" ? n.ableToScale : n.scalingLimited;
      conditions.push({ type: "AbleToScale", status: "True", reason: n.ableToScale.reason, message: n.ableToScale.message });
      conditions.push(limitedCondition(n.scalingLimited, n.scalingLimited.limited));
      next = { ...history, recommendations: n.recommendations };
    } else {
      // upstream `normalizeDesiredReplicas`
      const s = stabilizeRecommendation(desiredReplicas, history.recommendations, now);
      conditions.push(cond(s.replicas !== desiredReplicas ? CONDITION.scaleDownStabilized : CONDITION.readyForNewScale));
      const c = convertDesiredReplicasWithRules(currentReplicas, s.replicas, minReplicas, maxReplicas);
      conditions.push(limitedCondition(c, c.replicas !== s.replicas));
      desiredReplicas = c.replicas;
      limitDecision = c.replicas !== s.replicas ? c : s.replicas !== metricDesiredReplicas ? { replicas: s.replicas, reason: CONDITION.scaleDownStabilized[2], message: CONDITION.scaleDownStabilized[3] } : c;
      next = { ...history, recommendations: s.recommendations };
    }
  }
  const rescale = desiredReplicas !== currentReplicas;
  if (rescale) {
    conditions.push(succeededRescale(desiredReplicas));
    next = { ...next, ...storeScaleEvent(behavior, next, currentReplicas, desiredReplicas, now) };
    return {
      desiredReplicas,
      metricDesiredReplicas,
      rescale,
      decision: { replicas: desiredReplicas, reason: "SuccessfulRescale", message: rescaleMessage(desiredReplicas, rescaleReason, limitDecision) },
      conditions,
      history: next,
    };
  }
  return {
    desiredReplicas,
    metricDesiredReplicas,
    rescale,
    decision: limitDecision ?? { replicas: desiredReplicas, reason: "DesiredWithinRange", message: "the desired count is within the acceptable range" },
    conditions,
    history: next,
  };
}

/**
 * What the simulation reports of one `reconcileAutoscaler` sync once its condition updates are applied to
 * the HPA's `conditions`: the decision on a rescale or a metrics failure (with the conditions and the
 * metrics behind it), else nothing.
 */
export function reportedDecision(out: ReconcileOutput, conditions: HpaConditions, proposals: readonly MetricProposal[]): Decision | undefined {
  for (const c of out.conditions) conditions.apply(c);
  if (!out.rescale && out.decision.reason !== "FailedComputeMetricsReplicas") return undefined;
  const metrics = out.metricDesiredReplicas === undefined && out.rescale ? undefined : metricStatuses(proposals);
  return { ...out.decision, conditions: conditions.conditions(), metrics };
}

/** The `SuccessfulRescale` event ("New size: %d; reason: %s"), with the limit that applied, if any. */
export function rescaleMessage(desiredReplicas: number, rescaleReason: string, limit: { reason: string; message: string } | undefined): string {
  const limited = limit !== undefined && limit.reason !== "DesiredWithinRange" && limit.reason !== "ReadyForNewScale";
  return `New size: ${desiredReplicas}; reason: ${rescaleReason}` + (limited ? ` (${limit.reason}: ${limit.message})` : "");
}
