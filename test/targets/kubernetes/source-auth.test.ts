/**
 * Generic KEDA auth for event sources (src/targets/kubernetes/auth.ts) and `from.cloudWatch` on Kubernetes
 * (KEDA aws-cloudwatch, golden vs the KEDA docs example; src/targets/kubernetes/cloudwatch.ts).
 */
import { describe, expect, it } from "vitest";
import { policyErrorOf } from "../../helpers/policy-error";
import { parsePolicy } from "../../../src/policy";
import { compileKubernetes, type Manifest } from "../../../src/targets/kubernetes";
import { validateManifest } from "../../helpers/strict-schema";
import { docExample, kedaSchemaErrors } from "../../sources/helpers";

const URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";

function compile(metrics: unknown[], min = 1) {
  return compileKubernetes(parsePolicy({ service: "worker", namespace: "jobs", workload: { kind: "Deployment", name: "worker" }, scaling: { replicas: { min, max: 10 }, metrics } }));
}
const queue = (from: unknown, jobsPerReplica = 5) => ({ queue: { jobsPerReplica, from } });
const kinds = (ms: Manifest[]) => ms.map((m) => `${m.kind}/${m.metadata.name}`);
const triggers = (ms: Manifest[]) => (ms.find((m) => m.kind === "ScaledObject")!.spec as any).triggers;
const issuesOf = (f: () => unknown): string[] => policyErrorOf(f).issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("event source auth on Kubernetes", () => {
  it("an existing TriggerAuthentication or ClusterTriggerAuthentication is referenced by name, nothing generated", () => {
    const out = compile([queue({ sqs: { queueUrl: URL, auth: { triggerAuthentication: "team-aws" } } }), queue({ sqs: { queueUrl: URL, auth: { clusterTriggerAuthentication: "shared-aws" } } })]);
    expect(kinds(out.manifests)).toEqual(["ScaledObject/worker-scaler"]);
    expect(triggers(out.manifests).map((t: any) => t.authenticationRef)).toEqual([{ name: "team-aws" }, { name: "shared-aws", kind: "ClusterTriggerAuthentication" }]);
    for (const m of out.manifests) expect(validateManifest(m)).toEqual([]);
  });

  it("one generated TriggerAuthentication per distinct auth; the Secret is <service>-<source>-auth when unnamed", () => {
    const secret = { parameters: { awsAccessKeyID: "id", awsSecretAccessKey: "key" } };
    const other = "https://sqs.eu-west-1.amazonaws.com/123456789012/refunds";
    const out = compile([queue({ sqs: { queueUrl: URL, auth: { secret } } }), queue({ sqs: { queueUrl: other, auth: { secret } } }), queue({ sqs: { queueUrl: URL, auth: { podIdentity: { provider: "aws-eks" } } } }, 10)]);
    expect(kinds(out.manifests)).toEqual(["TriggerAuthentication/worker-sqs-auth", "TriggerAuthentication/worker-sqs-auth-2", "ScaledObject/worker-scaler"]);
    expect(out.manifests[0]!.spec).toEqual({ secretTargetRef: [{ parameter: "awsAccessKeyID", name: "worker-sqs-auth", key: "id" }, { parameter: "awsSecretAccessKey", name: "worker-sqs-auth", key: "key" }] });
    expect(out.manifests[1]!.spec).toEqual({ podIdentity: { provider: "aws-eks" } });
    expect(triggers(out.manifests).map((t: any) => t.authenticationRef.name)).toEqual(["worker-sqs-auth", "worker-sqs-auth", "worker-sqs-auth-2"]);
    expect(out.sourceSecrets).toEqual([{ name: "worker-sqs-auth", source: "sqs", keys: ["id", "key"] }]);
    for (const m of out.manifests) expect(validateManifest(m)).toEqual([]);
  });

  it("refuses a secret parameter the scaler does not read from a TriggerAuthentication, at its path, listing the allowed ones", () => {
    expect(issuesOf(() => compile([queue({ sqs: { queueUrl: URL, auth: { secret: { parameters: { queueURL: "url" } } } } })]))).toEqual([
      'scaling.metrics.0.queue.from.sqs.auth.secret.parameters.queueURL: "queueURL" is not a parameter KEDA reads from a TriggerAuthentication for this scaler; allowed: awsAccessKeyID, awsSecretAccessKey, awsSessionToken, awsRoleArn, awsExternalID, awsRegion',
    ]);
  });

  it("refuses a Container Apps managed identity as the only auth, naming the Kubernetes alternative", () => {
    expect(issuesOf(() => compile([queue({ sqs: { queueUrl: URL, auth: { managedIdentity: "system" } } })]))).toEqual([
      "scaling.metrics.0.queue.from.sqs.auth.managedIdentity: is a Container Apps setting; on kubernetes give podIdentity { provider: azure-workload, identityId } (Azure Workload Identity) or a secret",
    ]);
  });

  it("the prometheus TriggerAuthentication is unchanged (bearer, Secret <service>-prometheus-auth)", () => {
    const out = compile([{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: "http://prom:9090", auth: { mode: "bearer" } } } } }]);
    expect(out.manifests[0]).toEqual({ apiVersion: "keda.sh/v1alpha1", kind: "TriggerAuthentication", metadata: { name: "worker-prometheus-auth", namespace: "jobs" }, spec: { secretTargetRef: [{ parameter: "bearerToken", name: "worker-prometheus-auth", key: "bearerToken" }] } });
    expect(out.prometheusAuthSecret).toEqual({ name: "worker-prometheus-auth", keys: ["bearerToken"] });
    expect(triggers(out.manifests)[0].metadata.authModes).toBe("bearer");
  });
});

