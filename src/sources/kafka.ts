import { z } from "zod";
import { KafkaOffsetResetPolicy, KafkaSasl, KafkaSaslTokenProvider } from "../types/choices";
import { EVERY_PROBLEM, expected, quote } from "../policy/messages";
import { numberString } from "../policy/units";
import { SourceAuth } from "./auth";
import { activationMetadata, checkPodIdentity, checkSecretParameters, missingSecretParameters, credentialFree, kedaMappings, wholeNumberIssues } from "./checks";
import { defineSource, type KedaTriggerSpec, type SourceTarget } from "./types";
import { AWS_REGION_RE } from "./sqs";

/**
 * A Kafka consumer group's lag, read by KEDA's `kafka` scaler (https://keda.sh/docs/2.18/scalers/apache-kafka/;
 * kedacore/keda v2.18.0 pkg/scalers/kafka_scaler.go). Not `apache-kafka`: KEDA documents that one as
 * experimental and not fully compatible (https://keda.sh/docs/2.18/scalers/apache-kafka-go/).
 * `lagThreshold` is the lag one replica should carry (the metric's per-replica target).
 */

/** `host:port` or `[ipv6]:port` (KEDA splits `bootstrapServers` on commas). */
const BROKER_RE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):([0-9]{1,5})$/;
/** Kafka topic names: 1..249 of letters, digits, '.', '_' and '-' (org.apache.kafka.common.internals.Topic). */
const TOPIC_RE = /^[A-Za-z0-9._-]{1,249}$/;

const SECRETS_VIA_AUTH = "give credentials through auth.secret";

const broker = credentialFree(SECRETS_VIA_AUTH)
  .max(261)
  .regex(BROKER_RE, expected('a broker "host:port" like "kafka-0.kafka:9092"'))
  .refine((b) => !BROKER_RE.test(b) || Number(b.slice(b.lastIndexOf(":") + 1)) <= 65535, expected("a port of at most 65535"));

/**
 * What the kafka scaler may read from a TriggerAuthentication: KEDA's scalers-schema.json parameters with
 * `triggerAuthenticationVariableReadable` (credentials; `sasl`, `saslTokenProvider` and `tls` may be either), plus the
 * AWS keys of MSK IAM (pkg/scalers/aws authorization, indexed by src/sources/keda).
 */
const KAFKA_AUTH_PARAMETERS = ["tls", "ca", "cert", "key", "keyPassword", "sasl", "username", "password", "saslTokenProvider", "scopes", "oauthTokenEndpointUri", "oauthExtensions", "keytab", "realm", "kerberosConfig", "kerberosServiceName", "kerberosDisableFAST", "awsAccessKeyID", "awsAccessKeyId", "awsSecretAccessKey", "awsSessionToken", "awsRoleArn"] as const;

