/**
 * The HPA replica calculation, translated from kubernetes/kubernetes
 * pkg/controller/podautoscaler/replica_calculator.go and metrics/utilization.go.
 *
 * Differences from upstream, all on the I/O side, none in the arithmetic:
 * - Metrics arrive as data (pods carry their sample) instead of being fetched from a MetricsClient.
 * - The clock is an argument (`now`, seconds) instead of `time.Now()`.
 * - Pods come in groups (`count` identical pods) so a simulation of 50 pods does 1 group's work, not 50;
 *   every sum and average is weighted by `count`, which is exactly upstream's per-pod arithmetic.
 * - Values are Kubernetes milli-values (integers), as upstream's `MilliValue()`: use `toMilli`.
 */

/** `--horizontal-pod-autoscaler-tolerance` default (replica_calculator.go `defaultTestingTolerance`, the flag's default 0.1). */
export const DEFAULT_TOLERANCE = 0.1;
/** `--horizontal-pod-autoscaler-cpu-initialization-period` default: 5 minutes. */
export const DEFAULT_CPU_INITIALIZATION_PERIOD = 300;
/** `--horizontal-pod-autoscaler-initial-readiness-delay` default: 30 seconds. */
export const DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS = 30;

/**
 * Per-direction tolerance (upstream `Tolerances{scaleDown, scaleUp}`; both default to the cluster flag,
 * per-HPA values need the alpha gate HPAConfigurableTolerance).
 */
export interface Tolerances {
  scaleDown: number;
  scaleUp: number;
}
export const DEFAULT_TOLERANCES: Tolerances = { scaleDown: DEFAULT_TOLERANCE, scaleUp: DEFAULT_TOLERANCE };

