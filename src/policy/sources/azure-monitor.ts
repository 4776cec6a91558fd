import { z } from "zod";
import { expected, quote } from "../messages";
import { httpUrl } from "../url";
import { SourceAuth } from "../../sources/auth";

/**
 * An Azure Monitor metric for a Container Apps `custom` rule of type `azure-monitor`
 * (KEDA azure-monitor scaler: https://keda.sh/docs/latest/scalers/azure-monitor/).
 *
 * The fields use KEDA's own metadata names, except `resourceId`: polyscale takes the ARM resource id
 * (`/subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>`, what the Azure portal
 * and `az` print; the Membrane seed's CLI abbreviation `metricResourceId`) and the Container Apps target
 * splits it into KEDA's `subscriptionId`, `resourceGroupName` and `resourceURI` (`<namespace>/<type>/<name>`).
 * The KEDA short form `<namespace>/<type>/<name>` is accepted too, together with `subscriptionId` and
 * `resourceGroupName`. The format is checked by the target that uses the source (the Container Apps
 * compiler), so that other platforms, which ignore this source, do not reject a policy for it.
 */
export const AzureMonitorSource = z.strictObject({
  metricName: z.string().min(1),
  /** ARM resource id (or KEDA `resourceURI` form `<namespace>/<type>/<name>`) of the metric's resource. */
  resourceId: z.string().min(1),
  /** KEDA `tenantId` (required by the scaler). */
  tenantId: z.string().min(1).optional(),
  /** KEDA `subscriptionId`; taken from `resourceId` when that is a full ARM id. */
  subscriptionId: z.string().min(1).optional(),
  /** KEDA `resourceGroupName`; taken from `resourceId` when that is a full ARM id. */
  resourceGroupName: z.string().min(1).optional(),
  /** KEDA `metricNamespace`: needed for custom metrics (e.g. `azure.applicationinsights`, or your own namespace). */
  metricNamespace: z.string().min(1).optional(),
  metricFilter: z.string().min(1).optional(),
  /** KEDA `metricAggregationType` (required by the scaler: "no metricAggregationType given"). */
  metricAggregationType: z.enum(["Average", "Total", "Maximum", "Minimum", "Count"]).optional(),
  metricAggregationInterval: z.string().max(32).regex(/^\d+:\d+:\d+$/, expected('an interval like "0:1:0" (hours:minutes:seconds)')).optional(),
  /** KEDA `cloud` (`AzurePublicCloud` when unset). */
  cloud: z.enum(["AzurePublicCloud", "AzureUSGovernmentCloud", "AzureChinaCloud", "Private"]).optional(),
  /** KEDA `azureResourceManagerEndpoint` (required when `cloud` is `Private`). */
  azureResourceManagerEndpoint: httpUrl.optional(),
  /**
   * Kubernetes (KEDA): `podIdentity` azure-workload, `secret.parameters` activeDirectoryClientId and
   * activeDirectoryClientPassword, or an existing TriggerAuthentication. Container Apps reads the rule's credentials
   * from `scaling.containerApps.rules[].auth` / `identity` (src/sources/azure-monitor.ts).
   */
  auth: SourceAuth.optional(),
});
export type AzureMonitorSource = z.infer<typeof AzureMonitorSource>;

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** `/subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>` (exactly one type/name pair). */
const ARM_ID_RE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;
const SHORT_RE = /^([A-Za-z0-9.]+)\/([^/]+)\/([^/]+)$/;

export function isGuid(s: string): boolean {
  return GUID_RE.test(s);
}

/** KEDA azure-monitor's resource coordinates, or what keeps `resourceId` from giving them. */
export type AzureMonitorResource =
  | { ok: true; subscriptionId: string; resourceGroupName: string; resourceURI: string }
  | { ok: false; field: "resourceId" | "subscriptionId" | "resourceGroupName"; message: string };

/**
 * Split an Azure Monitor source's resource into KEDA's `subscriptionId`, `resourceGroupName` and
 * `resourceURI`. KEDA's scaler rebuilds `/subscriptions/%s/resourceGroups/%s/providers/%s/%s/%s` from them
 * and rejects a `resourceURI` that is not exactly `namespace/resource_type/resource_name`.
 */
export function azureMonitorResource(s: AzureMonitorSource): AzureMonitorResource {
  const arm = ARM_ID_RE.exec(s.resourceId);
  const example = "/subscriptions/<subscription-guid>/resourceGroups/<group>/providers/<namespace>/<type>/<name>";
  if (arm) {
    const [, sub, rg, ns, type, name] = arm as unknown as [string, string, string, string, string, string];
    if (!isGuid(sub)) return { ok: false, field: "resourceId", message: `has subscription ${quote(sub)}, which is not a subscription id (a GUID); got ${quote(s.resourceId)}` };
    if (s.subscriptionId !== undefined && s.subscriptionId.toLowerCase() !== sub.toLowerCase()) {
      return { ok: false, field: "subscriptionId", message: `${quote(s.subscriptionId)} contradicts the subscription in resourceId (${quote(sub)}); drop one of them` };
    }
    if (s.resourceGroupName !== undefined && s.resourceGroupName.toLowerCase() !== rg.toLowerCase()) {
      return { ok: false, field: "resourceGroupName", message: `${quote(s.resourceGroupName)} contradicts the resource group in resourceId (${quote(rg)}); drop one of them` };
    }
    return { ok: true, subscriptionId: sub, resourceGroupName: rg, resourceURI: `${ns}/${type}/${name}` };
  }
  const short = SHORT_RE.exec(s.resourceId);
  if (short && !s.resourceId.startsWith("/")) {
    if (s.subscriptionId === undefined) return { ok: false, field: "subscriptionId", message: `is required when resourceId is the short form ${quote(s.resourceId)} (or give the full ARM id ${example})` };
    if (!isGuid(s.subscriptionId)) return { ok: false, field: "subscriptionId", message: `must be a subscription id (a GUID), got ${quote(s.subscriptionId)}` };
    if (s.resourceGroupName === undefined) return { ok: false, field: "resourceGroupName", message: `is required when resourceId is the short form ${quote(s.resourceId)} (or give the full ARM id ${example})` };
    return { ok: true, subscriptionId: s.subscriptionId, resourceGroupName: s.resourceGroupName, resourceURI: s.resourceId };
  }
  const what = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/?$/i.test(s.resourceId)
    ? "a resource group id, not the id of the resource that emits the metric"
    : /\/providers\/[^/]+\/[^/]+\/[^/]+\/.+/.test(s.resourceId)
      ? "a nested (child) resource id; KEDA's azure-monitor scaler only accepts namespace/resource_type/resource_name"
      : "not an ARM resource id";
  return { ok: false, field: "resourceId", message: `must be the metric's resource as ${example} (or the KEDA short form <namespace>/<type>/<name> with subscriptionId and resourceGroupName); got ${quote(s.resourceId)}, ${what}` };
}
