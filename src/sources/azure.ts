import { z } from "zod";
import type { PathSegment, PolicyIssue } from "../policy/errors";
import { INT32_MAX } from "../policy/units";
import { expected, quote } from "../policy/messages";
import type { SourceAuth } from "./auth";
import { namesTriggerAuthentication, targetPath } from "./checks";
import type { SourceTarget } from "./types";
import type { Diagnostic } from "../targets/types";

/**
 * What the Azure queue sources (Storage queue, Service Bus) share: the cloud and its endpoint suffix, whole
 * message counts, and which credentials each platform can use.
 */

/**
 * KEDA's Azure clouds (pkg/scalers/azure/azure_cloud_environment.go `ParseEnvironmentProperty`): a known cloud
 * gives the endpoint suffix; `Private` (Azure Stack Hub, air-gapped) reads it from `endpointSuffix`.
 */
export const AzureCloud = z.enum(["AzurePublicCloud", "AzureUSGovernmentCloud", "AzureChinaCloud", "Private"]);

/** A DNS suffix (no scheme, no path): `queue.core.contoso.example`. */
export const endpointSuffix = (example: string) =>
  z
    .string()
    .max(253)
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i, expected(`a DNS suffix without scheme or path, like "${example}"`));

/** Azure's naming rules for one kind of resource (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules). */
export interface AzureNameRule {
  /** "an Azure Storage queue name" */
  what: string;
  min: number;
  max: number;
  /** One allowed character (case-insensitive unless `lowercase`). */
  char: RegExp;
  chars: string;
  /** All letters lowercase. */
  lowercase?: boolean;
  /** What the first and last characters must be. */
  first: RegExp;
  last: RegExp;
  edges: string;
  /** No "--" (Storage queues). */
  noDoubleHyphen?: boolean;
  /** Extra problems (a host name given for a namespace, reserved suffixes). */
  more?(name: string): string[];
}

/** Every way `name` breaks `rule`, one sentence each. */
export function azureNameProblems(name: string, rule: AzureNameRule): string[] {
  const shown = quote(name);
  const out: string[] = [];
  const len = Array.from(name).length;
  if (len < rule.min || len > rule.max) out.push(`must be ${rule.min} to ${rule.max} characters (${rule.what}), got ${len} characters: ${shown}`);
  const bad = [...new Set(Array.from(name).filter((c) => !rule.char.test(c.toLowerCase())))];
  if (bad.length > 0) out.push(`may hold only ${rule.chars} (${rule.what}), got ${bad.map((c) => quote(c)).join(", ")} in ${shown}`);
  if (rule.lowercase && /[A-Z]/.test(name)) out.push(`must be lowercase (${rule.what}), got ${shown}`);
  if (len > 0 && (!rule.first.test(name[0]!.toLowerCase()) || !rule.last.test(name[name.length - 1]!.toLowerCase()))) out.push(`must ${rule.edges} (${rule.what}), got ${shown}`);
  if (rule.noDoubleHyphen && name.includes("--")) out.push(`must not hold consecutive hyphens (${rule.what}), got ${shown}`);
  out.push(...(rule.more?.(name) ?? []));
  return out;
}

/** A string checked against an Azure naming rule, one issue per problem. */
export function azureName(rule: AzureNameRule) {
  return z.string().superRefine((name, ctx) => {
    for (const message of azureNameProblems(name, rule)) ctx.addIssue({ code: "custom", message, input: name });
  });
}

/** A source with KEDA's `cloud` / `endpointSuffix` pair. */
interface CloudFields {
  cloud?: z.infer<typeof AzureCloud>;
  endpointSuffix?: string;
}

/**
 * `endpointSuffix` is read only for `cloud: Private`: for a known cloud KEDA derives the suffix and ignores the
 * field, so it is refused there rather than dropped.
 */
export function cloudIssues(s: CloudFields): { path: PathSegment[]; message: string; input: unknown }[] {
  if (s.cloud === "Private" && s.endpointSuffix === undefined) {
    return [{ path: ["endpointSuffix"], message: "is required when cloud is Private (KEDA reads the endpoint suffix of a private cloud from it)", input: undefined }];
  }
  if (s.endpointSuffix !== undefined && s.cloud !== "Private") {
    return [{ path: ["endpointSuffix"], message: `applies only with cloud: Private (for ${s.cloud === undefined ? "the default AzurePublicCloud" : s.cloud} KEDA derives the suffix and ignores this field); set cloud: Private or remove it`, input: s.endpointSuffix }];
  }
  return [];
}

/** KEDA metadata of the cloud fields (strings only, as KEDA reads them). */
export function cloudMetadata(s: CloudFields): Record<string, string> {
  const m: Record<string, string> = {};
  if (s.cloud !== undefined) m.cloud = s.cloud;
  if (s.endpointSuffix !== undefined) m.endpointSuffix = s.endpointSuffix;
  return m;
}

