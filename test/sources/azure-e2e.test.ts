import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy";
import { simulate, type Trace } from "../../src/simulate";
import { compileCloudRun } from "../../src/targets/cloud-run";
import { compileContainerApps } from "../../src/targets/container-apps";
import { compileEcs } from "../../src/targets/ecs";
import { compileKubernetes } from "../../src/targets/kubernetes";
import { policyErrorOf } from "../helpers/policy-error";
import { validateManifest } from "../helpers/strict-schema";
import { int32Errors, strictScaleValidator } from "../targets/container-apps/schema";

/**
 * The Azure sources through the whole path (parsePolicy → compile) on every platform: Kubernetes ScaledObject +
 * TriggerAuthentication checked against the closed CRDs, Container Apps rules against the closed ARM `Scale` and
 * Microsoft's own examples, ECS and Cloud Run refusals naming the alternative.
 */

const ACA_DOCS = join(__dirname, "..", "fixtures", "container-apps-docs");
const acaDoc = (f: string) => JSON.parse(readFileSync(join(ACA_DOCS, f), "utf8"));
const SUB = "11111111-2222-3333-4444-555555555555";

const queueWorker = (min: number, from: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parsePolicy({ service: "worker", namespace: "jobs", scaling: { replicas: { min, max: 10 }, metrics: [{ queue: { jobsPerReplica: 20, ...extra, from } }], ecs: { cluster: "main" } } });

const AZURE_QUEUE = { azureQueue: { queueName: "orders", accountName: "ordersstore", auth: { secret: { parameters: { connection: "orders-queue-connection" } } } } };
const SERVICE_BUS = { serviceBus: { topicName: "invoices", subscriptionName: "billing", namespace: "contoso-billing", auth: { podIdentity: { provider: "azure-workload" }, managedIdentity: "system" } } };
const AZURE_MONITOR = {
  azureMonitor: {
    metricName: "ActiveMessages",
    resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/contoso`,
    tenantId: SUB,
    metricAggregationType: "Average",
    auth: { secret: { name: "monitor-reader", parameters: { activeDirectoryClientId: "client-id", activeDirectoryClientPassword: "client-secret" } } },
  },
};

describe("Kubernetes", () => {
  it("scales a Storage queue worker from zero: ScaledObject min 0 with activationQueueLength, a TriggerAuthentication reading the connection Secret", () => {
    const out = compileKubernetes(queueWorker(0, AZURE_QUEUE, { activation: 1 }));
    const so = out.manifests.find((m) => m.kind === "ScaledObject") as any;
    const ta = out.manifests.find((m) => m.kind === "TriggerAuthentication") as any;
    expect(so.spec.minReplicaCount).toBe(0);
    expect(so.spec.triggers).toEqual([
      { type: "azure-queue", metadata: { queueName: "orders", queueLength: "20", activationQueueLength: "1", accountName: "ordersstore" }, authenticationRef: { name: ta.metadata.name } },
    ]);
    expect(ta.spec.secretTargetRef).toEqual([{ parameter: "connection", name: ta.metadata.name, key: "orders-queue-connection" }]);
    for (const m of out.manifests) expect(validateManifest(m as never)).toEqual([]);
  });

  it("a Service Bus subscription with workload identity, and an Azure Monitor metric with a client secret", () => {
    for (const from of [SERVICE_BUS, AZURE_MONITOR]) {
      const out = compileKubernetes(queueWorker(1, from));
      const so = out.manifests.find((m) => m.kind === "ScaledObject") as any;
      const ta = out.manifests.find((m) => m.kind === "TriggerAuthentication") as any;
      expect(so.spec.triggers[0].authenticationRef).toEqual({ name: ta.metadata.name });
      for (const m of out.manifests) expect(validateManifest(m as never)).toEqual([]);
    }
    const bus = compileKubernetes(queueWorker(1, SERVICE_BUS));
    expect((bus.manifests.find((m) => m.kind === "TriggerAuthentication") as any).spec).toEqual({ podIdentity: { provider: "azure-workload" } });
    const monitor = compileKubernetes(queueWorker(1, AZURE_MONITOR));
    expect((monitor.manifests.find((m) => m.kind === "ScaledObject") as any).spec.triggers[0].type).toBe("azure-monitor");
    expect((monitor.manifests.find((m) => m.kind === "TriggerAuthentication") as any).spec.secretTargetRef).toEqual([
      { parameter: "activeDirectoryClientId", name: "monitor-reader", key: "client-id" },
      { parameter: "activeDirectoryClientPassword", name: "monitor-reader", key: "client-secret" },
    ]);
  });
});

describe("Container Apps", () => {
  it("reproduces Microsoft's background-processing azureQueue rule (queueLength 100, secret queueconnection → connection)", () => {
    const doc = acaDoc("background-processing.queue.json").resources[0].properties.template.scale.rules[0];
    const p = queueWorker(1, { azureQueue: { queueName: doc.azureQueue.queueName, auth: { secret: { parameters: { connection: doc.azureQueue.auth[0].secretRef } } } } }, { jobsPerReplica: doc.azureQueue.queueLength });
    const out = compileContainerApps(p);
    expect(out.scale.rules.map(({ name: _, ...body }) => body)).toEqual([{ azureQueue: doc.azureQueue }]);
    expect(out.secretRefs).toEqual(["queueconnection"]);
    expect(strictScaleValidator()(out.scale)).toBe(true);
    expect(int32Errors(out.scale)).toEqual([]);
  });

  it("reproduces scale-app's Service Bus custom rule (secret connection-string-secret → connection)", () => {
    const doc = acaDoc("scale-app.servicebus-rule.json").scale.rules[0];
    const parameters = { connection: doc.custom.auth[0].secretRef };
    const p = queueWorker(0, { serviceBus: { queueName: doc.custom.metadata.queueName, namespace: doc.custom.metadata.namespace, auth: { secret: { parameters } } } }, { jobsPerReplica: Number(doc.custom.metadata.messageCount) });
    const out = compileContainerApps(p);
    expect(out.scale.rules.map(({ name: _, ...body }) => body)).toEqual([{ custom: doc.custom }]);
    expect(strictScaleValidator()(out.scale)).toBe(true);
  });

  it("puts the managed identity on the rule for both Azure queue sources", () => {
    const q = compileContainerApps(queueWorker(0, { azureQueue: { queueName: "thumbnails", accountName: "mediastore", auth: { managedIdentity: "system" } } }));
    expect(q.scale.rules[0]).toMatchObject({ azureQueue: { queueName: "thumbnails", queueLength: 20, accountName: "mediastore", identity: "system" } });
    const bus = compileContainerApps(queueWorker(0, SERVICE_BUS));
    expect(bus.scale.rules[0]!.custom).toMatchObject({ type: "azure-servicebus", identity: "system" });
    expect(bus.warnings.map((w) => w.path.join("."))).toContain("scaling.metrics.0.queue.from.serviceBus.auth.podIdentity");
    for (const s of [q.scale, bus.scale]) expect(strictScaleValidator()(s)).toBe(true);
  });
});

describe("ECS and Cloud Run", () => {
  it("refuse each Azure queue source at its path, naming the alternative", () => {
    for (const [from, key] of [[AZURE_QUEUE, "azureQueue"], [SERVICE_BUS, "serviceBus"]] as const) {
      const ecs = policyErrorOf(() => compileEcs(queueWorker(1, from)));
      expect(ecs.issues).toEqual([expect.objectContaining({ path: ["scaling", "metrics", 0, "queue", "from", key], message: expect.stringMatching(/cannot be read on ecs; nearest alternative: .*SQS.*CloudWatch/) })]);
      const run = policyErrorOf(() => compileCloudRun(queueWorker(1, from)));
      expect(run.issues).toEqual([expect.objectContaining({ path: ["scaling", "metrics", 0, "queue", "from", key], message: expect.stringMatching(/cannot be read on cloud-run; nearest alternative: push .*worker pool/) })]);
    }
  });
});

describe("simulate", () => {
  it("replays the azureQueue column: a depth of 100 at 20 per replica wakes the worker from 0 to 5, on KEDA and on Container Apps", () => {
    const policy = parsePolicy({ service: "worker", scaling: { replicas: { min: 0, max: 20 }, metrics: [{ queue: { jobsPerReplica: 20, activation: 1, from: AZURE_QUEUE } }] } });
    const trace: Trace = [{ t: 0, values: { azureQueue: 0 } }, { t: 120, values: { azureQueue: 100 } }, { t: 900, values: { azureQueue: 100 } }];
    for (const platform of ["kubernetes", "container-apps"] as const) {
      const r = simulate(policy, trace, { platform });
      expect(r.timeline.find((p) => p.t === 60)!.desired, platform).toBe(0);
      // KEDA AverageValue: ceil(100 / 20) = 5 replicas once the queue is read.
      expect(r.timeline[r.timeline.length - 1]!.desired, platform).toBe(5);
    }
  });
});
