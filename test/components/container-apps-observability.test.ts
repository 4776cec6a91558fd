/** ContainerAppService's metric alerts, log search alerts and workbook under Pulumi mocks (real @pulumi/azure-native SDK). */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContainerAppService } from "../../src/components/container-apps";
import { workbookResourceName } from "../../src/components/container-apps/observability";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";

const ALERT = "azure-native:monitor:MetricAlert";
const WORKBOOK = "azure-native:applicationinsights:Workbook";
const LOG_ALERT = "azure-native:monitor:ScheduledQueryRule";
const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/env-logs";
const ENV_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env";
const GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/microsoft.insights/actionGroups/oncall";

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

function service(replicas: { min: number; max: number }, extra: Record<string, unknown> = {}) {
  return new ContainerAppService("api", {
    policy: { service: "api", scaling: { replicas, metrics: [{ cpu: { utilization: 60 } }] }, alerts: { pinnedAtMax: {}, flapping: {}, metricUnavailable: {} }, dashboard: { title: "API scaling" } },
    resourceGroupName: "rg",
    environmentId: ENV_ID,
    image: "api:1",
    ...extra,
  });
}

describe("ContainerAppService observability", () => {
  it("creates one MetricAlert on the app's Replicas (scopes = the app's id, actions = actionGroupIds) and one workbook, parented to the component", async () => {
    const c = service({ min: 1, max: 8 }, { actionGroupIds: [pulumi.output(GROUP)], location: "westeurope" });
    const appId = await valueOf(c.containerApp.id);
    await settled();
    expect((await mocks.all()).map((r) => r.type).sort()).toEqual([WORKBOOK, "azure-native:app:ContainerApp", ALERT, "polyscale:index:ContainerAppService"].sort());
    const [alert] = await mocks.ofType(ALERT);
    expect(alert!.inputs.scopes).toEqual([appId]);
    expect(alert!.inputs.actions).toEqual([{ actionGroupId: GROUP }]);
    expect(alert!.inputs.resourceGroupName).toBe("rg");
    expect(alert!.inputs.criteria.allOf[0]).toMatchObject({ metricName: "Replicas", threshold: 8, timeAggregation: "Minimum" });
    const [wb] = await mocks.ofType(WORKBOOK);
    expect(wb!.inputs).toMatchObject({ resourceGroupName: "rg", sourceId: appId, displayName: "API scaling", category: "workbook", kind: "shared", location: "westeurope" });
    expect(wb!.inputs.resourceName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(workbookResourceName("other")).not.toBe(wb!.inputs.resourceName);
    expect(c.observability.metricAlerts).toHaveLength(1);
    // Without logAnalyticsWorkspaceId the two log search alerts cannot be scoped: not created, a warning each.
    expect(await mocks.ofType(LOG_ALERT)).toEqual([]);
    expect(c.warnings.filter((w) => w.code === "alert_needs_workspace").map((w) => w.path.join("."))).toEqual(["alerts.metricUnavailable", "alerts.flapping"]);
  });

  it("with logAnalyticsWorkspaceId: a ScheduledQueryRule per log alert, scoped to the workspace, naming the app in its query", async () => {
    const c = service({ min: 1, max: 8 }, { actionGroupIds: [GROUP], logAnalyticsWorkspaceId: WORKSPACE, containerAppName: pulumi.output("api-prod"), location: "westeurope" });
    await settled();
    const rules = await mocks.ofType(LOG_ALERT);
    expect(rules.map((r) => r.name).sort()).toEqual(["api-flapping", "api-metric-unavailable"]);
    for (const r of rules) {
      expect(r.inputs).toMatchObject({ resourceGroupName: "rg", scopes: [WORKSPACE], actions: { actionGroups: [GROUP] }, location: "westeurope", kind: "LogAlert", enabled: true });
      expect(r.inputs.criteria.allOf[0].query).toContain('App == "api-prod"');
    }
    expect(c.observability.logAlerts).toHaveLength(2);
    expect(c.warnings.filter((w) => w.code === "alert_needs_workspace")).toEqual([]);
  });

  it("without actionGroupIds the alert has no actions", async () => {
    service({ min: 1, max: 8 });
    await settled();
    const [alert] = await mocks.ofType(ALERT);
    expect(alert!.inputs.actions).toBeUndefined();
  });

  it("min == max: no MetricAlert, no log alert, an info note per alert, the workbook still created", async () => {
    const c = service({ min: 2, max: 2 }, { logAnalyticsWorkspaceId: WORKSPACE });
    await settled();
    expect(await mocks.ofType(ALERT)).toEqual([]);
    expect(await mocks.ofType(LOG_ALERT)).toEqual([]);
    expect(await mocks.ofType(WORKBOOK)).toHaveLength(1);
    expect(c.warnings.filter((w) => w.code === "alert_min_equals_max").map((w) => [w.path.join("."), w.severity])).toEqual([
      ["alerts.pinnedAtMax", "info"],
      ["alerts.metricUnavailable", "info"],
      ["alerts.flapping", "info"],
    ]);
  });
});
