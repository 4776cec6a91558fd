import type { PathSegment, PolicyIssue } from "../policy/errors";
import { quote } from "../policy/messages";
import { azureMonitorResource, isGuid, type AzureMonitorSource } from "../policy/sources/azure-monitor";
import { urlHasCredentials } from "../policy/url";
import { numberString } from "../policy/units";
import type { Diagnostic } from "../targets/types";
import type { KedaTriggerSpec, Mapped, SourceTarget } from "./types";

/**
 * An `azureMonitor` source → KEDA's azure-monitor scaler (https://keda.sh/docs/2.18/scalers/azure-monitor/,
 * kedacore/keda pkg/scalers/azure_monitor_scaler.go): the trigger metadata both platforms use (a KEDA trigger on
 * Kubernetes, a custom rule on Container Apps) and the credentials each platform can give it.
 *
 * The source's schema stays in src/policy/sources/azure-monitor.ts (it is part of the model since before the
 * event-source registry, and Container Apps reads its credentials from `scaling.containerApps.rules[].auth`).
 *
 * KEDA's keys: `resourceURI` (`<namespace>/<type>/<name>`, exactly three segments), `subscriptionId`,
 * `resourceGroupName` (KEDA rebuilds `/subscriptions/%s/resourceGroups/%s/providers/%s/%s/%s` from these three),
 * `tenantId`, `metricName`, `metricAggregationType` (all required by the scaler), `targetValue` (per replica:
 * KEDA's default metric type AverageValue), `activationTargetValue`, optional `metricNamespace`, `metricFilter`,
 * `metricAggregationInterval` (`h:m:s`), `cloud`, `azureResourceManagerEndpoint`; credentials
 * `activeDirectoryClientId` / `activeDirectoryClientPassword` (trigger parameters) or an identity.
 */

export const AZURE_MONITOR_SCALER = "azure-monitor";
export const AZURE_MONITOR_CREDENTIALS = ["activeDirectoryClientId", "activeDirectoryClientPassword"] as const;

/**
 * The trigger metadata, or every issue that keeps the source from giving it. `credentialsInUrl` is the platform's
 * message for an `azureResourceManagerEndpoint` with user info (metadata is plain text on both platforms).
 */
export function azureMonitorMetadata(
  s: AzureMonitorSource,
  path: PathSegment[],
  target: number,
  activation: number | undefined,
  credentialsInUrl: string,
): { metadata?: Record<string, string>; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const res = azureMonitorResource(s);
  if (!res.ok) issues.push({ code: "invalid_resource_id", path: [...path, res.field], message: res.message });
  if (s.tenantId === undefined) {
    issues.push({ code: "required", path: [...path, "tenantId"], message: "is required by KEDA's azure-monitor scaler (the Entra ID tenant of the metric's resource, a GUID)" });
  } else if (!isGuid(s.tenantId)) {
    issues.push({ code: "invalid_string", path: [...path, "tenantId"], message: `must be a tenant id (a GUID), got ${JSON.stringify(s.tenantId)}` });
  }
  if (s.metricAggregationType === undefined) {
    issues.push({
      code: "required",
      path: [...path, "metricAggregationType"],
      message: "is required by KEDA's azure-monitor scaler (\"no metricAggregationType given\"); allowed: Average, Total, Maximum, Minimum, Count",
    });
  }
  if (s.azureResourceManagerEndpoint !== undefined && urlHasCredentials(s.azureResourceManagerEndpoint)) {
    issues.push({ code: "credentials_in_url", path: [...path, "azureResourceManagerEndpoint"], message: credentialsInUrl });
  }
  if (s.cloud === "Private" && s.azureResourceManagerEndpoint === undefined) {
    issues.push({ code: "required", path: [...path, "azureResourceManagerEndpoint"], message: "is required when cloud is Private (KEDA azure-monitor)" });
  }
  if (issues.length > 0 || !res.ok) return { issues };
  const metadata: Record<string, string> = {
    resourceURI: res.resourceURI,
    tenantId: s.tenantId!,
    subscriptionId: res.subscriptionId,
    resourceGroupName: res.resourceGroupName,
    metricName: s.metricName,
  };
  if (s.metricNamespace !== undefined) metadata.metricNamespace = s.metricNamespace;
  if (s.metricFilter !== undefined) metadata.metricFilter = s.metricFilter;
  if (s.metricAggregationInterval !== undefined) metadata.metricAggregationInterval = s.metricAggregationInterval;
  metadata.metricAggregationType = s.metricAggregationType!;
  metadata.targetValue = numberString(target);
  if (activation !== undefined) metadata.activationTargetValue = numberString(activation);
  if (s.cloud !== undefined) metadata.cloud = s.cloud;
  if (s.azureResourceManagerEndpoint !== undefined) metadata.azureResourceManagerEndpoint = s.azureResourceManagerEndpoint;
  return { metadata, issues };
}

