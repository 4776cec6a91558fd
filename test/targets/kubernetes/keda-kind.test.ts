import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { formatPath } from "../../../src/policy/errors";
import { parsePolicy } from "../../../src/policy/load";
import { compileKubernetes } from "../../../src/targets/kubernetes";
import { compileContainerApps } from "../../../src/targets/container-apps";
import { compileEcs } from "../../../src/targets/ecs";
import { compileCloudRun } from "../../../src/targets/cloud-run";
import { planKubernetesScaling } from "../../../src/components/kubernetes/scaling";
import { validateManifest } from "../../helpers/strict-schema";
import { policyErrorOf } from "../../helpers/policy-error";
import { metadataEntries, strictScaleValidator } from "../container-apps/schema";

/**
 * The `keda` metric kind against KEDA's own documentation: each fixture is a verbatim fenced YAML block of
 * keda.sh/docs/2.18/scalers/<page>/ (test/fixtures/keda-docs, kedacore/keda-docs a55c5d3). The policy is written
 * from the doc's trigger (its `authenticationRef` becomes `auth`: the doc's TriggerAuthentication `secretTargetRef`
 * as `auth.secret`, else the referenced name); the rendered ScaledObject trigger and TriggerAuthentication must be
 * the doc's, and every manifest must pass the ScaledObject / TriggerAuthentication CRD schemas, closed.
 */
const FIXTURES = join(__dirname, "..", "..", "fixtures", "keda-docs");
const DOCS = "https://keda.sh/docs/2.18/scalers";

interface DocTrigger {
  type: string;
  metricType?: "AverageValue" | "Value";
  metadata: Record<string, string>;
  authenticationRef?: { name: string };
}
interface SecretRef {
  parameter: string;
  name: string;
  key: string;
}

function docExample(file: string): { trigger: DocTrigger; secretTargetRef?: SecretRef[] } {
  const docs = parseAllDocuments(readFileSync(join(FIXTURES, file), "utf8")).map((d) => d.toJS() as any);
  const trigger: DocTrigger = docs.flatMap((d) => d.spec?.triggers ?? d.triggers ?? [])[0];
  const ta = docs.find((d) => d.kind === "TriggerAuthentication" && d.metadata.name === trigger.authenticationRef?.name);
  return { trigger, ...(ta?.spec?.secretTargetRef ? { secretTargetRef: ta.spec.secretTargetRef } : {}) };
}

function kedaMetricOf(trigger: DocTrigger, secretTargetRef?: SecretRef[]): Record<string, unknown> {
  const auth = !trigger.authenticationRef
    ? undefined
    : secretTargetRef
      ? { secret: { name: secretTargetRef[0]!.name, parameters: Object.fromEntries(secretTargetRef.map((r) => [r.parameter, r.key])) } }
      : { triggerAuthentication: trigger.authenticationRef.name };
  return { type: trigger.type, metadata: trigger.metadata, ...(trigger.metricType ? { metricType: trigger.metricType } : {}), ...(auth ? { auth } : {}) };
}

const policyOf = (keda: Record<string, unknown>, min = 1) =>
  parsePolicy({ service: "worker", namespace: "default", scaling: { replicas: { min, max: 10 }, metrics: [{ keda }] } });

const EXAMPLES: Array<[file: string, page: string]> = [
  ["aws-dynamodb.1.yaml", "aws-dynamodb"],
  ["azure-event-hub.2.yaml", "azure-event-hub"],
  ["postgresql.1.yaml", "postgresql"],
  ["mysql.0.yaml", "mysql"],
  ["mongodb.0.yaml", "mongodb"],
  ["nats-jetstream.1.yaml", "nats-jetstream"],
  ["metrics-api.1.yaml", "metrics-api"],
  ["datadog.6.yaml", "datadog"],
  ["new-relic.1.yaml", "new-relic"],
  ["elasticsearch.1.yaml", "elasticsearch"],
  ["github-runner.1.yaml", "github-runner"],
  ["selenium-grid-scaler.1.yaml", "selenium-grid-scaler"],
  ["temporal.1.yaml", "temporal"],
];

