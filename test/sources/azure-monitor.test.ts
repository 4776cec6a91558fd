import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy";
import { AzureMonitorSource } from "../../src/policy/sources/azure-monitor";
import { azureMonitorContainerAppsAuth, azureMonitorTrigger } from "../../src/sources/azure-monitor";
import { compileContainerApps } from "../../src/targets/container-apps";
import { INSIGHTS_ID, SUB, TENANT, azureMonitor, issues, policy } from "../targets/container-apps/helpers";
import { docExample, docTriggers, expectIssue, kedaSchemaErrors, scaledObjectErrors, target, value } from "./helpers";

/**
 * The `azureMonitor` source on Kubernetes: KEDA azure-monitor (golden against keda.sh/docs/2.18/scalers/azure-monitor/,
 * checked against scalers-schema.json and the ScaledObject CRD), and its `auth` on Container Apps (a managed identity
 * refused: microsoft/azure-container-apps#1582).
 */

const t = (over = {}) => target("azureMonitor", over);
const source = (input: Record<string, unknown>) => AzureMonitorSource.parse(input);
const SECRET = { secret: { parameters: { activeDirectoryClientId: "monitor-client-id", activeDirectoryClientPassword: "monitor-client-secret" } } };

describe("azureMonitor on Kubernetes (KEDA azure-monitor)", () => {
  it("renders the KEDA docs' ScaledObject example with its TriggerAuthentication's secrets", () => {
    // azure-monitor.1.yaml: tenantId / subscriptionId are placeholders ("xxx-xxx-xxx-xxx-xxx"); the scaler needs
    // GUIDs, so valid ones stand in. Everything else is the doc's.
    const [doc] = docTriggers("azure-monitor.1.yaml");
    const ta = docExample("azure-monitor.1.yaml").find((d) => d.kind === "TriggerAuthentication");
    const expected: Record<string, string> = { ...doc!.metadata, tenantId: TENANT, subscriptionId: SUB };
    const parameters = Object.fromEntries(ta.spec.secretTargetRef.map((r: { parameter: string; key: string }) => [r.parameter, r.key]));
    const s = source({
      metricName: expected.metricName,
      resourceId: expected.resourceURI,
      tenantId: TENANT,
      subscriptionId: SUB,
      resourceGroupName: expected.resourceGroupName,
      metricNamespace: expected.metricNamespace,
      metricFilter: expected.metricFilter,
      metricAggregationInterval: expected.metricAggregationInterval,
      metricAggregationType: expected.metricAggregationType,
      auth: { secret: { name: ta.spec.secretTargetRef[0].name, parameters } },
    });
    const trigger = value(azureMonitorTrigger(s, t({ perReplica: Number(expected.targetValue) })));
    expect(trigger.type).toBe(doc!.type);
    expect(trigger.metadata).toEqual(expected);
    expect(kedaSchemaErrors(trigger, Object.keys(parameters))).toEqual([]);
    expect(scaledObjectErrors(trigger, doc!.authenticationRef)).toEqual([]);
  });

  it("splits an ARM resource id and carries the activation (scale from zero)", () => {
    const trigger = value(azureMonitorTrigger(source({ ...azureMonitor(), auth: { podIdentity: { provider: "azure-workload" } } }), t({ perReplica: 2.5, activation: 1, minReplicas: 0 })));
    expect(trigger.metadata).toEqual({
      resourceURI: "Microsoft.Insights/components/ai1",
      tenantId: TENANT,
      subscriptionId: SUB,
      resourceGroupName: "rg1",
      metricName: "JobQueueLength",
      metricAggregationType: "Total",
      targetValue: "2.5",
      activationTargetValue: "1",
    });
    expect(kedaSchemaErrors(trigger)).toEqual([]);
  });

  it("needs credentials KEDA accepts: pod identity azure-workload, both client secrets, or a TriggerAuthentication", () => {
    expectIssue(azureMonitorTrigger(source(azureMonitor()), t()), [...t().path, "auth"], /no activeDirectoryClientId given.*missing: activeDirectoryClientId, activeDirectoryClientPassword/);
    expectIssue(
      azureMonitorTrigger(source({ ...azureMonitor(), auth: { secret: { parameters: { activeDirectoryClientId: "id" } } } }), t()),
      [...t().path, "auth"],
      /no activeDirectoryClientPassword given.*\(missing: activeDirectoryClientPassword\)/,
    );
    expectIssue(azureMonitorTrigger(source({ ...azureMonitor(), auth: { podIdentity: { provider: "aws" } } }), t()), [...t().path, "auth", "podIdentity", "provider"], /doesn't support pod identity aws/);
    expect(azureMonitorTrigger(source({ ...azureMonitor(), auth: { triggerAuthentication: "monitor-reader" } }), t()).issues).toBeUndefined();
    expect(azureMonitorTrigger(source({ ...azureMonitor(), auth: SECRET }), t()).issues).toBeUndefined();
  });

  it("reports the resource, tenant and aggregation problems together, and a credential in the ARM endpoint without repeating it", () => {
    // The schema already refuses the endpoint's credentials (httpUrl); the mapping checks again for sources built in code.
    const raw: AzureMonitorSource = { metricName: "Jobs", resourceId: "not-an-id", tenantId: "tenant", cloud: "Private", azureResourceManagerEndpoint: "https://me:hunter2@arm.example", auth: SECRET };
    expect(AzureMonitorSource.safeParse(raw).success).toBe(false);
    const m = azureMonitorTrigger(raw, t());
    expect(m.issues!.map((i) => i.path.at(-1))).toEqual(["resourceId", "tenantId", "metricAggregationType", "azureResourceManagerEndpoint"]);
    expect(JSON.stringify(m.issues)).not.toContain("hunter2");
    expect(m.issues!.at(-1)!.message).toMatch(/ScaledObject.*auth\.secret\.parameters/);
  });
});

describe("azureMonitor auth on Container Apps", () => {
  it("refuses a managed identity on the source, naming microsoft/azure-container-apps#1582 and the secret alternative", () => {
    const found = issues(policy({ metrics: [{ queue: { jobsPerReplica: 5, from: { azureMonitor: azureMonitor({ auth: { managedIdentity: "system" } }) } } }] }));
    const hit = found.find((i) => i.path.join(".") === "scaling.metrics.0.queue.from.azureMonitor.auth.managedIdentity");
    expect(hit?.message).toMatch(/#1582.*activeDirectoryClientId and activeDirectoryClientPassword/);
  });

  it("keeps the rule's credentials in scaling.containerApps.rules and notes the source's Kubernetes-only auth as unused", () => {
    const p = parsePolicy({
      service: "svc",
      scaling: {
        replicas: { min: 1, max: 10 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { azureMonitor: azureMonitor({ auth: { podIdentity: { provider: "azure-workload" } } }) } } }],
        containerApps: { rules: [{ metric: 0, auth: [{ secretRef: "sp-id", triggerParameter: "activeDirectoryClientId" }, { secretRef: "sp-secret", triggerParameter: "activeDirectoryClientPassword" }] }] },
      },
    });
    const out = compileContainerApps(p);
    expect(out.scale.rules[0]!.custom!.auth).toEqual([
      { secretRef: "sp-id", triggerParameter: "activeDirectoryClientId" },
      { secretRef: "sp-secret", triggerParameter: "activeDirectoryClientPassword" },
    ]);
    expect(out.warnings.find((w) => w.code === "container_apps_source_auth_unused")?.path).toEqual(["scaling", "metrics", 0, "queue", "from", "azureMonitor", "auth", "podIdentity"]);
    expect(azureMonitorContainerAppsAuth(source(azureMonitor()), ["x"])).toEqual({ issues: [], warnings: [] });
    expect(INSIGHTS_ID).toContain(SUB);
  });
});
