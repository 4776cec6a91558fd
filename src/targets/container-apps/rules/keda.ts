/**
 * The `keda` metric kind on Container Apps: a custom rule of the scaler's type (the platform runs KEDA scalers,
 * https://learn.microsoft.com/azure/container-apps/scale-app#custom). Its metadata was checked against KEDA's
 * scalers schema when the policy loaded. Credentials: `auth.secret.parameters` (trigger parameter -> Container App
 * secret name) become the rule's `auth[]`; `auth.managedIdentity` its `identity`, only on the scalers Container Apps
 * supports a managed identity for.
 */
import type { MetricOf } from "../../../types";
import { kedaDeprecations } from "../../../policy/keda-kind";
import { quoteString } from "../../../policy/messages";
import { CONTAINER_APP_SECRET_NAME_RE } from "../../../policy/platforms/container-apps";
import { sortedMap } from "../../output-values";
import { mpath, type RuleBody, type RuleContext } from "./context";

/**
 * Container Apps supports a managed identity on scale rules of Azure Queue Storage, Service Bus and Event Hubs only
 * (the Container Apps team on microsoft/azure-container-apps#1786, roadmap #592); elsewhere the rule breaks.
 */
const IDENTITY_SUPPORTED = new Set(["azure-queue", "azure-servicebus", "azure-eventhub"]);
const IDENTITY_BROKEN: Record<string, string> = {
  "azure-monitor": "the azure-monitor rule fails to parse with a managed identity (microsoft/azure-container-apps#1582)",
  postgresql: "the postgresql rule loses its metadata with a managed identity (microsoft/azure-container-apps#1786)",
};
const IDENTITY_UNSUPPORTED = "Container Apps supports a managed identity on scale rules of azure-queue, azure-servicebus and azure-eventhub only (microsoft/azure-container-apps#1786, roadmap #592); on other scalers the identity is not used or breaks the rule";

export function kedaRule(ctx: RuleContext, m: MetricOf<"keda">, i: number): RuleBody | undefined {
  const path = mpath(i, "keda");
  for (const d of kedaDeprecations(m)) ctx.warnings.push({ severity: "warning", code: "keda_deprecated", path: [...path, ...d.path], message: d.message });
  if (m.metricType === "Value") {
    ctx.issues.push({
      code: "unsupported",
      path: [...path, "metricType"],
      message: `"Value" is not supported on container-apps: a custom scale rule has no metricType (ARM CustomScaleRule: type, metadata, auth, identity) and KEDA reads it as AverageValue; give the target per replica and remove metricType`,
    });
  }
  const custom: NonNullable<RuleBody["custom"]> = { type: m.type, metadata: sortedMap(m.metadata) };
  const auth = m.auth;
  if (auth?.secret) {
    const params = Object.keys(auth.secret.parameters).sort();
    for (const p of params) {
      const ref = auth.secret.parameters[p]!;
      if (!CONTAINER_APP_SECRET_NAME_RE.test(ref)) {
        ctx.issues.push({ code: "invalid_value", path: [...path, "auth", "secret", "parameters", p], message: `must be a Container App secret name on container-apps (lower-case letters, digits, '-' or '.', starting and ending with a letter or digit), got ${quoteString(ref)}` });
      }
      ctx.secretRefs.add(ref);
    }
    custom.auth = params.map((p) => ({ secretRef: auth.secret!.parameters[p]!, triggerParameter: p }));
    if (auth.secret.name !== undefined) {
      ctx.warnings.push({ severity: "info", code: "container_apps_secret_name_ignored", path: [...path, "auth", "secret", "name"], message: "not used on container-apps: each parameter reads the Container App secret named by its value" });
    }
  }
  if (auth?.managedIdentity !== undefined) {
    if (IDENTITY_SUPPORTED.has(m.type)) custom.identity = auth.managedIdentity;
    else {
      ctx.issues.push({
        code: "unsupported",
        path: [...path, "auth", "managedIdentity"],
        message: `is not supported on container-apps for the ${m.type} scaler: ${IDENTITY_BROKEN[m.type] ?? IDENTITY_UNSUPPORTED}; nearest alternative: auth.secret.parameters (Container App secrets)`,
      });
    }
  }
  const kubernetesOnly = (["triggerAuthentication", "clusterTriggerAuthentication", "podIdentity"] as const).filter((k) => auth?.[k] !== undefined);
  for (const k of kubernetesOnly) {
    const alone = auth?.secret === undefined && auth?.managedIdentity === undefined;
    const message = `is a KEDA (Kubernetes) setting; Container Apps has no TriggerAuthentication or pod identity: give auth.secret.parameters (Container App secrets) or auth.managedIdentity`;
    if (alone) ctx.issues.push({ code: "unsupported", path: [...path, "auth", k], message });
    else ctx.warnings.push({ severity: "info", code: "container_apps_auth_ignored", path: [...path, "auth", k], message: `not used on container-apps: ${message}` });
  }
  return { custom };
}