export const KafkaSource = z
  .strictObject({
    /** KEDA `bootstrapServers`: brokers to bootstrap from, each `host:port`. */
    bootstrapServers: z.array(broker).min(1).max(100),
    /** KEDA `consumerGroup`: the group whose lag is read. */
    consumerGroup: credentialFree(SECRETS_VIA_AUTH).min(1).max(255).regex(/^[^\s,]+$/, expected("a consumer group id without spaces or commas")),
    /** KEDA `topic`: only this topic's lag; all topics of the group when omitted. */
    topic: credentialFree(SECRETS_VIA_AUTH).regex(TOPIC_RE, expected("a Kafka topic name (1..249 letters, digits, '.', '_' or '-')")).refine((t) => t !== "." && t !== "..", expected('a topic name other than "." or ".."')).optional(),
    /** KEDA `partitionLimitation`: only these partition ids. */
    partitions: z.array(z.int().min(0).max(2_147_483_647)).min(1).max(10000).optional(),
    /** KEDA `offsetResetPolicy` of the consumer group. KEDA default latest. */
    offsetResetPolicy: z.enum(KafkaOffsetResetPolicy).optional(),
    /** KEDA `allowIdleConsumers`: allow more replicas than partitions. */
    allowIdleConsumers: z.boolean().optional(),
    /** KEDA `excludePersistentLag`: ignore partitions whose offset did not move since the last poll. */
    excludePersistentLag: z.boolean().optional(),
    /** KEDA `scaleToZeroOnInvalidOffset`: no replica for a partition without a valid offset. */
    scaleToZeroOnInvalidOffset: z.boolean().optional(),
    /** KEDA `limitToPartitionsWithLag`: at most one replica per partition with lag (needs `topic`). */
    limitToPartitionsWithLag: z.boolean().optional(),
    /** KEDA `ensureEvenDistributionOfPartitions`: a replica count that divides the partitions evenly. */
    ensureEvenDistributionOfPartitions: z.boolean().optional(),
    /** KEDA `version`: the brokers' Kafka version (sarama), e.g. "2.8.0". KEDA default 1.0.0. */
    version: z.string().regex(/^\d+\.\d+\.\d+(\.\d+)?$/, expected('a Kafka version like "2.8.0"')).optional(),
    /** KEDA `sasl` mode; the user name, password or keytab come through auth.secret. */
    sasl: z.enum(KafkaSasl).optional(),
    /** KEDA `saslTokenProvider` of sasl oauthbearer: `bearer` (an OAuth token endpoint) or `aws_msk_iam` (Amazon MSK IAM). */
    saslTokenProvider: z.enum(KafkaSaslTokenProvider).optional(),
    /** KEDA `awsRegion`: the MSK cluster's region (saslTokenProvider aws_msk_iam). */
    awsRegion: z.string().regex(AWS_REGION_RE, expected('an AWS region like "eu-west-1"')).optional(),
    /** KEDA `tls: enable`: TLS to the brokers; the ca/cert/key come through auth.secret. */
    tls: z.boolean().optional(),
    auth: SourceAuth.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.limitToPartitionsWithLag === true && s.topic === undefined) {
      ctx.addIssue({ code: "custom", path: ["limitToPartitionsWithLag"], message: "needs topic (KEDA: limitToPartitionsWithLag counts the partitions of one topic)", input: true });
    }
    if (s.limitToPartitionsWithLag === true && s.allowIdleConsumers === true) {
      ctx.addIssue({ code: "custom", path: ["allowIdleConsumers"], message: "cannot be true with limitToPartitionsWithLag (KEDA refuses the pair)", input: true });
    }
    mskIamChecks(s, ctx);
    const secret = s.auth?.secret?.parameters ?? {};
    for (const k of ["sasl", "tls", "saslTokenProvider"] as const) {
      if (s[k] !== undefined && secret[k] !== undefined) {
        ctx.addIssue({ code: "custom", path: [k], message: `is also given as auth.secret.parameters.${k}; give it in one place`, input: s[k] });
      }
    }
    checkSecretParameters(ctx, s.auth, KAFKA_AUTH_PARAMETERS, "kafka");
    checkPodIdentity(ctx, s.auth, ["aws", "aws-eks"], "kafka");
  }, EVERY_PROBLEM);
export type KafkaSource = z.output<typeof KafkaSource>;

/** KEDA's MSK IAM rules (kafka_scaler.go parseSaslOAuthParams, parseSaslOAuthAWSMSKIAMParams). */
function mskIamChecks(s: Partial<KafkaSource>, ctx: z.RefinementCtx): void {
  const msk = s.saslTokenProvider === "aws_msk_iam";
  if (s.saslTokenProvider !== undefined && s.sasl !== "oauthbearer") {
    ctx.addIssue({ code: "custom", path: ["saslTokenProvider"], message: 'needs sasl "oauthbearer" (KEDA reads the token provider of OAuth bearer SASL only)', input: s.saslTokenProvider });
  }
  if (msk && s.awsRegion === undefined) ctx.addIssue({ code: "custom", path: ["awsRegion"], message: "is required with saslTokenProvider aws_msk_iam (KEDA: no awsRegion given)", input: undefined });
  if (msk && s.tls !== true) ctx.addIssue({ code: "custom", path: ["tls"], message: "must be true with saslTokenProvider aws_msk_iam (KEDA: TLS is required for AWS MSK authentication)", input: s.tls });
  if (!msk && s.awsRegion !== undefined) ctx.addIssue({ code: "custom", path: ["awsRegion"], message: "applies to saslTokenProvider aws_msk_iam only", input: s.awsRegion });
  if (!msk && s.auth?.podIdentity?.provider.startsWith("aws")) {
    ctx.addIssue({ code: "custom", path: ["auth", "podIdentity"], message: "is used by KEDA's kafka scaler for Amazon MSK IAM only: set sasl oauthbearer, saslTokenProvider aws_msk_iam and awsRegion", input: s.auth.podIdentity });
  }
}

