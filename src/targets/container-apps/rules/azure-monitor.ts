/**
 * An `azureMonitor` source → a custom rule of KEDA's azure-monitor scaler (keda/pkg/scalers/azure_monitor_scaler.go).
 *
 * The seed's `az containerapp update --scale-rule-metadata metricName=… metricResourceId=… targetValue=…`
 * abbreviates the resource. KEDA's real keys are `resourceURI` (`<namespace>/<type>/<name>`, exactly three
 * segments), `subscriptionId`, `resourceGroupName` (KEDA rebuilds `/subscriptions/%s/resourceGroups/%s/providers/%s/%s/%s`
 * from these three), `tenantId`, `metricName`, `metricAggregationType` (all required by the scaler), `targetValue`
 * (per replica: KEDA's default metric type AverageValue), `activationTargetValue`, optional `metricNamespace`,
 * `metricFilter`, `metricAggregationInterval` (`h:m:s`), `cloud`, `azureResourceManagerEndpoint`; credentials
 * `activeDirectoryClientId` / `activeDirectoryClientPassword` (trigger parameters) or a managed identity.
 * So the policy's `resourceId` (an ARM id) is split into `subscriptionId` + `resourceGroupName` + `resourceURI`.
 */
import type { PathSegment } from "../../../policy/errors";
import { azureMonitorResource, isGuid } from "../../../policy/sources/azure-monitor";
import { numberString } from "../../../policy/units";
import type { AzureMonitorSource } from "../../../types";
import { urlHasCredentials } from "../../output-values";
import { CREDENTIALS_IN_URL, type RuleBody, type RuleContext } from "./context";

export function azureMonitorRule(ctx: RuleContext, s: AzureMonitorSource, path: PathSegment[], target: number, activation: number | undefined): RuleBody | undefined {
  const { issues } = ctx;
  let ok = true;
  const res = azureMonitorResource(s);
  if (!res.ok) {
    issues.push({ code: "invalid_resource_id", path: [...path, res.field], message: res.message });
    ok = false;
  }
  if (s.tenantId === undefined) {
    issues.push({ code: "required", path: [...path, "tenantId"], message: "is required by KEDA's azure-monitor scaler (the Entra ID tenant of the metric's resource, a GUID)" });
    ok = false;
  } else if (!isGuid(s.tenantId)) {
    issues.push({ code: "invalid_string", path: [...path, "tenantId"], message: `must be a tenant id (a GUID), got ${JSON.stringify(s.tenantId)}` });
    ok = false;
  }
  if (s.metricAggregationType === undefined) {
    issues.push({
      code: "required",
      path: [...path, "metricAggregationType"],
      message: "is required by KEDA's azure-monitor scaler (\"no metricAggregationType given\"); allowed: Average, Total, Maximum, Minimum, Count",
    });
    ok = false;
  }
  if (s.azureResourceManagerEndpoint !== undefined && urlHasCredentials(s.azureResourceManagerEndpoint)) {
    issues.push({ code: "credentials_in_url", path: [...path, "azureResourceManagerEndpoint"], message: CREDENTIALS_IN_URL });
    ok = false;
  }
  if (s.cloud === "Private" && s.azureResourceManagerEndpoint === undefined) {
    issues.push({ code: "required", path: [...path, "azureResourceManagerEndpoint"], message: "is required when cloud is Private (KEDA azure-monitor)" });
    ok = false;
  }
  if (!ok || !res.ok) return undefined;
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
  return { custom: { type: "azure-monitor", metadata }, scaler: "azure-monitor" };
}
