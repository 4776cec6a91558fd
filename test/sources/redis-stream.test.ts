import { describe, expect, it } from "vitest";
import { redisStream } from "../../src/sources/redis-stream";
import { docTriggers, expectAlternatives, expectSameCustomRule, expectIssue, expectMatchesDoc, kedaSchemaErrors, parsed, target, value, expectOneRefusal } from "./helpers";

const t = (over = {}) => target("redisStream", over);

describe("redisStream on Kubernetes", () => {
  // https://keda.sh/docs/2.18/scalers/redis-streams/ "Using TriggerAuthentication" (redis-streams.2.yaml): pending entries of a group.
  it("matches KEDA's pendingEntriesCount example, credentials and TLS from the Secret", () => {
    const source = { address: "localhost:6379", stream: "my-stream", consumerGroup: "consumer-group-1", mode: "pendingEntriesCount" };
    expectMatchesDoc(redisStream, "redis-streams.2.yaml", source, t({ perReplica: 10 }), "redis-streams-auth");
  });

  // "Using lagCount" (redis-streams.4.yaml), whose address and credentials come from the container's env (*FromEnv),
  // which polyscale does not write: the address is given, the rest is the same.
  it("matches KEDA's lagCount example with its activation", () => {
    const [doc] = docTriggers("redis-streams.4.yaml");
    const expected = Object.fromEntries(Object.entries(doc!.metadata).filter(([k]) => !k.endsWith("FromEnv")));
    const trigger = value(redisStream.kubernetes!(parsed(redisStream, { address: "redis:6379", stream: "my-stream", consumerGroup: "consumer-group-1", mode: "lagCount" }), t({ perReplica: 10, activation: 3, minReplicas: 0 })));
    expect(trigger).toEqual({ type: doc!.type, metadata: { address: "redis:6379", ...expected } });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  it("counts the stream length without a group", () => {
    const trigger = value(redisStream.kubernetes!(parsed(redisStream, { address: "redis:6379", stream: "s", mode: "streamLength" }), t({ perReplica: 50 })));
    expect(trigger.metadata).toEqual({ address: "redis:6379", stream: "s", streamLength: "50" });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  it("refuses pending entries at replicas.min 0 (nothing is pending without a consumer) and warns for stream length", () => {
    const pending = parsed(redisStream, { address: "r:6379", stream: "s", consumerGroup: "g", mode: "pendingEntriesCount" });
    expectIssue(redisStream.kubernetes!(pending, t({ minReplicas: 0 })), [...t().path, "mode"], /cannot wake the workload.*lagCount/);
    const length = redisStream.kubernetes!(parsed(redisStream, { address: "r:6379", stream: "s", mode: "streamLength" }), t({ minReplicas: 0 }));
    expect(length.warnings).toEqual([expect.objectContaining({ severity: "warning", code: "redis_stream_length_never_idle", path: [...t().path, "mode"] })]);
  });

  it("refuses fractional counts (KEDA reads them as int64)", () => {
    const s = parsed(redisStream, redisStream.examples[0]);
    expectIssue(redisStream.kubernetes!(s, t({ perReplica: 1.5 })), ["scaling", "metrics", 0, "queue", "jobsPerReplica"], /whole number.*lagCount/);
  });
});

describe("redisStream input errors", () => {
  it.each([
    [{ mode: "streamLength", consumerGroup: "g" }, /^consumerGroup: cannot be set with mode streamLength/],
    [{ mode: "lagCount" }, /^consumerGroup: is required with mode lagCount/],
    [{ mode: "pendingEntriesCount" }, /^consumerGroup: is required with mode pendingEntriesCount/],
    [{ mode: "xlen" }, /^mode: /],
    [{ stream: "redis://:hunter2@cache:6379" }, /^stream: must not hold a connection string with credentials/],
    [{ stream: "" }, /^stream: /],
  ])("refuses %j", (change, why) => {
    expectOneRefusal(redisStream, { address: "cache:6379", stream: "s", mode: "streamLength", ...change }, why);
  });
});

describe("redisStream on the other platforms", () => {
  it("is a custom redis-streams rule on Container Apps", () => {
    expectSameCustomRule(redisStream, redisStream.examples[1], t());
  });

  it("has no ECS or Cloud Run mapping and names the alternatives", () => {
    expectAlternatives(redisStream, /from\.cloudWatch/, /worker pool/);
  });
});
