import { describe, expect, it } from "vitest";
import { kedaScalers } from "../../src/sources/keda";
import { redisList } from "../../src/sources/redis-list";
import { expectAlternatives, expectSameCustomRule, expectIssue, expectMatchesDoc, kedaSchemaErrors, parsed, target, value, expectOneRefusal } from "./helpers";

const t = (over = {}) => target("redisList", over);

describe("redisList on Kubernetes", () => {
  // https://keda.sh/docs/2.18/scalers/redis-lists/ "Example" (redis-lists.1.yaml): username and password from the Secret.
  it("matches KEDA's example, the credentials read from the Secret", () => {
    expectMatchesDoc(redisList, "redis-lists.1.yaml", { address: "localhost:6379", listName: "mylist" }, t({ perReplica: 10 }), "votes-db-secret");
  });

  it("writes host + port, the database, TLS and the activation", () => {
    const s = parsed(redisList, { host: "redis.cache", port: 6380, listName: "jobs", databaseIndex: 2, enableTLS: true, unsafeSsl: true });
    const trigger = value(redisList.kubernetes!(s, t({ perReplica: 5, activation: 1 })));
    expect(trigger.metadata).toEqual({ host: "redis.cache", port: "6380", databaseIndex: "2", enableTLS: "true", unsafeSsl: "true", listName: "jobs", listLength: "5", activationListLength: "1" });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  it("refuses fractional lengths (KEDA reads listLength and activationListLength as int64)", () => {
    const s = parsed(redisList, redisList.examples[0]);
    expectIssue(redisList.kubernetes!(s, t({ perReplica: 7.5 })), ["scaling", "metrics", 0, "queue", "jobsPerReplica"], /whole number.*listLength/);
    expectIssue(redisList.kubernetes!(s, t({ activation: 0.5 })), ["scaling", "metrics", 0, "queue", "activation"], /activationListLength/);
  });

  it("needs the server in the source or in the auth's Secret", () => {
    expectIssue(redisList.kubernetes!(parsed(redisList, { listName: "jobs" }), t()), [...t().path, "address"], /host:port/);
    expect(redisList.kubernetes!(parsed(redisList, { listName: "jobs", auth: { secret: { parameters: { address: "redis-address", password: "pw" } } } }), t()).issues).toBeUndefined();
  });
});

describe("redisList input errors", () => {
  it("lists exactly the parameters KEDA's redis scaler reads from a TriggerAuthentication", () => {
    const fromAuth = [...kedaScalers().scalers.get("redis")!.parameters.values()].filter((p) => p.fromAuth).map((p) => p.name);
    expect([...redisList.credentialParameters].sort()).toEqual(fromAuth.sort());
  });

  it.each([
    [{ address: "redis://:hunter2@cache:6379" }, /^address: must not hold a connection string with credentials/],
    [{ listName: "redis://user:hunter2@cache:6379/0" }, /^listName: must not hold a connection string with credentials/],
    [{ address: "cache" }, /^address: .*host:port/],
    [{ address: "cache:70000" }, /^address: .*65535/],
    [{ address: "cache:6379", host: "cache" }, /^host: give either address or host \+ port/],
    [{ address: undefined, host: "cache" }, /^port: is required with host/],
    [{ unsafeSsl: true }, /^unsafeSsl: needs enableTLS: true/],
    [{ enableTLS: true, auth: { secret: { parameters: { tls: "tls" } } } }, /^enableTLS: cannot be combined with auth\.secret\.parameters\.tls/],
    [{ auth: { secret: { parameters: { listName: "l" } } } }, /^auth\.secret\.parameters\.listName: is not a parameter/],
    [{ auth: { podIdentity: { provider: "aws" } } }, /^auth\.podIdentity\.provider: .*takes no pod identity/],
    [{ password: "hunter2" }, /password/],
  ])("refuses %j", (change, why) => {
    expectOneRefusal(redisList, { address: "cache:6379", listName: "jobs", ...change }, why);
  });
});

describe("redisList on the other platforms", () => {
  it("is a custom redis rule on Container Apps", () => {
    expectSameCustomRule(redisList, redisList.examples[1], t());
  });

  it("has no ECS or Cloud Run mapping and names the alternatives", () => {
    expectAlternatives(redisList, /custom metric.*from\.cloudWatch/, /worker pool/);
  });
});
