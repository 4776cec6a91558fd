import { describe, expect, it } from "vitest";
import { kedaScalers } from "../../src/sources/keda";
import { rabbitmq } from "../../src/sources/rabbitmq";
import { docSecretParameters, expectSameCustomRule, docTriggers, expectAlternatives, expectIssue, expectMatchesDoc, kedaSchemaErrors, parsed, refusal, target, value, expectOneRefusal } from "./helpers";

const t = (over = {}) => target("rabbitmq", over);
const rateTarget = (over = {}) => target("rabbitmq", { kind: "requestRate", ...over });

describe("rabbitmq on Kubernetes", () => {
  // https://keda.sh/docs/2.18/scalers/rabbitmq-queue/ "AMQP protocol" (rabbitmq-queue.1.yaml): host and vhostName in the Secret.
  it("matches KEDA's AMQP example, host and vhostName read from the Secret", () => {
    expectMatchesDoc(rabbitmq, "rabbitmq-queue.1.yaml", { queueName: "testqueue", protocol: "amqp" }, t({ perReplica: 20 }), "keda-rabbitmq-secret");
  });

  // "HTTP protocol (with MessageRate and QueueLength triggers)" (rabbitmq-queue.5.yaml): a queue metric and a requestRate metric.
  it("matches KEDA's HTTP example: QueueLength for a queue metric, MessageRate for a requestRate metric", () => {
    const [length, rate] = docTriggers("rabbitmq-queue.5.yaml");
    const s = parsed(rabbitmq, { queueName: "testqueue", protocol: "http", auth: { secret: { parameters: docSecretParameters("rabbitmq-queue.5.yaml") } } });
    expect(value(rabbitmq.kubernetes!(s, t({ perReplica: 20 })))).toEqual({ type: length!.type, metadata: length!.metadata });
    const messageRate = value(rabbitmq.kubernetes!(s, rateTarget({ perReplica: 100 })));
    expect(messageRate).toEqual({ type: rate!.type, metadata: rate!.metadata });
    expect(kedaSchemaErrors(messageRate, ["host"])).toEqual([]);
  });

  it("writes the activation, vhost and unacknowledged options", () => {
    const s = parsed(rabbitmq, { queueName: "q", protocol: "http", vhostName: "/", excludeUnacknowledged: true, auth: { triggerAuthentication: "rabbit" } });
    const trigger = value(rabbitmq.kubernetes!(s, t({ perReplica: 12.5, activation: 1 })));
    expect(trigger.metadata).toEqual({ protocol: "http", queueName: "q", mode: "QueueLength", value: "12.5", activationValue: "1", vhostName: "/", excludeUnacknowledged: "true" });
    expect(kedaSchemaErrors(trigger, ["host"])).toEqual([]);
  });

  it("needs the broker URL through auth, never inline", () => {
    expectIssue(rabbitmq.kubernetes!(parsed(rabbitmq, { queueName: "q" }), t()), [...t().path, "auth", "secret", "parameters", "host"], /broker URL with its credentials.*auth\.secret\.parameters\.host/);
    expectIssue(rabbitmq.kubernetes!(parsed(rabbitmq, { queueName: "q", auth: { secret: { parameters: { password: "pw" } } } }), t()), [...t().path, "auth", "secret", "parameters", "host"], /required/);
    expect(rabbitmq.kubernetes!(parsed(rabbitmq, { queueName: "q", auth: { clusterTriggerAuthentication: "rabbit" } }), t()).issues).toBeUndefined();
  });

  it("reads MessageRate only over the management API", () => {
    const s = parsed(rabbitmq, { queueName: "q", protocol: "amqp", auth: { secret: { parameters: { host: "h" } } } });
    expectIssue(rabbitmq.kubernetes!(s, rateTarget()), [...rateTarget().path, "protocol"], /must be "http" for requestRate/);
  });
});

describe("rabbitmq credentials", () => {
  it("lists exactly the parameters KEDA's rabbitmq scaler reads from a TriggerAuthentication", () => {
    const fromAuth = [...kedaScalers().scalers.get("rabbitmq")!.parameters.values()].filter((p) => p.fromAuth).map((p) => p.name);
    expect([...rabbitmq.credentialParameters].sort()).toEqual(fromAuth.sort());
  });

  it("refuses a host field: the connection string is a credential", () => {
    const issues = refusal(rabbitmq, { queueName: "q", host: "amqp://guest:hunter2@localhost:5672/vhost" });
    expect(issues).toEqual([expect.stringMatching(/host/)]);
    expect(issues.join()).not.toContain("hunter2");
  });

  it.each([
    [{ queueName: "amqp://guest:hunter2@localhost:5672/" }, /^queueName: must not hold a connection string with credentials.*auth\.secret\.parameters\.host/],
    [{ vhostName: "http://guest:hunter2@localhost:15672/path/vhost" }, /^vhostName: must not hold a connection string with credentials/],
  ])("refuses amqp://user:pass@ at its path: %j", (change, why) => {
    expectOneRefusal(rabbitmq, { queueName: "q", ...change }, why);
  });

  it.each([
    [{ excludeUnacknowledged: true }, /^excludeUnacknowledged: needs protocol "http"/],
    [{ protocol: "auto" }, /^protocol: /],
    [{ queueName: "" }, /^queueName: /],
    [{ queueName: "a".repeat(256) }, /^queueName: .*255 bytes/],
    [{ auth: { secret: { parameters: { queueName: "q" } } } }, /^auth\.secret\.parameters\.queueName: is not a parameter/],
    [{ auth: { podIdentity: { provider: "gcp" } } }, /^auth\.podIdentity\.provider: .*"azure-workload"/],
  ])("refuses %j", (change, why) => {
    expect(refusal(rabbitmq, { queueName: "q", ...change })).toEqual([expect.stringMatching(why)]);
  });
});

describe("rabbitmq on the other platforms", () => {
  it("is a custom rabbitmq rule on Container Apps with host from a Container App secret", () => {
    expectSameCustomRule(rabbitmq, rabbitmq.examples[1], t());
  });

  it("has no ECS or Cloud Run mapping and names the alternatives", () => {
    expectAlternatives(rabbitmq, /AWS\/AmazonMQ MessageCount/, /worker pool/);
  });
});
