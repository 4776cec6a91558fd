import type { PathSegment, PolicyIssue } from "../policy/errors";
import type { Diagnostic } from "../targets/types";

/**
 * What a source module's mappings take and return (see ./types.ts SourceModule). Zod-free, so the targets' public
 * declarations can name these shapes without loading zod's.
 */

/** The metric kinds an event source can feed. */
export type SourceMetricKind = "queue" | "replicasRequired" | "inFlight" | "requestRate";

/** What the metric asks of the source, the same on every platform. */
export interface SourceTarget {
  kind: SourceMetricKind;
  /**
   * The value one replica should handle: `queue.jobsPerReplica`, `inFlight.perReplica`,
   * `requestRate.perReplica` (per second); for `replicasRequired` 1 / (1 + buffer).
   */
  perReplica: number;
  /** Below this (in the source's own unit) the workload may sleep at 0 (KEDA activation). */
  activation?: number;
  /** The source object's path: `["scaling", "metrics", i, kind, "from", key]`. */
  path: PathSegment[];
  /** The policy's service name, for generated names. */
  service: string;
  /** `scaling.replicas.min`: 0 asks for scale-from-zero wiring (ECS step scaling, activation). */
  minReplicas: number;
  /** Kubernetes: `scaling.kubernetes.cluster.kedaVersion` (e.g. "2.18"), for scalers KEDA replaced or deprecated (Pub/Sub). */
  kedaVersion?: string;
}

/** The result of a mapping: its value, or the issues that refuse it. Warnings ride along either way. */
export interface Mapped<T> {
  value?: T;
  issues?: PolicyIssue[];
  warnings?: Diagnostic[];
}

/** A KEDA trigger without auth: the Kubernetes target attaches `authenticationRef` from `SourceAuth`. */
export interface KedaTriggerSpec {
  /** KEDA scaler type, e.g. `aws-sqs-queue` (a `type` in scalers-schema.json). */
  type: string;
  metricType?: "AverageValue" | "Value";
  /** Metadata as KEDA reads it: strings only, no credential (those go through the TriggerAuthentication). */
  metadata: Record<string, string>;
}

/** A Container Apps rule body without `auth` / `identity` (the target adds them from `SourceAuth`). */
export type ContainerAppsRuleSpec =
  | { azureQueue: { queueName: string; queueLength: number; accountName?: string } }
  | { custom: { type: string; metadata: Record<string, string> } };

/** A CloudWatch metric as the ECS target needs it (Application Auto Scaling `TargetTrackingMetricStat`). */
export interface CloudWatchMetricRef {
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: string }[];
  stat: "Average" | "Minimum" | "Maximum" | "SampleCount" | "Sum";
}

/**
 * ECS mapping: target tracking on `metric` divided by the running task count (the AWS backlog-per-task
 * pattern, metric math over `ECS/ContainerInsights RunningTaskCount`) unless `perTask` says the metric
 * already is per task. `wake` is the raw depth alarm that starts the service from 0 tasks when
 * `minReplicas` is 0 (Application Auto Scaling `StepScaling` + CloudWatch alarm `> 0`).
 */
export interface EcsSourceSpec {
  metric: CloudWatchMetricRef;
  /** More metrics of the same namespace, dimensions and stat, added to `metric` (e.g. SQS visible + not visible). */
  sumWith?: string[];
  perTask?: boolean;
  wake?: CloudWatchMetricRef;
}