describe("keda metric kind on Kubernetes: KEDA's doc examples render as written", () => {
  it("covers at least 10 scalers", () => {
    expect(new Set(EXAMPLES.map(([f]) => docExample(f).trigger.type)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(EXAMPLES)("%s (%s)", (file, page) => {
    const { trigger, secretTargetRef } = docExample(file);
    expect(Object.values(trigger.metadata).every((v) => typeof v === "string"), `${DOCS}/${page}/ metadata is all strings`).toBe(true);
    const out = compileKubernetes(policyOf(kedaMetricOf(trigger, secretTargetRef)));
    expect(out.engine).toBe("keda");
    const so = out.manifests.find((m) => m.kind === "ScaledObject")!;
    const [rendered, ...more] = (so.spec as any).triggers;
    expect(more).toEqual([]);
    const { authenticationRef, ...docTrigger } = trigger;
    const { authenticationRef: renderedRef, ...renderedTrigger } = rendered;
    expect(renderedTrigger).toEqual(docTrigger);
    expect(renderedRef !== undefined).toBe(authenticationRef !== undefined);
    if (authenticationRef && !secretTargetRef) expect(renderedRef).toEqual({ name: authenticationRef.name });
    if (secretTargetRef) {
      const ta = out.manifests.find((m) => m.kind === "TriggerAuthentication" && m.metadata.name === renderedRef.name)!;
      const byParameter = (a: SecretRef, b: SecretRef) => a.parameter.localeCompare(b.parameter);
      expect([...(ta.spec as any).secretTargetRef].sort(byParameter)).toEqual([...secretTargetRef].sort(byParameter));
      // The doc's Secret exists (secret.name): polyscale does not ask the component to create one.
      expect(out.sourceSecrets ?? []).toEqual([]);
    }
    for (const m of out.manifests) expect(validateManifest(m), `${m.kind} ${m.metadata.name}`).toEqual([]);
  });

  it("a generated Secret is expected when auth.secret names none, keyed by the Secret keys", () => {
    const { trigger, secretTargetRef } = docExample("mysql.0.yaml");
    const metric = kedaMetricOf(trigger, secretTargetRef) as any;
    delete metric.auth.secret.name;
    const out = compileKubernetes(policyOf(metric));
    const ta = out.manifests.find((m) => m.kind === "TriggerAuthentication")!;
    expect((ta.spec as any).secretTargetRef).toEqual([{ parameter: "connectionString", name: "worker-mysql-auth", key: "mysql_conn_str" }]);
    expect(out.sourceSecrets).toEqual([{ name: "worker-mysql-auth", source: "mysql", keys: ["mysql_conn_str"] }]);
  });

  it("warns when KEDA announces the scaler's deprecation (gcp-stackdriver, keda.sh blog 2025-09-15)", () => {
    const out = compileKubernetes(policyOf({ type: "gcp-stackdriver", metadata: { projectId: "my-project", filter: 'metric.type="storage.googleapis.com/network/received_bytes_count"', targetValue: "100" }, auth: { podIdentity: { provider: "gcp" } } }));
    expect(out.warnings.filter((w) => w.code === "keda_deprecated").map((w) => formatPath(w.path))).toEqual(["scaling.metrics[0].keda.type"]);
  });

  it("warns on a parameter KEDA announces as deprecated (temporal buildId, scalers-schema.json deprecatedAnnounce)", () => {
    const out = compileKubernetes(policyOf({ type: "temporal", metadata: { endpoint: "temporal:7233", taskQueue: "q", namespace: "default", buildId: "v1" } }));
    const [w, ...more] = out.warnings.filter((x) => x.code === "keda_deprecated");
    expect(more).toEqual([]);
    expect(formatPath(w!.path)).toBe("scaling.metrics[0].keda.metadata.buildId");
    expect(w!.message).toContain("workerDeploymentName");
  });
});

describe("keda metric kind on Container Apps: a custom rule of the scaler's type", () => {
  it.each(EXAMPLES.filter(([f]) => f !== "azure-event-hub.2.yaml"))("%s passes the ARM Scale schema, closed", (file) => {
    const { trigger, secretTargetRef } = docExample(file);
    const metric = kedaMetricOf(trigger, secretTargetRef) as any;
    // Container Apps has no TriggerAuthentication: the doc's Secret keys become Container App secrets.
    if (metric.auth?.triggerAuthentication) delete metric.auth;
    if (metric.auth?.secret) metric.auth = { secret: { parameters: Object.fromEntries(Object.entries(metric.auth.secret.parameters).map(([p, k]) => [p, String(k).toLowerCase().replace(/_/g, "-")])) } };
    const out = compileContainerApps(policyOf(metric));
    const validate = strictScaleValidator();
    expect(validate(out.scale), JSON.stringify(validate.errors)).toBe(true);
    expect(metadataEntries(out.scale).every(([, v]) => typeof v === "string")).toBe(true);
    const rule = out.scale.rules[0]!;
    expect(rule.custom).toEqual({
      type: trigger.type,
      metadata: trigger.metadata,
      ...(metric.auth ? { auth: Object.entries(metric.auth.secret.parameters).map(([p, k]) => ({ secretRef: k, triggerParameter: p })).sort((a, b) => a.triggerParameter.localeCompare(b.triggerParameter)) } : {}),
    });
    expect(out.secretRefs).toEqual(metric.auth ? [...new Set(Object.values(metric.auth.secret.parameters))].sort() : []);
  });

  it("managed identity on the rule only where Container Apps supports one (azure-queue, azure-servicebus, azure-eventhub: #1786, #592)", () => {
    const pg = { type: "postgresql", metadata: { host: "pg.postgres.database.azure.com", port: "5432", userName: "worker-identity", dbName: "jobs", sslmode: "require", query: "SELECT 1", targetQueryValue: "1" } };
    const refused = policyErrorOf(() => compileContainerApps(policyOf({ ...pg, auth: { managedIdentity: "system" } })));
    expect(refused.issues.map((i) => formatPath(i.path))).toEqual(["scaling.metrics[0].keda.auth.managedIdentity"]);
    expect(refused.issues[0]!.message).toContain("azure-container-apps#1786");
    const queue = compileContainerApps(policyOf({ type: "azure-servicebus", metadata: { queueName: "orders", namespace: "shop", messageCount: "5" }, auth: { managedIdentity: "system" } }));
    expect(queue.scale.rules[0]!.custom!.identity).toBe("system");
    const { trigger } = docExample("metrics-api.1.yaml");
    const other = policyErrorOf(() => compileContainerApps(policyOf({ ...kedaMetricOf(trigger), auth: { managedIdentity: "system" } })));
    expect(other.issues.map((i) => formatPath(i.path))).toEqual(["scaling.metrics[0].keda.auth.managedIdentity"]);
    expect(other.issues[0]!.message).toContain("azure-queue, azure-servicebus and azure-eventhub only");
  });

  it("refuses Kubernetes-only auth and metricType Value, each at its path", () => {
    const { trigger } = docExample("datadog.6.yaml");
    const issues = policyErrorOf(() => compileContainerApps(policyOf({ ...kedaMetricOf(trigger), metricType: "Value" }))).issues.map((i) => formatPath(i.path));
    expect(issues).toEqual(["scaling.metrics[0].keda.metricType", "scaling.metrics[0].keda.auth.triggerAuthentication"]);
  });
});

describe("keda metric kind on ECS and Cloud Run: refused, naming the alternative", () => {
  const { trigger } = docExample("metrics-api.1.yaml");
  it("ECS", () => {
    const [i, ...rest] = policyErrorOf(() => compileEcs(parsePolicy({ service: "worker", scaling: { replicas: { min: 1, max: 10 }, ecs: { cluster: "c", service: "worker" }, metrics: [{ keda: kedaMetricOf(trigger) }] } }))).issues;
    expect(rest).toEqual([]);
    expect(formatPath(i!.path)).toBe("scaling.metrics[0].keda");
    expect(i!.message).toMatch(/not supported on ecs; nearest alternative: .*CloudWatch/);
  });
  it("Cloud Run", () => {
    const [i] = policyErrorOf(() => compileCloudRun(policyOf(kedaMetricOf(trigger)))).issues;
    expect(formatPath(i!.path)).toBe("scaling.metrics[0].keda");
    expect(i!.message).toMatch(/not supported on cloud-run; nearest alternative: GKE with KEDA/);
  });
});

describe("keda metric kind in the KubernetesScaling component", () => {
  it("a generated Secret's values come from sourceCredentials.<scaler type>, and a missing one is named", () => {
    const policy = { service: "worker", namespace: "default", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ keda: { type: "mysql", metadata: { query: "SELECT 1", queryValue: "4.4" }, auth: { secret: { parameters: { connectionString: "mysql_conn_str" } } } } }] } };
    expect(() => planKubernetesScaling("w", { policy })).toThrow('sourceCredentials.mysql["mysql_conn_str"]');
    const { out } = planKubernetesScaling("w", { policy, sourceCredentials: { mysql: { mysql_conn_str: "user:pw@tcp(mysql:3306)/db" } } });
    expect(JSON.stringify(out.manifests)).not.toContain("user:pw");
  });
});
