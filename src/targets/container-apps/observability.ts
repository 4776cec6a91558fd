/**
 * ScalingPolicy alerts and dashboard → Azure Monitor, as plain objects shaped like the args of
 * `@pulumi/azure-native/monitor` `MetricAlert` (ARM Microsoft.Insights/metricAlerts 2018-03-01) and
 * `ScheduledQueryRule` (log-alerts.ts), and `@pulumi/azure-native/applicationinsights` `Workbook` (workbook.ts).
 * Pure: no Pulumi resource, no I/O.
 *
 * Container Apps exports `Replicas` and `Requests` in namespace `Microsoft.App/containerApps`
 * (https://learn.microsoft.com/azure/container-apps/metrics).
 *
 * - Pinned at max: `Replicas` with **Minimum** aggregation >= `replicas.max` over the window: the lowest replica
 *   count of the whole window was the maximum, i.e. the app stayed at max for `for` (Maximum would fire on one
 *   sample at max). When every scale rule is an http rule, a second criterion (a metric alert's `allOf` is AND)
 *   says the load is above target: at max replicas, `Requests` (Total over the window) above
 *   `threshold × concurrentRequests × max × window seconds` is more than the target's requests per second per
 *   replica, the platform's own http measure. Other rules' values (KEDA scalers) are not Azure metrics.
 * - Flapping and metric unavailable: log search alerts on the environment's system logs (log-alerts.ts).
 * - Metric alert windows come from a fixed set; the policy's `for` maps to the smallest allowed window >= it,
 *   with a warning when that is longer, and is refused beyond 24 h.
 */
import type { PolicyIssue } from "../../policy/errors";
import type { Metric, ScalingPolicy } from "../../types";
import { throwIfIssues, type Diagnostic } from "../types";
import { alertSeverity, roundedWindow, type AlertWindow } from "./alert-settings";
import { compileLogAlerts, type ContainerAppsLogAlert } from "./log-alerts";
import { containerAppsWorkbook } from "./workbook";

export { LOG_ALERT_WINDOWS, systemLogQuery, type ContainerAppsLogAlert, type ContainerAppsLogAlertArgs } from "./log-alerts";

const CONTAINER_APPS_METRIC_NAMESPACE = "Microsoft.App/containerApps";
const PLATFORM = "container-apps";

/** Allowed `windowSize` values of a metric alert, in seconds (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-metric-overview). */
export const METRIC_ALERT_WINDOWS: readonly AlertWindow[] = [
  ["PT1M", 60],
  ["PT5M", 300],
  ["PT15M", 900],
  ["PT30M", 1800],
  ["PT1H", 3600],
  ["PT6H", 21600],
  ["PT12H", 43200],
  ["PT24H", 86400],
];

export interface StaticMetricCriterion {
  criterionType: "StaticThresholdCriterion";
  name: string;
  metricName: string;
  metricNamespace: string;
  timeAggregation: "Average" | "Count" | "Minimum" | "Maximum" | "Total";
  operator: "GreaterThanOrEqual" | "GreaterThan";
  threshold: number;
}

/** `monitor.MetricAlert` args without the inputs the component supplies (resourceGroupName, scopes, actions). */
export interface ContainerAppsMetricAlertArgs {
  description: string;
  severity: number;
  enabled: true;
  autoMitigate: true;
  location: "global";
  evaluationFrequency: string;
  windowSize: string;
  criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"; allOf: StaticMetricCriterion[] };
}

export interface ContainerAppsObservability {
  metricAlerts: { alert: "pinnedAtMax"; name: string; args: ContainerAppsMetricAlertArgs }[];
  /** Log search alerts on the environment's Log Analytics workspace (flapping, metric unavailable). */
  logAlerts: ContainerAppsLogAlert[];
  /** Workbook `displayName` and `serializedData` (the workbook JSON, Notebook/1.0); `{resource}` is the app the workbook's sourceId names. */
  workbook?: { displayName: string; serializedData: string };
  warnings: Diagnostic[];
}

