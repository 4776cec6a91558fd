import type { SourceModule } from "./types";
import { sqs } from "./sqs";
import { azureQueue } from "./azure-queue";
import { serviceBus } from "./service-bus";
import { pubsub } from "./pubsub";
import { cloudMonitoring } from "./cloud-monitoring";
import { kafka } from "./kafka";
import { rabbitmq } from "./rabbitmq";
import { redisList } from "./redis-list";
import { redisStream } from "./redis-stream";

/**
 * Every event source, in README order. The model (`from.<key>`), the targets and the simulator read this
 * table; adding a source is its module (declared with `defineSource`, so its key and schema stay typed)
 * plus one line here.
 */
export const SOURCES = [
  sqs,
  azureQueue,
  serviceBus,
  pubsub, cloudMonitoring, kafka, rabbitmq, redisList, redisStream,
] as const satisfies readonly SourceModule<any, string, any>[];

/** A registered source's `from` key. */
export type SourceKey = (typeof SOURCES)[number]["key"];

const BY_KEY: ReadonlyMap<string, SourceModule<any>> = new Map(SOURCES.map((s) => [s.key, s as SourceModule<any>]));

/** The module of a `from` key, if it is an event source. */
export function sourceModule(key: string): SourceModule<any> | undefined {
  return BY_KEY.get(key);
}

/** The event sources a metric's `from` gives, in registry order, with their parsed values. */
export function eventSourcesOf(from: object | undefined): { module: SourceModule<any>; value: unknown }[] {
  if (!from) return [];
  const f = from as Record<string, unknown>;
  return SOURCES.filter((s) => f[s.key] !== undefined).map((s) => ({ module: s as SourceModule<any>, value: f[s.key] }));
}
