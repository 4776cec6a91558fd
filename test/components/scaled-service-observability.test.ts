/**
 * ScaledService hands each platform's alert targets to the component it creates: SNS topics (ECS alarms),
 * action groups and the Log Analytics workspace (Container Apps metric and log search alerts), notification
 * channels (Cloud Run alert policies). Under Pulumi mocks with the real provider SDKs.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScaledService } from "../../src/components/scaled-service";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing";
import type { ScalingPolicyInput } from "../../src/types";

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const policy = (metrics: ScalingPolicyInput["scaling"] extends infer S ? (S extends { metrics?: infer M } ? M : never) : never, extra: Partial<ScalingPolicyInput["scaling"]> = {}): ScalingPolicyInput => ({
  service: "api",
  scaling: { replicas: { min: 1, max: 8 }, metrics, ...extra },
  alerts: { pinnedAtMax: {}, flapping: {}, metricUnavailable: {} },
});
const workload = { image: "api:1", resources: { cpu: "500m", memory: "1Gi" }, readinessProbe: { path: "/ready" } };

async function build(svc: ScaledService): Promise<void> {
  await valueOf(svc.workloadName);
  await settled();
}

describe("ScaledService passes the alert targets to the platform component", () => {
  it("ecs: alarmActions reach the CloudWatch alarms", async () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:oncall";
    await build(new ScaledService("api", { platform: "ecs", policy: policy([{ cpu: { utilization: 60 } }], { ecs: { cluster: "prod" } }), workload, ecs: { clusterName: "prod", serviceName: "api", alarmActions: [topic], region: "eu-west-1" } }));
    const alarms = Object.fromEntries((await mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).map((a) => [a.name, a.inputs]));
    // Children of the ScaledService's EcsServiceScaling `api-scaling`.
    expect(Object.keys(alarms).sort()).toEqual(["api-scaling-metric-unavailable", "api-scaling-pinned-at-max", "api-scaling-scaling-flapping"]);
    expect(alarms["api-scaling-pinned-at-max"]!.alarmActions).toEqual([topic]);
    expect(alarms["api-scaling-metric-unavailable"]!.insufficientDataActions).toEqual([topic]);
    expect(alarms["api-scaling-scaling-flapping"]!.alarmActions).toEqual([topic]);
  });

  it("container-apps: actionGroupIds reach the metric alert, logAnalyticsWorkspaceId scopes the two log search alerts", async () => {
    const group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/microsoft.insights/actionGroups/oncall";
    const workspace = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/env-logs";
    const env = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env";
    const svc = new ScaledService("api", {
      platform: "container-apps",
      policy: policy([{ cpu: { utilization: 60 } }]),
      workload: { image: "api:1", resources: { cpu: "0.5", memory: "1Gi" }, readinessProbe: { path: "/ready" } },
      containerApps: { resourceGroupName: "rg", managedEnvironmentId: env, location: "westeurope", actionGroupIds: [group], logAnalyticsWorkspaceId: workspace },
    });
    await build(svc);
    const [alert] = await mocks.ofType("azure-native:monitor:MetricAlert");
    expect(alert!.inputs.actions).toEqual([{ actionGroupId: group }]);
    const rules = await mocks.ofType("azure-native:monitor:ScheduledQueryRule");
    expect(rules.map((r) => r.name).sort()).toEqual(["api-flapping", "api-metric-unavailable"]);
    for (const r of rules) expect(r.inputs).toMatchObject({ scopes: [workspace], actions: { actionGroups: [group] } });
    expect(await valueOf(svc.warnings)).not.toContainEqual(expect.stringContaining("logAnalyticsWorkspaceId"));
  });

  it("cloud-run: notificationChannels reach the alert policies", async () => {
    const channel = "projects/p/notificationChannels/42";
    await build(new ScaledService("web", { platform: "cloud-run", policy: { ...policy([{ inFlight: { perReplica: 30 } }]), service: "web" }, workload: { image: "gcr.io/p/web:1", readinessProbe: { path: "/ready" } }, cloudRun: { location: "europe-west1", project: "p", notificationChannels: [channel] } }));
    const policies = await mocks.ofType("gcp:monitoring/alertPolicy:AlertPolicy");
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect(p.inputs.notificationChannels).toEqual([channel]);
  });
});