/**
 * Compile the policy's alerts and dashboard for a Container App named `appName` (the system logs' ContainerAppName;
 * default: the policy's service). None fires when min == max.
 */
export function compileContainerAppsObservability(policy: ScalingPolicy, appName: string = policy.service): ContainerAppsObservability {
  const out: ContainerAppsObservability = { metricAlerts: [], logAlerts: [], warnings: [] };
  const issues: PolicyIssue[] = [];
  const alerts = policy.alerts ?? {};
  const { min, max } = policy.scaling?.replicas ?? { min: 0, max: 0 };
  if (min === max) {
    for (const name of ["pinnedAtMax", "metricUnavailable", "flapping"] as const) {
      if (alerts[name]) out.warnings.push({ severity: "info", code: "alert_min_equals_max", path: ["alerts", name], message: `not generated: replicas.min == replicas.max (${max}), the replica count never changes` });
    }
  } else {
    const pinned = pinnedAtMaxAlert(policy, max, { issues, warnings: out.warnings });
    if (pinned) out.metricAlerts.push(pinned);
    out.logAlerts = compileLogAlerts(policy, appName, { issues, warnings: out.warnings });
  }
  if (policy.dashboard) out.workbook = { displayName: policy.dashboard.title ?? `${policy.service} autoscaling`, serializedData: JSON.stringify(containerAppsWorkbook(min, max)) };
  throwIfIssues(issues, PLATFORM, policy.service);
  return out;
}

function pinnedAtMaxAlert(policy: ScalingPolicy, max: number, collect: { issues: PolicyIssue[]; warnings: Diagnostic[] }): ContainerAppsObservability["metricAlerts"][number] | undefined {
  const a = policy.alerts?.pinnedAtMax;
  if (!a) return undefined;
  const severity = alertSeverity(a.severity, ["alerts", "pinnedAtMax", "severity"], collect.issues);
  const window = roundedWindow(a.for, METRIC_ALERT_WINDOWS, ["alerts", "pinnedAtMax", "for"], collect, true);
  if (!window) return undefined;
  const allOf: StaticMetricCriterion[] = [
    { criterionType: "StaticThresholdCriterion", name: "replicas-at-max", metricName: "Replicas", metricNamespace: CONTAINER_APPS_METRIC_NAMESPACE, timeAggregation: "Minimum", operator: "GreaterThanOrEqual", threshold: max },
  ];
  const perReplica = httpTarget(policy.scaling?.metrics ?? []);
  if (perReplica !== undefined) {
    allOf.push({
      criterionType: "StaticThresholdCriterion",
      name: "requests-above-target",
      metricName: "Requests",
      metricNamespace: CONTAINER_APPS_METRIC_NAMESPACE,
      timeAggregation: "Total",
      operator: "GreaterThan",
      threshold: a.threshold * perReplica * max * window[1],
    });
  }
  return {
    alert: "pinnedAtMax",
    name: `${policy.service}-pinned-at-max`,
    args: {
      description: `${policy.service} has run at its maximum of ${max} replicas for ${window[0]}${perReplica !== undefined ? ` with more than ${a.threshold * perReplica} requests per second per replica` : ""}. Raise replicas.max or add capacity.`,
      severity: severity ?? 2,
      enabled: true,
      autoMitigate: true,
      location: "global",
      evaluationFrequency: window[1] >= 300 ? "PT5M" : "PT1M",
      windowSize: window[0],
      criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf },
    },
  };
}

/** The smallest requests-per-second target when every metric compiles to an http rule (else undefined). */
function httpTarget(metrics: readonly Metric[]): number | undefined {
  const http = metrics.filter((m) => m.kind === "requestRate" || (m.kind === "inFlight" && m.protocol !== "tcp"));
  if (http.length === 0 || http.length !== metrics.length) return undefined;
  return Math.min(...http.map((m) => (m as { perReplica: number }).perReplica));
}
