import { z } from "zod";
import { CloudMonitoringAligner, CloudMonitoringReducer } from "../types/choices";
import { EVERY_PROBLEM, expected } from "../policy/messages";
import { numberString } from "../policy/units";
import type { Diagnostic } from "../targets/types";
import { SourceAuth } from "./auth";
import { activationMetadata, checkPodIdentity, checkSecretParameters, credentialFree } from "./checks";
import { GCP_CREDENTIALS, gcpContainerAppsAuthIssues, gcpKubernetesAuthIssues, monitoringPrometheusUrl, projectId } from "./gcp";
import { defineSource, type KedaTriggerSpec, type SourceTarget } from "./types";

/**
 * A Cloud Monitoring time series chosen by a Monitoring filter, read by KEDA's `gcp-stackdriver` scaler
 * (https://keda.sh/docs/2.18/scalers/gcp-stackdriver/; parameters and their checks from kedacore/keda v2.18.0
 * pkg/scalers/gcp_stackdriver_scaler.go and pkg/scalers/gcp/gcp_stackdriver_client.go).
 *
 * KEDA 2.18 announces gcp-stackdriver as deprecated (it keeps it while Google serves the Monitoring Query
 * Language: https://keda.sh/blog/2025-09-15-gcp-deprecations). A Monitoring filter has no mechanical PromQL
 * equivalent, so this source keeps the filter and says so; PromQL users write `from.prometheus` against
 * Cloud Monitoring's PromQL API instead.
 */

/** `alignmentAligner` values KEDA accepts (gcp_stackdriver_client.go alignerFromString). */
/** `alignmentReducer` values KEDA accepts (gcp_stackdriver_client.go reducerFromString). */

/** ListTimeSeries needs exactly one metric type: `metric.type = "<type>"` (https://cloud.google.com/monitoring/api/v3/filters). */
const METRIC_TYPE_RE = /(^|[\s(])metric\.type\s*=\s*"[^"]+"/;

export const CloudMonitoringSource = z
  .strictObject({
    /** KEDA `projectId`: the project holding the metric. */
    projectId,
    /** KEDA `filter`: a Monitoring filter naming one metric type, e.g. `metric.type="…" AND resource.label.x="…"`. */
    filter: credentialFree("give credentials through auth").min(1).max(20000),
    /** KEDA `alignmentPeriodSeconds` (>= 60): aggregate the series over this period before KEDA reads it. */
    alignmentPeriodSeconds: z.int().min(60, expected("at least 60 (KEDA refuses a shorter alignment period)")).max(2_147_483_647).optional(),
    /** KEDA `alignmentAligner`: per-series aligner, with alignmentPeriodSeconds. */
    alignmentAligner: z.enum(CloudMonitoringAligner).optional(),
    /** KEDA `alignmentReducer`: cross-series reducer, with alignmentPeriodSeconds. */
    alignmentReducer: z.enum(CloudMonitoringReducer).optional(),
    /** KEDA `filterDuration`: minutes of data to read. KEDA default 2. */
    filterDuration: z.int().min(1).max(1440).optional(),
    /** KEDA `valueIfNull`: the value when the filter returns no series (else the trigger errors). */
    valueIfNull: z.number().min(0).max(2_147_483_647).optional(),
    auth: SourceAuth.optional(),
  })
  .superRefine((s, ctx) => {
    if (typeof s.filter === "string" && s.filter.length > 0 && !METRIC_TYPE_RE.test(s.filter)) {
      ctx.addIssue({ code: "custom", path: ["filter"], message: 'must name one metric type (metric.type = "<type>"), as Cloud Monitoring\'s ListTimeSeries requires', input: s.filter });
    }
    // KEDA reads the aligner and reducer only with alignmentPeriodSeconds (gcp_stackdriver_scaler.go parseAggregation).
    for (const k of ["alignmentAligner", "alignmentReducer"] as const) {
      if (s[k] !== undefined && s.alignmentPeriodSeconds === undefined) {
        ctx.addIssue({ code: "custom", path: [k], message: "needs alignmentPeriodSeconds (KEDA ignores it without an alignment period)", input: s[k] });
      }
    }
    checkSecretParameters(ctx, s.auth, [GCP_CREDENTIALS], "gcp-stackdriver");
    checkPodIdentity(ctx, s.auth, ["gcp"], "gcp-stackdriver");
  }, EVERY_PROBLEM);
export type CloudMonitoringSource = z.output<typeof CloudMonitoringSource>;

function trigger(s: CloudMonitoringSource, t: SourceTarget): KedaTriggerSpec {
  const metadata: Record<string, string> = { projectId: s.projectId, filter: s.filter, targetValue: numberString(t.perReplica), ...activationMetadata("activationTargetValue", t) };
  if (s.alignmentPeriodSeconds !== undefined) metadata.alignmentPeriodSeconds = String(s.alignmentPeriodSeconds);
  if (s.alignmentAligner !== undefined) metadata.alignmentAligner = s.alignmentAligner;
  if (s.alignmentReducer !== undefined) metadata.alignmentReducer = s.alignmentReducer;
  if (s.filterDuration !== undefined) metadata.filterDuration = String(s.filterDuration);
  if (s.valueIfNull !== undefined) metadata.valueIfNull = numberString(s.valueIfNull);
  return { type: "gcp-stackdriver", metadata };
}

function deprecation(s: CloudMonitoringSource, t: SourceTarget): Diagnostic {
  return {
    severity: "info",
    code: "keda_scaler_deprecated",
    path: [...t.path, "filter"],
    message: `compiled to KEDA's gcp-stackdriver scaler, which KEDA 2.18+ announces as deprecated (kept while Google serves MQL: https://keda.sh/blog/2025-09-15-gcp-deprecations); to move off it, write the series in PromQL with from.prometheus and serverAddress ${monitoringPrometheusUrl(s.projectId)}`,
  };
}

export const cloudMonitoring = defineSource({
  key: "cloudMonitoring",
  title: "Google Cloud Monitoring metric",
  schema: CloudMonitoringSource,
  kinds: ["queue", "replicasRequired", "inFlight", "requestRate"],
  credentialParameters: [GCP_CREDENTIALS],
  docs: "https://keda.sh/docs/2.18/scalers/gcp-stackdriver/",
  auth: (s) => s.auth,
  kubernetes(s, t) {
    const issues = gcpKubernetesAuthIssues(s.auth, t, "gcp-stackdriver");
    if (issues.length) return { issues };
    return { value: trigger(s, t), warnings: [deprecation(s, t)] };
  },
  containerApps(s, t) {
    const issues = gcpContainerAppsAuthIssues(s.auth, t, "gcp-stackdriver");
    if (issues.length) return { issues };
    return { value: { custom: trigger(s, t) }, warnings: [deprecation(s, t)] };
  },
  containerAppsIdentity: false,
  alternatives: {
    ecs: "ECS scales on CloudWatch metrics only: export the series to CloudWatch as a custom metric and use from.cloudWatch",
    "cloud-run": "Cloud Run scales on requests and CPU only: scale with `inFlight` concurrency, or run the worker on GKE (KEDA) where this source compiles",
  },
  examples: [
    {
      projectId: "my-project-id",
      filter: 'metric.type="pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.label.subscription_id="orders"',
      alignmentPeriodSeconds: 60,
      alignmentAligner: "max",
      auth: { secret: { parameters: { [GCP_CREDENTIALS]: "google-application-credentials" } } },
    },
  ],
});
