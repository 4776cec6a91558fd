/**
 * Observability resources under Pulumi mocks (real provider SDKs): the Grafana dashboard ConfigMap of
 * KubernetesScaling, and the CloudWatch alarms and dashboard of EcsServiceScaling.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesScaling } from "../../src/components/kubernetes";
import { EcsServiceScaling } from "../../src/components/ecs";
import { CloudRunService } from "../../src/components/cloud-run";
import { parsePolicy } from "../../src/policy/load";
import { compileKubernetes } from "../../src/targets/kubernetes/compile";
import { installPulumiMocks, settled, valueOf, type PulumiMockHarness } from "../../src/testing/pulumi";
import type { ScalingPolicyInput } from "../../src/types";

let mocks: PulumiMockHarness;
beforeAll(async () => {
  mocks = await installPulumiMocks();
});
beforeEach(() => mocks.reset());

const WATCH = { alerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} }, dashboard: { folder: "Shop" } } as const;

describe("KubernetesScaling with a dashboard", () => {
  it("registers the dashboard as a core/v1 ConfigMap (data, sidecar label, folder annotation) and the alerts as one PrometheusRule", async () => {
    const input: ScalingPolicyInput = { service: "shop", namespace: "prod", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }] }, ...WATCH };
    const c = new KubernetesScaling("shop", { policy: input });
    await valueOf(c.engine);
    await settled();
    const types = (await mocks.all()).map((r) => r.type);
    expect(types.filter((t) => t !== "polyscale:index:KubernetesScaling").sort()).toEqual(["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "kubernetes:core/v1:ConfigMap", "kubernetes:monitoring.coreos.com/v1:PrometheusRule"]);
    const [cm] = await mocks.ofType("kubernetes:core/v1:ConfigMap");
    const compiled = compileKubernetes(parsePolicy(input)).manifests.find((m) => m.kind === "ConfigMap")!;
    expect(cm!.name).toBe("shop-dashboard");
    expect(cm!.inputs).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "shop-dashboard", namespace: "prod", labels: { grafana_dashboard: "1" }, annotations: { grafana_folder: "Shop" } }, data: compiled.data });
    expect(JSON.parse(Object.values(cm!.inputs.data as Record<string, string>)[0]!).title).toBe("shop autoscaling");
  });
});

describe("EcsServiceScaling with alerts and a dashboard", () => {
  const input: ScalingPolicyInput = { service: "api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 50 } }] }, ...WATCH };
  const topic = "arn:aws:sns:eu-west-1:123456789012:oncall";

  it("registers three MetricAlarms and a Dashboard (cloudwatch), the SNS topics on the right actions, the cluster from an Output", async () => {
    const c = new EcsServiceScaling("api", { policy: input, clusterName: pulumi.output("membrane-cluster"), alarmActions: [topic], region: "eu-west-1" });
    await valueOf(c.resourceId);
    await settled();
    const types = (await mocks.all()).map((r) => r.type);
    expect(types.filter((t) => t.startsWith("aws:cloudwatch")).sort()).toEqual(["aws:cloudwatch/dashboard:Dashboard", ...Array(3).fill("aws:cloudwatch/metricAlarm:MetricAlarm")]);
    const alarms = Object.fromEntries((await mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).map((a) => [a.name, a.inputs]));
    expect(Object.keys(alarms).sort()).toEqual(["api-metric-unavailable", "api-pinned-at-max", "api-scaling-flapping"]);
    expect([alarms["api-pinned-at-max"]!.alarmActions, alarms["api-pinned-at-max"]!.okActions, alarms["api-pinned-at-max"]!.insufficientDataActions]).toEqual([[topic], [topic], undefined]);
    expect([alarms["api-metric-unavailable"]!.alarmActions, alarms["api-metric-unavailable"]!.insufficientDataActions]).toEqual([undefined, [topic]]);
    // the Output cluster name reached the metric dimensions and the dashboard body
    expect(alarms["api-pinned-at-max"]!.metricQueries[0].metric.dimensions).toEqual({ ClusterName: "membrane-cluster", ServiceName: "api" });
    const [dash] = await mocks.ofType("aws:cloudwatch/dashboard:Dashboard");
    expect(dash!.inputs.dashboardName).toBe("api-autoscaling");
    expect(dash!.inputs.dashboardBody).toContain('"ClusterName","membrane-cluster"');
    expect(dash!.inputs.dashboardBody).not.toContain("placeholder");
  });

  it("a dashboard without a region is refused before anything is registered", async () => {
    expect(() => new EcsServiceScaling("api", { policy: input, clusterName: "membrane-cluster" })).toThrow(/dashboard needs `region`/);
    await settled();
    expect(await mocks.all()).toEqual([]);
  });
});

describe("CloudRunService with alerts and a dashboard", () => {
  const input: ScalingPolicyInput = {
    service: "web",
    scaling: { replicas: { min: 1, max: 5 }, metrics: [{ inFlight: { perReplica: 30 } }], cloudRun: { image: "gcr.io/p/web:1" } },
    alerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} },
    dashboard: {},
  };
  const channel = "projects/p/notificationChannels/42";

  it("registers two AlertPolicies and a Dashboard (monitoring) whose queries name the deployed service; metric unavailable is a warning", async () => {
    const c = new CloudRunService("web", { policy: input, location: "europe-west1", serviceName: pulumi.output("web-prod"), notificationChannels: [channel], project: "p" });
    await valueOf(c.uri);
    await settled();
    const policies = await mocks.ofType("gcp:monitoring/alertPolicy:AlertPolicy");
    expect(policies.map((p) => p.name).sort()).toEqual(["web-pinned-at-max", "web-scaling-flapping"]);
    for (const p of policies) {
      expect(p.inputs.notificationChannels).toEqual([channel]);
      expect(p.inputs.project).toBe("p");
      expect(p.inputs.conditions[0].conditionPrometheusQueryLanguage.query).toContain('service_name="web-prod"');
    }
    const [dash] = await mocks.ofType("gcp:monitoring/dashboard:Dashboard");
    expect(JSON.parse(dash!.inputs.dashboardJson).mosaicLayout.tiles[0].widget.xyChart.dataSets[0].timeSeriesQuery.prometheusQuery).toContain('service_name="web-prod"');
    expect(c.warnings.map((w) => [w.path.join("."), w.code])).toContainEqual(["alerts.metricUnavailable", "alert_not_applicable"]);
  });
});
