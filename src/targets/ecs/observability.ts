/**
 * ScalingPolicy alerts and dashboard → CloudWatch, as plain objects shaped like the args of `@pulumi/aws`
 * `cloudwatch.MetricAlarm` and `cloudwatch.Dashboard`. Pure: no Pulumi resource, no I/O. The alarm actions
 * (SNS topic ARNs) are the component's input, added there.
 *
 * - Pinned at max: metric math over Container Insights' `RunningTaskCount` and each target-tracking policy's
 *   metric: `IF(tasks >= maxCapacity AND (metric > target * threshold OR ...), 1, 0)`.
 * - Metric unavailable: the tracked metric's INSUFFICIENT_DATA state (`treatMissingData: missing`, a
 *   threshold real data never crosses), so the component's actions go to `insufficientDataActions`.
 * - Flapping: Container Insights' `DesiredTaskCount` changes (`IF(DIFF(desired) != 0, 1, 0)` per minute),
 *   alarming when more than `maxScaleEvents` of the window's one-minute datapoints saw a change.
 * Container Insights must be enabled on the cluster for `RunningTaskCount` / `DesiredTaskCount`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */
import type { PolicyIssue } from "../../policy/errors";
import { numberString } from "../../policy/units";
import type { ScalingPolicy } from "../../types";
import { throwIfIssues, type Diagnostic } from "../types";
import type { EcsPolicyArgs, EcsScaling, MetricDataQuery, Named } from "./args";

/** CloudWatch evaluates alarms over one-minute periods here; an alarm looks back at most one day. */
export const ALARM_PERIOD = 60;
const MAX_EVALUATION_SECONDS = 86400;

/** One `metricQueries` entry of `aws.cloudwatch.MetricAlarm` (the provider's shape: dimensions as a map). */
export interface AlarmQuery {
  id: string;
  expression?: string;
  label?: string;
  returnData: boolean;
  metric?: { namespace: string; metricName: string; dimensions?: Record<string, string>; period: number; stat: string; unit?: string };
}

export interface EcsAlarmArgs {
  name: string;
  alarmDescription: string;
  comparisonOperator: "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: "missing" | "notBreaching";
  metricQueries: AlarmQuery[];
}

/** Which actions of the alarm the component fills with the SNS topics. */
export type AlarmActionsOn = "alarm" | "insufficientData";

export interface EcsAlarm {
  alert: "pinnedAtMax" | "metricUnavailable" | "flapping";
  actionsOn: AlarmActionsOn;
  args: EcsAlarmArgs;
}

export interface EcsDashboardArgs {
  dashboardName: string;
  dashboardBody: string;
}

export interface EcsObservability {
  alarms: EcsAlarm[];
  dashboard?: EcsDashboardArgs;
  warnings: Diagnostic[];
}

const INSIGHTS = "ECS/ContainerInsights";

/** A target-tracking policy's metric as alarm queries; the last one (returnData) is the tracked value. */
function trackedQueries(p: Named<EcsPolicyArgs>, n: number, ids: { cluster: string; service: string }): { queries: AlarmQuery[]; valueId: string; target: number; title: string } {
  const cfg = p.args.targetTrackingScalingPolicyConfiguration;
  const id = `t${n}`;
  const svc = { ClusterName: ids.cluster, ServiceName: ids.service };
  const stat = (namespace: string, metricName: string, stat: string, dimensions?: Record<string, string>, unit?: string): AlarmQuery["metric"] =>
    ({ namespace, metricName, ...(dimensions ? { dimensions } : {}), period: ALARM_PERIOD, stat, ...(unit ? { unit } : {}) });
  const pre = cfg.predefinedMetricSpecification;
  if (pre) {
    const metric =
      pre.predefinedMetricType === "ECSServiceAverageCPUUtilization" ? stat("AWS/ECS", "CPUUtilization", "Average", svc)
      : pre.predefinedMetricType === "ECSServiceAverageMemoryUtilization" ? stat("AWS/ECS", "MemoryUtilization", "Average", svc)
      // resourceLabel is app/<lb>/<id>/targetgroup/<tg>/<id>; the metric's TargetGroup dimension is its tail.
      : stat("AWS/ApplicationELB", "RequestCountPerTarget", "Sum", { TargetGroup: pre.resourceLabel!.slice(pre.resourceLabel!.indexOf("targetgroup/")) });
    return { queries: [{ id, metric, returnData: false }], valueId: id, target: cfg.targetValue, title: `${metric!.metricName}` };
  }
  const c = cfg.customizedMetricSpecification!;
  if (c.metrics === undefined) {
    const dims = Object.fromEntries((c.dimensions ?? []).map((d) => [d.name, d.value]));
    const metric = stat(c.namespace!, c.metricName!, c.statistic!, c.dimensions ? dims : undefined, c.unit);
    return { queries: [{ id, metric, returnData: false }], valueId: id, target: cfg.targetValue, title: c.metricName! };
  }
  // Metric math: ids prefixed per policy so several policies share one alarm's namespace of ids.
  const rename = (s: string) => s.replace(/\b([a-z][a-zA-Z0-9_]*)\b/g, (w) => (c.metrics!.some((q) => q.id === w) ? `${id}_${w}` : w));
  const queries = c.metrics.map((q: MetricDataQuery): AlarmQuery => {
    const base = { id: `${id}_${q.id}`, returnData: false };
    if (q.expression !== undefined) return { ...base, expression: rename(q.expression), ...(q.label ? { label: q.label } : {}) };
    const m = q.metricStat!;
    const dims = m.metric.dimensions ? Object.fromEntries(m.metric.dimensions.map((d) => [d.name, d.value])) : undefined;
    return { ...base, metric: stat(m.metric.namespace, m.metric.metricName, m.stat, dims, m.unit) };
  });
  const value = c.metrics.find((q) => q.returnData)!;
  return { queries, valueId: `${id}_${value.id}`, target: cfg.targetValue, title: value.label ?? value.id };
}

