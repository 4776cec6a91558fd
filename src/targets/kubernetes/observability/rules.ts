import type { FlappingAlert, MetricUnavailableAlert, ScalingPolicy } from "../../../types";
import { numberString, promDuration } from "../../../policy/units";
import { alertStem } from "../alerts";
import { keda, scaleEvents, scalingInactive, type Watched } from "./queries";

/** One Prometheus alerting rule (prometheus-operator `PrometheusRule` `spec.groups[].rules[]`). */
export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** KEDA's error counters are read over this range: an error within it counts as "now". */
const ERROR_RANGE = "5m";

/**
 * The autoscaler cannot read its metrics. HPA: its `ScalingActive` condition is false (the metrics API
 * failed; https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#appendix-horizontal-pod-autoscaler-status-conditions).
 * KEDA: its scalers or the ScaledObject report errors; its HPA's condition counts too unless the service
 * may sit at zero replicas, where KEDA's HPA is inactive by design (reason ScalingDisabled).
 */
export function metricUnavailableRule(policy: ScalingPolicy, w: Watched, alert: MetricUnavailableAlert): AlertRule {
  const exprs = [];
  if (w.scaledObject === undefined || policy.scaling!.replicas.min > 0) exprs.push(scalingInactive(w));
  if (w.scaledObject !== undefined) {
    exprs.push(`sum(${keda.scalerErrors(w, ERROR_RANGE)}) > 0`, `${keda.objectErrors(w, ERROR_RANGE)} > 0`);
  }
  const reader = w.scaledObject !== undefined ? `KEDA ScaledObject ${w.scaledObject}` : `HPA ${w.hpa}`;
  return {
    alert: `${alertStem(policy.service)}ScalingMetricUnavailable`,
    expr: exprs.length === 1 ? exprs[0]! : exprs.map((e) => `(${e})`).join("\nor\n"),
    for: promDuration(alert.for),
    labels: { severity: alert.severity, service: policy.service },
    annotations: {
      summary: `${policy.service} cannot be autoscaled: its scaling metric is unavailable`,
      description:
        `The ${reader} in ${w.namespace} has not been able to read its metrics for ${promDuration(alert.for)}; ` +
        `the replica count is frozen${policy.scaling!.missingMetrics ? " or at its missing-metrics fallback" : ""}. Check the metrics pipeline.`,
    },
  };
}

/** The desired replica count changed more than `maxScaleEvents` times within `window`. */
export function flappingRule(policy: ScalingPolicy, w: Watched, alert: FlappingAlert): AlertRule {
  const window = promDuration(alert.window);
  return {
    alert: `${alertStem(policy.service)}ScalingFlapping`,
    expr: `${scaleEvents(w, window)} > ${numberString(alert.maxScaleEvents)}`,
    for: "0s",
    labels: { severity: alert.severity, service: policy.service },
    annotations: {
      summary: `${policy.service} is scaling up and down too often`,
      description:
        `The autoscaler ${w.hpa} in ${w.namespace} changed its desired replicas more than ${alert.maxScaleEvents} times in ${window}. ` +
        `Lengthen scaleDown.stabilization or widen the target.`,
    },
  };
}