/**
 * The per-replica target and activation as whole message counts (KEDA parses them as int64, ARM's
 * `QueueScaleRule.queueLength` is an int32): one issue per value that is not one, naming the nearest whole ones.
 */
export function wholeCountIssues(t: SourceTarget, what: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const check = (field: string, v: number, min: number) => {
    if (Number.isInteger(v) && v >= min && v <= INT32_MAX) return;
    const lo = Math.max(min, Math.floor(v));
    const hi = Math.max(min, Math.ceil(v));
    const near = v > INT32_MAX ? String(INT32_MAX) : lo === hi ? String(lo) : `${lo} or ${hi}`;
    issues.push({ code: "invalid_value", path: field === "activation" ? [...t.path.slice(0, -2), "activation"] : targetPath(t), message: `must be a whole number from ${min} to ${INT32_MAX} for ${what} (a message count), got ${quote(v)}; nearest alternatives: ${near}` });
  };
  check("jobsPerReplica", t.perReplica, 1);
  if (t.activation !== undefined) check("activation", t.activation, 0);
  return issues;
}

/** How an Azure queue scaler authenticates: a `connection` secret, or an identity that needs one more field. */
export interface AzureQueueAuth {
  scaler: string;
  /** "storage connection string" */
  connection: string;
  /** The field an identity needs (`accountName`, `namespace`). */
  identityField: string;
  /** Why KEDA needs it with a pod identity (its error text). */
  kedaNeeds: string;
  /** Why Container Apps needs it with a managed identity. */
  armNeeds: string;
}

/** Kubernetes: a TriggerAuthentication reference, a pod identity (with the identity field), or a `connection` Secret key. */
export function kubernetesAuthIssues(a: AzureQueueAuth, auth: SourceAuth | undefined, identityValue: string | undefined, t: SourceTarget): PolicyIssue[] {
  if (namesTriggerAuthentication(auth)) return [];
  if (auth?.podIdentity !== undefined) {
    return identityValue !== undefined ? [] : [{ code: "required", path: [...t.path, a.identityField], message: `is required with auth.podIdentity (KEDA ${a.scaler}: ${a.kedaNeeds})` }];
  }
  if (auth?.secret?.parameters.connection !== undefined) return [];
  const managed = auth?.managedIdentity !== undefined ? " (auth.managedIdentity applies to Container Apps only)" : "";
  return [
    {
      code: "required",
      path: [...t.path, "auth"],
      message: `needs credentials on kubernetes (KEDA ${a.scaler}: "no connection setting given"): auth.secret.parameters.connection (the Secret key holding the ${a.connection}), auth.podIdentity { provider: azure-workload } with ${a.identityField}, or an existing auth.triggerAuthentication${managed}`,
    },
  ];
}

/** Container Apps: a managed identity on the rule (with the identity field), or a Container App secret for `connection`. */
export function containerAppsAuthIssues(a: AzureQueueAuth, auth: SourceAuth | undefined, identityValue: string | undefined, t: SourceTarget): PolicyIssue[] {
  if (auth?.managedIdentity !== undefined) {
    return identityValue !== undefined ? [] : [{ code: "required", path: [...t.path, a.identityField], message: `is required with auth.managedIdentity (${a.armNeeds})` }];
  }
  if (auth?.secret?.parameters.connection !== undefined) return [];
  return [
    {
      code: "required",
      path: [...t.path, "auth"],
      message: `needs credentials on container-apps: auth.secret.parameters.connection (the Container App secret holding the ${a.connection}) or auth.managedIdentity ("system" or a user-assigned identity's resource id) with ${a.identityField}`,
    },
  ];
}

/**
 * KEDA reads `cloud` / `endpointSuffix` only when an identity authenticates (azure_queue_scaler.go builds
 * https://<account>.<suffix> for azure-workload; azure_servicebus_scaler.go parses the cloud in its pod identity
 * branch): a connection string names its own endpoint, so the cloud is noted as unused there.
 */
export function cloudUnused(s: CloudFields & { auth?: SourceAuth }, t: SourceTarget, platform: "kubernetes" | "container-apps"): Diagnostic[] {
  const identity = platform === "kubernetes" ? "podIdentity" : "managedIdentity";
  if (s.cloud === undefined || s.auth?.[identity] !== undefined || namesTriggerAuthentication(s.auth)) return [];
  return [{ severity: "info", code: "azure_cloud_unused", path: [...t.path, "cloud"], message: `not used on ${platform} with a connection string (it names its own endpoint); KEDA reads the cloud with auth.${identity}` }];
}

/** Cloud Run cannot poll an Azure queue. */
export const PUSH_INSTEAD =
  "push the messages to the service instead (an Event Grid subscription or a Pub/Sub push subscription delivering to its URL; Cloud Run then scales on requests), or run the consumer as a Cloud Run worker pool or job";
