import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatPath } from "../../src/policy/errors";
import { parsePolicy } from "../../src/policy/load";
import { indexScalers, kedaScalers } from "../../src/sources/keda/index";
import { policyErrorOf } from "../helpers/policy-error";

/**
 * The `keda` metric kind is checked when the policy loads against KEDA's scalers schema (src/sources/keda,
 * kedacore/keda schema/generated/scalers-schema.json) plus the Go facts of the same commit. Expected facts below
 * are read from that schema or from KEDA's source at the same commit (cited), never from polyscale's output.
 */
const policyWith = (keda: Record<string, unknown>) => ({
  service: "worker",
  namespace: "jobs",
  scaling: { replicas: { min: 1, max: 10 }, metrics: [{ keda }] },
});

const issuesOf = (keda: Record<string, unknown>) =>
  policyErrorOf(() => parsePolicy(policyWith(keda))).issues.map((i) => ({ path: formatPath(i.path), message: i.message }));

// keda.sh/docs/2.18/scalers/postgresql/ "connectionFromEnv" example
const POSTGRES = {
  type: "postgresql",
  metadata: {
    connectionFromEnv: "AIRFLOW_CONN_AIRFLOW_DB",
    query: "SELECT ceil(COUNT(*)::decimal / 16) FROM task_instance WHERE state='running' OR state='queued';",
    targetQueryValue: "1.1",
    activationTargetQueryValue: "5",
  },
};

describe("keda metric kind: accepted", () => {
  it("loads a doc example as written, metadata unchanged", () => {
    const p = parsePolicy(policyWith(POSTGRES));
    expect(p.scaling!.metrics[0]).toEqual({ kind: "keda", ...POSTGRES });
  });

  it("takes a required credential from auth.secret.parameters or an existing TriggerAuthentication", () => {
    // mysql: `query` and `queryValue` required in metadata; the connection comes from auth (scalers-schema.json: connectionString is authParams only).
    const mysql = { type: "mysql", metadata: { queryValue: "4.4", query: "SELECT 1" } };
    expect(() => parsePolicy(policyWith({ ...mysql, auth: { secret: { parameters: { connectionString: "mysql_conn_str" } } } }))).not.toThrow();
    // dynatrace `token` is required and read only from authParams: an existing TriggerAuthentication may hold it.
    expect(() => parsePolicy(policyWith({ type: "dynatrace", metadata: { host: "https://dummy-instance.live.dynatrace.com/", threshold: "10", metricSelector: "MyCustomEvent:filter(eq(\"someProperty\",\"someValue\")):count:splitBy(\"dt.entity.process_group\"):fold" }, auth: { triggerAuthentication: "keda-trigger-auth-dynatrace" } }))).not.toThrow();
  });

  it("accepts either name of an aliased field (ibmmq queueName;queueNames, kedacore/keda pkg/scalers/ibmmq_scaler.go)", () => {
    const base = { host: "https://mq.example:9443/ibmmq/rest/v2/admin/action/qmgr/QM1/mqsc" };
    for (const q of [{ queueName: "Q1" }, { queueNames: "Q1,Q2" }]) {
      expect(() => parsePolicy(policyWith({ type: "ibmmq", metadata: { ...base, ...q }, auth: { triggerAuthentication: "ibmmq-auth" } }))).not.toThrow();
    }
  });

  it("does not require the redis connection fields KEDA reads from an optional sub-struct (redis_scaler.go `keda:\"optional\"`)", () => {
    expect(() => parsePolicy(policyWith({ type: "redis", metadata: { address: "redis:6379", listName: "jobs", listLength: "5" } }))).not.toThrow();
  });

  it("accepts parameters KEDA reads outside the generated schema (authModes, cloud, eventhub fields)", () => {
    expect(() => parsePolicy(policyWith({ type: "metrics-api", metadata: { url: "http://api:3232/api/v1/stats", valueLocation: "components.worker.tasks", targetValue: "8.8", authMode: "bearer" }, auth: { secret: { parameters: { token: "api-token" } } } }))).not.toThrow();
    expect(() => parsePolicy(policyWith({ type: "azure-queue", metadata: { queueName: "orders", queueLength: "5", cloud: "AzureUSGovernmentCloud" }, auth: { podIdentity: { provider: "azure-workload" } } }))).not.toThrow();
  });

});

