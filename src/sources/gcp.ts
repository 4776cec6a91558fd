import { z } from "zod";
import type { PolicyIssue } from "../policy/errors";
import { expected } from "../policy/messages";
import type { SourceAuth } from "./auth";
import { containerAppsSecretIssues, missingSecretParameters, namesTriggerAuthentication } from "./checks";
import type { SourceTarget } from "./types";

/** What the Pub/Sub and Cloud Monitoring source modules share: project ids, KEDA's GCP auth, the PromQL endpoint. */

/**
 * A Google Cloud project id: 6..30 lowercase letters, digits and hyphens, starting with a letter and not ending
 * with a hyphen (https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin).
 */
export const PROJECT_ID_RE = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
export const projectId = z.string().regex(PROJECT_ID_RE, expected('a Google Cloud project id like "my-project-123" (6..30 lowercase letters, digits, hyphens; starts with a letter)'));

/** The credential KEDA's GCP scalers read from a TriggerAuthentication (pkg/scalers/gcp/gcp_common.go GetGCPAuthorization). */
export const GCP_CREDENTIALS = "GoogleApplicationCredentials";

/**
 * Cloud Monitoring's Prometheus-compatible query API, the server KEDA's prometheus scaler reads GCP metrics from
 * (https://keda.sh/blog/2025-09-15-gcp-deprecations; KEDA >= 2.11 signs these requests with the GCP credentials of
 * the trigger's auth: podIdentity gcp or GoogleApplicationCredentials).
 */
export function monitoringPrometheusUrl(project: string): string {
  return `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`;
}

/** KEDA's GCP scalers need credentials: GKE workload identity (podIdentity gcp), a service account key, or an existing TriggerAuthentication. */
export function gcpKubernetesAuthIssues(auth: SourceAuth | undefined, t: SourceTarget, scaler: string): PolicyIssue[] {
  if (namesTriggerAuthentication(auth) || auth?.podIdentity?.provider === "gcp") return [];
  if (auth?.secret && missingSecretParameters(auth, [GCP_CREDENTIALS]).length === 0) return [];
  return [
    {
      code: "required",
      path: [...t.path, "auth"],
      message: `needs GCP credentials on kubernetes (KEDA ${scaler}): podIdentity { provider: gcp } (GKE workload identity), secret.parameters.${GCP_CREDENTIALS} (a service account key), or an existing triggerAuthentication`,
    },
  ];
}

/** On Container Apps the service account key comes from a Container App secret (no GKE identity there). */
export function gcpContainerAppsAuthIssues(auth: SourceAuth | undefined, t: SourceTarget, scaler: string): PolicyIssue[] {
  return containerAppsSecretIssues(auth, [GCP_CREDENTIALS], t, scaler);
}
