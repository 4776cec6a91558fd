/**
 * A metric that gives two sources replays, on each platform, the trace column of the source that platform's
 * compiled output reads (src/simulate/sources.ts): the compiled trigger / rule / target tracking says which
 * source is read, the trace gives each column a different depth, and the simulated replicas show which
 * column was replayed.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy";
import type { ScalingPolicy } from "../../src/policy/policy";
import { compileKubernetes } from "../../src/targets/kubernetes";
import { compileEcs } from "../../src/targets/ecs";
import { compileContainerApps } from "../../src/targets/container-apps/compile";
import { simulate, type Trace } from "../../src/simulate";
import { checkTraceColumns } from "../../src/simulate/check";
import { eventSourceColumn } from "../../src/simulate/sources";
import { simulateReference } from "./reference-loop";

const SQS = { queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders", auth: { podIdentity: { provider: "aws" }, secret: { parameters: { awsAccessKeyID: "aws-access-key-id", awsSecretAccessKey: "aws-secret-access-key" } } } };
const PROMETHEUS = { query: "sum(queue_jobs)" };
const AZURE_MONITOR = { metricName: "Q", resourceId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Insights/components/ai", tenantId: "99999999-8888-7777-6666-555555555555", metricAggregationType: "Total" };
const CLOUD_WATCH = { namespace: "App", metricName: "Jobs", statistic: "Average" };

function policy(from: Record<string, unknown>): ScalingPolicy {
  return parsePolicy({
    service: "worker",
    scaling: {
      replicas: { min: 1, max: 50 },
      metrics: [{ queue: { jobsPerReplica: 5, from } }],
      ecs: { cluster: "default" },
      kubernetes: { prometheus: { serverAddress: "http://prometheus:9090" } },
      // Container Apps' azure-monitor rule authenticates with the app's identity
      ...(from.azureMonitor ? { containerApps: { rules: [{ metric: 0, identity: "system" }] } } : {}),
    },
  });
}

// 100 jobs in the `queue` column (the kind's own: prometheus, azureMonitor, cloudWatch) and 20 in `sqs`:
// 20 replicas when `queue` is replayed, 4 when `sqs` is.
const trace: Trace = [
  { t: 0, queue: 100, values: { sqs: 20 } },
  { t: 1800, queue: 100, values: { sqs: 20 } },
];
const REPLICAS: Record<string, number> = { queue: 20, sqs: 4 };

/** The source the compiled output reads for metric 0: `sqs` when it is the SQS scaler / metric, else the kind's own `queue`. */
function compiledReads(p: ScalingPolicy, platform: "kubernetes" | "container-apps" | "ecs"): "sqs" | "queue" {
  if (platform === "kubernetes") {
    const so = compileKubernetes(p).manifests.find((m) => m.kind === "ScaledObject")!;
    const type = (so.spec as { triggers: Array<{ type: string }> }).triggers[0]!.type;
    return type === "aws-sqs-queue" ? "sqs" : "queue";
  }
  if (platform === "container-apps") {
    const rule = compileContainerApps(p).scale.rules[0]!;
    return rule.custom?.type === "aws-sqs-queue" ? "sqs" : "queue";
  }
  // a metric-math spec (SQS backlog per task: AWS/SQS metrics over RunningTaskCount) or one CloudWatch metric
  const spec = compileEcs(p).policies[0]!.args.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification!;
  const namespaces = spec.metrics?.map((m) => m.metricStat?.metric.namespace) ?? [spec.namespace];
  return namespaces.includes("AWS/SQS") ? "sqs" : "queue";
}

describe("a metric with two sources replays the column of the source each platform reads", () => {
  const cases: Array<{ name: string; from: Record<string, unknown>; reads: Partial<Record<"kubernetes" | "container-apps" | "ecs", "sqs" | "queue">> }> = [
    // Kubernetes reads prometheus before any event source; Container Apps and ECS cannot read prometheus here and read SQS
    { name: "prometheus + sqs", from: { prometheus: PROMETHEUS, sqs: SQS }, reads: { kubernetes: "queue", "container-apps": "sqs", ecs: "sqs" } },
    // Container Apps reads azureMonitor first; Kubernetes (KEDA) and ECS read SQS
    { name: "azureMonitor + sqs", from: { azureMonitor: AZURE_MONITOR, sqs: SQS }, reads: { kubernetes: "sqs", "container-apps": "queue", ecs: "sqs" } },
    // ECS reads cloudWatch first; Kubernetes and Container Apps read SQS
    { name: "cloudWatch + sqs", from: { cloudWatch: CLOUD_WATCH, sqs: SQS }, reads: { kubernetes: "sqs", "container-apps": "sqs", ecs: "queue" } },
  ];
  for (const c of cases) {
    for (const [platform, column] of Object.entries(c.reads) as Array<["kubernetes" | "container-apps" | "ecs", "sqs" | "queue"]>) {
      it(`${c.name} on ${platform}: the compiled output reads ${column}, and the simulation replays that column`, () => {
        const p = policy(c.from);
        expect(compiledReads(p, platform)).toBe(column);
        expect(eventSourceColumn(p, 0, platform) ?? "queue").toBe(column);
        const r = simulate(p, trace, { platform });
        expect(Math.max(...r.timeline.map((x) => x.desired))).toBe(REPLICAS[column]);
        expect(r).toStrictEqual(simulateReference(p, trace, { platform }));
      });
    }
  }

  it("the trace must carry the column of the source the platform reads, not another source's", () => {
    const p = policy({ prometheus: PROMETHEUS, sqs: SQS });
    const onlySqs: Trace = [{ t: 0, values: { sqs: 20 } }, { t: 60, values: { sqs: 20 } }];
    expect(() => checkTraceColumns(p, onlySqs, "ecs")).not.toThrow();
    expect(() => checkTraceColumns(p, onlySqs, "kubernetes")).toThrow(/reads the trace column `queue`, which the trace does not have/);
    // without a platform, any source the metric gives will do
    expect(() => checkTraceColumns(p, onlySqs)).not.toThrow();
  });

  it("Cloud Run reads no event source", () => {
    expect(eventSourceColumn(policy({ prometheus: PROMETHEUS, sqs: SQS }), 0, "cloud-run")).toBeUndefined();
  });
});