/** SASL modes that log in with a user name and password. */
const PASSWORD_SASL = ["plaintext", "scram_sha256", "scram_sha512"];

function trigger(s: KafkaSource, t: SourceTarget): KedaTriggerSpec {
  const metadata: Record<string, string> = {
    bootstrapServers: s.bootstrapServers.join(","),
    consumerGroup: s.consumerGroup,
    ...(s.topic !== undefined ? { topic: s.topic } : {}),
    lagThreshold: numberString(t.perReplica),
    ...activationMetadata("activationLagThreshold", t),
  };
  if (s.partitions) metadata.partitionLimitation = s.partitions.join(",");
  if (s.offsetResetPolicy) metadata.offsetResetPolicy = s.offsetResetPolicy;
  for (const k of ["allowIdleConsumers", "excludePersistentLag", "scaleToZeroOnInvalidOffset", "limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions"] as const) {
    if (s[k] !== undefined) metadata[k] = String(s[k]);
  }
  if (s.version) metadata.version = s.version;
  if (s.sasl) metadata.sasl = s.sasl;
  if (s.saslTokenProvider) metadata.saslTokenProvider = s.saslTokenProvider;
  if (s.awsRegion) metadata.awsRegion = s.awsRegion;
  if (s.tls !== undefined) metadata.tls = s.tls ? "enable" : "disable";
  return { type: "kafka", metadata };
}

function issues(s: KafkaSource, t: SourceTarget) {
  const out = wholeNumberIssues(t, "kafka", "lagThreshold", "activationLagThreshold");
  const missing = s.auth?.secret && s.sasl && PASSWORD_SASL.includes(s.sasl) ? missingSecretParameters(s.auth, ["username", "password"]) : [];
  if (missing.length > 0) {
    out.push({ code: "required", path: [...t.path, "auth", "secret", "parameters"], message: `needs ${missing.join(" and ")} for sasl ${quote(s.sasl)} (KEDA reads them from the TriggerAuthentication)` });
  }
  if (!s.auth && s.sasl && s.sasl !== "none" && s.saslTokenProvider !== "aws_msk_iam") {
    out.push({ code: "required", path: [...t.path, "auth"], message: `is required with sasl ${quote(s.sasl)}: the credentials come from auth.secret or an existing triggerAuthentication` });
  }
  return out;
}

export const kafka = defineSource({
  key: "kafka",
  title: "Apache Kafka consumer group lag",
  schema: KafkaSource,
  kinds: ["queue"],
  credentialParameters: KAFKA_AUTH_PARAMETERS,
  docs: "https://keda.sh/docs/2.18/scalers/apache-kafka/",
  auth: (s) => s.auth,
  ...kedaMappings<KafkaSource>(issues, trigger),
  alternatives: {
    ecs: "ECS scales on CloudWatch metrics only: on Amazon MSK, use from.cloudWatch with AWS/Kafka SumOffsetLag (per consumer group and topic); elsewhere publish the lag to CloudWatch, or use SQS",
    "cloud-run": "Cloud Run scales on requests: deliver the records to the service over HTTP (a Kafka HTTP sink) and scale with `inFlight` concurrency, or run the consumer as a Cloud Run worker pool",
  },
  examples: [
    { bootstrapServers: ["kafka-0.kafka:9092", "kafka-1.kafka:9092"], consumerGroup: "orders", topic: "orders", offsetResetPolicy: "latest" },
    { bootstrapServers: ["broker.example.com:9093"], consumerGroup: "billing", sasl: "scram_sha512", tls: true, auth: { secret: { parameters: { username: "kafka-username", password: "kafka-password", ca: "kafka-ca" } } } },
  ],
});
