/**
 * The SQS module (src/sources/sqs.ts) and the wiring every source uses, end to end through parsePolicy and the
 * compilers: KEDA (golden vs the KEDA docs' aws-sqs-queue example; scalers-schema.json; strict CRDs), ECS (golden vs
 * AWS's "SQS queue backlog per task" metric math example; the botocore request models), Container Apps (strict ARM
 * Scale), Cloud Run (refusal naming the alternative), and the simulator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { policyErrorOf } from "../helpers/policy-error";
import { parsePolicy, parsePolicyFile } from "../../src/policy";
import { compileKubernetes } from "../../src/targets/kubernetes";
import { compileEcs } from "../../src/targets/ecs";
import { compileContainerApps } from "../../src/targets/container-apps/compile";
import { compileCloudRun } from "../../src/targets/cloud-run/compile";
import { simulate } from "../../src/simulate";
import { sqs } from "../../src/sources/sqs";
import { validateManifest } from "../helpers/strict-schema";
import { apiErrors, putMetricAlarmErrors, toApiRequest } from "../targets/ecs/helpers";
import { renderEcs } from "../../src/targets/ecs";
import { ECS_RULES, violations } from "../../src/rules";
import { strictScaleValidator } from "../targets/container-apps/schema";
import { docExample, kedaSchemaErrors, parsed, refusal, target, value } from "./helpers";

const URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";
const AWS_SECRET = { parameters: { awsAccessKeyID: "aws-access-key-id", awsSecretAccessKey: "aws-secret-access-key" } };

function policy(from: Record<string, unknown>, over: { min?: number; kind?: string; extra?: Record<string, unknown> } = {}) {
  return parsePolicy({
    service: "worker",
    namespace: "jobs",
    workload: { kind: "Deployment", name: "worker" },
    scaling: { replicas: { min: over.min ?? 1, max: 20 }, ecs: { cluster: "default" }, metrics: [{ [over.kind ?? "queue"]: { jobsPerReplica: 5, ...over.extra, from } }] },
  });
}

const issuesOf = (f: () => unknown): string[] => policyErrorOf(f).issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("sqs schema", () => {
  it("takes the queue URL as SQS prints it (standard, FIFO, legacy host) and derives the region", () => {
    expect(parsed(sqs, { queueUrl: URL }).scaleOnInFlight).toBe(true);
    expect(value(sqs.kubernetes!(parsed(sqs, { queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo", auth: { podIdentity: { provider: "aws" } } }), target("sqs"))).metadata.awsRegion).toBe("us-east-1");
    expect(value(sqs.kubernetes!(parsed(sqs, { queueUrl: "https://ap-south-1.queue.amazonaws.com/123456789012/q", auth: { podIdentity: { provider: "aws" } } }), target("sqs"))).metadata.awsRegion).toBe("ap-south-1");
  });

  it("refuses what SQS or KEDA would not take, one issue per problem at its field", () => {
    expect(refusal(sqs, { queueUrl: "orders" })).toEqual([expect.stringMatching(/^queueUrl: must be an SQS queue URL like "https:\/\/sqs\.eu-west-1\.amazonaws\.com\/123456789012\/orders", got "orders"/)]);
    expect(refusal(sqs, { queueUrl: URL, awsRegion: "us-east-1" })).toEqual([expect.stringMatching(/^awsRegion: "us-east-1" contradicts the region of queueUrl \("eu-west-1"\)/)]);
    expect(refusal(sqs, { queueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${"q".repeat(81)}` })).toEqual([expect.stringMatching(/^queueUrl: has queue name .* SQS allows 1\.\.80/)]);
    expect(refusal(sqs, { queueUrl: "http://localstack:4566/000000000000/orders", awsEndpoint: "http://localstack:4566" })).toEqual([expect.stringMatching(/^awsRegion: is required when queueUrl does not name a region/)]);
    expect(refusal(sqs, { queueUrl: URL, connectionString: "x" })).toEqual([expect.stringMatching(/connectionString/)]);
  });

  it("the module's examples parse", () => {
    for (const e of sqs.examples) expect(sqs.schema.safeParse(e).success, JSON.stringify(e)).toBe(true);
  });
});

describe("from.sqs in the model", () => {
  it("is refused on a metric kind the module does not feed, at its path, naming the kinds it feeds", () => {
    const input = { service: "worker", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ requestRate: { perReplica: 5, from: { sqs: { queueUrl: URL } } } }] } };
    expect(issuesOf(() => parsePolicy(input))).toEqual([
      "scaling.metrics.0.requestRate.from.sqs: cannot feed a `requestRate` metric: the Amazon SQS queue source feeds `queue`; move it to a metric of that kind",
    ]);
  });
});

describe("sqs on Kubernetes (KEDA aws-sqs-queue)", () => {
  // KEDA docs, scalers/aws-sqs.md "Example" (test/fixtures/keda-docs/aws-sqs.example.yaml): its queueURL is the
  // placeholder `myQueue`, which polyscale refuses (a queue URL is required), so the golden substitutes ours.
  const [, docAuth, docScaledObject] = docExample("aws-sqs.example.yaml");

  it("renders the docs' trigger and TriggerAuthentication for the docs' secret", () => {
    const out = compileKubernetes(policy({ sqs: { queueUrl: URL, auth: { secret: { name: "test-secrets", parameters: { awsAccessKeyID: "AWS_ACCESS_KEY_ID", awsSecretAccessKey: "AWS_SECRET_ACCESS_KEY" } } } } }, { extra: { jobsPerReplica: 5 } }));
    const ta = out.manifests.find((m) => m.kind === "TriggerAuthentication")!;
    const so = out.manifests.find((m) => m.kind === "ScaledObject")!;
    expect(ta.spec).toEqual(docAuth.spec);
    const [trigger] = (so.spec as any).triggers;
    expect(trigger).toEqual({ ...docScaledObject.spec.triggers[0], metadata: { ...docScaledObject.spec.triggers[0].metadata, queueURL: URL }, authenticationRef: { name: ta.metadata.name } });
    expect(out.sourceSecrets).toBeUndefined(); // the docs' Secret exists: polyscale creates none
    for (const m of out.manifests) expect(validateManifest(m), `${m.kind} ${m.metadata.name}`).toEqual([]);
    // The AWS credentials are KEDA's shared AWS authorization, not parameters of the scaler in scalers-schema.json.
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  it("activation, in-flight / delayed counting and the endpoint are KEDA's own parameters; the HPA cannot read it", () => {
    const p = policy({ sqs: { queueUrl: "http://localstack:4566/000000000000/orders", awsRegion: "eu-west-1", awsEndpoint: "http://localstack:4566", scaleOnInFlight: false, scaleOnDelayed: true, auth: { podIdentity: { provider: "aws", roleArn: "arn:aws:iam::123456789012:role/keda-sqs" } } } }, { min: 0, extra: { activation: 3 } });
    const out = compileKubernetes(p);
    expect(out.engine).toBe("keda");
    const so = out.manifests.find((m) => m.kind === "ScaledObject")!;
    const trigger = (so.spec as any).triggers[0];
    expect(trigger.metadata).toEqual({ queueURL: "http://localstack:4566/000000000000/orders", queueLength: "5", awsRegion: "eu-west-1", activationQueueLength: "3", scaleOnInFlight: "false", scaleOnDelayed: "true", awsEndpoint: "http://localstack:4566" });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
    expect(out.manifests.find((m) => m.kind === "TriggerAuthentication")!.spec).toEqual({ podIdentity: { provider: "aws", roleArn: "arn:aws:iam::123456789012:role/keda-sqs" } });
    for (const m of out.manifests) expect(validateManifest(m), `${m.kind}`).toEqual([]);
    expect(issuesOf(() => compileKubernetes({ ...p, scaling: { ...p.scaling!, kubernetes: { engine: "hpa" } } } as any))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^scaling\.metrics\.0\.queue: is read from the Amazon SQS queue \(from\.sqs\) by KEDA's aws-sqs-queue scaler; the HPA cannot read it/)]),
    );
  });

  it("a whole-number queue length and credentials are required, each at its path", () => {
    expect(issuesOf(() => compileKubernetes(policy({ sqs: { queueUrl: URL } }, { extra: { jobsPerReplica: 2.5 } })))).toEqual([
      "scaling.metrics.0.queue.jobsPerReplica: must be a whole number for an SQS source (KEDA queueLength and the backlog per task are message counts), got 2.5",
      expect.stringMatching(/^scaling\.metrics\.0\.queue\.from\.sqs\.auth: is required on kubernetes/),
    ]);
  });
});

describe("sqs on ECS (backlog per task)", () => {
  const aws = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "ecs", "aws-sqs-backlog-per-task.json"), "utf8"));

  it("is AWS's documented metric math: visible messages / RunningTaskCount, target = acceptable backlog per task", () => {
    const p = parsePolicy({ service: "web-app", scaling: { replicas: { min: 1, max: 20 }, ecs: { cluster: "default" }, metrics: [{ queue: { jobsPerReplica: 100, from: { sqs: { queueUrl: "https://sqs.us-west-2.amazonaws.com/123456789012/my-queue", scaleOnInFlight: false } } } }] } });
    const out = compileEcs(p);
    expect(out.wakes).toBeUndefined();
    const [pol] = out.policies;
    const req = toApiRequest("PutScalingPolicyRequest", pol!.args as any);
    const config = req.TargetTrackingScalingPolicyConfiguration as any;
    const noLabels = (metrics: any[]) => metrics.map(({ Label, ...rest }) => rest);
    expect(config.TargetValue).toBe(aws.TargetValue);
    expect(noLabels(config.CustomizedMetricSpecification.Metrics)).toEqual(noLabels(aws.CustomizedMetricSpecification.Metrics));
    expect(apiErrors("aws:appautoscaling/policy:Policy", pol!.args as any)).toEqual([]);
    expect(out.warnings.map((w) => w.code)).toContain("ecs_container_insights");
    expect(out.warnings.find((w) => w.code === "ecs_container_insights")!.message).toMatch(/enable Container Insights on cluster "default"/);
  });

  it("counts in-flight (and delayed) messages with metric math when asked (KEDA's default counts in-flight)", () => {
    const out = compileEcs(policy({ sqs: { queueUrl: URL, scaleOnDelayed: true } }));
    const metrics = out.policies[0]!.args.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification!.metrics!;
    expect(metrics.map((m) => m.metricStat?.metric.metricName ?? m.expression)).toEqual(["ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "RunningTaskCount", "(m1 + m2 + m3) / m4"]);
  });

  describe("at replicas.min 0: the StepScaling wake pair", () => {
    const out = compileEcs(policy({ sqs: { queueUrl: URL } }, { min: 0 }));
    const [wake] = out.wakes!;

    it("a +1 StepScaling policy valid against PutScalingPolicy (metricIntervalLowerBound is a string in the provider, a double in the API)", () => {
      expect(wake!.policy.args.stepScalingPolicyConfiguration).toEqual({ adjustmentType: "ChangeInCapacity", cooldown: 60, metricAggregationType: "Maximum", stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }] });
      expect(apiErrors("aws:appautoscaling/policy:Policy", wake!.policy.args as any)).toEqual([]);
      expect(violations(ECS_RULES, { type: "aws:appautoscaling/policy:Policy", name: wake!.policy.name, args: wake!.policy.args })).toEqual([]);
    });

    it("its alarm is the depth while no task runs (> 0), valid against PutMetricAlarm, and invokes the step policy (rendered)", () => {
      const a = wake!.alarm.args;
      const docs = renderEcs(policy({ sqs: { queueUrl: URL } }, { min: 0 })).documents as any[];
      const alarm = docs.find((d) => d.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(alarm.args.alarmActions).toEqual(["${worker-queue-wake.arn}"]);
      expect(docs.find((d) => d.name === "worker-queue-wake" && d.type === "aws:appautoscaling/policy:Policy")).toBeDefined();
      expect(putMetricAlarmErrors(alarm.args)).toEqual([]);
      expect(putMetricAlarmErrors({ ...alarm.args, comparisonOperator: "Bigger" })).not.toEqual([]);
      expect(a.metricQueries.filter((q) => q.returnData)).toEqual([{ id: "e1", expression: "IF(FILL(tasks, 0) == 0, depth, 0)", label: "depth while no task runs", returnData: true }]);
      expect(a.metricQueries.find((q) => q.id === "depth")!.metric).toMatchObject({ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "orders" } });
      expect([a.comparisonOperator, a.threshold]).toEqual(["GreaterThanThreshold", 0]);
    });

    it("target tracking stays (min 0 is accepted because the pair wakes the service)", () => {
      expect(out.target!.args.minCapacity).toBe(0);
      expect(out.policies).toHaveLength(1);
    });
  });
});

describe("sqs on Container Apps (custom aws-sqs-queue rule)", () => {
  it("a custom rule with the AWS key from Container App secrets, valid against ARM Scale", () => {
    const out = compileContainerApps(policy({ sqs: { queueUrl: URL, auth: { secret: AWS_SECRET } } }, { min: 0, extra: { activation: 1 } }));
    expect(out.scale.rules).toEqual([
      {
        name: "queue-scaling",
        custom: {
          type: "aws-sqs-queue",
          metadata: { queueURL: URL, queueLength: "5", awsRegion: "eu-west-1", activationQueueLength: "1" },
          auth: [
            { secretRef: "aws-access-key-id", triggerParameter: "awsAccessKeyID" },
            { secretRef: "aws-secret-access-key", triggerParameter: "awsSecretAccessKey" },
          ],
        },
      },
    ]);
    expect(out.secretRefs).toEqual(["aws-access-key-id", "aws-secret-access-key"]);
    const v = strictScaleValidator();
    expect(v(out.scale) ? [] : v.errors).toEqual([]);
  });

  it("refuses a managed identity (it cannot sign AWS requests) and a secret key that is not a Container App secret name", () => {
    expect(issuesOf(() => compileContainerApps(policy({ sqs: { queueUrl: URL, auth: { managedIdentity: "system" } } })))).toEqual([
      expect.stringMatching(/^scaling\.metrics\.0\.queue\.from\.sqs\.auth\.secret: needs parameters awsAccessKeyID and awsSecretAccessKey on container-apps/),
    ]);
    expect(issuesOf(() => compileContainerApps(policy({ sqs: { queueUrl: URL, auth: { secret: { parameters: { awsAccessKeyID: "AWS_KEY", awsSecretAccessKey: "aws-secret" } } } } })))).toEqual([
      `scaling.metrics.0.queue.from.sqs.auth.secret.parameters.awsAccessKeyID: must name a Container App secret on container-apps (lower-case letters, digits, '-' or '.', starting and ending with a letter or digit), got "AWS_KEY"`,
    ]);
  });
});

describe("sqs on Cloud Run", () => {
  it("is refused at the source, naming the module's alternative", () => {
    expect(issuesOf(() => compileCloudRun(policy({ sqs: { queueUrl: URL } })))).toEqual([`scaling.metrics.0.queue.from.sqs: the Amazon SQS queue source cannot be read on cloud-run; nearest alternative: ${sqs.alternatives["cloud-run"]}`]);
  });
});

describe("sqs in the simulator (trace column `sqs`)", () => {
  const trace = [
    { t: 0, values: { sqs: 0 } },
    { t: 300, values: { sqs: 50 } },
    { t: 1200, values: { sqs: 0 } },
    { t: 3000, values: { sqs: 0 } },
  ];
  const p = policy({ sqs: { queueUrl: URL, auth: { podIdentity: { provider: "aws" }, secret: AWS_SECRET } } }, { min: 0, extra: { jobsPerReplica: 10 } });

  it("ECS: a service at 0 tasks starts when the depth stayed > 0 for the wake alarm's period, then target tracking scales it", () => {
    const r = simulate(p, trace, { platform: "ecs" });
    const wake = r.decisions.find((d) => d.reason === "StepScalingWake")!;
    expect(wake).toMatchObject({ t: 360, from: 0, replicas: 1 });
    expect(r.timeline.find((x) => x.t === 345)!.desired).toBe(0);
    expect(Math.max(...r.timeline.map((x) => x.desired))).toBe(5); // 50 messages / 10 per task
  });

  it("KEDA and Container Apps read the same column and wake at once (activation 0)", () => {
    for (const platform of ["kubernetes", "container-apps"] as const) {
      const r = simulate(p, trace, { platform });
      expect(r.timeline.find((x) => x.t === 285)!.desired, platform).toBe(0);
      expect(Math.max(...r.timeline.map((x) => x.desired)), platform).toBe(5);
    }
  });

  it("a trace without the column is refused before the run, naming it", () => {
    expect(() => simulate(p, [{ t: 0, rps: 1 }, { t: 60, rps: 1 }], { platform: "ecs" })).toThrow(/reads the trace column `sqs` or `queue`/);
  });
});

describe("docs/sources.md", () => {
  it("its example policy renders on Kubernetes (KEDA + TriggerAuthentication) and ECS (with the wake pair)", () => {
    const text = readFileSync(join(__dirname, "..", "..", "docs", "sources.md"), "utf8");
    const yaml = /```yaml\n([\s\S]*?)```/.exec(text)![1]!;
    const [p] = parsePolicyFile(yaml, "docs/sources.md");
    const k8s = compileKubernetes(p!);
    expect(k8s.manifests.map((m) => m.kind)).toEqual(["TriggerAuthentication", "ScaledObject"]);
    for (const m of k8s.manifests) expect(validateManifest(m)).toEqual([]);
    expect(compileEcs(p!).wakes).toHaveLength(1);
  });
});
