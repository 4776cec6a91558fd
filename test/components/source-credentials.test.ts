/**
 * Event sources in the components under Pulumi mocks: KubernetesScaling stores `sourceCredentials` in the Secret
 * `<service>-<source>-auth` that the generated TriggerAuthentication reads (and refuses a missing key before anything
 * is registered); EcsServiceScaling creates the StepScaling wake policy and its CloudWatch alarm, whose action is
 * that policy's ARN.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesScaling } from "../../src/components/kubernetes";
import { EcsServiceScaling } from "../../src/components/ecs";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing";

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";
const sqsPolicy = (auth: unknown, min = 0) => ({
  service: "worker",
  namespace: "jobs",
  workload: { kind: "Deployment" as const, name: "worker" },
  scaling: { replicas: { min, max: 10 }, ecs: { cluster: "c1" }, metrics: [{ queue: { jobsPerReplica: 10, from: { sqs: { queueUrl: URL, auth } } } }] },
});

describe("KubernetesScaling with an event source's secret", () => {
  it("creates <service>-sqs-auth from sourceCredentials (secret values), read by the generated TriggerAuthentication", async () => {
    const policy = sqsPolicy({ secret: { parameters: { awsAccessKeyID: "aws-access-key-id", awsSecretAccessKey: "aws-secret-access-key" } } }) as any;
    const c = new KubernetesScaling("worker", { policy, sourceCredentials: { sqs: { "aws-access-key-id": "AKIAEXAMPLE", "aws-secret-access-key": pulumi.secret("s3cr3t-key") } } });
    const secret = c.resources.Secret as unknown as { stringData: pulumi.Output<Record<string, string>> };
    expect(await pulumi.isSecret(secret.stringData)).toBe(true);
    await valueOf(c.engine);
    await settled();
    const [sec] = await mocks.ofType("kubernetes:core/v1:Secret");
    expect(sec!.name).toBe("worker-sqs-auth");
    expect(sec!.inputs.metadata).toEqual({ name: "worker-sqs-auth", namespace: "jobs" });
    // The mock engine shows the secret as its wire form ({ <secret signature>, value }).
    const data = sec!.inputs.stringData;
    expect(Object.keys(data.value ?? data).sort()).toEqual(["aws-access-key-id", "aws-secret-access-key"]);
    const [ta] = await mocks.ofType("kubernetes:keda.sh/v1alpha1:TriggerAuthentication");
    expect(ta!.inputs.spec.secretTargetRef.map((r: any) => [r.parameter, r.name, r.key])).toEqual([
      ["awsAccessKeyID", "worker-sqs-auth", "aws-access-key-id"],
      ["awsSecretAccessKey", "worker-sqs-auth", "aws-secret-access-key"],
    ]);
    const [so] = await mocks.ofType("kubernetes:keda.sh/v1alpha1:ScaledObject");
    expect(JSON.stringify([so!.inputs, ta!.inputs])).not.toMatch(/AKIAEXAMPLE|s3cr3t-key/);
  });

  it("refuses a missing key before anything is registered, naming the input; an existing Secret needs none", async () => {
    const policy = sqsPolicy({ secret: { parameters: { awsAccessKeyID: "aws-access-key-id", awsSecretAccessKey: "aws-secret-access-key" } } }) as any;
    expect(() => new KubernetesScaling("w", { policy, sourceCredentials: { sqs: { "aws-access-key-id": "AKIAEXAMPLE" } } })).toThrow(
      'w: the sqs source\'s auth.secret needs `sourceCredentials.sqs["aws-secret-access-key"]` for the Secret "worker-sqs-auth" (or set auth.secret.name to an existing Secret)',
    );
    expect(await mocks.all()).toEqual([]);
    const named = sqsPolicy({ secret: { name: "team-aws", parameters: { awsAccessKeyID: "id", awsSecretAccessKey: "key" } } }) as any;
    const c = new KubernetesScaling("w2", { policy: named });
    await valueOf(c.engine);
    await settled();
    expect(await mocks.ofType("kubernetes:core/v1:Secret")).toEqual([]);
  });
});

describe("EcsServiceScaling with an event source at replicas.min 0", () => {
  it("creates the target tracking policy, the StepScaling wake policy and its alarm invoking that policy", async () => {
    const c = new EcsServiceScaling("worker", { policy: sqsPolicy(undefined) as any, clusterName: "c1" });
    await valueOf(c.resourceId);
    expect(c.wakes).toHaveLength(1);
    const arn = await valueOf(c.wakes[0]!.policy.arn);
    await valueOf(c.wakes[0]!.alarm.arn);
    await settled();
    const policies = await mocks.ofType("aws:appautoscaling/policy:Policy");
    expect(policies.map((p) => [p.name, p.inputs.policyType]).sort()).toEqual([["worker-queue-scaling", "TargetTrackingScaling"], ["worker-queue-wake", "StepScaling"]]);
    const [alarm] = await mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarm!.inputs.alarmActions).toEqual([arn]);
    expect(alarm!.inputs.metricQueries.find((q: any) => q.returnData).expression).toBe("IF(FILL(tasks, 0) == 0, depth, 0)");
  });
});
