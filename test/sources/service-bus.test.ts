import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serviceBus } from "../../src/sources/service-bus";
import { containerAppsRuleErrors, expectIssue, kedaSchemaErrors, parsed, scaledObjectErrors, target, value } from "./helpers";
import { AZURE_UNDECLARED_METADATA, refused, specTriggers, withoutUndeclared } from "./azure-helpers";

/**
 * The Azure Service Bus source (a queue, or a topic subscription): KEDA azure-servicebus (golden against
 * keda.sh/docs/2.18/scalers/azure-service-bus/, checked against scalers-schema.json and the ScaledObject CRD) and
 * the Container Apps custom rule (golden against learn.microsoft.com/azure/container-apps/scale-app#custom).
 */

const t = (over = {}) => target("serviceBus", over);
const SECRET = { secret: { parameters: { connection: "bus-connection" } } };
const WORKLOAD = { podIdentity: { provider: "azure-workload" as const } };

describe("serviceBus on Kubernetes (KEDA azure-servicebus)", () => {
  // azure-service-bus.0.yaml gives queueName and topicName + subscriptionName together, commented "# or": each form
  // is one trigger. `connectionFromEnv` is left out (credentials only through auth).
  const [doc] = specTriggers("azure-service-bus.0.yaml");
  const { queueName, topicName, subscriptionName, connectionFromEnv, ...common } = doc!.metadata;
  const forms = [{ queueName }, { topicName, subscriptionName }];

  it("renders both forms of the KEDA docs' trigger specification (pod identity, private cloud, activation)", () => {
    expect(connectionFromEnv).toBeDefined();
    for (const form of forms) {
      const s = parsed(serviceBus, { ...form, namespace: common.namespace, cloud: common.cloud, endpointSuffix: common.endpointSuffix, auth: WORKLOAD });
      const trigger = value(serviceBus.kubernetes!(s, t({ perReplica: Number(common.messageCount), activation: Number(common.activationMessageCount) })));
      expect(trigger.type).toBe(doc!.type);
      expect(trigger.metadata).toEqual({ ...form, ...common });
    }
  });

  it("every metadata key is an azure-servicebus parameter of scalers-schema.json (cloud and endpointSuffix read outside it), no credential; the CRD accepts it", () => {
    for (const example of serviceBus.examples) {
      const trigger = value(serviceBus.kubernetes!(parsed(serviceBus, example), t({ activation: 1, minReplicas: 0 })));
      expect(kedaSchemaErrors(withoutUndeclared(trigger), ["connection"])).toEqual([]);
      expect(scaledObjectErrors(trigger, { name: "worker-service-bus-auth" })).toEqual([]);
    }
    const s = parsed(serviceBus, { queueName: "orders", namespace: "contoso-orders", cloud: "Private", endpointSuffix: "servicebus.airgap.example", auth: WORKLOAD });
    const trigger = value(serviceBus.kubernetes!(s, t()));
    expect(Object.keys(trigger.metadata).filter((k) => !(k in withoutUndeclared(trigger).metadata))).toEqual(AZURE_UNDECLARED_METADATA["azure-servicebus"]);
    expect(kedaSchemaErrors(withoutUndeclared(trigger))).toEqual([]);
  });

  it("notes a cloud that a connection string makes unused (KEDA parses it only for an identity), and not with one", () => {
    const bySecret = serviceBus.kubernetes!(parsed(serviceBus, { queueName: "orders", cloud: "AzureChinaCloud", auth: SECRET }), t());
    expect(bySecret.warnings).toEqual([{ severity: "info", code: "azure_cloud_unused", path: [...t().path, "cloud"], message: "not used on kubernetes with a connection string (it names its own endpoint); KEDA reads the cloud with auth.podIdentity" }]);
    expect(serviceBus.kubernetes!(parsed(serviceBus, { queueName: "orders", namespace: "contoso-orders", cloud: "AzureChinaCloud", auth: WORKLOAD }), t()).warnings).toEqual([]);
    expect(serviceBus.containerApps!(parsed(serviceBus, { queueName: "orders", namespace: "contoso-orders", cloud: "AzureChinaCloud", auth: { managedIdentity: "system" } }), t()).warnings).toEqual([]);
  });

  it("needs credentials KEDA can use, and namespace with a pod identity", () => {
    expectIssue(serviceBus.kubernetes!(parsed(serviceBus, { queueName: "orders" }), t()), [...t().path, "auth"], /no connection setting given/);
    expectIssue(serviceBus.kubernetes!(parsed(serviceBus, { queueName: "orders", auth: WORKLOAD }), t()), [...t().path, "namespace"], /namespace are required when using pod identity/);
    expect(value(serviceBus.kubernetes!(parsed(serviceBus, { queueName: "orders", auth: SECRET }), t())).metadata).toEqual({ queueName: "orders", messageCount: "10" });
    expectIssue(serviceBus.kubernetes!(parsed(serviceBus, { queueName: "orders", auth: SECRET }), t({ perReplica: 7.5 })), ["scaling", "metrics", 0, "queue", "jobsPerReplica"], /whole number.*7 or 8/);
  });
});

