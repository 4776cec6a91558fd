import { describe, expect, it } from "vitest";
import { kedaScalers } from "../../src/sources/keda";
import { kafka } from "../../src/sources/kafka";
import { expectAlternatives, expectSameCustomRule, expectIssue, expectMatchesDoc, kedaSchemaErrors, parsed, refusal, target, value, expectOneRefusal } from "./helpers";

const t = (over = {}) => target("kafka", over);

describe("kafka on Kubernetes", () => {
  // https://keda.sh/docs/2.18/scalers/apache-kafka/ "Your kafka cluster has no SASL/TLS auth" (apache-kafka.1.yaml)
  it("matches KEDA's example without SASL/TLS", () => {
    expectMatchesDoc(kafka, "apache-kafka.1.yaml", { bootstrapServers: ["localhost:9092"], consumerGroup: "my-group", topic: "test-topic", offsetResetPolicy: "latest" }, t({ perReplica: 50 }));
  });

  // "Method 2: tls and sasl are in ScaledObject" (apache-kafka.3.yaml): the credentials stay in the TriggerAuthentication.
  it("matches KEDA's example with tls and sasl in the trigger and the credentials in a TriggerAuthentication", () => {
    const source = { bootstrapServers: ["localhost:9092"], consumerGroup: "my-group", topic: "test-topic", offsetResetPolicy: "latest", tls: true, sasl: "plaintext" };
    expectMatchesDoc(kafka, "apache-kafka.3.yaml", source, t({ perReplica: 50 }), "keda-kafka-secrets");
  });

  it("writes the activation and the partition options", () => {
    const source = { bootstrapServers: ["kafka-0:9092", "kafka-1:9092"], consumerGroup: "g", topic: "t", partitions: [0, 2], limitToPartitionsWithLag: true, excludePersistentLag: true, version: "2.8.0" };
    const trigger = value(kafka.kubernetes!(parsed(kafka, source), t({ perReplica: 20, activation: 5 })));
    expect(trigger.metadata).toEqual({ bootstrapServers: "kafka-0:9092,kafka-1:9092", consumerGroup: "g", topic: "t", lagThreshold: "20", activationLagThreshold: "5", partitionLimitation: "0,2", excludePersistentLag: "true", limitToPartitionsWithLag: "true", version: "2.8.0" });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  // Amazon MSK IAM: sasl oauthbearer + saslTokenProvider aws_msk_iam + awsRegion + TLS (https://keda.sh/docs/2.18/scalers/apache-kafka/, kafka_scaler.go parseSaslOAuthAWSMSKIAMParams).
  it("reads Amazon MSK with IAM through a pod identity", () => {
    const msk = { bootstrapServers: ["b-1.msk.kafka.eu-west-1.amazonaws.com:9098"], consumerGroup: "g", topic: "t", sasl: "oauthbearer", saslTokenProvider: "aws_msk_iam", awsRegion: "eu-west-1", tls: true, auth: { podIdentity: { provider: "aws" } } };
    const trigger = value(kafka.kubernetes!(parsed(kafka, msk), t()));
    expect(trigger.metadata).toEqual({ bootstrapServers: msk.bootstrapServers[0], consumerGroup: "g", topic: "t", lagThreshold: "10", sasl: "oauthbearer", saslTokenProvider: "aws_msk_iam", awsRegion: "eu-west-1", tls: "enable" });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  it("refuses a fractional lag threshold (KEDA parses lagThreshold as int64)", () => {
    const s = parsed(kafka, kafka.examples[0]);
    expectIssue(kafka.kubernetes!(s, t({ perReplica: 2.5 })), ["scaling", "metrics", 0, "queue", "jobsPerReplica"], /whole number.*lagThreshold.*2\.5/);
    expectIssue(kafka.kubernetes!(s, t({ activation: 0.5 })), ["scaling", "metrics", 0, "queue", "activation"], /activationLagThreshold/);
  });

  it("needs the user name and password of a password SASL mode through auth", () => {
    const base = { bootstrapServers: ["b:9092"], consumerGroup: "g", sasl: "scram_sha256" };
    expectIssue(kafka.kubernetes!(parsed(kafka, base), t()), [...t().path, "auth"], /required with sasl "scram_sha256"/);
    expectIssue(kafka.kubernetes!(parsed(kafka, { ...base, auth: { secret: { parameters: { username: "u" } } } }), t()), [...t().path, "auth", "secret", "parameters"], /needs password/);
  });
});

describe("kafka credentials", () => {
  it("lists exactly the parameters KEDA's kafka scaler reads from a TriggerAuthentication", () => {
    const fromAuth = [...kedaScalers().scalers.get("kafka")!.parameters.values()].filter((p) => p.fromAuth).map((p) => p.name);
    expect([...kafka.credentialParameters].sort()).toEqual(fromAuth.sort());
  });

  it.each([
    [{ auth: { secret: { parameters: { bootstrapServers: "k" } } } }, /^auth\.secret\.parameters\.bootstrapServers: is not a parameter the KEDA kafka scaler reads/],
    [{ sasl: "plaintext", auth: { secret: { parameters: { sasl: "sasl", username: "u", password: "p" } } } }, /^sasl: is also given as auth\.secret\.parameters\.sasl/],
    [{ bootstrapServers: ["sasl://user:hunter2@broker:9092"] }, /^bootstrapServers\.0: must not hold a connection string with credentials/],
    [{ consumerGroup: "kafka://user:hunter2@broker" }, /^consumerGroup: must not hold a connection string with credentials/],
  ])("refuses %j", (change, why) => {
    expectOneRefusal(kafka, { bootstrapServers: ["b:9092"], consumerGroup: "g", ...change }, why);
  });
});

describe("kafka input errors", () => {
  it.each([
    [{ bootstrapServers: [] }, /^bootstrapServers: /],
    [{ bootstrapServers: ["broker"] }, /^bootstrapServers\.0: .*host:port/],
    [{ bootstrapServers: ["broker:99999"] }, /^bootstrapServers\.0: .*65535/],
    [{ topic: "a/b" }, /^topic: .*Kafka topic name/],
    [{ topic: ".." }, /^topic: /],
    [{ consumerGroup: "a,b" }, /^consumerGroup: /],
    [{ limitToPartitionsWithLag: true }, /^limitToPartitionsWithLag: needs topic/],
    [{ topic: "t", limitToPartitionsWithLag: true, allowIdleConsumers: true }, /^allowIdleConsumers: cannot be true with limitToPartitionsWithLag/],
    [{ offsetResetPolicy: "smallest" }, /^offsetResetPolicy: /],
    [{ auth: { podIdentity: { provider: "gcp" } } }, /^auth\.podIdentity\.provider: /],
    [{ auth: { podIdentity: { provider: "aws" } } }, /^auth\.podIdentity: .*MSK IAM only/],
    [{ sasl: "plaintext", saslTokenProvider: "bearer" }, /^saslTokenProvider: needs sasl "oauthbearer"/],
    [{ sasl: "oauthbearer", saslTokenProvider: "aws_msk_iam", tls: true }, /^awsRegion: is required with saslTokenProvider aws_msk_iam/],
    [{ sasl: "oauthbearer", saslTokenProvider: "aws_msk_iam", awsRegion: "eu-west-1" }, /^tls: must be true with saslTokenProvider aws_msk_iam/],
    [{ awsRegion: "eu-west-1" }, /^awsRegion: applies to saslTokenProvider aws_msk_iam only/],
  ])("refuses %j", (change, why) => {
    expect(refusal(kafka, { bootstrapServers: ["b:9092"], consumerGroup: "g", ...change })).toEqual([expect.stringMatching(why)]);
  });
});

describe("kafka on the other platforms", () => {
  it("is a custom kafka rule on Container Apps, credentials from Container App secrets", () => {
    expectSameCustomRule(kafka, kafka.examples[1], t());
  });

  it("has no ECS or Cloud Run mapping and names the alternatives", () => {
    expectAlternatives(kafka, /from\.cloudWatch with AWS\/Kafka SumOffsetLag/, /worker pool/);
  });
});
