/**
 * Flapping and metric-unavailable alerts of a Container App as Azure Monitor log search alerts: plain objects
 * shaped like `@pulumi/azure-native/monitor` `ScheduledQueryRule` args (ARM Microsoft.Insights/scheduledQueryRules
 * 2025-01-01-preview, the SDK's default version), without the inputs the component supplies (resourceGroupName,
 * scopes = the environment's Log Analytics workspace, actions, location). Pure: no Pulumi resource, no I/O.
 *
 * The data: a Container Apps environment writes its system logs (KEDA, replica scheduling, revisions) to its Log
 * Analytics workspace, in `ContainerAppSystemLogs_CL` (logs destination `log-analytics`; custom-log columns with a
 * type suffix: `ContainerAppName_s`, `Reason_s`, `Log_s`) or in the resource-specific `ContainerAppSystemLogs`
 * (destination `azure-monitor` + diagnostic settings; columns `ContainerAppName`, `Reason`, `Log`, ...:
 * https://learn.microsoft.com/azure/azure-monitor/reference/tables/containerappsystemlogs). The queries read both
 * (`union isfuzzy=true` skips the table that does not exist; `column_ifexists` the column), so they work with either
 * destination; `skipQueryValidation` lets the rule be created before the first log arrives.
 *
 * - Metric unavailable: KEDA records `KEDAScalerFailed` each time a scaler cannot read its metric (keda
 *   pkg/eventreason, the reason Container Apps logs for a failing custom rule). The alert fires when every period of
 *   the policy's `for` has such an event: `failingPeriods` N of N over windows of `for / N`.
 * - Flapping: Container Apps logs each new replica (`AssigningReplica`, "Replica '…' has been scheduled to run on a
 *   node") but documents no event for a replica removed, so the query counts scale-outs: the distinct minutes in
 *   which replicas were scheduled. One flap is a scale-out plus a scale-in, so more than `maxScaleEvents` changes is
 *   more than ⌊maxScaleEvents / 2⌋ scale-outs within the window. Replica restarts and new revisions schedule replicas
 *   too, and count.
 */
import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { ScalingPolicy } from "../../types";
import type { Diagnostic } from "../types";
import { containerAppsNextStep } from "../../simulate/platforms/container-apps";
import { alertSeverity, roundedWindow, type AlertWindow } from "./alert-settings";

/** Log search alert windows (`windowSize`, aggregation granularity; Learn "Create a log search alert rule"), seconds. */
export const LOG_ALERT_WINDOWS: readonly AlertWindow[] = [
  ["PT5M", 300],
  ["PT10M", 600],
  ["PT15M", 900],
  ["PT30M", 1800],
  ["PT45M", 2700],
  ["PT1H", 3600],
  ["PT2H", 7200],
  ["PT3H", 10800],
  ["PT4H", 14400],
  ["PT5H", 18000],
  ["PT6H", 21600],
  ["PT24H", 86400],
  ["PT48H", 172800],
];
/** At most this many evaluation periods per rule (the portal's choices are 1..6). */
export const MAX_EVALUATION_PERIODS = 6;

export interface LogAlertCondition {
  criterionType: "StaticThresholdCriterion";
  query: string;
  timeAggregation: "Count" | "Total";
  metricMeasureColumn?: string;
  operator: "GreaterThan";
  threshold: number;
  failingPeriods: { numberOfEvaluationPeriods: number; minFailingPeriodsToAlert: number };
}

/** `monitor.ScheduledQueryRule` args without resourceGroupName, scopes, actions and location. */
export interface ContainerAppsLogAlertArgs {
  kind: "LogAlert";
  displayName: string;
  description: string;
  severity: number;
  enabled: true;
  autoMitigate: true;
  skipQueryValidation: true;
  evaluationFrequency: string;
  windowSize: string;
  criteria: { allOf: [LogAlertCondition] };
}

export interface ContainerAppsLogAlert {
  alert: "flapping" | "metricUnavailable";
  name: string;
  args: ContainerAppsLogAlertArgs;
}

const SYSTEM_LOGS = "ContainerAppSystemLogs";

/** The app's system log records of one `Reason`, from either system log table. */
export function systemLogQuery(appName: string, reason: string): string {
  const column = (name: string) => `coalesce(column_ifexists("${name}", ""), column_ifexists("${name}_s", ""))`;
  return [
    `union isfuzzy=true ${SYSTEM_LOGS}, ${SYSTEM_LOGS}_CL`,
    `| extend App = ${column("ContainerAppName")}, Reason = ${column("Reason")}`,
    `| where App == ${JSON.stringify(appName)} and Reason == ${JSON.stringify(reason)}`,
  ].join("\n");
}

interface Collect {
  issues: PolicyIssue[];
  warnings: Diagnostic[];
}

/** The log alerts the policy asks for (min < max). `appName` is the Container App's name (ContainerAppName column). */
export function compileLogAlerts(policy: ScalingPolicy, appName: string, out: Collect): ContainerAppsLogAlert[] {
  const alerts: ContainerAppsLogAlert[] = [];
  const unavailable = policy.alerts?.metricUnavailable;
  if (unavailable) {
    const a = metricUnavailableAlert(policy, appName, unavailable, out);
    if (a) alerts.push(a);
  }
  const flapping = policy.alerts?.flapping;
  if (flapping) {
    const a = flappingAlert(policy, appName, flapping, out);
    if (a) alerts.push(a);
  }
  return alerts;
}