/** upstream `Tolerances.isWithin`: no change when (1 - scaleDown) <= ratio <= (1 + scaleUp). */
export function isWithinTolerance(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** One metric sample of a pod (upstream `metricsclient.PodMetric`): milli-value, timestamp and window in seconds. */
export interface PodMetric {
  value: number;
  timestamp: number;
  window: number;
}

/** `count` identical pods (upstream: one `*v1.Pod` each). Times are in seconds on the simulation clock. */
export interface PodGroup {
  count: number;
  phase: "Pending" | "Running" | "Succeeded" | "Failed";
  /** `DeletionTimestamp != nil`. */
  deleting?: boolean;
  /** The PodReady condition: `undefined` when the pod has no such condition yet. */
  readyCondition?: { status: boolean; lastTransitionTime: number };
  /** `pod.Status.StartTime`; `undefined` when not set. */
  startTime?: number;
  /** Sum of the containers' requests for the resource, milli-units (per pod). Needed for Utilization targets. */
  request?: number;
  /** The pod's sample for the metric being computed; `undefined` = missing. */
  metric?: PodMetric;
}

/** Convert a value to the integer milli-value the controller computes with (`resource.Quantity.MilliValue`). */
export function toMilli(value: number): number {
  return Math.floor(value * 1000 + 1e-6);
}

export type ReplicaResult =
  | { ok: true; replicas: number; /** utilization in percent, or average usage in milli-units */ usage: number }
  | { ok: false; error: string };

export interface CalculatorOptions {
  tolerances?: Tolerances;
  cpuInitializationPeriod?: number;
  delayOfInitialReadinessStatus?: number;
}

interface Grouping {
  readyPodCount: number;
  ignored: number[];
  missing: number[];
}

/**
 * upstream `groupPods`: sort pods into ready (with a metric), ignored (Pending, or for CPU: unready /
 * still initialising) and missing (no metric). Deleted and Failed pods are skipped.
 */
export function groupPods(pods: readonly PodGroup[], resource: "cpu" | "memory" | "", now: number, opts: CalculatorOptions = {}): Grouping {
  const cpuInitializationPeriod = opts.cpuInitializationPeriod ?? DEFAULT_CPU_INITIALIZATION_PERIOD;
  const delayOfInitialReadinessStatus = opts.delayOfInitialReadinessStatus ?? DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS;
  let readyPodCount = 0;
  const ignored: number[] = [];
  const missing: number[] = [];
  pods.forEach((pod, i) => {
    if (pod.count <= 0) return;
    if (pod.deleting || pod.phase === "Failed") return;
    // Pending pods are ignored.
    if (pod.phase === "Pending") {
      ignored.push(i);
      return;
    }
    // Pods missing metrics.
    const metric = pod.metric;
    if (!metric) {
      missing.push(i);
      return;
    }
    // Unready pods are ignored (CPU only).
    if (resource === "cpu") {
      let ignorePod: boolean;
      const condition = pod.readyCondition;
      if (!condition || pod.startTime === undefined) {
        ignorePod = true;
      } else if (pod.startTime + cpuInitializationPeriod > now) {
        // Pod still within possible initialisation period: ignore if unready or one window of metric
        // wasn't collected since the last state transition.
        ignorePod = !condition.status || metric.timestamp < condition.lastTransitionTime + metric.window;
      } else {
        // Ignore metric if pod is unready and it has never been ready.
        ignorePod = !condition.status && pod.startTime + delayOfInitialReadinessStatus > condition.lastTransitionTime;
      }
      if (ignorePod) {
        ignored.push(i);
        return;
      }
    }
    readyPodCount += pod.count;
  });
  return { readyPodCount, ignored, missing };
}

/** A weighted metric entry: `count` pods each with `value` (and `request` for utilization). */
interface Entry {
  value: number;
  request: number;
  count: number;
}

/** upstream metrics/utilization.go `GetResourceUtilizationRatio`. */
export function getResourceUtilizationRatio(entries: readonly Entry[], targetUtilization: number): { ratio: number; utilization: number; rawAverage: number } | undefined {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let numEntities = 0;
  for (const e of entries) {
    metricsTotal += e.value * e.count;
    requestsTotal += e.request * e.count;
    numEntities += e.count;
  }
  if (requestsTotal === 0) return undefined;
  const utilization = Math.floor((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / targetUtilization, utilization, rawAverage: Math.floor(metricsTotal / numEntities) };
}

/** upstream metrics/utilization.go `GetMetricUsageRatio` (integer average, as int64 division). */
export function getMetricUsageRatio(entries: readonly Entry[], targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  let n = 0;
  for (const e of entries) {
    total += e.value * e.count;
    n += e.count;
  }
  const usage = Math.floor(total / n);
  return { ratio: usage / targetUsage, usage };
}

function entriesOf(pods: readonly PodGroup[], skip: ReadonlySet<number>): Map<number, Entry> {
  const m = new Map<number, Entry>();
  pods.forEach((p, i) => {
    if (p.metric && !skip.has(i) && p.count > 0) m.set(i, { value: p.metric.value, request: p.request ?? 0, count: p.count });
  });
  return m;
}

/**
 * upstream `ReplicaCalculator.GetResourceReplicas`: a Resource / ContainerResource metric with a
 * `Utilization` target (percent of the pods' requests).
 */
export function getResourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: "cpu" | "memory",
  pods: readonly PodGroup[],
  now: number,
  opts: CalculatorOptions = {},
): ReplicaResult {
  const tolerances = opts.tolerances ?? DEFAULT_TOLERANCES;
  if (pods.every((p) => p.count <= 0)) return { ok: false, error: "no pods returned by selector while calculating replica count" };
  const { readyPodCount, ignored, missing } = groupPods(pods, resource, now, opts);
  const metrics = entriesOf(pods, new Set(ignored)); // removeMetricsForPods(metrics, ignoredPods)
  for (const p of pods) {
    if (p.count > 0 && !(p.request && p.request > 0)) return { ok: false, error: `missing request for ${resource}` };
  }
  if (metrics.size === 0) return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };
  const first = getResourceUtilizationRatio([...metrics.values()], targetUtilization);
  if (!first) return { ok: false, error: "no metrics returned matched known pods" };
  const { ratio: usageRatio, utilization } = first;

  const scaleUpWithUnready = ignored.length > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missing.length === 0) {
    // return the current replicas if the change would be too small
    if (isWithinTolerance(tolerances, usageRatio)) return { ok: true, replicas: currentReplicas, usage: utilization };
    // if we don't have any unready or missing pods, we can calculate the new replica count now
    return { ok: true, replicas: Math.ceil(usageRatio * readyPodCount), usage: utilization };
  }
  if (missing.length > 0) {
    if (usageRatio < 1.0) {
      // on a scale-down, treat missing pods as using 100% (all) of the resource request,
      // or the utilization target for targets higher than 100%
      const fallbackUtilization = Math.max(100, targetUtilization);
      for (const i of missing) {
        const request = pods[i]!.request ?? 0;
        metrics.set(i, { value: Math.floor((request * fallbackUtilization) / 100), request, count: pods[i]!.count });
      }
    } else if (usageRatio > 1.0) {
      // on a scale-up, treat missing pods as using 0% of the resource request
      for (const i of missing) metrics.set(i, { value: 0, request: pods[i]!.request ?? 0, count: pods[i]!.count });
    }
  }
  if (scaleUpWithUnready) {
    // on a scale-up, treat unready pods as using 0% of the resource request
    for (const i of ignored) metrics.set(i, { value: 0, request: pods[i]!.request ?? 0, count: pods[i]!.count });
  }
  // re-run the utilization calculation with our new numbers
  const again = getResourceUtilizationRatio([...metrics.values()], targetUtilization);
  if (!again) return { ok: false, error: "no metrics returned matched known pods" };
  const newUsageRatio = again.ratio;
  if (isWithinTolerance(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    // return the current replicas if the change would be too small, or if the new usage ratio would cause a change in scale direction
    return { ok: true, replicas: currentReplicas, usage: utilization };
  }
  const newReplicas = Math.ceil(newUsageRatio * countOf(metrics));
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    // return the current replicas if the change of metrics length would cause a change in scale direction
    return { ok: true, replicas: currentReplicas, usage: utilization };
  }
  // return the result, where the number of replicas considered is however many replicas factored into our calculation
  return { ok: true, replicas: newReplicas, usage: utilization };
}