describe("keda metric kind: refused, one issue per problem with its path", () => {
  const at = "scaling.metrics[0].keda";

  it("an unknown scaler type, with the nearest name", () => {
    const [i, ...rest] = issuesOf({ type: "postgres", metadata: {} });
    expect(rest).toEqual([]);
    expect(i!.path).toBe(`${at}.type`);
    expect(i!.message).toContain('did you mean "postgresql"?');
  });

  it("cpu and memory point at their own metric kinds", () => {
    const [i] = issuesOf({ type: "cpu", metadata: { value: "50" } });
    expect(i!.path).toBe(`${at}.type`);
    expect(i!.message).toContain("`cpu` metric kind");
  });

  it("an unknown parameter, with the nearest name", () => {
    const issues = issuesOf({ ...POSTGRES, metadata: { ...POSTGRES.metadata, targetQueryValu: "2" } });
    expect(issues).toEqual([{ path: `${at}.metadata.targetQueryValu`, message: expect.stringContaining('did you mean "targetQueryValue"?') }]);
  });

  it("a missing required parameter, at its path, saying where KEDA reads it", () => {
    const { query: _, ...noQuery } = POSTGRES.metadata;
    expect(issuesOf({ type: "postgresql", metadata: noQuery })).toEqual([
      { path: `${at}.metadata.query`, message: expect.stringMatching(/^needs "query" \(a required parameter of KEDA's postgresql scaler\), read from metadata$/) },
    ]);
    // one required field with two names (ibmmq queueName;queueNames): one issue naming both
    const ibm = issuesOf({ type: "ibmmq", metadata: { host: "https://mq:9443/x" }, auth: { triggerAuthentication: "a" } });
    expect(ibm).toEqual([{ path: `${at}.metadata.queueName`, message: expect.stringContaining('one of "queueName" or "queueNames"') }]);
  });

  it("a value KEDA cannot parse as the field's Go type", () => {
    // nats-jetstream lagThreshold int64, useHttps bool (pkg/scalers/nats_jetstream_scaler.go)
    const issues = issuesOf({ type: "nats-jetstream", metadata: { natsServerMonitoringEndpoint: "nats:8222", stream: "s", consumer: "c", lagThreshold: "10.5", useHttps: "yes" } });
    expect(issues.map((i) => i.path)).toEqual([`${at}.metadata.lagThreshold`, `${at}.metadata.useHttps`]);
    expect(issues[0]!.message).toContain("must be a whole number");
    expect(issues[1]!.message).toContain("must be true or false");
  });

  it("a value outside the scaler's allowed values (scalers-schema.json allowedValue)", () => {
    const issues = issuesOf({ type: "github-runner", metadata: { owner: "kedacore", runnerScope: "organisation" }, auth: { triggerAuthentication: "gh" } });
    expect(issues).toEqual([{ path: `${at}.metadata.runnerScope`, message: expect.stringMatching(/^must be "org", "ent" or "repo", got "organisation"/) }]);
  });

  it("metadata values must be strings (the ScaledObject CRD's metadata is a string map)", () => {
    const issues = issuesOf({ ...POSTGRES, metadata: { ...POSTGRES.metadata, targetQueryValue: 2 } });
    expect(issues).toEqual([{ path: `${at}.metadata.targetQueryValue`, message: expect.stringContaining('quote numbers and booleans') }]);
    // a required one given as a number is not also reported missing
    const nats = issuesOf({ type: "nats-jetstream", metadata: { natsServerMonitoringEndpoint: "nats:8222", stream: "s", consumer: 7 } });
    expect(nats.map((i) => i.path)).toEqual([`${at}.metadata.consumer`]);
  });

  it("a credential KEDA reads only from a TriggerAuthentication, given inline", () => {
    const issues = issuesOf({ type: "mysql", metadata: { queryValue: "4.4", query: "SELECT 1", connectionString: "user:pw@tcp(mysql:3306)/db" } });
    const inline = issues.find((i) => i.path === `${at}.metadata.connectionString`)!;
    expect(inline.message).toContain("auth.secret.parameters.connectionString");
    expect(JSON.stringify(issues)).not.toContain("user:pw");
  });

  it("a credential-named parameter KEDA also reads from metadata (new-relic queryKey), given inline", () => {
    // keda.sh/docs/2.18/scalers/new-relic/ first example writes queryKey inline; polyscale refuses it.
    const issues = issuesOf({ type: "new-relic", metadata: { account: "1234567", queryKey: "NRAK-xxxxxxxxxxxxxxxxxxxxxxxxxxx", nrql: "SELECT 1", threshold: "50.50" } });
    expect(issues[0]).toEqual({ path: `${at}.metadata.queryKey`, message: expect.stringContaining("auth.secret.parameters.queryKey") });
  });

  it("a URL with user:password@ in any metadata value, at its path, without repeating the password", () => {
    const issues = issuesOf({ type: "metrics-api", metadata: { url: "http://admin:s3cret@api:3232/stats", valueLocation: "a.b", targetValue: "1" } });
    expect(issues).toEqual([{ path: `${at}.metadata.url`, message: expect.stringContaining("must not carry credentials") }]);
    expect(issues[0]!.message).not.toContain("s3cret");
  });

  it("a parameter KEDA refuses as deprecated (`deprecated` tag: typed_config.go returns an error)", () => {
    const issues = issuesOf({ type: "huawei-cloudeye", metadata: { namespace: "SYS.ELB", metricName: "mb_l7_qps", dimensionName: "lbaas_instance_id", dimensionValue: "5e052238", targetMetricValue: "5.3", minMetricValue: "1.1" }, auth: { triggerAuthentication: "h" } });
    expect(issues).toEqual([{ path: `${at}.metadata.minMetricValue`, message: expect.stringContaining("activationTargetMetricValue") }]);
  });

  it("auth.secret.parameters naming a parameter KEDA does not read from a TriggerAuthentication", () => {
    const issues = issuesOf({ ...POSTGRES, auth: { secret: { parameters: { query: "q", pasword: "pg" } } } });
    expect(issues.map((i) => i.path).sort()).toEqual([`${at}.auth.secret.parameters.pasword`, `${at}.auth.secret.parameters.query`]);
    expect(issues.find((i) => i.path.endsWith("pasword"))!.message).toContain('did you mean "password"?');
    expect(issues.find((i) => i.path.endsWith("query"))!.message).toContain("only from metadata");
  });

  it("an empty value (KEDA reads it as not set: typed_config.go trims and skips empty values)", () => {
    // keda.sh/docs/2.18/scalers/aws-dynamodb/ first block writes `awsEndpoint: ""`; the key would be dropped by KEDA.
    const issues = issuesOf({ type: "aws-dynamodb", metadata: { awsRegion: "eu-west-1", awsEndpoint: " ", tableName: "t", targetValue: "1", expressionAttributeNames: "{}", keyConditionExpression: "#k = :key", expressionAttributeValues: "{}" } });
    expect(issues).toEqual([{ path: `${at}.metadata.awsEndpoint`, message: expect.stringContaining("is empty") }]);
  });

  it("a prometheus query KEDA cannot use: not PromQL, or not an instant vector", () => {
    const prom = (query: string) => issuesOf({ type: "prometheus", metadata: { serverAddress: "http://prometheus:9090", query, threshold: "5" } });
    expect(prom("sum(rate(x[2m])")).toEqual([{ path: `${at}.metadata.query`, message: expect.any(String) }]);
    expect(prom("1 + 1")).toEqual([{ path: `${at}.metadata.query`, message: expect.stringContaining("wrap a scalar in vector(...)") }]);
  });

  it("two keda metrics with one trigger name, or the same trigger twice", () => {
    const metrics = [{ keda: { ...POSTGRES, metadata: { ...POSTGRES.metadata, targetQueryValue: "2" }, name: "jobs" } }, { keda: { type: "nats-jetstream", name: "jobs", metadata: { natsServerMonitoringEndpoint: "nats:8222", stream: "s", consumer: "c" } } }, { keda: POSTGRES }, { keda: POSTGRES }];
    const issues = policyErrorOf(() => parsePolicy({ service: "w", scaling: { replicas: { min: 1, max: 5 }, metrics } })).issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    expect(issues).toEqual([
      { path: "scaling.metrics[3].keda", message: expect.stringContaining("same metric as scaling.metrics[2].keda") },
      { path: "scaling.metrics[1].keda.name", message: expect.stringContaining("also the name of scaling.metrics[0].keda") },
    ]);
  });

  it("reports every problem of one trigger in one pass", () => {
    const issues = issuesOf({ type: "nats-jetstream", metadata: { stream: "s", lagThreshhold: "10", useHttps: "maybe" } });
    expect(issues.map((i) => i.path).sort()).toEqual([`${at}.metadata.consumer`, `${at}.metadata.lagThreshhold`, `${at}.metadata.natsServerMonitoringEndpoint`, `${at}.metadata.useHttps`].sort());
  });
});

describe("the scalers index", () => {
  it("holds KEDA's 78 scalers with their kedaVersion, and is built once", () => {
    const index = kedaScalers();
    expect(index.types).toHaveLength(78);
    expect(index.kedaVersion).toBe("main");
    expect(kedaScalers()).toBe(index);
  });

  it("is read only when a policy has a keda metric (the data is not loaded for other policies)", () => {
    const loaded = (metric: string) => {
      const code = `require("./src/policy/load").parsePolicy({ service: "w", scaling: { replicas: { min: 1, max: 2 }, metrics: [${metric}] } });
        process.stdout.write(String(Object.keys(require.cache).some((k) => k.endsWith("scalers-schema.json"))));`;
      return execFileSync(process.execPath, ["-r", "tsx/cjs", "-e", code], { cwd: join(__dirname, "..", ".."), encoding: "utf8", timeout: 60_000 });
    };
    expect(loaded(`{ cpu: { utilization: 60 } }`)).toBe("false");
    expect(loaded(`{ keda: { type: "metrics-api", metadata: { url: "http://api/x", valueLocation: "a", targetValue: "1" } } }`)).toBe("true");
  });

  it("marks scalers whose deprecation KEDA announces (gcp-pubsub: keda.sh blog 2025-09-15 gcp-deprecations)", () => {
    const deprecated = kedaScalers().types.filter((t) => kedaScalers().scalers.get(t)!.deprecated);
    expect(deprecated.sort()).toEqual(["gcp-cloudtasks", "gcp-pubsub", "gcp-stackdriver", "liiklus"]);
  });

  it("parses types from the Go facts: int, float, bool, duration, lists with their separator", () => {
    const index = indexScalers(
      { kedaVersion: "t", scalers: [{ type: "x", parameters: [{ name: "n", type: "string" }, { name: "d", type: "string", optional: true }, { name: "l", type: "string", separator: ";", optional: true }] }] },
      { scalers: { x: { goTypes: { n: "int64", d: "time.Duration", l: "[]string" } } } },
    );
    const x = index.scalers.get("x")!;
    expect(x.parameters.get("n")).toMatchObject({ valueType: "int", list: false, optional: false });
    expect(x.parameters.get("d")).toMatchObject({ valueType: "duration", optional: true });
    expect(x.parameters.get("l")).toMatchObject({ valueType: "string", list: true, separator: ";" });
    expect(x.required).toEqual([["n"]]);
  });
});
