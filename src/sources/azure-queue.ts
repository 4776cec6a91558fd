import { z } from "zod";
import { AzureQueueLengthStrategy } from "../types/choices";
import { EVERY_PROBLEM, expected } from "../policy/messages";
import { numberString } from "../policy/units";
import { SourceAuth } from "./auth";
import { AzureCloud, PUSH_INSTEAD, azureName, cloudIssues, cloudMetadata, cloudUnused, containerAppsAuthIssues, endpointSuffix, kubernetesAuthIssues, wholeCountIssues, type AzureQueueAuth } from "./azure";
import { checkPodIdentity, checkSecretParameters } from "./checks";
import { defineSource, type ContainerAppsRuleSpec, type KedaTriggerSpec, type Mapped, type SourceTarget } from "./types";

/**
 * An Azure Storage queue: KEDA's `azure-queue` scaler (https://keda.sh/docs/2.18/scalers/azure-storage-queue/,
 * kedacore/keda pkg/scalers/azure_queue_scaler.go) on Kubernetes, the platform's own `azureQueue` rule (ARM
 * `QueueScaleRule`) on Container Apps.
 */

const SCALER = "azure-queue";
const CREDENTIAL_PARAMETERS = ["connection"] as const;

/** https://learn.microsoft.com/rest/api/storageservices/naming-queues-and-metadata#queue-names */
const QUEUE_NAME = azureName({
  what: "an Azure Storage queue name",
  min: 3,
  max: 63,
  char: /^[a-z0-9-]$/,
  chars: "lowercase letters, digits and hyphens",
  lowercase: true,
  first: /^[a-z0-9]$/,
  last: /^[a-z0-9]$/,
  edges: "start and end with a letter or digit",
  noDoubleHyphen: true,
});

/** https://learn.microsoft.com/azure/storage/common/storage-account-overview#storage-account-name */
const ACCOUNT_NAME = z.string().regex(/^[a-z0-9]{3,24}$/, expected("a storage account name: 3 to 24 lowercase letters and digits"));

export const AzureQueueSource = z
  .strictObject({
    /** KEDA / ARM `queueName`. */
    queueName: QUEUE_NAME,
    /**
     * KEDA / ARM `accountName`: the storage account. Required with a pod identity (KEDA "no accountName given") or a
     * managed identity (ARM: "required if using managed identity"); a connection string names its own account.
     */
    accountName: ACCOUNT_NAME.optional(),
    /** KEDA `queueLengthStrategy`: `all` counts visible and invisible messages, `visibleonly` peeks (up to 32). @default all */
    queueLengthStrategy: z.enum(AzureQueueLengthStrategy).optional(),
    /** KEDA `cloud` (read from trigger metadata by pkg/scalers/azure/azure_storage.go). @default AzurePublicCloud */
    cloud: AzureCloud.optional(),
    /** KEDA `endpointSuffix` of a private cloud's queue service, e.g. `queue.core.contoso.example` (only with cloud: Private). */
    endpointSuffix: endpointSuffix("queue.core.contoso.example").optional(),
    /**
     * Kubernetes: `secret.parameters.connection` (the storage connection string), `podIdentity` azure-workload, or an
     * existing TriggerAuthentication. Container Apps: `secret.parameters.connection` or `managedIdentity`.
     */
    auth: SourceAuth.optional(),
  })
  .superRefine((s, ctx) => {
    for (const i of cloudIssues(s)) ctx.addIssue({ code: "custom", ...i });
    checkPodIdentity(ctx, s.auth, ["azure-workload"], SCALER);
    checkSecretParameters(ctx, s.auth, CREDENTIAL_PARAMETERS, SCALER);
  }, EVERY_PROBLEM);
export type AzureQueueSource = z.infer<typeof AzureQueueSource>;

/** KEDA azure-queue metadata (also the custom rule's on Container Apps). */
function metadata(s: AzureQueueSource, t: SourceTarget): Record<string, string> {
  const m: Record<string, string> = { queueName: s.queueName, queueLength: numberString(t.perReplica) };
  if (t.activation !== undefined) m.activationQueueLength = numberString(t.activation);
  if (s.accountName !== undefined) m.accountName = s.accountName;
  if (s.queueLengthStrategy !== undefined) m.queueLengthStrategy = s.queueLengthStrategy;
  return { ...m, ...cloudMetadata(s) };
}

const AUTH: AzureQueueAuth = {
  scaler: SCALER,
  connection: "storage connection string",
  identityField: "accountName",
  kedaNeeds: '"no accountName given"; the identity reads https://<accountName>.queue.core.windows.net',
  armNeeds: 'ARM QueueScaleRule.accountName: "required if using managed identity"',
};

function kubernetes(s: AzureQueueSource, t: SourceTarget): Mapped<KedaTriggerSpec> {
  const issues = [...wholeCountIssues(t, `KEDA's ${SCALER} scaler`), ...kubernetesAuthIssues(AUTH, s.auth, s.accountName, t)];
  return issues.length > 0 ? { issues } : { value: { type: SCALER, metadata: metadata(s, t) }, warnings: cloudUnused(s, t, "kubernetes") };
}

/**
 * The native `azureQueue` rule carries only queueName, queueLength and accountName (ARM `QueueScaleRule`), so a
 * source that needs more (an activation value, a cloud, a length strategy) compiles to a custom rule of the same
 * KEDA scaler, which Container Apps documents with a managed identity too
 * (https://learn.microsoft.com/azure/container-apps/scale-app#using-managed-identity).
 */
function containerApps(s: AzureQueueSource, t: SourceTarget): Mapped<ContainerAppsRuleSpec> {
  const issues = [...wholeCountIssues(t, "the Container Apps azure-queue rule"), ...containerAppsAuthIssues(AUTH, s.auth, s.accountName, t)];
  if (issues.length > 0) return { issues };
  const needsCustom = (t.activation ?? 0) > 0 || s.cloud !== undefined || s.queueLengthStrategy !== undefined;
  if (needsCustom) return { value: { custom: { type: SCALER, metadata: metadata(s, t) } }, warnings: cloudUnused(s, t, "container-apps") };
  return { value: { azureQueue: { queueName: s.queueName, queueLength: t.perReplica, ...(s.accountName !== undefined ? { accountName: s.accountName } : {}) } } };
}

export const azureQueue = defineSource({
  key: "azureQueue",
  title: "Azure Storage queue",
  schema: AzureQueueSource,
  kinds: ["queue"],
  credentialParameters: CREDENTIAL_PARAMETERS,
  docs: "https://keda.sh/docs/2.18/scalers/azure-storage-queue/",
  auth: (s) => s.auth,
  kubernetes,
  containerApps,
  containerAppsIdentity: true,
  alternatives: {
    ecs: "move the queue to Amazon SQS (`from.sqs`), or publish its length (ApproximateMessageCount) to CloudWatch and use a `cloudWatch` source",
    "cloud-run": PUSH_INSTEAD,
  },
  examples: [
    { queueName: "orders", accountName: "ordersstore", auth: { secret: { parameters: { connection: "orders-queue-connection" } } } },
    { queueName: "thumbnails", accountName: "mediastore", auth: { podIdentity: { provider: "azure-workload" }, managedIdentity: "system" } },
  ],
});
