import type { ScalingPolicy } from "../../../types";
import { workloadRef } from "../../../policy/workload-ref";
import { sortedMap } from "../../output-values";
import type { Diagnostic } from "../../types";
import { pinnedAtMaxRule, podNameRegex, prometheusRuleMetadata } from "../alerts";
import type { Manifest } from "../compile";
import type { MetricPlan } from "../metrics";
import { flappingRule, metricUnavailableRule, type AlertRule } from "./rules";
import type { Watched } from "./queries";

import type { GrafanaDashboard } from "./types";
export type { GrafanaDashboard, PanelQuery } from "./types";
export { flappingRule, metricUnavailableRule, type AlertRule } from "./rules";
export * as queries from "./queries";

/** Label the kube-prometheus-stack Grafana sidecar looks for (chart value `sidecar.dashboards.label`, value "1"). */
export const SIDECAR_LABEL = "grafana_dashboard";
/** Annotation naming the Grafana folder (chart value `sidecar.dashboards.folderAnnotation`). */
export const SIDECAR_FOLDER_ANNOTATION = "grafana_folder";

export interface Observability {
  manifests: Manifest[];
  dashboard?: GrafanaDashboard;
}

/** What the dashboard and the alerts watch: the HPA on the cluster, the ScaledObject, the workload's pods. */
export function watched(policy: ScalingPolicy, hpaName: string, scaledObject: string | undefined): Watched {
  return { namespace: policy.namespace, hpa: hpaName, podRegex: podNameRegex(workloadRef(policy)), ...(scaledObject !== undefined ? { scaledObject } : {}) };
}

/**
 * The PrometheusRule (pinned at max, metric unavailable, flapping: the alerts the policy writes) and the
 * dashboard ConfigMap of an autoscaled service. No alert is generated when min == max: the count never moves.
 */
export function kubernetesObservability(policy: ScalingPolicy, plans: MetricPlan[], w: Watched, warnings: Diagnostic[]): Observability {
  const out: Observability = { manifests: [] };
  const alerts = policy.alerts ?? {};
  const { min, max } = policy.scaling!.replicas;
  const rules: AlertRule[] = [];
  if (alerts.pinnedAtMax) {
    const ruleManifest = pinnedAtMaxRule(policy, plans, w.hpa, warnings);
    rules.push(...((ruleManifest?.spec as { groups: { rules: AlertRule[] }[] } | undefined)?.groups[0]?.rules ?? []));
  }
  for (const name of ["metricUnavailable", "flapping"] as const) {
    if (!alerts[name]) continue;
    if (min === max) {
      warnings.push({ severity: "info", code: "alert_min_equals_max", path: ["alerts", name], message: `not generated: replicas.min == replicas.max (${max}), the replica count never changes` });
      continue;
    }
    rules.push(name === "flapping" ? flappingRule(policy, w, alerts.flapping!) : metricUnavailableRule(policy, w, alerts.metricUnavailable!));
  }
  if (rules.length > 0) out.manifests.push(prometheusRule(policy, rules));
  if (policy.dashboard) {
    out.dashboard = dashboardModule().grafanaDashboard(policy, plans, w);
    out.manifests.push(dashboardConfigMap(policy, out.dashboard));
  }
  return out;
}

let dashboards: typeof import("./dashboard") | undefined;
/** Loaded on first use (the Grafana SDK's builders are about 100 ms of a cold `polyscale render`), then kept: `require` resolves its path on every call. */
function dashboardModule(): typeof import("./dashboard") {
  return (dashboards ??= require("./dashboard") as typeof import("./dashboard"));
}

function prometheusRule(policy: ScalingPolicy, rules: AlertRule[]): Manifest {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: prometheusRuleMetadata(policy),
    spec: { groups: [{ name: `${policy.service}.autoscaling`, rules }] },
  };
}

/** The dashboard as a ConfigMap the kube-prometheus-stack Grafana sidecar loads (`grafana_dashboard: "1"`). */
function dashboardConfigMap(policy: ScalingPolicy, dashboard: GrafanaDashboard): Manifest {
  const d = policy.dashboard!;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `${policy.service}-dashboard`,
      namespace: policy.namespace,
      labels: sortedMap({ ...(d.labels ?? {}), [SIDECAR_LABEL]: "1" }),
      ...(d.folder !== undefined ? { annotations: { [SIDECAR_FOLDER_ANNOTATION]: d.folder } } : {}),
    },
    data: { [`${policy.service}-autoscaling.json`]: JSON.stringify(dashboard, null, 2) },
  };
}
