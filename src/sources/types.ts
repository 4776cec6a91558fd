import type { z } from "zod";
import type { PlatformName } from "../targets/types";
import type { SourceAuth } from "./auth";

/**
 * The contract of one event source (SQS, Azure Storage queue, Service Bus, Pub/Sub, Kafka, RabbitMQ,
 * Redis, CloudWatch / Azure Monitor / Cloud Monitoring on Kubernetes, ...): its schema, the metric
 * kinds that may read it, and its pure mapping to each platform, the way KEDA keeps one file per
 * scaler (kedacore/keda pkg/scalers/<name>_scaler.go). The targets read `SOURCES` (./registry.ts) and
 * never name a source themselves, so adding a source touches its module and one registry line.
 */

export type { CloudWatchMetricRef, ContainerAppsRuleSpec, EcsSourceSpec, KedaTriggerSpec, Mapped, SourceMetricKind, SourceTarget } from "./specs";
import type { ContainerAppsRuleSpec, EcsSourceSpec, KedaTriggerSpec, Mapped, SourceMetricKind, SourceTarget } from "./specs";

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
