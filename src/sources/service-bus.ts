import { z } from "zod";
import type { PathSegment } from "../policy/errors";
import { EVERY_PROBLEM, quote } from "../policy/messages";
import { numberString } from "../policy/units";
import { SourceAuth } from "./auth";
import { AzureCloud, PUSH_INSTEAD, azureName, cloudIssues, cloudMetadata, cloudUnused, containerAppsAuthIssues, endpointSuffix, kubernetesAuthIssues, wholeCountIssues, type AzureQueueAuth } from "./azure";
import { checkPodIdentity, checkSecretParameters } from "./checks";
import { defineSource, type ContainerAppsRuleSpec, type KedaTriggerSpec, type Mapped, type SourceTarget } from "./types";

/**
 * An Azure Service Bus queue, or a topic subscription: KEDA's `azure-servicebus` scaler
 * (https://keda.sh/docs/2.18/scalers/azure-service-bus/, kedacore/keda pkg/scalers/azure_servicebus_scaler.go) on
 * Kubernetes and as a Container Apps custom rule, which accepts a managed identity for Service Bus
 * ("Scale rules for Azure resources, including Azure Queue Storage, Azure Service Bus, and Azure Event Hubs, also
 * support managed identity": https://learn.microsoft.com/azure/container-apps/scale-app#authentication).
 */

const SCALER = "azure-servicebus";
const CREDENTIAL_PARAMETERS = ["connection"] as const;

/** Azure's rules for Microsoft.ServiceBus names (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftservicebus). */
const ALNUM = /^[a-z0-9]$/;
const ENTITY_NAME = (what: string) =>
  azureName({ what, min: 1, max: 260, char: /^[a-z0-9._/-]$/, chars: "letters, digits, '.', '-', '_' and '/'", first: ALNUM, last: ALNUM, edges: "start and end with a letter or digit" });
const SUBSCRIPTION_NAME = azureName({
  what: "a Service Bus subscription name",
  min: 1,
  max: 50,
  char: /^[a-z0-9._-]$/,
  chars: "letters, digits, '.', '-' and '_'",
  first: ALNUM,
  last: ALNUM,
  edges: "start and end with a letter or digit",
});
const NAMESPACE = azureName({
  what: "a Service Bus namespace name",
  min: 6,
  max: 50,
  // '.' is left to `more`, which names the mistake (a host name given for the namespace).
  char: /^[a-z0-9.-]$/,
  chars: "letters, digits and hyphens",
  first: /^[a-z]$/,
  last: ALNUM,
  edges: "start with a letter and end with a letter or digit",
  more: (name) => {
    const out: string[] = [];
    if (name.includes(".")) out.push(`must be the namespace's name, not its host name: for ${quote(name)} give ${quote(name.split(".")[0])} (KEDA appends the cloud's suffix)`);
    if (/-(sb|mgmt)$/i.test(name)) out.push(`must not end with "-sb" or "-mgmt" (reserved by Service Bus), got ${quote(name)}`);
    return out;
  },
});

export const ServiceBusSource = z
  .strictObject({
    /** KEDA `queueName`: a queue (or give `topicName` and `subscriptionName`). */
    queueName: ENTITY_NAME("a Service Bus queue name").optional(),
    /** KEDA `topicName`, with `subscriptionName`. */
    topicName: ENTITY_NAME("a Service Bus topic name").optional(),
    /** KEDA `subscriptionName` of `topicName`. */
    subscriptionName: SUBSCRIPTION_NAME.optional(),
    /** KEDA `namespace` (the name, not the host). Required with a pod identity or a managed identity. */
    namespace: NAMESPACE.optional(),
    /** KEDA `cloud`, read with a pod / managed identity (a connection string names its own endpoint). @default AzurePublicCloud */
    cloud: AzureCloud.optional(),
    /** KEDA `endpointSuffix` of a private cloud, e.g. `servicebus.airgap.example` (only with cloud: Private). */
    endpointSuffix: endpointSuffix("servicebus.airgap.example").optional(),
    /**
     * Kubernetes: `secret.parameters.connection` (the Service Bus connection string), `podIdentity` azure-workload, or
     * an existing TriggerAuthentication. Container Apps: `secret.parameters.connection` or `managedIdentity`.
     */
    auth: SourceAuth.optional(),
  })
  .superRefine((s, ctx) => {
    for (const i of [...entityIssues(s), ...cloudIssues(s)]) ctx.addIssue({ code: "custom", ...i });
    checkPodIdentity(ctx, s.auth, ["azure-workload"], SCALER);
    checkSecretParameters(ctx, s.auth, CREDENTIAL_PARAMETERS, SCALER);
  }, EVERY_PROBLEM);
