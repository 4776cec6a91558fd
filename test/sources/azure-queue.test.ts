import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { azureQueue } from "../../src/sources/azure-queue";
import { containerAppsRuleErrors, docExample, docTriggers, expectIssue, kedaSchemaErrors, parsed, refusal, scaledObjectErrors, target, value } from "./helpers";
import { AZURE_UNDECLARED_METADATA, refused, specTriggers, withoutUndeclared } from "./azure-helpers";

/**
 * The Azure Storage queue source: KEDA azure-queue (golden against keda.sh/docs/2.18/scalers/azure-storage-queue/,
 * checked against KEDA's scalers-schema.json and the ScaledObject CRD) and the Container Apps `azureQueue` rule
 * (golden against Microsoft's background-processing tutorial and scale-app's managed identity example, checked
 * against ARM `QueueScaleRule` / `CustomScaleRule`).
 */

const t = (over = {}) => target("azureQueue", over);
const SECRET = { secret: { parameters: { connection: "queue-connection" } } };
const ACA_DOCS = join(__dirname, "..", "fixtures", "container-apps-docs");
const acaDoc = (f: string) => JSON.parse(readFileSync(join(ACA_DOCS, f), "utf8"));

describe("azureQueue on Kubernetes (KEDA azure-queue)", () => {
  it("renders the KEDA docs' ScaledObject example (pod identity, private cloud)", () => {
    // azure-storage-queue.1.yaml: the trigger reads `connectionFromEnv` too, which polyscale never emits (credentials
    // only through auth). Its accountName "storage-account-name" is a placeholder Azure refuses (3-24 lowercase letters
    // and digits), so a valid name stands in for it.
    const [doc] = docTriggers("azure-storage-queue.1.yaml");
    const ta = docExample("azure-storage-queue.1.yaml").find((d) => d.kind === "TriggerAuthentication");
    const { connectionFromEnv, ...expected }: Record<string, string> = { ...doc!.metadata, accountName: "storageaccountname" };
    expect(connectionFromEnv).toBeDefined();
    const s = parsed(azureQueue, {
      queueName: expected.queueName,
      accountName: "storageaccountname",
      queueLengthStrategy: expected.queueLengthStrategy,
      cloud: expected.cloud,
      endpointSuffix: expected.endpointSuffix,
      auth: { podIdentity: ta.spec.podIdentity },
    });
    const trigger = value(azureQueue.kubernetes!(s, t({ perReplica: Number(expected.queueLength) })));
    expect(trigger.type).toBe(doc!.type);
    expect(trigger.metadata).toEqual(expected);
    expect(refused(azureQueue, { queueName: "functionsqueue", accountName: doc!.metadata.accountName })).toEqual([
      'accountName: must be a storage account name: 3 to 24 lowercase letters and digits, got "storage-account-name"',
    ]);
  });

  it("renders the trigger specification example (activation, US Government cloud) with a connection secret", () => {
    // azure-storage-queue.0.yaml: `queueLengthStrategy: all|visibleonly` lists the two choices; `visibleonly` is taken.
    const [doc] = specTriggers("azure-storage-queue.0.yaml");
    const { connectionFromEnv: _, ...rest } = doc!.metadata;
    const expected = { ...rest, accountName: "storageaccountname", queueLengthStrategy: "visibleonly" };
    const s = parsed(azureQueue, { queueName: "orders", accountName: "storageaccountname", queueLengthStrategy: "visibleonly", cloud: "AzureUSGovernmentCloud", auth: SECRET });
    const trigger = value(azureQueue.kubernetes!(s, t({ perReplica: 5, activation: 50 })));
    expect(trigger.metadata).toEqual(expected);
  });

  it("every metadata key is an azure-queue parameter of KEDA's scalers-schema.json, required ones present, no credential; the ScaledObject CRD accepts it", () => {
    for (const example of azureQueue.examples) {
      const trigger = value(azureQueue.kubernetes!(parsed(azureQueue, example), t({ activation: 3, minReplicas: 0 })));
      expect(kedaSchemaErrors(withoutUndeclared(trigger), ["connection"])).toEqual([]);
      expect(scaledObjectErrors(trigger, { name: "worker-azure-queue-auth" })).toEqual([]);
    }
    const cloudy = value(azureQueue.kubernetes!(parsed(azureQueue, { queueName: "orders", cloud: "Private", endpointSuffix: "queue.core.contoso.example", auth: SECRET }), t()));
    expect(Object.keys(cloudy.metadata).filter((k) => !Object.keys(withoutUndeclared(cloudy).metadata).includes(k))).toEqual(AZURE_UNDECLARED_METADATA["azure-queue"]);
    expect(azureQueue.credentialParameters).toEqual(["connection"]);
  });

  it("scales from zero: min 0 with activation gives activationQueueLength", () => {
    const trigger = value(azureQueue.kubernetes!(parsed(azureQueue, azureQueue.examples[0]), t({ minReplicas: 0, activation: 2, perReplica: 20 })));
    expect(trigger.metadata).toMatchObject({ queueLength: "20", activationQueueLength: "2" });
  });

  it("needs credentials KEDA can use, and accountName with a pod identity", () => {
    expectIssue(azureQueue.kubernetes!(parsed(azureQueue, { queueName: "orders" }), t()), [...t().path, "auth"], /no connection setting given.*auth\.secret\.parameters\.connection/);
    expectIssue(azureQueue.kubernetes!(parsed(azureQueue, { queueName: "orders", accountName: "store1", auth: { managedIdentity: "system" } }), t()), [...t().path, "auth"], /managedIdentity applies to Container Apps only/);
    expectIssue(azureQueue.kubernetes!(parsed(azureQueue, { queueName: "orders", auth: { podIdentity: { provider: "azure-workload" } } }), t()), [...t().path, "accountName"], /no accountName given/);
    expect(value(azureQueue.kubernetes!(parsed(azureQueue, { queueName: "orders", auth: { triggerAuthentication: "shared-storage" } }), t())).metadata.queueName).toBe("orders");
  });

  it("refuses a fractional or out-of-range queue length, naming the metric field and the nearest whole numbers", () => {
    const m = azureQueue.kubernetes!(parsed(azureQueue, azureQueue.examples[0]), t({ perReplica: 2.5, activation: 0.5 }));
    expect(m.issues).toEqual([
      { code: "invalid_value", path: ["scaling", "metrics", 0, "queue", "jobsPerReplica"], message: "must be a whole number from 1 to 2147483647 for KEDA's azure-queue scaler (a message count), got 2.5; nearest alternatives: 2 or 3" },
      { code: "invalid_value", path: ["scaling", "metrics", 0, "queue", "activation"], message: "must be a whole number from 0 to 2147483647 for KEDA's azure-queue scaler (a message count), got 0.5; nearest alternatives: 0 or 1" },
    ]);
    expectIssue(azureQueue.kubernetes!(parsed(azureQueue, azureQueue.examples[0]), t({ perReplica: 3e9 })), ["scaling", "metrics", 0, "queue", "jobsPerReplica"], /nearest alternatives: 2147483647/);
  });
});

