/**
 * ScalingPolicy alerts and dashboard → Azure Monitor, as plain objects shaped like the args of
 * `@pulumi/azure-native/monitor` `MetricAlert` (ARM Microsoft.Insights/metricAlerts 2018-03-01) and
 * `@pulumi/azure-native/applicationinsights` `Workbook`. Pure: no Pulumi resource, no I/O.
 *
 * Container Apps exports `Replicas` in namespace `Microsoft.App/containerApps`
 * (https://learn.microsoft.com/azure/container-apps/metrics).
 *
 * - Pinned at max: `Replicas` with **Minimum** aggregation >= `replicas.max` over the window: the lowest
 *   replica count of the whole window was the maximum, i.e. the app stayed at max for `for` (Maximum would fire
 *   on one sample at max). The tracked metric above target is not a second criterion: the platform's http rule
 *   divides requests by replicas, which a metric alert cannot do, and KEDA scaler values are not Azure metrics.
 * - Flapping: Azure metric alerts have no "number of changes" aggregation on `Replicas`; not generated, a
 *   warning names the alternative (a Log Analytics query alert counting `ContainerAppSystemLogs` scale events).
 * - Metric unavailable: KEDA scaler errors are not an Azure metric; not generated, a warning names the same
 *   alternative (`ContainerAppSystemLogs` `KEDAScalerFailed` events).
 * - Metric alert windows come from a fixed set; the policy's `for` maps to the smallest allowed window >= it,
 *   with a warning when that is longer, and is refused beyond 24 h.
 */
import type { PolicyIssue } from "../../policy/errors";
import type { ScalingPolicy } from "../../types";
import { throwIfIssues, type Diagnostic } from "../types";

export const CONTAINER_APPS_METRIC_NAMESPACE = "Microsoft.App/containerApps";
const PLATFORM = "container-apps";

/** Allowed `windowSize` values of a metric alert, in seconds (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-metric-overview). */
export const METRIC_ALERT_WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ["PT1M", 60],
  ["PT5M", 300],
  ["PT15M", 900],
  ["PT30M", 1800],
  ["PT1H", 3600],
  ["PT6H", 21600],
  ["PT12H", 43200],
  ["PT24H", 86400],
];

/** Azure Monitor alert severities: 0 critical … 4 verbose. */
const SEVERITY: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3, informational: 3, verbose: 4 };

const LOG_ALTERNATIVE =
  "a Log Analytics scheduled query alert (`Microsoft.Insights/scheduledQueryRules`) on the environment's `ContainerAppSystemLogs` table";

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
  /** Workbook `displayName` and `serializedData` (the workbook JSON, Notebook/1.0); `{resource}` is the app the workbook's sourceId names. */
  workbook?: { displayName: string; serializedData: string };
  warnings: Diagnostic[];
}

/** The smallest allowed window >= `seconds`, or undefined beyond 24 h. */
export function metricAlertWindow(seconds: number): readonly [string, number] | undefined {
  return METRIC_ALERT_WINDOWS.find(([, s]) => s >= seconds);
}

