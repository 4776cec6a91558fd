import { z } from "zod";
import { EVERY_PROBLEM, expected } from "../policy/messages";
import { numberString } from "../policy/units";
import { activationMetadata, credentialFree, kedaMappings, wholeNumberIssues } from "./checks";
import { REDIS_ALTERNATIVES, REDIS_AUTH_PARAMETERS, checkRedisConnection, redisAddressIssues, redisConnection, redisConnectionMetadata } from "./redis";
import { defineSource, type KedaTriggerSpec, type SourceTarget } from "./types";

/**
 * The length of a Redis list, read by KEDA's `redis` scaler (https://keda.sh/docs/2.18/scalers/redis-lists/;
 * kedacore/keda v2.18.0 pkg/scalers/redis_scaler.go: `listLength` and `activationListLength` are int64).
 */

/** A Redis key as text: 1..1024 characters without control characters. */
export const redisKey = (what: string) => credentialFree("give credentials through auth.secret").max(1024).regex(/^[^\u0000-\u001f\u007f]+$/, expected(`a ${what} without control characters`));

export const RedisListSource = z
  .strictObject({
    /** KEDA `listName`: the list whose length is the backlog. */
    listName: redisKey("list name"),
    ...redisConnection,
  })
  .superRefine((s, ctx) => {
    checkRedisConnection(s, ctx, "redis");
  }, EVERY_PROBLEM);
export type RedisListSource = z.output<typeof RedisListSource>;

function trigger(s: RedisListSource, t: SourceTarget): KedaTriggerSpec {
  return { type: "redis", metadata: { ...redisConnectionMetadata(s), listName: s.listName, listLength: numberString(t.perReplica), ...activationMetadata("activationListLength", t) } };
}

function issues(s: RedisListSource, t: SourceTarget) {
  return [...wholeNumberIssues(t, "redis", "listLength", "activationListLength"), ...redisAddressIssues(s, t)];
}

export const redisList = defineSource({
  key: "redisList",
  title: "Redis list",
  schema: RedisListSource,
  kinds: ["queue"],
  credentialParameters: REDIS_AUTH_PARAMETERS,
  docs: "https://keda.sh/docs/2.18/scalers/redis-lists/",
  auth: (s) => s.auth,
  ...kedaMappings<RedisListSource>(issues, trigger),
  alternatives: REDIS_ALTERNATIVES,
  examples: [
    { address: "redis-master.cache:6379", listName: "jobs" },
    { host: "redis.example.com", port: 6380, listName: "mail", enableTLS: true, databaseIndex: 2, auth: { secret: { parameters: { password: "redis-password" } } } },
  ],
});