function countOf(metrics: Map<number, Entry>): number {
  let n = 0;
  for (const e of metrics.values()) n += e.count;
  return n;
}

/**
 * upstream `calcPlainMetricReplicas`, used by `GetRawResourceReplicas` (Resource metric with an
 * `AverageValue` target; pass the resource) and `GetMetricReplicas` (a `Pods` metric; pass "").
 * `targetUsage` is a milli-value.
 */
export function calcPlainMetricReplicas(
  currentReplicas: number,
  targetUsage: number,
  resource: "cpu" | "memory" | "",
  pods: readonly PodGroup[],
  now: number,
  opts: CalculatorOptions = {},
): ReplicaResult {
  const tolerances = opts.tolerances ?? DEFAULT_TOLERANCES;
  if (pods.every((p) => p.count <= 0)) return { ok: false, error: "no pods returned by selector while calculating replica count" };
  const { readyPodCount, ignored, missing } = groupPods(pods, resource, now, opts);
  const metrics = entriesOf(pods, new Set(ignored));
  if (metrics.size === 0) return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };
  const { ratio: usageRatio, usage } = getMetricUsageRatio([...metrics.values()], targetUsage);

  const scaleUpWithUnready = ignored.length > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { ok: true, replicas: currentReplicas, usage };
    return { ok: true, replicas: Math.ceil(usageRatio * readyPodCount), usage };
  }
  if (missing.length > 0) {
    if (usageRatio < 1.0) {
      // on a scale-down, treat missing pods as using exactly the target amount
      for (const i of missing) metrics.set(i, { value: targetUsage, request: 0, count: pods[i]!.count });
    } else if (usageRatio > 1.0) {
      // on a scale-up, treat missing pods as using 0% of the target
      for (const i of missing) metrics.set(i, { value: 0, request: 0, count: pods[i]!.count });
    }
  }
  if (scaleUpWithUnready) {
    for (const i of ignored) metrics.set(i, { value: 0, request: 0, count: pods[i]!.count });
  }
  const newUsageRatio = getMetricUsageRatio([...metrics.values()], targetUsage).ratio;
  if (isWithinTolerance(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return { ok: true, replicas: currentReplicas, usage };
  }
  const newReplicas = Math.ceil(newUsageRatio * countOf(metrics));
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { ok: true, replicas: currentReplicas, usage };
  }
  return { ok: true, replicas: newReplicas, usage };
}

/** upstream `getReadyPodsCount`: pods Running with PodReady True. */
export function getReadyPodsCount(pods: readonly PodGroup[]): number {
  let n = 0;
  for (const p of pods) if (p.phase === "Running" && p.readyCondition?.status && !p.deleting) n += p.count;
  return n;
}

/**
 * upstream `getUsageRatioReplicaCount` (Object and External metrics with a `Value` target):
 * for currentReplicas = 0 it ignores ready pods and tolerance, to support scaling from zero.
 */
export function getUsageRatioReplicaCount(currentReplicas: number, usageRatio: number, readyPodCount: number, tolerances: Tolerances = DEFAULT_TOLERANCES): number {
  if (currentReplicas !== 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return currentReplicas;
    return Math.ceil(usageRatio * readyPodCount);
  }
  return Math.ceil(usageRatio);
}

/** upstream `GetExternalMetricReplicas` / `GetObjectMetricReplicas` (`Value` target): `values` are milli-values, summed. */
export function getExternalMetricReplicas(currentReplicas: number, targetValue: number, values: readonly number[], pods: readonly PodGroup[], tolerances?: Tolerances): ReplicaResult {
  if (values.length === 0) return { ok: false, error: "no metrics returned from external metrics API" };
  const usage = values.reduce((a, b) => a + b, 0);
  const usageRatio = usage / targetValue;
  return { ok: true, replicas: getUsageRatioReplicaCount(currentReplicas, usageRatio, getReadyPodsCount(pods), tolerances), usage };
}

/**
 * upstream `GetExternalPerPodMetricReplicas` / `GetObjectPerPodMetricReplicas` (`AverageValue` target):
 * compares the total with target x statusReplicas, then proposes ceil(total / target).
 */
export function getExternalPerPodMetricReplicas(statusReplicas: number, targetPerPod: number, values: readonly number[], tolerances: Tolerances = DEFAULT_TOLERANCES): ReplicaResult {
  if (values.length === 0) return { ok: false, error: "no metrics returned from external metrics API" };
  const total = values.reduce((a, b) => a + b, 0);
  let replicaCount = statusReplicas;
  const usageRatio = total / (targetPerPod * replicaCount);
  if (!isWithinTolerance(tolerances, usageRatio)) {
    // update number of replicas if the change is large enough
    replicaCount = Math.ceil(total / targetPerPod);
  }
  return { ok: true, replicas: replicaCount, usage: Math.ceil(total / statusReplicas) };
}
