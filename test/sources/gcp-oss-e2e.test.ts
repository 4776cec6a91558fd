import { describe, expect, it } from "vitest";
import { parsePolicy, PolicyError } from "../../src/policy";
import { compileKubernetes } from "../../src/targets/kubernetes";
import { compileEcs } from "../../src/targets/ecs";
import { compileCloudRun } from "../../src/targets/cloud-run";
import { compileContainerApps } from "../../src/targets/container-apps";
import { validateScale } from "../targets/container-apps/schema";
import { validateManifest } from "../helpers/strict-schema";
import { kedaSchemaErrors } from "./helpers";

/** The Pub/Sub, Cloud Monitoring, Kafka, RabbitMQ and Redis sources through parsePolicy and each platform's compiler. */

const FROM = {
  pubsub: { subscription: "projects/shop-prod-42/subscriptions/orders", auth: { podIdentity: { provider: "gcp" } } },
  cloudMonitoring: { projectId: "shop-prod-42", filter: 'metric.type="custom.googleapis.com/jobs/backlog"', auth: { podIdentity: { provider: "gcp" } } },
  kafka: { bootstrapServers: ["kafka-0.kafka:9092"], consumerGroup: "billing", topic: "invoices", sasl: "scram_sha512", tls: true, auth: { secret: { parameters: { username: "kafka-user", password: "kafka-password" } } } },
  rabbitmq: { queueName: "mail", protocol: "amqp", auth: { secret: { name: "rabbitmq", parameters: { host: "amqp-url" } } } },
  redisList: { address: "redis-master.cache:6379", listName: "thumbnails", auth: { secret: { parameters: { password: "redis-password" } } } },
  redisStream: { address: "redis-master.cache:6379", stream: "events", consumerGroup: "workers", mode: "lagCount" },
} as const;

const policy = (kubernetes: object = {}, from: Record<string, object> = FROM) =>
  parsePolicy({
    service: "worker",
    namespace: "jobs",
    scaling: {
      replicas: { min: 0, max: 20 },
      metrics: Object.entries(from).map(([key, source]) => ({ queue: { jobsPerReplica: 10, activation: 2, from: { [key]: source } } })),
      ...(Object.keys(kubernetes).length ? { kubernetes } : {}),
      ecs: { cluster: "jobs" },
    },
  });

function issuesOf(f: () => unknown): { path: (string | number)[]; message: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw e;
  }
  throw new Error("compiled, expected a refusal");
}

describe("Kubernetes: one KEDA trigger per source, each with its TriggerAuthentication", () => {
  const out = compileKubernetes(policy());
  const so = out.manifests.find((m) => m.kind === "ScaledObject") as any;
  const auths = new Map(out.manifests.filter((m) => m.kind === "TriggerAuthentication").map((m: any) => [m.metadata.name, m.spec]));

  it("renders the scalers in metric order, every manifest valid against the closed KEDA CRDs", () => {
    expect(so.spec.triggers.map((t: any) => t.type)).toEqual(["prometheus", "gcp-stackdriver", "kafka", "rabbitmq", "redis", "redis-streams"]);
    for (const m of out.manifests) expect(validateManifest(m as any), `${m.kind} ${(m as any).metadata.name}`).toEqual([]);
  });

  it("checks each trigger against KEDA's scalers-schema.json with the auth parameters it refers to", () => {
    for (const t of so.spec.triggers) {
      const spec: any = t.authenticationRef ? auths.get(t.authenticationRef.name) : undefined;
      const params = (spec?.secretTargetRef ?? []).map((r: { parameter: string }) => r.parameter);
      expect(kedaSchemaErrors(t, params), t.type).toEqual([]);
    }
  });

  it("reads GCP with workload identity and the other credentials from Secrets, never from metadata", () => {
    const [pubsub, stackdriver, kafka, rabbit, list, stream] = so.spec.triggers;
    expect(auths.get(pubsub.authenticationRef.name)).toEqual({ podIdentity: { provider: "gcp" } });
    expect(stackdriver.authenticationRef).toEqual(pubsub.authenticationRef);
    expect(auths.get(kafka.authenticationRef.name).secretTargetRef.map((r: any) => r.parameter).sort()).toEqual(["password", "username"]);
    expect(auths.get(rabbit.authenticationRef.name)).toEqual({ secretTargetRef: [{ parameter: "host", name: "rabbitmq", key: "amqp-url" }] });
    expect(auths.get(list.authenticationRef.name).secretTargetRef).toEqual([expect.objectContaining({ parameter: "password", key: "redis-password" })]);
    expect(stream.authenticationRef).toBeUndefined();
    expect(JSON.stringify(so.spec.triggers)).not.toMatch(/password|amqp-url|:\/\/[^/]*@/);
  });

  it("carries the activation and says which Pub/Sub scaler it chose", () => {
    expect(so.spec.triggers.map((t: any) => t.metadata.activationThreshold ?? t.metadata.activationTargetValue ?? t.metadata.activationLagThreshold ?? t.metadata.activationValue ?? t.metadata.activationListLength ?? t.metadata.activationLagCount)).toEqual(["2", "2", "2", "2", "2", "2"]);
    expect(out.warnings).toContainEqual(expect.objectContaining({ severity: "info", code: "pubsub_keda_scaler", path: ["scaling", "metrics", 0, "queue", "from", "pubsub"] }));
  });

  it("compiles Pub/Sub to gcp-pubsub for a cluster with KEDA 2.17", () => {
    const old = compileKubernetes(policy({ cluster: { kedaVersion: "2.17" } }, { pubsub: FROM.pubsub }));
    const trigger = (old.manifests.find((m) => m.kind === "ScaledObject") as any).spec.triggers[0];
    expect(trigger.type).toBe("gcp-pubsub");
    expect(trigger.metadata).toEqual({ subscriptionName: "projects/shop-prod-42/subscriptions/orders", mode: "SubscriptionSize", value: "10", activationValue: "2" });
  });
});