describe("serviceBus on Container Apps (custom azure-servicebus rule)", () => {
  it("compiles Microsoft's scale-app example to the same rule", () => {
    const doc = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "container-apps-docs", "scale-app.servicebus-rule.json"), "utf8"));
    const rule = doc.scale.rules[0].custom;
    const parameters = Object.fromEntries(rule.auth.map((a: { triggerParameter: string; secretRef: string }) => [a.triggerParameter, a.secretRef]));
    const s = parsed(serviceBus, { queueName: rule.metadata.queueName, namespace: rule.metadata.namespace, auth: { secret: { parameters } } });
    const body = value(serviceBus.containerApps!(s, t({ perReplica: Number(rule.metadata.messageCount) })));
    expect(body).toEqual({ custom: { type: rule.type, metadata: rule.metadata } });
    expect(containerAppsRuleErrors(body, rule.auth)).toEqual([]);
    expect(doc.secrets.map((x: { name: string }) => x.name)).toEqual(Object.values(parameters));
  });

  it("takes a managed identity (Microsoft documents it for Service Bus rules) with namespace; a topic subscription too", () => {
    expect(serviceBus.containerAppsIdentity).toBe(true);
    const body = value(serviceBus.containerApps!(parsed(serviceBus, serviceBus.examples[1]), t({ perReplica: 20, activation: 1, minReplicas: 0 })));
    expect(body).toEqual({ custom: { type: "azure-servicebus", metadata: { topicName: "invoices", subscriptionName: "billing", namespace: "contoso-billing", messageCount: "20", activationMessageCount: "1" } } });
    expect(containerAppsRuleErrors(body)).toEqual([]);
    expectIssue(serviceBus.containerApps!(parsed(serviceBus, { queueName: "orders", auth: { managedIdentity: "system" } }), t()), [...t().path, "namespace"], /namespace/);
    expectIssue(serviceBus.containerApps!(parsed(serviceBus, { queueName: "orders", namespace: "contoso-orders", auth: WORKLOAD }), t()), [...t().path, "auth"], /container-apps.*managedIdentity/);
  });
});

describe("serviceBus schema", () => {
  it("takes exactly one entity: a queue, or a topic with its subscription", () => {
    expect(refused(serviceBus, { namespace: "contoso-orders" })).toEqual([': needs queueName, or topicName with subscriptionName (KEDA: "no service bus entity type set")']);
    expect(refused(serviceBus, { queueName: "orders", topicName: "orders" })).toEqual(['topicName: cannot be combined with queueName (KEDA: "both topic and queue name metadata provided"): give a queue, or a topic with its subscription']);
    expect(refused(serviceBus, { queueName: "orders", subscriptionName: "s1" })).toEqual(['subscriptionName: applies to a topic, not to queueName (KEDA: "subscription name provided with queue name")']);
    expect(refused(serviceBus, { topicName: "orders" })).toEqual(['subscriptionName: is required with topicName (KEDA: "no subscription name provided with topic name")']);
    expect(refused(serviceBus, { subscriptionName: "s1" })).toEqual(["topicName: is required with subscriptionName (a subscription belongs to a topic)"]);
  });

  it("checks Azure's naming rules, one message per problem", () => {
    expect(refused(serviceBus, { queueName: "-orders" })).toEqual(['queueName: must start and end with a letter or digit (a Service Bus queue name), got "-orders"']);
    expect(refused(serviceBus, { topicName: "t", subscriptionName: "s".repeat(51) })[0]).toMatch(/^subscriptionName: must be 1 to 50 characters .*got 51 characters/);
    expect(refused(serviceBus, { queueName: "q", namespace: "contoso.servicebus.windows.net" })).toEqual([
      'namespace: must be the namespace\'s name, not its host name: for "contoso.servicebus.windows.net" give "contoso" (KEDA appends the cloud\'s suffix)',
    ]);
    expect(refused(serviceBus, { queueName: "q", namespace: "9lives" })).toEqual(['namespace: must start with a letter and end with a letter or digit (a Service Bus namespace name), got "9lives"']);
    expect(refused(serviceBus, { queueName: "q", namespace: "orders-sb" })).toEqual(['namespace: must not end with "-sb" or "-mgmt" (reserved by Service Bus), got "orders-sb"']);
    expect(parsed(serviceBus, { queueName: "Orders/EU_1.v2", namespace: "Contoso-Orders" }).queueName).toBe("Orders/EU_1.v2");
  });

  it("never takes a credential value", () => {
    expect(refused(serviceBus, { queueName: "orders", connection: "Endpoint=sb://x/;SharedAccessKey=k" })[0]).toMatch(/^: "connection" is an authentication parameter .*auth.secret.parameters.connection/);
    expect(refused(serviceBus, { queueName: "orders", auth: { secret: { parameters: { sharedAccessKey: "k" } } } })).toEqual([
      "auth.secret.parameters.sharedAccessKey: is not a parameter the KEDA azure-servicebus scaler reads from a TriggerAuthentication; allowed: connection",
    ]);
  });

  it("names the alternative on ECS and Cloud Run", () => {
    expect(serviceBus.ecs).toBeUndefined();
    expect(serviceBus.alternatives.ecs).toMatch(/SQS/);
    expect(serviceBus.alternatives["cloud-run"]).toMatch(/push.*worker pool/);
  });
});