describe("azureQueue on Container Apps", () => {
  it("compiles Microsoft's background-processing example to the same native azureQueue rule", () => {
    const rule = acaDoc("background-processing.queue.json").resources[0].properties.template.scale.rules[0];
    const { auth, ...queue } = rule.azureQueue;
    // The doc's auth entry is the source's secret parameter (trigger parameter → Container App secret name).
    const parameters = Object.fromEntries(auth.map((a: { triggerParameter: string; secretRef: string }) => [a.triggerParameter, a.secretRef]));
    const s = parsed(azureQueue, { queueName: queue.queueName, auth: { secret: { parameters } } });
    const body = value(azureQueue.containerApps!(s, t({ perReplica: queue.queueLength })));
    expect(body).toEqual({ azureQueue: queue });
    expect(containerAppsRuleErrors({ azureQueue: { ...queue, auth } } as never)).toEqual([]);
    expect(Object.keys(parameters)).toEqual([...azureQueue.credentialParameters]);
  });

  it("compiles scale-app's managed identity example (a custom azure-queue rule) when the rule needs more than azureQueue carries", () => {
    const rule = acaDoc("scale-app.queue-identity.json").scale.rules[0];
    const metadata = { ...rule.custom.metadata, accountName: "mystorage", queueName: "jobs" };
    const s = parsed(azureQueue, { queueName: "jobs", accountName: "mystorage", queueLengthStrategy: "all", auth: { managedIdentity: rule.custom.identity } });
    const body = value(azureQueue.containerApps!(s, t({ perReplica: Number(metadata.queueLength) })));
    expect(body).toEqual({ custom: { type: rule.custom.type, metadata: { ...metadata, queueLengthStrategy: "all" } } });
    expect(azureQueue.containerAppsIdentity).toBe(true);
  });

  it("uses the native rule with a managed identity and accountName, and a custom rule for an activation (ARM QueueScaleRule has none)", () => {
    const s = parsed(azureQueue, azureQueue.examples[1]);
    expect(value(azureQueue.containerApps!(s, t({ perReplica: 10, minReplicas: 0 })))).toEqual({ azureQueue: { queueName: "thumbnails", queueLength: 10, accountName: "mediastore" } });
    const woken = value(azureQueue.containerApps!(s, t({ perReplica: 10, minReplicas: 0, activation: 5 })));
    expect(woken).toEqual({ custom: { type: "azure-queue", metadata: { queueName: "thumbnails", queueLength: "10", activationQueueLength: "5", accountName: "mediastore" } } });
    for (const body of [value(azureQueue.containerApps!(s, t())), woken]) expect(containerAppsRuleErrors(body)).toEqual([]);
  });

  it("needs a connection secret or a managed identity, and accountName with the identity", () => {
    expectIssue(azureQueue.containerApps!(parsed(azureQueue, { queueName: "orders", auth: { podIdentity: { provider: "azure-workload" } } }), t()), [...t().path, "auth"], /auth\.managedIdentity/);
    expectIssue(azureQueue.containerApps!(parsed(azureQueue, { queueName: "orders", auth: { managedIdentity: "system" } }), t()), [...t().path, "accountName"], /required if using managed identity/);
    expectIssue(azureQueue.containerApps!(parsed(azureQueue, azureQueue.examples[0]), t({ perReplica: 0.5 })), ["scaling", "metrics", 0, "queue", "jobsPerReplica"], /whole number/);
  });
});

