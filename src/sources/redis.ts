import { z } from "zod";
import type { PolicyIssue } from "../policy/errors";
import { expected } from "../policy/messages";
import { SourceAuth } from "./auth";
import { checkPodIdentity, checkSecretParameters, missingSecretParameters, namesTriggerAuthentication, credentialFree } from "./checks";
import type { SourceTarget } from "./types";
import type { RedisConnectionInput } from "../types/sources";

/**
 * The connection fields KEDA's `redis` and `redis-streams` scalers share (kedacore/keda v2.18.0
 * pkg/scalers/redis_scaler.go `redisConnectionInfo`): the server as `address` or `host` + `port`, the database,
 * TLS. The password (and user name, certificates) only through auth.
 */

/** `host:port` or `[ipv6]:port`, what KEDA's `address` holds (no scheme, so no `redis://:password@`). */
const ADDRESS_RE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):([0-9]{1,5})$/;
const HOST_RE = /^([A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]+)$/;

/** Parameters KEDA's Redis scalers read from a TriggerAuthentication (scalers-schema.json, redis and redis-streams alike). */
export const REDIS_AUTH_PARAMETERS = ["address", "addresses", "username", "password", "sentinelUsername", "sentinelPassword", "sentinelMaster", "host", "hosts", "port", "ports", "Cert", "cert", "key", "keyPassword", "ca", "tls"] as const;

const PASSWORD_VIA_AUTH = "give the server as host:port and the password through auth.secret.parameters.password";

export const redisConnection = {
  /** KEDA `address`: the server as `host:port`. */
  address: credentialFree(PASSWORD_VIA_AUTH)
    .max(261)
    .regex(ADDRESS_RE, expected('a Redis address "host:port" like "redis-master.cache:6379" (no scheme; the password goes through auth)'))
    .refine((a) => !ADDRESS_RE.test(a) || Number(a.slice(a.lastIndexOf(":") + 1)) <= 65535, expected("a port of at most 65535"))
    .optional(),
  /** KEDA `host`, with `port`: the alternative to `address`. */
  host: credentialFree(PASSWORD_VIA_AUTH).max(253).regex(HOST_RE, expected('a host name like "redis-master.cache"')).optional(),
  /** KEDA `port`, with `host`. */
  port: z.int().min(1).max(65535).optional(),
  /** KEDA `databaseIndex`. Redis default 0. */
  databaseIndex: z.int().min(0).max(2_147_483_647).optional(),
  /** KEDA `enableTLS`: connect over TLS (certificates through auth.secret: ca, cert, key). */
  enableTLS: z.boolean().optional(),
  /** KEDA `unsafeSsl`: skip certificate checks (needs enableTLS). */
  unsafeSsl: z.boolean().optional(),
  auth: SourceAuth.optional(),
};

type RedisConnection = RedisConnectionInput;

/** Cross-field checks of the connection, run from each Redis source's superRefine. */
export function checkRedisConnection(c: RedisConnection, ctx: z.RefinementCtx, scaler: string): void {
  if (c.address !== undefined && (c.host !== undefined || c.port !== undefined)) {
    ctx.addIssue({ code: "custom", path: [c.host !== undefined ? "host" : "port"], message: "give either address or host + port, not both", input: c.host ?? c.port });
  } else if ((c.host === undefined) !== (c.port === undefined)) {
    const missing = c.host === undefined ? "host" : "port";
    ctx.addIssue({ code: "custom", path: [missing], message: `is required with ${missing === "host" ? "port" : "host"} (KEDA joins host and port)`, input: undefined });
  }
  if (c.unsafeSsl === true && c.enableTLS !== true) {
    ctx.addIssue({ code: "custom", path: ["unsafeSsl"], message: "needs enableTLS: true (KEDA applies it to TLS connections only)", input: true });
  }
  if (c.enableTLS !== undefined && c.auth?.secret?.parameters.tls !== undefined) {
    ctx.addIssue({ code: "custom", path: ["enableTLS"], message: "cannot be combined with auth.secret.parameters.tls (KEDA refuses enableTLS together with the TriggerAuthentication's tls)", input: c.enableTLS });
  }
  checkSecretParameters(ctx, c.auth, REDIS_AUTH_PARAMETERS, scaler);
  checkPodIdentity(ctx, c.auth, [], scaler);
}

/** KEDA needs the server somewhere: in the source, or in the auth's Secret, or in an existing TriggerAuthentication. */
export function redisAddressIssues(c: RedisConnection, t: SourceTarget): PolicyIssue[] {
  if (c.address !== undefined || c.host !== undefined || namesTriggerAuthentication(c.auth)) return [];
  if (missingSecretParameters(c.auth, ["address"]).length === 0 || missingSecretParameters(c.auth, ["host", "port"]).length === 0) return [];
  return [{ code: "required", path: [...t.path, "address"], message: 'is required: the Redis server as "host:port" (or host + port, or address in auth.secret.parameters)' }];
}

/** The connection's trigger metadata. */
export function redisConnectionMetadata(c: RedisConnection): Record<string, string> {
  const m: Record<string, string> = {};
  if (c.address !== undefined) m.address = c.address;
  if (c.host !== undefined) m.host = c.host;
  if (c.port !== undefined) m.port = String(c.port);
  if (c.databaseIndex !== undefined) m.databaseIndex = String(c.databaseIndex);
  if (c.enableTLS !== undefined) m.enableTLS = String(c.enableTLS);
  if (c.unsafeSsl !== undefined) m.unsafeSsl = String(c.unsafeSsl);
  return m;
}

export const REDIS_ALTERNATIVES = {
  ecs: "ECS scales on CloudWatch metrics only, and ElastiCache publishes no per-key length: publish the length to CloudWatch as a custom metric and use from.cloudWatch, or use SQS",
  "cloud-run": "Cloud Run scales on requests: push the work to the service over HTTP and scale with `inFlight` concurrency, or run the consumer as a Cloud Run worker pool",
} as const;
