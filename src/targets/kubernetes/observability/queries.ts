import { numberString } from "../../../policy/units";
import type { LoadContext, MetricPlan } from "../metrics";

/**
 * The PromQL the dashboard and the alerts read, each written once. Series come from the exporters the
 * kube-prometheus-stack installs: kube-state-metrics (`kube_horizontalpodautoscaler_*`,
 * `kube_pod_container_resource_requests`), cAdvisor through the kubelet (`container_*`), and KEDA's
 * operator (`keda_*`, https://keda.sh/docs/latest/integrations/prometheus/).
 */
export interface Watched {
  namespace: string;
  /** The HPA on the cluster (KEDA's own is `keda-hpa-<scaledobject>`). */
  hpa: string;
  /** The ScaledObject, when KEDA is the engine. */
  scaledObject?: string;
  /** Anchored regex of the workload's pod names (see podNameRegex). */
  podRegex: string;
}

/** A range the dashboard reads as Grafana's `$__rate_interval`; alerts pass a fixed one. */
export const RATE_INTERVAL = "$__rate_interval";

const hpaSel = (w: Watched) => `namespace="${w.namespace}",horizontalpodautoscaler="${w.hpa}"`;
const podSel = (w: Watched) => `namespace="${w.namespace}",pod=~"${w.podRegex}"`;
const kedaSel = (w: Watched) => `namespace="${w.namespace}",scaledObject="${w.scaledObject}"`;

export const replicas = {
  current: (w: Watched) => `kube_horizontalpodautoscaler_status_current_replicas{${hpaSel(w)}}`,
  desired: (w: Watched) => `kube_horizontalpodautoscaler_status_desired_replicas{${hpaSel(w)}}`,
  min: (w: Watched) => `kube_horizontalpodautoscaler_spec_min_replicas{${hpaSel(w)}}`,
  max: (w: Watched) => `kube_horizontalpodautoscaler_spec_max_replicas{${hpaSel(w)}}`,
};

/** The HPA's own reading of each metric and its target (kube-state-metrics, per `metric_name`). */
export const hpaMetric = {
  current: (w: Watched) => `kube_horizontalpodautoscaler_status_target_metric{${hpaSel(w)}}`,
  target: (w: Watched) => `kube_horizontalpodautoscaler_spec_target_metric{${hpaSel(w)}}`,
};

/** Scale events: changes of the desired replica count within `range`. */
export const scaleEvents = (w: Watched, range: string) => `changes(${replicas.desired(w)}[${range}])`;

/** The HPA's `ScalingActive` condition is false: it cannot compute a replica count from its metrics. */
export const scalingInactive = (w: Watched) =>
  `kube_horizontalpodautoscaler_status_condition{${hpaSel(w)},condition="ScalingActive",status="false"} == 1`;

const CONTAINERS = `container!="",container!="POD"`;

export const pods = {
  cpuUsage: (w: Watched, range: string) => `sum by (pod) (rate(container_cpu_usage_seconds_total{${podSel(w)},${CONTAINERS}}[${range}]))`,
  cpuRequests: (w: Watched) => `sum by (pod) (kube_pod_container_resource_requests{${podSel(w)},resource="cpu"})`,
  memoryUsage: (w: Watched) => `sum by (pod) (container_memory_working_set_bytes{${podSel(w)},${CONTAINERS}})`,
  memoryRequests: (w: Watched) => `sum by (pod) (kube_pod_container_resource_requests{${podSel(w)},resource="memory"})`,
};

/** KEDA operator metrics of the ScaledObject, per scaler (trigger). */
export const keda = {
  value: (w: Watched) => `keda_scaler_metrics_value{${kedaSel(w)}}`,
  active: (w: Watched) => `keda_scaler_active{${kedaSel(w)}}`,
  scalerErrors: (w: Watched, range: string) => `sum by (scaler, metric) (rate(keda_scaler_detail_errors_total{${kedaSel(w)}}[${range}]))`,
  objectErrors: (w: Watched, range: string) => `sum(rate(keda_scaled_object_errors_total{${kedaSel(w)}}[${range}]))`,
};

/**
 * One metric's source, as its autoscaler reads it, and its target: the per-replica value (total over the
 * current replicas) unless the target is a value for the whole service (utilization, KEDA `Value`).
 */
export interface MetricQuery {
  index: number;
  kind: string;
  value: string;
  target: string;
}

export function metricQueries(plans: MetricPlan[], w: Watched): MetricQuery[] {
  const ctx: LoadContext = { namespace: w.namespace, podRegex: w.podRegex };
  return plans.flatMap((p) => {
    const load = p.load?.(ctx);
    if (!load) return [];
    const value = load.valueTarget ? load.total : `${load.total} / on() group_left() ${replicas.current(w)}`;
    return [{ index: p.index, kind: p.metric.kind, value, target: `vector(${numberString(load.perReplicaTarget)})` }];
  });
}
