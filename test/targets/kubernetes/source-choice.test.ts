/**
 * Kubernetes reads one source per metric. When a metric also gives sources Kubernetes does not read (a policy shared
 * with ECS and Container Apps often carries cloudWatch and azureMonitor side by side), an info names each unused one.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/load";
import { compileKubernetes } from "../../../src/targets/kubernetes";

const cloudWatch = { namespace: "Shop", metricName: "Backlog", region: "eu-west-1", auth: { podIdentity: { provider: "aws" } } };
const azureMonitor = { metricName: "ActiveMessages", resourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/shop/providers/Microsoft.ServiceBus/namespaces/shop", tenantId: "11111111-1111-1111-1111-111111111111", metricAggregationType: "Average", auth: { podIdentity: { provider: "azure-workload" } } };
const sqs = { queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders", auth: { podIdentity: { provider: "aws" } } };

function infos(from: Record<string, unknown>) {
  const out = compileKubernetes(parsePolicy({ service: "worker", namespace: "prod", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ queue: { jobsPerReplica: 5, from } }] } }));
  return { trigger: out.manifests.find((m) => m.kind === "ScaledObject")!.spec!.triggers as { type: string }[], choices: out.warnings.filter((w) => w.code === "kubernetes_source_choice").map((w) => `${w.path.join(".")}: ${w.message}`) };
}

describe("a metric with sources Kubernetes does not read", () => {
  it("cloudWatch and azureMonitor: aws-cloudwatch is used, azureMonitor named as unused", () => {
    const r = infos({ cloudWatch, azureMonitor });
    expect(r.trigger.map((t) => t.type)).toEqual(["aws-cloudwatch"]);
    expect(r.choices).toEqual(["scaling.metrics.0.queue.from.azureMonitor: not used on kubernetes: the cloudWatch source of this metric is used instead"]);
  });

  it("an event source beside cloudWatch: the event source is used, cloudWatch named as unused", () => {
    const r = infos({ sqs, cloudWatch });
    expect(r.trigger.map((t) => t.type)).toEqual(["aws-sqs-queue"]);
    expect(r.choices).toEqual(["scaling.metrics.0.queue.from.cloudWatch: not used on kubernetes: the sqs source of this metric is used instead"]);
  });

  it("one source: no choice to report", () => {
    expect(infos({ cloudWatch }).choices).toEqual([]);
  });
});
