import type { z } from "zod";
import type { PathSegment, PolicyIssue } from "../policy/errors";
import type { Diagnostic, PlatformName } from "../targets/types";
import type { SourceAuth } from "./auth";

/**
 * The contract of one event source (SQS, Azure Storage queue, Service Bus, Pub/Sub, Kafka, RabbitMQ,
 * Redis, CloudWatch / Azure Monitor / Cloud Monitoring on Kubernetes, ...): its schema, the metric
 * kinds that may read it, and its pure mapping to each platform, the way KEDA keeps one file per
 * scaler (kedacore/keda pkg/scalers/<name>_scaler.go). The targets read `SOURCES` (./registry.ts) and
 * never name a source themselves, so adding a source touches its module and one registry line.
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

export interface SourceModule<S = unknown, K extends string = string, Z extends z.ZodType = z.ZodType<S>> {
  /** The key under `from`, e.g. `sqs`. */
  key: K;
  /** For messages and the README table, e.g. "Amazon SQS queue". */
  title: string;
  schema: Z;
  kinds: readonly SourceMetricKind[];
  /** KEDA trigger parameters that may be read from auth (`triggerAuthenticationVariableReadable`). */
  credentialParameters: readonly string[];
  /** Where the scaler's own docs live, for messages and tests. */
  docs: string;
  /** The source's auth, when it has one (`from.<key>.auth`). */
  auth?(s: S): SourceAuth | undefined;
  kubernetes?(s: S, t: SourceTarget): Mapped<KedaTriggerSpec>;
  containerApps?(s: S, t: SourceTarget): Mapped<ContainerAppsRuleSpec>;
  /** Whether Container Apps accepts a managed identity on this rule (microsoft/azure-container-apps#1582, #1786). */
  containerAppsIdentity?: boolean;
  ecs?(s: S, t: SourceTarget): Mapped<EcsSourceSpec>;
  /** For each platform without a mapping: the nearest alternative, named in the refusal. */
  alternatives: Partial<Record<PlatformName, string>>;
  /**
   * Valid `from.<key>` inputs (as a user writes them), for the property suite and end-to-end tests: each must
   * parse and compile on every platform the module maps to. Give at least one.
   */
  examples: readonly unknown[];
}

/**
 * Declare a source module with its key and schema types kept (`from.<key>` is then typed in the model and
 * in `z.input` / `z.output` of `MetricSources`): `export const sqs = defineSource({ key: "sqs", schema: SqsSource, ... })`.
 */
export function defineSource<const K extends string, Z extends z.ZodType>(m: SourceModule<z.output<Z>, K, Z>): SourceModule<z.output<Z>, K, Z> {
  return m;
}