describe("azureQueue schema", () => {
  it("reports each broken Azure queue naming rule once", () => {
    expect(refused(azureQueue, { queueName: "Orders--" })).toEqual([
      'queueName: must be lowercase (an Azure Storage queue name), got "Orders--"',
      'queueName: must start and end with a letter or digit (an Azure Storage queue name), got "Orders--"',
      'queueName: must not hold consecutive hyphens (an Azure Storage queue name), got "Orders--"',
    ]);
    expect(refused(azureQueue, { queueName: "q_" })).toEqual([
      'queueName: must be 3 to 63 characters (an Azure Storage queue name), got 2 characters: "q_"',
      'queueName: may hold only lowercase letters, digits and hyphens (an Azure Storage queue name), got "_" in "q_"',
      'queueName: must start and end with a letter or digit (an Azure Storage queue name), got "q_"',
    ]);
    expect(refused(azureQueue, { queueName: "a".repeat(64) })[0]).toMatch(/^queueName: must be 3 to 63 characters .*got 64 characters/);
    expect(parsed(azureQueue, { queueName: "a-1".padEnd(63, "b") }).queueName).toHaveLength(63);
  });

  it("never takes a credential value: a connection string is refused, secret parameters other than connection too", () => {
    expect(refused(azureQueue, { queueName: "orders", connection: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k" })[0]).toMatch(/^: "connection" is an authentication parameter .*auth.secret.parameters.connection/);
    expect(refused(azureQueue, { queueName: "orders", auth: { secret: { parameters: { accountKey: "key" } } } })).toEqual([
      "auth.secret.parameters.accountKey: is not a parameter the KEDA azure-queue scaler reads from a TriggerAuthentication; allowed: connection",
    ]);
    expect(refused(azureQueue, { queueName: "orders", auth: { podIdentity: { provider: "gcp" } } })[0]).toMatch(/^auth\.podIdentity\.provider: .*"azure-workload".*got "gcp"/);
  });

  it("endpointSuffix goes with cloud Private, and only there", () => {
    expect(refused(azureQueue, { queueName: "orders", cloud: "Private" })).toEqual(["endpointSuffix: is required when cloud is Private (KEDA reads the endpoint suffix of a private cloud from it)"]);
    expect(refused(azureQueue, { queueName: "orders", endpointSuffix: "queue.core.contoso.example" })[0]).toMatch(/^endpointSuffix: applies only with cloud: Private \(for the default AzurePublicCloud/);
    expect(refused(azureQueue, { queueName: "orders", cloud: "Private", endpointSuffix: "https://queue.example/" })[0]).toMatch(/^endpointSuffix: must be a DNS suffix/);
  });

  it("names the alternative on ECS and Cloud Run", () => {
    expect(azureQueue.ecs).toBeUndefined();
    expect(azureQueue.alternatives.ecs).toMatch(/SQS.*CloudWatch/);
    expect(azureQueue.alternatives["cloud-run"]).toMatch(/push.*worker pool/);
  });
});