/** The same sources with Container Apps credentials: a service account key and Container App secrets. */
const KEY = { secret: { parameters: { GoogleApplicationCredentials: "gcp-sa-key" } } };
const FROM_CONTAINER_APPS = { ...FROM, pubsub: { ...FROM.pubsub, auth: KEY }, cloudMonitoring: { ...FROM.cloudMonitoring, auth: KEY }, rabbitmq: { queueName: "mail", protocol: "amqp", auth: { secret: { parameters: { host: "amqp-url" } } } } };

describe("Container Apps: a custom rule of the same KEDA type, credentials from Container App secrets", () => {
  const out = compileContainerApps(policy({}, FROM_CONTAINER_APPS));

  it("renders one custom rule per source, valid against the closed ARM Scale", () => {
    expect(out.scale.rules!.map((r: any) => r.custom.type)).toEqual(["prometheus", "gcp-stackdriver", "kafka", "rabbitmq", "redis", "redis-streams"]);
    expect(validateScale(out.scale)).toEqual([]);
    for (const r of out.scale.rules! as any[]) expect(r.identity, r.custom.type).toBeUndefined();
  });

  it("reads each credential from the Container App secret its auth names, never from metadata", () => {
    const auth = (out.scale.rules! as any[]).map((r) => r.custom.auth ?? []);
    expect(auth[0]).toEqual([{ secretRef: "gcp-sa-key", triggerParameter: "GoogleApplicationCredentials" }]);
    expect(auth[3]).toEqual([{ secretRef: "amqp-url", triggerParameter: "host" }]);
    expect([...out.secretRefs].sort()).toEqual(["amqp-url", "gcp-sa-key", "kafka-password", "kafka-user", "redis-password"]);
    expect(JSON.stringify(out.scale.rules!.map((r: any) => r.custom.metadata))).not.toMatch(/password|amqp-url|:\/\/[^/]*@/);
  });

  it("refuses a GKE identity once, at its path, naming Container App secrets", () => {
    const issues = issuesOf(() => compileContainerApps(policy({}, { pubsub: FROM.pubsub })));
    expect(issues).toEqual([expect.objectContaining({ path: ["scaling", "metrics", 0, "queue", "from", "pubsub", "auth", "podIdentity"], message: expect.stringMatching(/secret\.parameters/) })]);
  });

  it("refuses a managed identity: these scalers are not Azure services", () => {
    const issues = issuesOf(() => compileContainerApps(policy({}, { redisList: { ...FROM.redisList, auth: { managedIdentity: "system" } } })));
    expect(issues).toEqual([expect.objectContaining({ path: ["scaling", "metrics", 0, "queue", "from", "redisList", "auth", "managedIdentity"] })]);
  });
});

describe("platforms without a mapping refuse each source, naming the alternative", () => {
  it("Cloud Run", () => {
    const issues = issuesOf(() => compileCloudRun(policy()));
    for (const [i, key] of Object.keys(FROM).entries()) {
      expect(issues).toContainEqual(expect.objectContaining({ path: ["scaling", "metrics", i, "queue", "from", key], message: expect.stringMatching(/cannot be read on cloud-run; nearest alternative: .*(push|worker pool|GKE)/) }));
    }
  });

  it("ECS", () => {
    const issues = issuesOf(() => compileEcs(policy()));
    for (const [i, key] of Object.keys(FROM).entries()) {
      expect(issues).toContainEqual(expect.objectContaining({ path: ["scaling", "metrics", i, "queue", "from", key], message: expect.stringMatching(/cannot be read on ecs; nearest alternative: .*from\.cloudWatch/) }));
    }
  });
});