export type ServiceBusSource = z.infer<typeof ServiceBusSource>;

/** Exactly one entity: a queue, or a topic with its subscription (KEDA's `Validate` in azure_servicebus_scaler.go). */
function entityIssues(s: ServiceBusSource): { path: PathSegment[]; message: string; input: unknown }[] {
  const { queueName: q, topicName: t, subscriptionName: sub } = s;
  if (q !== undefined && t !== undefined) return [{ path: ["topicName"], message: `cannot be combined with queueName (KEDA: "both topic and queue name metadata provided"): give a queue, or a topic with its subscription`, input: t }];
  if (q !== undefined && sub !== undefined) return [{ path: ["subscriptionName"], message: `applies to a topic, not to queueName (KEDA: "subscription name provided with queue name")`, input: sub }];
  if (t !== undefined && sub === undefined) return [{ path: ["subscriptionName"], message: `is required with topicName (KEDA: "no subscription name provided with topic name")`, input: undefined }];
  if (q === undefined && t === undefined) {
    return sub !== undefined
      ? [{ path: ["topicName"], message: "is required with subscriptionName (a subscription belongs to a topic)", input: undefined }]
      : [{ path: [], message: "needs queueName, or topicName with subscriptionName (KEDA: \"no service bus entity type set\")", input: s }];
  }
  return [];
}

function metadata(s: ServiceBusSource, t: SourceTarget): Record<string, string> {
  const m: Record<string, string> = {};
  if (s.queueName !== undefined) m.queueName = s.queueName;
  if (s.topicName !== undefined) m.topicName = s.topicName;
  if (s.subscriptionName !== undefined) m.subscriptionName = s.subscriptionName;
  if (s.namespace !== undefined) m.namespace = s.namespace;
  m.messageCount = numberString(t.perReplica);
  if (t.activation !== undefined) m.activationMessageCount = numberString(t.activation);
  return { ...m, ...cloudMetadata(s) };
}

/** KEDA and Container Apps read `namespace` (and the cloud) only with an identity. */
const AUTH: AzureQueueAuth = {
  scaler: SCALER,
  connection: "Service Bus connection string",
  identityField: "namespace",
  kedaNeeds: '"namespace are required when using pod identity"; the identity connects to <namespace>.servicebus.windows.net',
  armNeeds: "the rule's identity connects to <namespace>.servicebus.windows.net",
};

function kubernetes(s: ServiceBusSource, t: SourceTarget): Mapped<KedaTriggerSpec> {
  const issues = [...wholeCountIssues(t, `KEDA's ${SCALER} scaler`), ...kubernetesAuthIssues(AUTH, s.auth, s.namespace, t)];
  return issues.length > 0 ? { issues } : { value: { type: SCALER, metadata: metadata(s, t) }, warnings: cloudUnused(s, t, "kubernetes") };
}

function containerApps(s: ServiceBusSource, t: SourceTarget): Mapped<ContainerAppsRuleSpec> {
  const issues = [...wholeCountIssues(t, `the Container Apps ${SCALER} rule`), ...containerAppsAuthIssues(AUTH, s.auth, s.namespace, t)];
  return issues.length > 0 ? { issues } : { value: { custom: { type: SCALER, metadata: metadata(s, t) } }, warnings: cloudUnused(s, t, "container-apps") };
}

export const serviceBus = defineSource({
  key: "serviceBus",
  title: "Azure Service Bus queue or topic subscription",
  schema: ServiceBusSource,
  kinds: ["queue"],
  credentialParameters: CREDENTIAL_PARAMETERS,
  docs: "https://keda.sh/docs/2.18/scalers/azure-service-bus/",
  auth: (s) => s.auth,
  kubernetes,
  containerApps,
  containerAppsIdentity: true,
  alternatives: {
    ecs: "move the queue to Amazon SQS (`from.sqs`), or publish its active message count to CloudWatch and use a `cloudWatch` source",
    "cloud-run": PUSH_INSTEAD,
  },
  examples: [
    { queueName: "orders", namespace: "contoso-orders", auth: { secret: { parameters: { connection: "orders-bus-connection" } } } },
    { topicName: "invoices", subscriptionName: "billing", namespace: "contoso-billing", auth: { podIdentity: { provider: "azure-workload" }, managedIdentity: "system" } },
  ],
});