/** Metric kinds whose rule is a KEDA scaler that can fail to read (http / tcp are counted by the platform's ingress, cron reads no metric). */
const POLLED = new Set(["cpu", "memory", "queue", "replicasRequired", "prometheus"]);

function metricUnavailableAlert(policy: ScalingPolicy, appName: string, a: NonNullable<NonNullable<ScalingPolicy["alerts"]>["metricUnavailable"]>, out: Collect): ContainerAppsLogAlert | undefined {
  const path: PathSegment[] = ["alerts", "metricUnavailable"];
  const polled = (policy.scaling?.metrics ?? []).filter((m) => POLLED.has(m.kind));
  if (polled.length === 0) {
    out.warnings.push({ severity: "warning", code: "alert_not_applicable", path, message: "not generated on container-apps: no scale rule reads a metric that can become unavailable (http and tcp rules count at the app's ingress; cron rules read no metric)" });
    return undefined;
  }
  const severity = alertSeverity(a.severity, [...path, "severity"], out.issues);
  const periods = Math.min(MAX_EVALUATION_PERIODS, Math.max(1, Math.ceil(a.for / LOG_ALERT_WINDOWS[0]![1])));
  const window = roundedWindow(a.for / periods, LOG_ALERT_WINDOWS, [...path, "for"], out);
  if (!window || severity === undefined) return undefined;
  if (window[1] * periods !== a.for) {
    out.warnings.push({ severity: "warning", code: "alert_window_rounded", path: [...path, "for"], message: `${a.for}s is evaluated as ${periods} period(s) of ${window[0]} (${window[1] * periods}s): a log alert's windows are ${LOG_ALERT_WINDOWS.map(([w]) => w).join(", ")}, at most ${MAX_EVALUATION_PERIODS} periods` });
  }
  return {
    alert: "metricUnavailable",
    name: `${policy.service}-metric-unavailable`,
    args: {
      kind: "LogAlert",
      displayName: `${policy.service}: scale rule cannot read its metric`,
      description: `A KEDA scaler of ${policy.service} reported KEDAScalerFailed in each of ${periods} window(s) of ${window[0]}: the scale rule cannot read its metric, so the replica count no longer follows the load.`,
      severity,
      enabled: true,
      autoMitigate: true,
      skipQueryValidation: true,
      evaluationFrequency: "PT5M",
      windowSize: window[0],
      criteria: {
        allOf: [{ criterionType: "StaticThresholdCriterion", query: systemLogQuery(appName, "KEDAScalerFailed"), timeAggregation: "Count", operator: "GreaterThan", threshold: 0, failingPeriods: { numberOfEvaluationPeriods: periods, minFailingPeriodsToAlert: periods } }],
      },
    },
  };
}

function flappingAlert(policy: ScalingPolicy, appName: string, a: NonNullable<NonNullable<ScalingPolicy["alerts"]>["flapping"]>, out: Collect): ContainerAppsLogAlert | undefined {
  const path: PathSegment[] = ["alerts", "flapping"];
  const severity = alertSeverity(a.severity, [...path, "severity"], out.issues);
  const window = roundedWindow(a.window, LOG_ALERT_WINDOWS, [...path, "window"], out, true);
  if (!window || severity === undefined) return undefined;
  const threshold = Math.floor(a.maxScaleEvents / 2);
  const { min, max } = policy.scaling!.replicas;
  const ramp = rampScaleOuts(min, max);
  if (ramp > threshold) {
    out.warnings.push({
      severity: "warning",
      code: "alert_flapping_ramp",
      path: [...path, "maxScaleEvents"],
      message: `counts scale-outs on container-apps (more than ${threshold} = ⌊${a.maxScaleEvents} / 2⌋ within ${window[0]}), and a steady climb from ${min} to ${max} replicas already takes ${ramp} (the platform adds 1, 4, 8, 16, ... replicas per step): raise maxScaleEvents to at least ${2 * ramp} to keep a ramp-up from firing it`,
    });
  }
  const query = `${systemLogQuery(appName, "AssigningReplica")}\n| summarize ScaleOuts = dcount(bin(TimeGenerated, 1m))`;
  return {
    alert: "flapping",
    name: `${policy.service}-flapping`,
    args: {
      kind: "LogAlert",
      displayName: `${policy.service}: replica count flapping`,
      description: `${policy.service} scaled out more than ${threshold} times within ${window[0]} (about ${a.maxScaleEvents} replica count changes counting the scale-ins between them). Widen the scale rule's target or raise replicas.min.`,
      severity,
      enabled: true,
      autoMitigate: true,
      skipQueryValidation: true,
      evaluationFrequency: window[1] > 21600 ? "PT1H" : "PT5M",
      windowSize: window[0],
      criteria: {
        allOf: [{ criterionType: "StaticThresholdCriterion", query, timeAggregation: "Total", metricMeasureColumn: "ScaleOuts", operator: "GreaterThan", threshold, failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 } }],
      },
    },
  };
}

/** Scale-outs a steady climb from `min` to `max` takes with the platform's steps (1, 4, 8, 16, ...). */
function rampScaleOuts(min: number, max: number): number {
  let n = 0;
  for (let r = min; r < max; r = containerAppsNextStep(r)) n++;
  return n;
}