describe("from.cloudWatch on Kubernetes (KEDA aws-cloudwatch)", () => {
  // KEDA docs 2.18, scalers/aws-cloudwatch.md "Example" (test/fixtures/keda-docs/aws-cloudwatch.example.yaml).
  const [, docAuth, docScaledObject] = docExample("aws-cloudwatch.example.yaml");
  const cw = { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "keda" }, perReplica: false, region: "eu-west-1" };

  it("renders the docs' trigger and TriggerAuthentication (a service total: AverageValue, target per replica)", () => {
    const secret = { name: "test-secrets", parameters: { awsAccessKeyID: "AWS_ACCESS_KEY_ID", awsSecretAccessKey: "AWS_SECRET_ACCESS_KEY", awsSessionToken: "AWS_SESSION_TOKEN" } };
    const out = compile([queue({ cloudWatch: { ...cw, auth: { secret } } }, 2.1)]);
    const ta = out.manifests.find((m) => m.kind === "TriggerAuthentication")!;
    expect(ta.spec).toEqual(docAuth.spec);
    expect(triggers(out.manifests)).toEqual([{ ...docScaledObject.spec.triggers[0], authenticationRef: { name: ta.metadata.name } }]);
    expect(kedaSchemaErrors(triggers(out.manifests)[0])).toEqual([]);
    for (const m of out.manifests) expect(validateManifest(m)).toEqual([]);
  });

  it("a per-task metric is a Value target; activation and a non-default statistic are KEDA parameters", () => {
    const out = compile([{ queue: { jobsPerReplica: 5, activation: 1, from: { cloudWatch: { namespace: "Membrane", metricName: "JobsPerWorker", statistic: "Maximum", region: "eu-west-1", auth: { podIdentity: { provider: "aws" } } } } } }], 0);
    const [t] = triggers(out.manifests);
    expect(t.metricType).toBe("Value");
    expect(t.metadata).toEqual({ namespace: "Membrane", metricName: "JobsPerWorker", targetMetricValue: "5", activationTargetMetricValue: "1", minMetricValue: "0", metricStat: "Maximum", awsRegion: "eu-west-1" });
    expect(kedaSchemaErrors(t)).toEqual([]);
  });

  it("needs a region, credentials and one metric, each at its path; prometheus still wins when both are given", () => {
    expect(issuesOf(() => compile([queue({ cloudWatch: { namespace: "A", metricName: "B", sumWith: ["C"] } })]))).toEqual([
      "scaling.metrics.0.queue.from.cloudWatch.region: is required on kubernetes: KEDA's aws-cloudwatch scaler needs the metric's AWS region (awsRegion)",
      "scaling.metrics.0.queue.from.cloudWatch.sumWith: is not supported on kubernetes: KEDA's aws-cloudwatch scaler reads one metric; nearest alternative: publish the sum as one CloudWatch metric",
      expect.stringMatching(/^scaling\.metrics\.0\.queue\.from\.cloudWatch\.auth: is required on kubernetes/),
    ]);
    const both = compile([queue({ cloudWatch: cw, prometheus: { query: "sum(jobs)", serverAddress: "http://prom:9090" } })]);
    expect(triggers(both.manifests)[0].type).toBe("prometheus");
  });
});