function evaluationPeriods(seconds: number, path: (string | number)[], issues: PolicyIssue[]): number {
  if (seconds > MAX_EVALUATION_SECONDS) {
    issues.push({ code: "out_of_range", path, message: `must be at most 24h on ecs (a CloudWatch alarm evaluates at most one day of one-minute periods), got ${seconds}s` });
  }
  return Math.max(1, Math.ceil(seconds / ALARM_PERIOD));
}

/** The alarms the policy's `alerts` ask for and its dashboard, for the compiled ECS scaling. None when min == max. */
export function compileEcsObservability(policy: ScalingPolicy, scaling: EcsScaling, region: string): EcsObservability {
  const out: EcsObservability = { alarms: [], warnings: [] };
  const issues: PolicyIssue[] = [];
  const target = scaling.target;
  const alerts = policy.alerts ?? {};
  if (!target) return out;
  const [, cluster, service] = target.args.resourceId.split("/") as [string, string, string];
  const ids = { cluster, service };
  const { minCapacity: min, maxCapacity: max } = target.args;
  const tracked = scaling.policies.map((p, i) => trackedQueries(p, i, ids));
  const dims = { ClusterName: cluster, ServiceName: service };
  const insights = (metricName: string, id: string, stat: string): AlarmQuery => ({ id, metric: { namespace: INSIGHTS, metricName, dimensions: dims, period: ALARM_PERIOD, stat }, returnData: false });
  const prefix = policy.scaling?.ecs?.namePrefix ?? policy.service;

  for (const name of ["pinnedAtMax", "metricUnavailable", "flapping"] as const) {
    if (alerts[name] && min === max) {
      out.warnings.push({ severity: "info", code: "alert_min_equals_max", path: ["alerts", name], message: `not generated: replicas.min == replicas.max (${max}), the task count never changes` });
    }
  }
  if (min !== max && alerts.pinnedAtMax && tracked.length > 0) {
    const a = alerts.pinnedAtMax;
    const over = tracked.map((t) => `${t.valueId} > ${numberString(t.target * a.threshold)}`).join(" OR ");
    const periods = evaluationPeriods(a.for, ["alerts", "pinnedAtMax", "for"], issues);
    out.alarms.push({
      alert: "pinnedAtMax",
      actionsOn: "alarm",
      args: {
        name: `${prefix}-pinned-at-max`,
        alarmDescription: `${policy.service} has run at its maximum of ${max} tasks for ${a.for}s while its load stayed above ${numberString(a.threshold * 100)} % of target (severity ${a.severity})`,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        treatMissingData: "notBreaching",
        metricQueries: [
          insights("RunningTaskCount", "tasks", "Average"),
          ...tracked.flatMap((t) => t.queries),
          { id: "pinned", expression: `IF(tasks >= ${max} AND (${over}), 1, 0)`, label: "at max under load", returnData: true },
        ],
      },
    });
  }
  if (min !== max && alerts.metricUnavailable) {
    const a = alerts.metricUnavailable;
    const periods = evaluationPeriods(a.for, ["alerts", "metricUnavailable", "for"], issues);
    tracked.forEach((t, i) => {
      const queries = t.queries.map((q) => (q.id === t.valueId ? { ...q, returnData: true } : q));
      out.alarms.push({
        alert: "metricUnavailable",
        actionsOn: "insufficientData",
        args: {
          name: `${prefix}-metric-unavailable${tracked.length > 1 ? `-${i + 1}` : ""}`,
          alarmDescription: `INSUFFICIENT_DATA: ${policy.service}'s scaling metric ${t.title} has had no data for ${a.for}s, so target tracking cannot scale (severity ${a.severity})`,
          // No real datapoint is below 0: the alarm is OK while data arrives and INSUFFICIENT_DATA when it stops.
          comparisonOperator: "LessThanThreshold",
          threshold: 0,
          evaluationPeriods: periods,
          datapointsToAlarm: periods,
          treatMissingData: "missing",
          metricQueries: queries,
        },
      });
    });
  }
  if (min !== max && alerts.flapping) {
    const a = alerts.flapping;
    const periods = evaluationPeriods(a.window, ["alerts", "flapping", "window"], issues);
    if (a.maxScaleEvents + 1 > periods) {
      issues.push({ code: "out_of_range", path: ["alerts", "flapping", "maxScaleEvents"], message: `must be below the window's ${periods} one-minute periods on ecs (CloudWatch counts at most one change per minute), got ${a.maxScaleEvents}` });
    }
    out.alarms.push({
      alert: "flapping",
      actionsOn: "alarm",
      args: {
        name: `${prefix}-scaling-flapping`,
        alarmDescription: `${policy.service}'s desired task count changed in more than ${a.maxScaleEvents} minutes of the last ${a.window}s (severity ${a.severity})`,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        evaluationPeriods: periods,
        datapointsToAlarm: Math.min(a.maxScaleEvents + 1, periods),
        treatMissingData: "notBreaching",
        metricQueries: [insights("DesiredTaskCount", "desired", "Maximum"), { id: "changed", expression: "IF(DIFF(desired) != 0, 1, 0)", label: "desired task count changed", returnData: true }],
      },
    });
  }
  if (policy.dashboard) out.dashboard = { dashboardName: dashboardName(policy.dashboard.uid ?? `${prefix}-autoscaling`), dashboardBody: JSON.stringify(dashboardBody(region, dims, min, max, tracked)) };
  throwIfIssues(issues, "ecs", policy.service);
  return out;
}

