import { z } from "zod";
import { RabbitMqProtocol } from "../types/choices";
import { EVERY_PROBLEM, expected } from "../policy/messages";
import { numberString } from "../policy/units";
import { SourceAuth } from "./auth";
import { activationMetadata, checkPodIdentity, checkSecretParameters, missingSecretParameters, namesTriggerAuthentication, credentialFree, kedaMappings } from "./checks";
import { defineSource, type KedaTriggerSpec, type SourceTarget } from "./types";
import type { PolicyIssue } from "../policy/errors";

/**
 * A RabbitMQ queue, read by KEDA's `rabbitmq` scaler (https://keda.sh/docs/2.18/scalers/rabbitmq-queue/;
 * kedacore/keda v2.18.0 pkg/scalers/rabbitmq_scaler.go). The `queue` kind scales on the queue length
 * (mode QueueLength), the `requestRate` kind on the publish rate per replica (mode MessageRate, HTTP API only).
 *
 * KEDA's `host` is the broker URL with its user and password (`amqp://user:password@host:5672/vhost`), so it is
 * a credential: it comes only through auth (`auth.secret.parameters.host` or an existing TriggerAuthentication),
 * never as a field here, and a URL with `user:password@` is refused in every field of this source.
 */

/**
 * What the rabbitmq scaler may read from a TriggerAuthentication: scalers-schema.json `triggerAuthenticationVariableReadable`
 * plus its OAuth2 sub-struct (rabbitmq_scaler.go, indexed by src/sources/keda).
 */
const RABBITMQ_AUTH_PARAMETERS = ["host", "protocol", "vhostName", "username", "password", "ca", "cert", "key", "keyPassword", "tls", "workloadIdentityResource", "oauthTokenURI", "scopes", "scope", "clientID", "clientSecret", "endpointParams"] as const;

/** Printable text without control characters (queue and vhost names are UTF-8 strings of at most 255 bytes). */
const name = (what: string) =>
  credentialFree("the broker URL goes in a Secret: auth.secret.parameters.host")
    .regex(/^[^\u0000-\u001f\u007f]+$/, expected(`a ${what} without control characters`))
    .refine((v) => Buffer.byteLength(v, "utf8") <= 255, expected(`a ${what} of at most 255 bytes (RabbitMQ's limit)`));

export const RabbitMqSource = z
  .strictObject({
    /** KEDA `queueName`. */
    queueName: name("queue name"),
    /** KEDA `protocol`: `amqp` or `http` (the management API; needed for MessageRate). KEDA default: from the host URL. */
    protocol: z.enum(RabbitMqProtocol).optional(),
    /** KEDA `vhostName`: overrides the vhost of the host URL. */
    vhostName: name("vhost name").optional(),
    /** KEDA `excludeUnacknowledged`: count ready messages only (http protocol). */
    excludeUnacknowledged: z.boolean().optional(),
    auth: SourceAuth.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.excludeUnacknowledged !== undefined && s.protocol !== "http") {
      ctx.addIssue({ code: "custom", path: ["excludeUnacknowledged"], message: 'needs protocol "http" (KEDA counts unacknowledged messages only through the management API)', input: s.excludeUnacknowledged });
    }
    checkSecretParameters(ctx, s.auth, RABBITMQ_AUTH_PARAMETERS, "rabbitmq");
    checkPodIdentity(ctx, s.auth, ["azure-workload"], "rabbitmq");
  }, EVERY_PROBLEM);
export type RabbitMqSource = z.output<typeof RabbitMqSource>;

function issues(s: RabbitMqSource, t: SourceTarget): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  if (t.kind === "requestRate" && s.protocol !== "http") {
    out.push({ code: "invalid_value", path: [...t.path, "protocol"], message: 'must be "http" for requestRate: KEDA reads the MessageRate from the management API only' });
  }
  if (!namesTriggerAuthentication(s.auth) && missingSecretParameters(s.auth, ["host"]).length > 0) {
    out.push({
      code: "required",
      path: [...t.path, "auth", "secret", "parameters", "host"],
      message: "is required: KEDA's rabbitmq host is the broker URL with its credentials (amqp://user:password@host:5672/vhost), read from a Secret; give auth.secret.parameters.host or an existing triggerAuthentication",
    });
  }
  return out;
}

function trigger(s: RabbitMqSource, t: SourceTarget): KedaTriggerSpec {
  const metadata: Record<string, string> = {
    ...(s.protocol ? { protocol: s.protocol } : {}),
    queueName: s.queueName,
    mode: t.kind === "requestRate" ? "MessageRate" : "QueueLength",
    value: numberString(t.perReplica),
    ...activationMetadata("activationValue", t),
  };
  if (s.vhostName !== undefined) metadata.vhostName = s.vhostName;
  if (s.excludeUnacknowledged !== undefined) metadata.excludeUnacknowledged = String(s.excludeUnacknowledged);
  return { type: "rabbitmq", metadata };
}

export const rabbitmq = defineSource({
  key: "rabbitmq",
  title: "RabbitMQ queue",
  schema: RabbitMqSource,
  kinds: ["queue", "requestRate"],
  credentialParameters: RABBITMQ_AUTH_PARAMETERS,
  docs: "https://keda.sh/docs/2.18/scalers/rabbitmq-queue/",
  auth: (s) => s.auth,
  ...kedaMappings<RabbitMqSource>(issues, trigger),
  alternatives: {
    ecs: "ECS scales on CloudWatch metrics only: on Amazon MQ for RabbitMQ, use from.cloudWatch with AWS/AmazonMQ MessageCount (per queue); elsewhere publish the queue length to CloudWatch, or use SQS",
    "cloud-run": "Cloud Run scales on requests: push the messages to the service over HTTP and scale with `inFlight` concurrency, or run the consumer as a Cloud Run worker pool",
  },
  examples: [
    { queueName: "orders", protocol: "amqp", auth: { secret: { parameters: { host: "rabbitmq-host" } } } },
    { queueName: "invoices", protocol: "http", vhostName: "billing", auth: { secret: { name: "rabbitmq", parameters: { host: "management-url", username: "user", password: "password" } } } },
  ],
});
