/**
 * ScalingPolicy alerts and dashboard → Cloud Monitoring, as plain objects shaped like the args of `@pulumi/gcp`
 * `monitoring.AlertPolicy` and `monitoring.Dashboard`. Pure: no Pulumi resource, no I/O. Conditions are
 * PromQL (Cloud Monitoring's PromQL names `run.googleapis.com/container/instance_count` as
 * `run_googleapis_com:container_instance_count`; https://cloud.google.com/monitoring/promql/promql-mapping),
 * so one condition can say "at max AND under load", which threshold conditions cannot.
 *
 * - Pinned at max: the service's instance count at `maxInstanceCount` and the mean request concurrency per
 *   instance above Cloud Run's target (60 % of `maxInstanceRequestConcurrency`) or the mean CPU utilization
 *   above its fixed 60 % (https://cloud.google.com/run/docs/about-instance-autoscaling), times `threshold`.
 * - Flapping: the instance count changed more than `maxScaleEvents` times in `window` (one-minute samples).
 * - Metric unavailable: not generated: Cloud Run scales on its own request and CPU signals, which cannot go
 *   missing the way a user metric can (a warning says so).
 */
import { numberString, promDuration } from "../../policy/units";
import type { ScalingPolicy } from "../../types";
import { throwIfIssues, type Diagnostic } from "../types";
import type { PolicyIssue } from "../../policy/errors";
import { CLOUD_RUN_TARGET_UTILIZATION, type CloudRunServiceSpec } from "./compile";

/** Share of the concurrency and CPU limits Cloud Run's autoscaler holds each instance at. */
const TARGET_SHARE = CLOUD_RUN_TARGET_UTILIZATION;
const RANGE = "5m";

export interface CloudRunAlertPolicyArgs {
  displayName: string;
  combiner: "OR";
  severity: "CRITICAL" | "ERROR" | "WARNING";
  documentation: { content: string; mimeType: "text/markdown" };
  conditions: { displayName: string; conditionPrometheusQueryLanguage: { query: string; duration: string; evaluationInterval: string } }[];
}

export interface CloudRunObservability {
  alertPolicies: { alert: "pinnedAtMax" | "flapping"; name: string; args: CloudRunAlertPolicyArgs }[];
  /** `monitoring.Dashboard` args: the dashboard as JSON (REST form of google.monitoring.dashboard.v1.Dashboard). */
  dashboard?: { dashboardJson: string };
  warnings: Diagnostic[];
}

export function cloudRunQueries(service: string) {
  const sel = `{monitored_resource="cloud_run_revision",service_name="${service}"}`;
  const mean = (m: string) => `(sum(rate(run_googleapis_com:container_${m}_sum${sel}[${RANGE}])) / sum(rate(run_googleapis_com:container_${m}_count${sel}[${RANGE}])))`;
  return {
    instances: `sum(run_googleapis_com:container_instance_count${sel})`,
    concurrency: mean("max_request_concurrencies"),
    cpu: mean("cpu_utilizations"),
  };
}

const SEVERITY = { critical: "CRITICAL", error: "ERROR", warning: "WARNING" } as const;