/** DashboardName: letters, digits, '-' and '_' only, at most 255 (PutDashboard). */
function dashboardName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

type Tracked = ReturnType<typeof trackedQueries>;

/**
 * The dashboard body (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html):
 * tasks against min/max, each tracked metric against its target, and the scaling activity.
 */
function dashboardBody(region: string, dims: { ClusterName: string; ServiceName: string }, min: number, max: number, tracked: Tracked[]) {
  const d = ["ClusterName", dims.ClusterName, "ServiceName", dims.ServiceName];
  const widget = (i: number, title: string, metrics: unknown[], extra: Record<string, unknown> = {}) => ({
    type: "metric",
    x: (i % 2) * 12,
    y: Math.floor(i / 2) * 6,
    width: 12,
    height: 6,
    properties: { title, region, view: "timeSeries", stacked: false, period: ALARM_PERIOD, metrics, ...extra },
  });
  const widgets = [
    widget(0, "Tasks: running and desired against min and max", [[INSIGHTS, "RunningTaskCount", ...d, { stat: "Average", label: "running" }], [INSIGHTS, "DesiredTaskCount", ...d, { stat: "Maximum", label: "desired" }]], {
      annotations: { horizontal: [{ label: "min", value: min }, { label: "max", value: max }] },
    }),
    ...tracked.map((t, i) => widget(i + 1, `${t.title} against its target`, t.queries.map(dashboardMetric(t.valueId)), { annotations: { horizontal: [{ label: "target", value: t.target }] } })),
    widget(tracked.length + 1, "Scaling activity: minutes with a change of desired tasks", [
      [{ expression: "IF(DIFF(desired) != 0, 1, 0)", label: "desired task count changed", id: "changed" }],
      [INSIGHTS, "DesiredTaskCount", ...d, { stat: "Maximum", id: "desired", visible: false }],
    ]),
  ];
  return { widgets };
}

/** An alarm query as a dashboard metric array entry; only the tracked value is drawn. */
function dashboardMetric(valueId: string) {
  return (q: AlarmQuery): unknown[] => {
    const opts = { id: q.id, ...(q.id === valueId ? {} : { visible: false }) };
    if (q.expression !== undefined) return [{ expression: q.expression, ...(q.label ? { label: q.label } : {}), ...opts }];
    const m = q.metric!;
    return [m.namespace, m.metricName, ...Object.entries(m.dimensions ?? {}).flat(), { stat: m.stat, ...opts }];
  };
}
