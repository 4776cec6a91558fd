import { z } from "zod";
import { RedisStreamMode } from "../types/choices";
import type { PolicyIssue } from "../policy/errors";
import { EVERY_PROBLEM, quote } from "../policy/messages";
import { numberString } from "../policy/units";
import { activationMetadata, kedaMappings, wholeNumberIssues } from "./checks";
import { REDIS_ALTERNATIVES, REDIS_AUTH_PARAMETERS, checkRedisConnection, redisAddressIssues, redisConnection, redisConnectionMetadata } from "./redis";
import { redisKey } from "./redis-list";
import { defineSource, type KedaTriggerSpec, type SourceTarget } from "./types";

/**
 * A Redis stream, read by KEDA's `redis-streams` scaler (https://keda.sh/docs/2.18/scalers/redis-streams/;
 * kedacore/keda v2.18.0 pkg/scalers/redis_streams_scaler.go). KEDA picks what it counts from which fields are
 * set (no consumer group: XLEN; a group: XPENDING, or the group's lag when `lagCount` is set); here `mode`
 * says it, and the metric's per-replica target becomes that mode's parameter.
 */


export const RedisStreamSource = z
  .strictObject({
    /** KEDA `stream`. */
    stream: redisKey("stream name"),
    /** KEDA `consumerGroup`: needed by pendingEntriesCount and lagCount, refused with streamLength. */
    consumerGroup: redisKey("consumer group name").optional(),
    /**
     * What one replica's share is counted in: `pendingEntriesCount` (XPENDING of the group), `streamLength`
     * (XLEN) or `lagCount` (the group's lag, Redis 7+; the only mode that can wake a workload from 0).
     */
    mode: z.enum(RedisStreamMode),
    ...redisConnection,
  })
  .superRefine((s, ctx) => {
    if (s.mode === "streamLength" && s.consumerGroup !== undefined) {
      ctx.addIssue({ code: "custom", path: ["consumerGroup"], message: "cannot be set with mode streamLength (KEDA counts the group's pending entries instead when a group is given)", input: s.consumerGroup });
    }
    if ((s.mode === "pendingEntriesCount" || s.mode === "lagCount") && s.consumerGroup === undefined) {
      ctx.addIssue({ code: "custom", path: ["consumerGroup"], message: `is required with mode ${s.mode} (KEDA reads the group's ${s.mode === "lagCount" ? "lag" : "pending entries"})`, input: undefined });
    }
    checkRedisConnection(s, ctx, "redis-streams");
  }, EVERY_PROBLEM);
export type RedisStreamSource = z.output<typeof RedisStreamSource>;

function trigger(s: RedisStreamSource, t: SourceTarget): KedaTriggerSpec {
  return {
    type: "redis-streams",
    metadata: {
      ...redisConnectionMetadata(s),
      stream: s.stream,
      ...(s.consumerGroup !== undefined ? { consumerGroup: s.consumerGroup } : {}),
      [s.mode]: numberString(t.perReplica),
      // KEDA compares every mode's count with activationLagCount (redis_streams_scaler.go GetMetricsAndActivity).
      ...activationMetadata("activationLagCount", t),
    },
  };
}

function issues(s: RedisStreamSource, t: SourceTarget): PolicyIssue[] {
  const found = [...wholeNumberIssues(t, "redis-streams", s.mode, "activationLagCount"), ...redisAddressIssues(s, t)];
  if (t.minReplicas === 0 && s.mode === "pendingEntriesCount") {
    // At 0 replicas nobody reads the stream, so nothing is ever pending and the workload never wakes.
    found.push({ code: "unsupported", path: [...t.path, "mode"], message: `${quote(s.mode)} cannot wake the workload from replicas.min 0 (no consumer, no pending entries); KEDA documents lagCount as the mode that scales to and from 0` });
  }
  return found;
}

function warnings(s: RedisStreamSource, t: SourceTarget) {
  return t.minReplicas === 0 && s.mode === "streamLength"
    ? [{ severity: "warning" as const, code: "redis_stream_length_never_idle", path: [...t.path, "mode"], message: "streamLength counts entries until the stream is trimmed (XTRIM/MAXLEN), so it rarely falls to the activation value and the workload rarely sleeps at 0; lagCount tracks unread entries" }]
    : [];
}

export const redisStream = defineSource({
  key: "redisStream",
  title: "Redis stream",
  schema: RedisStreamSource,
  kinds: ["queue"],
  credentialParameters: REDIS_AUTH_PARAMETERS,
  docs: "https://keda.sh/docs/2.18/scalers/redis-streams/",
  auth: (s) => s.auth,
  ...kedaMappings<RedisStreamSource>(issues, trigger, { warnings }),
  alternatives: REDIS_ALTERNATIVES,
  examples: [
    { address: "redis-master.cache:6379", stream: "events", consumerGroup: "workers", mode: "lagCount" },
    { host: "redis.example.com", port: 6379, stream: "audit", mode: "streamLength", auth: { secret: { parameters: { password: "redis-password" } } } },
  ],
});