const K8S_CREDENTIALS_IN_URL =
  "must not carry credentials (a user name, password or token in the URL would be stored in plain text in the ScaledObject); give the URL without them and the client id and secret through auth.secret.parameters (activeDirectoryClientId, activeDirectoryClientPassword)";

/**
 * Kubernetes: the KEDA trigger, with its credentials checked (azure_monitor_scaler.go `checkAzurePodIdentityParams`):
 * an existing TriggerAuthentication, pod identity azure-workload, or a Secret with both client id and secret.
 */
export function azureMonitorTrigger(s: AzureMonitorSource, t: SourceTarget): Mapped<KedaTriggerSpec> {
  const { metadata, issues } = azureMonitorMetadata(s, t.path, t.perReplica, t.activation, K8S_CREDENTIALS_IN_URL);
  issues.push(...kubernetesAuthIssues(s, t.path));
  if (issues.length > 0) return { issues };
  return { value: { type: AZURE_MONITOR_SCALER, metadata: metadata! } };
}

function kubernetesAuthIssues(s: AzureMonitorSource, path: PathSegment[]): PolicyIssue[] {
  const a = s.auth;
  if (a?.triggerAuthentication !== undefined || a?.clusterTriggerAuthentication !== undefined) return [];
  if (a?.podIdentity !== undefined) {
    return a.podIdentity.provider === "azure-workload"
      ? []
      : [{ code: "unsupported", path: [...path, "auth", "podIdentity", "provider"], message: `must be "azure-workload" (KEDA: "azure Monitor doesn't support pod identity ${a.podIdentity.provider}"), got ${quote(a.podIdentity.provider)}` }];
  }
  const missing = AZURE_MONITOR_CREDENTIALS.filter((p) => a?.secret?.parameters[p] === undefined);
  if (missing.length === 0) return [];
  return [
    {
      code: "required",
      path: [...path, "auth"],
      message: `needs credentials on kubernetes (KEDA azure-monitor: "no ${missing[0]} given"): auth.podIdentity { provider: azure-workload } (an identity with Monitoring Reader on the resource), auth.secret.parameters with both activeDirectoryClientId and activeDirectoryClientPassword (missing: ${missing.join(", ")}), or an existing auth.triggerAuthentication`,
    },
  ];
}

/**
 * Container Apps reads the rule's credentials from `scaling.containerApps.rules[].auth` / `identity`; of the source's
 * own `auth`, the Kubernetes-only fields are noted as unused, and a managed identity is refused: the custom
 * azure-monitor rule fails with one ("azure Monitor doesn't support pod identity", microsoft/azure-container-apps#1582).
 */
export function azureMonitorContainerAppsAuth(s: AzureMonitorSource, path: PathSegment[]): { issues: PolicyIssue[]; warnings: Diagnostic[] } {
  const a = s.auth;
  const issues: PolicyIssue[] = [];
  const warnings: Diagnostic[] = [];
  if (a?.managedIdentity !== undefined) {
    issues.push({
      code: "unsupported",
      path: [...path, "auth", "managedIdentity"],
      message: `is not supported on container-apps for an azure-monitor rule: the custom rule fails with a managed identity ("azure Monitor doesn't support pod identity", microsoft/azure-container-apps#1582); nearest alternative: Container App secrets for activeDirectoryClientId and activeDirectoryClientPassword in scaling.containerApps.rules[].auth`,
    });
  }
  const unused = (["triggerAuthentication", "clusterTriggerAuthentication", "podIdentity", "secret"] as const).filter((k) => a?.[k] !== undefined);
  for (const k of unused) {
    warnings.push({
      severity: "info",
      code: "container_apps_source_auth_unused",
      path: [...path, "auth", k],
      message: "not used on container-apps: the azure-monitor rule's credentials come from Container App secrets in scaling.containerApps.rules[].auth (entry { metric: <index>, auth: [...] })",
    });
  }
  return { issues, warnings };
}