/** The alert policies the policy's `alerts` ask for and its dashboard, for the compiled Cloud Run service. None when min == max. */
export function compileCloudRunObservability(policy: ScalingPolicy, spec: CloudRunServiceSpec): CloudRunObservability {
  const out: CloudRunObservability = { alertPolicies: [], warnings: [] };
  const issues: PolicyIssue[] = [];
  const alerts = policy.alerts ?? {};
  const { minInstanceCount: min, maxInstanceCount: max } = spec.scaling;
  const q = cloudRunQueries(spec.name);
  const severity = (name: string, s: string) => {
    const v = SEVERITY[s.toLowerCase() as keyof typeof SEVERITY];
    if (v === undefined) issues.push({ code: "unsupported_value", path: ["alerts", name, "severity"], message: `must be "warning", "error" or "critical" on cloud-run (Cloud Monitoring's alert policy severities), got ${JSON.stringify(s)}` });
    return v ?? "WARNING";
  };
  for (const name of ["pinnedAtMax", "metricUnavailable", "flapping"] as const) {
    if (!alerts[name]) continue;
    if (min === max) out.warnings.push({ severity: "info", code: "alert_min_equals_max", path: ["alerts", name], message: `not generated: replicas.min == replicas.max (${max}), the instance count never changes` });
    else if (name === "metricUnavailable") out.warnings.push({ severity: "warning", code: "alert_not_applicable", path: ["alerts", name], message: "not generated on cloud-run: Cloud Run scales on its own request concurrency and CPU signals, which have no missing state to alert on" });
  }
  const condition = (displayName: string, query: string, duration: number) => ({ displayName, conditionPrometheusQueryLanguage: { query, duration: `${duration}s`, evaluationInterval: "60s" } });
  if (alerts.pinnedAtMax && min !== max) {
    const a = alerts.pinnedAtMax;
    const concurrency = numberString(spec.template.maxInstanceRequestConcurrency * TARGET_SHARE * a.threshold);
    const cpu = numberString(TARGET_SHARE * a.threshold);
    out.alertPolicies.push({
      alert: "pinnedAtMax",
      name: `${policy.service}-pinned-at-max`,
      args: {
        displayName: `${policy.service}: pinned at max instances under load`,
        combiner: "OR",
        severity: severity("pinnedAtMax", a.severity),
        documentation: { content: `${policy.service} has run at its maximum of ${max} instances for ${promDuration(a.for)} while its load stayed above ${numberString(a.threshold * 100)} % of Cloud Run's target. Raise maxInstanceCount or add capacity.`, mimeType: "text/markdown" },
        conditions: [condition(`at ${max} instances and above target`, `(${q.instances} >= ${max}) and on() ((${q.concurrency} > ${concurrency}) or (${q.cpu} > ${cpu}))`, a.for)],
      },
    });
  }
  if (alerts.flapping && min !== max) {
    const a = alerts.flapping;
    out.alertPolicies.push({
      alert: "flapping",
      name: `${policy.service}-scaling-flapping`,
      args: {
        displayName: `${policy.service}: instance count flapping`,
        combiner: "OR",
        severity: severity("flapping", a.severity),
        documentation: { content: `${policy.service}'s instance count changed more than ${a.maxScaleEvents} times in ${promDuration(a.window)}.`, mimeType: "text/markdown" },
        conditions: [condition(`more than ${a.maxScaleEvents} changes in ${promDuration(a.window)}`, `changes(${q.instances}[${promDuration(a.window)}:1m]) > ${a.maxScaleEvents}`, 0)],
      },
    });
  }
  if (policy.dashboard) out.dashboard = { dashboardJson: JSON.stringify(dashboard(policy, spec, q)) };
  throwIfIssues(issues, "cloud-run", policy.service);
  return out;
}

/** A mosaic dashboard (12 columns): instances against min and max, request concurrency and CPU against target. */
function dashboard(policy: ScalingPolicy, spec: CloudRunServiceSpec, q: ReturnType<typeof cloudRunQueries>) {
  const chart = (i: number, title: string, query: string, thresholds: { label: string; value: number }[]) => ({
    xPos: (i % 2) * 6,
    yPos: Math.floor(i / 2) * 4,
    width: 6,
    height: 4,
    widget: {
      title,
      xyChart: {
        dataSets: [{ timeSeriesQuery: { prometheusQuery: query }, plotType: "LINE" }],
        thresholds: thresholds.map((t) => ({ label: t.label, value: t.value })),
      },
    },
  });
  const { minInstanceCount: min, maxInstanceCount: max } = spec.scaling;
  return {
    displayName: policy.dashboard!.title ?? `${policy.service} autoscaling`,
    mosaicLayout: {
      columns: 12,
      tiles: [
        chart(0, "Instances against min and max", q.instances, [{ label: "min", value: min }, { label: "max", value: max }]),
        chart(1, "Mean request concurrency per instance against target", q.concurrency, [{ label: "target", value: spec.template.maxInstanceRequestConcurrency * TARGET_SHARE }]),
        chart(2, "Mean CPU utilization against target", q.cpu, [{ label: "target", value: TARGET_SHARE }]),
      ],
    },
  };
}