/** Compile the policy's alerts and dashboard for a Container App with `min`..`max` replicas. None fires when min == max. */
export function compileContainerAppsObservability(policy: ScalingPolicy): ContainerAppsObservability {
  const out: ContainerAppsObservability = { metricAlerts: [], warnings: [] };
  const issues: PolicyIssue[] = [];
  const alerts = policy.alerts ?? {};
  const { min, max } = policy.scaling?.replicas ?? { min: 0, max: 0 };
  for (const name of ["pinnedAtMax", "metricUnavailable", "flapping"] as const) {
    if (!alerts[name]) continue;
    if (min === max) {
      out.warnings.push({ severity: "info", code: "alert_min_equals_max", path: ["alerts", name], message: `not generated: replicas.min == replicas.max (${max}), the replica count never changes` });
    } else if (name === "flapping") {
      out.warnings.push({ severity: "warning", code: "alert_not_applicable", path: ["alerts", name], message: `not generated on container-apps: Azure metric alerts cannot count changes of the Replicas metric; use ${LOG_ALTERNATIVE} counting scale events` });
    } else if (name === "metricUnavailable") {
      out.warnings.push({ severity: "warning", code: "alert_not_applicable", path: ["alerts", name], message: `not generated on container-apps: KEDA scaler errors are not an Azure metric; use ${LOG_ALTERNATIVE} on KEDAScalerFailed events` });
    }
  }
  const a = alerts.pinnedAtMax;
  if (a && min !== max) {
    const severity = SEVERITY[a.severity.toLowerCase()];
    if (severity === undefined) {
      issues.push({ code: "unsupported_value", path: ["alerts", "pinnedAtMax", "severity"], message: `must be one of ${Object.keys(SEVERITY).join(", ")} on container-apps (Azure Monitor severities 0..4), got ${JSON.stringify(a.severity)}` });
    }
    const window = metricAlertWindow(a.for);
    if (!window) {
      issues.push({ code: "too_big", path: ["alerts", "pinnedAtMax", "for"], message: `must be at most 24h on container-apps (metric alert windowSize: ${METRIC_ALERT_WINDOWS.map(([w]) => w).join(", ")}), got ${a.for}s` });
    } else {
      if (window[1] !== a.for) {
        out.warnings.push({ severity: "warning", code: "alert_window_rounded", path: ["alerts", "pinnedAtMax", "for"], message: `${a.for}s is not a metric alert window; using ${window[0]} (${window[1]}s), the smallest allowed window above it (allowed: ${METRIC_ALERT_WINDOWS.map(([w]) => w).join(", ")})` });
      }
      out.metricAlerts.push({
        alert: "pinnedAtMax",
        name: `${policy.service}-pinned-at-max`,
        args: {
          description: `${policy.service} has run at its maximum of ${max} replicas for ${window[0]}. Raise replicas.max or add capacity.`,
          severity: severity ?? 2,
          enabled: true,
          autoMitigate: true,
          location: "global",
          evaluationFrequency: window[1] >= 300 ? "PT5M" : "PT1M",
          windowSize: window[0],
          criteria: {
            odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [{ criterionType: "StaticThresholdCriterion", name: "replicas-at-max", metricName: "Replicas", metricNamespace: CONTAINER_APPS_METRIC_NAMESPACE, timeAggregation: "Minimum", operator: "GreaterThanOrEqual", threshold: max }],
          },
        },
      });
    }
  }
  if (policy.dashboard) out.workbook = { displayName: policy.dashboard.title ?? `${policy.service} autoscaling`, serializedData: JSON.stringify(workbook(min, max)) };
  throwIfIssues(issues, PLATFORM, policy.service);
  return out;
}

/** Metric chart of the app's own metrics (workbook item type 10, MetricsItem/2.0; aggregation 3 = Maximum, 4 = Average, 7 = Total). */
function metricChart(title: string, metrics: { metric: string; aggregation: number }[]) {
  return {
    type: 10,
    name: title,
    content: {
      chartId: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      version: "MetricsItem/2.0",
      size: 0,
      chartType: 2,
      resourceType: "microsoft.app/containerapps",
      metricScope: 0,
      resourceIds: ["{resource}"],
      timeContext: { durationMs: 86400000 },
      metrics: metrics.map((m) => ({ namespace: "microsoft.app/containerapps", metric: `microsoft.app/containerapps--${m.metric}`, aggregation: m.aggregation })),
      title,
      gridSettings: { rowLimit: 10000 },
    },
  };
}

function workbook(min: number, max: number) {
  return {
    version: "Notebook/1.0",
    items: [
      { type: 1, name: "bounds", content: { json: `Replicas are held between min ${min} and max ${max}.` } },
      metricChart("Replicas", [{ metric: "Replicas", aggregation: 3 }]),
      metricChart("Requests", [{ metric: "Requests", aggregation: 7 }]),
      metricChart("CPU and memory", [
        { metric: "UsageNanoCores", aggregation: 4 },
        { metric: "WorkingSetBytes", aggregation: 4 },
      ]),
    ],
    isLocked: false,
  };
}
