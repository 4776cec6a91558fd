import { z } from "zod";
import { EVERY_PROBLEM, expected, quote } from "../policy/messages";
import { httpUrl } from "../policy/url";
import { numberString } from "../policy/units";
import type { PolicyIssue } from "../policy/errors";
import { SourceAuth } from "./auth";
import { defineSource, type CloudWatchMetricRef, type SourceTarget } from "./types";

/**
 * An Amazon SQS queue (KEDA `aws-sqs-queue`: https://keda.sh/docs/2.18/scalers/aws-sqs/; ECS: the
 * backlog-per-task pattern of https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html).
 */

/** `https://sqs.<region>.amazonaws.com[.cn]/<account>/<name>` or the legacy `https://<region>.queue.amazonaws.com/...`. */
const AWS_QUEUE_URL_RE = /^https:\/\/(?:sqs\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(?:\.cn)?|([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.queue\.amazonaws\.com(?:\.cn)?)\/(\d{12})\/([^/?#]+)$/;
/** Behind `awsEndpoint` (LocalStack, ElasticMQ, a VPC endpoint): any http(s) URL ending in `/<account>/<name>`. */
const ENDPOINT_QUEUE_URL_RE = /^https?:\/\/[^/?#@]+\/(\d{12})\/([^/?#]+)$/;
/** Queue names: 1..80 alphanumerics, hyphens and underscores; FIFO queues end in `.fifo` (SQS CreateQueue). */
const QUEUE_NAME_RE = /^[A-Za-z0-9_-]{1,75}(\.fifo)?$|^[A-Za-z0-9_-]{1,80}$/;
export const AWS_REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

const EXAMPLE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders";

export interface SqsQueue {
  region?: string;
  account: string;
  name: string;
}

/** The region, account and queue name of a queue URL, or undefined when it is not one. */
export function parseQueueUrl(url: string, endpoint: boolean): SqsQueue | undefined {
  const aws = AWS_QUEUE_URL_RE.exec(url);
  if (aws) return { region: aws[1] ?? aws[2], account: aws[3]!, name: aws[4]! };
  const other = endpoint ? ENDPOINT_QUEUE_URL_RE.exec(url) : null;
  return other ? { account: other[1]!, name: other[2]! } : undefined;
}

export const SqsSource = z
  .strictObject({
    /** The queue URL as SQS prints it: `https://sqs.<region>.amazonaws.com/<account>/<name>` (FIFO: `<name>.fifo`). */
    queueUrl: z.string().max(2048),
    /** KEDA `awsRegion`; taken from `queueUrl` when it names one (they must agree). */
    awsRegion: z.string().regex(AWS_REGION_RE, expected('an AWS region like "eu-west-1"')).optional(),
    /** Count messages being processed (ApproximateNumberOfMessagesNotVisible) as backlog too (KEDA default). @default true */
    scaleOnInFlight: z.boolean().default(true),
    /** Count delayed messages (ApproximateNumberOfMessagesDelayed) as backlog too. @default false */
    scaleOnDelayed: z.boolean().default(false),
    /** KEDA `awsEndpoint`: a non-default SQS endpoint (LocalStack, a VPC endpoint URL). Kubernetes only. */
    awsEndpoint: httpUrl.optional(),
    auth: SourceAuth.optional(),
  })
  .superRefine((s, ctx) => {
    if (typeof s.queueUrl !== "string") return;
    const q = parseQueueUrl(s.queueUrl, s.awsEndpoint !== undefined);
    if (!q) {
      ctx.addIssue({ code: "custom", path: ["queueUrl"], message: `must be an SQS queue URL like ${quote(EXAMPLE_URL)}${s.awsEndpoint ? " (or <awsEndpoint>/<account>/<name>)" : ""}, got ${quote(s.queueUrl)}`, input: s.queueUrl });
      return;
    }
    if (!QUEUE_NAME_RE.test(q.name)) {
      ctx.addIssue({ code: "custom", path: ["queueUrl"], message: `has queue name ${quote(q.name)}; SQS allows 1..80 letters, digits, '-' and '_' (FIFO: ending in .fifo)`, input: s.queueUrl });
    }
    if (q.region && s.awsRegion !== undefined && s.awsRegion !== q.region) {
      ctx.addIssue({ code: "custom", path: ["awsRegion"], message: `${quote(s.awsRegion)} contradicts the region of queueUrl (${quote(q.region)}); drop awsRegion`, input: s.awsRegion });
    }
    if (!q.region && s.awsRegion === undefined) {
      ctx.addIssue({ code: "custom", path: ["awsRegion"], message: "is required when queueUrl does not name a region (KEDA needs awsRegion)", input: s.awsRegion });
    }
  }, EVERY_PROBLEM);
export type SqsSource = z.output<typeof SqsSource>;

/** The queue behind a parsed source (the schema guarantees it parses). */
function queueOf(s: SqsSource): Required<SqsQueue> {
  const q = parseQueueUrl(s.queueUrl, s.awsEndpoint !== undefined)!;
  return { ...q, region: s.awsRegion ?? q.region! };
}

/** KEDA reads `queueLength` and `activationQueueLength` as integers (aws_sqs_queue_scaler.go: int64). */
function wholeNumbers(t: SourceTarget): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const kindPath = t.path.slice(0, -2);
  if (!Number.isInteger(t.perReplica)) {
    issues.push({ code: "invalid_value", path: [...kindPath, "jobsPerReplica"], message: `must be a whole number for an SQS source (KEDA queueLength and the backlog per task are message counts), got ${numberString(t.perReplica)}` });
  }
  if (t.activation !== undefined && !Number.isInteger(t.activation)) {
    issues.push({ code: "invalid_value", path: [...kindPath, "activation"], message: `must be a whole number for an SQS source (KEDA activationQueueLength is a message count), got ${numberString(t.activation)}` });
  }
  return issues;
}

/** KEDA aws-sqs-queue metadata; KEDA's defaults (scaleOnInFlight true, scaleOnDelayed false, activation 0) are left out. */
function kedaMetadata(s: SqsSource, t: SourceTarget): Record<string, string> {
  const metadata: Record<string, string> = { queueURL: s.queueUrl, queueLength: numberString(t.perReplica), awsRegion: queueOf(s).region };
  if (t.activation !== undefined && t.activation > 0) metadata.activationQueueLength = numberString(t.activation);
  if (!s.scaleOnInFlight) metadata.scaleOnInFlight = "false";
  if (s.scaleOnDelayed) metadata.scaleOnDelayed = "true";
  if (s.awsEndpoint) metadata.awsEndpoint = s.awsEndpoint;
  return metadata;
}

const AWS_SECRET_PARAMETERS = ["awsAccessKeyID", "awsSecretAccessKey"] as const;

function sqsMetric(q: Required<SqsQueue>, metricName: string): CloudWatchMetricRef {
  return { namespace: "AWS/SQS", metricName, dimensions: [{ name: "QueueName", value: q.name }], stat: "Sum" };
}

export const sqs = defineSource({
  key: "sqs",
  title: "Amazon SQS queue",
  schema: SqsSource,
  kinds: ["queue"],
  // KEDA's AWS authorization (pkg/scalers/aws/aws_authorization.go): what a TriggerAuthentication may fill.
  credentialParameters: ["awsAccessKeyID", "awsSecretAccessKey", "awsSessionToken", "awsRoleArn", "awsExternalID", "awsRegion"],
  docs: "https://keda.sh/docs/2.18/scalers/aws-sqs/",
  auth: (s) => s.auth,
  kubernetes(s, t) {
    const issues = wholeNumbers(t);
    if (!s.auth) {
      issues.push({ code: "required", path: [...t.path, "auth"], message: "is required on kubernetes: KEDA's aws-sqs-queue scaler needs credentials; give podIdentity { provider: aws, roleArn } (IRSA / EKS Pod Identity), a secret with awsAccessKeyID + awsSecretAccessKey, or an existing triggerAuthentication" });
    }
    if (issues.length) return { issues };
    return { value: { type: "aws-sqs-queue", metadata: kedaMetadata(s, t) } };
  },
  containerApps(s, t) {
    const issues = wholeNumbers(t);
    const params = Object.keys(s.auth?.secret?.parameters ?? {});
    const missing = AWS_SECRET_PARAMETERS.filter((p) => !params.includes(p));
    if (missing.length > 0) {
      issues.push({
        code: "required",
        path: [...t.path, "auth", "secret"],
        message: `needs parameters ${AWS_SECRET_PARAMETERS.join(" and ")} on container-apps (an AWS access key read from Container App secrets; a Container Apps managed identity cannot sign AWS requests), missing ${missing.join(", ")}`,
      });
    }
    if (s.awsEndpoint) issues.push({ code: "unsupported", path: [...t.path, "awsEndpoint"], message: "is a Kubernetes-only setting (a cluster-local SQS endpoint); nearest alternative on container-apps: the queue's public https://sqs.<region>.amazonaws.com URL" });
    if (issues.length) return { issues };
    return { value: { custom: { type: "aws-sqs-queue", metadata: kedaMetadata(s, t) } } };
  },
  containerAppsIdentity: false,
  ecs(s, t) {
    const issues = wholeNumbers(t);
    if (s.awsEndpoint) issues.push({ code: "unsupported", path: [...t.path, "awsEndpoint"], message: "is a Kubernetes-only setting; ECS reads the queue's CloudWatch metrics (AWS/SQS), remove awsEndpoint" });
    if (issues.length) return { issues };
    const q = queueOf(s);
    const sumWith = [...(s.scaleOnInFlight ? ["ApproximateNumberOfMessagesNotVisible"] : []), ...(s.scaleOnDelayed ? ["ApproximateNumberOfMessagesDelayed"] : [])];
    const warnings = s.auth
      ? [{ severity: "info" as const, code: "ecs_source_auth_ignored", path: [...t.path, "auth"], message: "not used on ecs: Application Auto Scaling reads the queue's CloudWatch metrics with its service-linked role" }]
      : [];
    return {
      value: { metric: sqsMetric(q, "ApproximateNumberOfMessagesVisible"), ...(sumWith.length ? { sumWith } : {}), wake: sqsMetric(q, "ApproximateNumberOfMessagesVisible") },
      warnings,
    };
  },
  alternatives: {
    "cloud-run": "Cloud Run cannot scale on an SQS queue; run the worker on ECS or Kubernetes (KEDA), or push the messages to the service over HTTP (EventBridge Pipes / SNS HTTPS subscription) and scale on `inFlight` concurrency",
  },
  examples: [
    { queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders", auth: { podIdentity: { provider: "aws" } } },
    { queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo", scaleOnInFlight: false, auth: { secret: { parameters: { awsAccessKeyID: "aws-access-key-id", awsSecretAccessKey: "aws-secret-access-key" } } } },
  ],
});
