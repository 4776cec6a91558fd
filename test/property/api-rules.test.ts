import { describe, expect, it } from "vitest";
import {
  CLOUD_RUN_RULES,
  CONTAINER_APPS_RULES,
  ECS_RULES,
  KUBERNETES_RULES,
  awsScheduleViolations,
  negativeZeroPaths,
  violations,
  type KubernetesDoc,
} from "../../src/rules";

/**
 * Negative controls for the API rule tables the property suite relies on: each rule accepts a document the
 * platform takes and names what is wrong with one it refuses (the refusals are the upstream sources' cases).
 */

const ids = (found: string[]) => [...new Set(found.map((v) => /^\[([^\]]+)\]/.exec(v)![1]))];

const so = (spec: Record<string, unknown>, name = "web-scaler"): KubernetesDoc => ({
  manifest: { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name, namespace: "default" }, spec: { scaleTargetRef: { name: "web" }, minReplicaCount: 1, maxReplicaCount: 5, ...spec } },
});
const prom = { type: "prometheus", metadata: { serverAddress: "http://p:9090", query: "sum(x)", threshold: "5" } };
const cpu = { type: "cpu", metricType: "Utilization", metadata: { value: "60" } };
const hpa = (spec: Record<string, unknown>, cluster?: KubernetesDoc["cluster"]): KubernetesDoc => ({
  manifest: {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web-hpa", namespace: "default" },
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }], ...spec },
  },
  cluster,
});
const k8s = (d: KubernetesDoc) => ids(violations(KUBERNETES_RULES, d));

describe("Kubernetes rules", () => {
  it("accept a plain HPA and ScaledObject", () => {
    expect(k8s(hpa({}))).toEqual([]);
    expect(k8s(so({ triggers: [prom, cpu] }))).toEqual([]);
  });

  it("behavior tolerance must be a non-negative Quantity (validation.go ValidateNonnegativeQuantity)", () => {
    const withTolerance = (t: unknown) => ({ behavior: { scaleDown: { tolerance: t, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] } } });
    expect(k8s(hpa(withTolerance("50m")))).toEqual([]);
    expect(k8s(hpa(withTolerance("0")))).toEqual([]);
    expect(k8s(hpa(withTolerance("-50m")))).toEqual(["hpa.validation"]);
    expect(k8s(hpa(withTolerance("five percent")))).toEqual(["hpa.validation"]);
    expect(k8s(so({ triggers: [prom], advanced: { horizontalPodAutoscalerConfig: withTolerance("-1") } }))).toEqual(["keda.replica-bounds"]);
  });

  it("HPA validation: minReplicas, behavior bounds, int32", () => {
    expect(k8s(hpa({ minReplicas: 0 }))).toEqual(["hpa.validation"]);
    expect(k8s(hpa({ minReplicas: 0 }, { hpaScaleToZero: true }))).toEqual(["hpa.validation"]); // no Object/External metric
    expect(k8s(hpa({ minReplicas: 0, metrics: [{ type: "External", external: { metric: { name: "q" }, target: { type: "Value", value: "5" } } }] }, { hpaScaleToZero: true }))).toEqual([]);
    expect(k8s(hpa({ behavior: { scaleUp: { stabilizationWindowSeconds: 3601 } } }))).toEqual(["hpa.validation"]);
    expect(k8s(hpa({ behavior: { scaleDown: { policies: [{ type: "Pods", value: 1, periodSeconds: 1801 }] } } }))).toEqual(["hpa.validation"]);
    expect(k8s(hpa({ behavior: { scaleDown: { policies: [{ type: "Percent", value: 2147483648, periodSeconds: 60 }] } } }))).toEqual(["hpa.validation"]);
    expect(k8s(hpa({ maxReplicas: 2147483648 }))).toEqual(["hpa.validation"]);
  });

  it("names and labels", () => {
    const long = so({ triggers: [prom] }, "s".repeat(55));
    expect(k8s(long)).toEqual(["keda.names"]); // keda-hpa-<55> = 64 characters
    expect(k8s(so({ triggers: [prom], advanced: { horizontalPodAutoscalerConfig: { name: "adopted" } } }, "s".repeat(63)))).toEqual([]);
    const sm: KubernetesDoc = { manifest: { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "web", labels: { release: "x".repeat(64) } }, spec: { selector: { matchLabels: { app: "a.b-" } } } } };
    expect(violations(KUBERNETES_RULES, sm)).toHaveLength(2);
    expect(k8s({ manifest: { apiVersion: "v1", kind: "X", metadata: { name: "Web" } } })).toEqual(["k8s.object-name"]);
  });

  it("KEDA webhook: min 0 with only cpu/memory triggers (verifyCPUMemoryScalers)", () => {
    expect(k8s(so({ minReplicaCount: 0, triggers: [cpu] }))).toEqual(["keda.min-zero-resource-only"]);
    expect(k8s(so({ minReplicaCount: 0, triggers: [cpu, prom] }))).toEqual([]);
  });

  it("KEDA fallback (CheckFallbackValid) by version", () => {
    const fallback = { failureThreshold: 3, replicas: 2 };
    expect(k8s(so({ fallback, triggers: [cpu] }))).toEqual(["keda.fallback"]);
    expect(k8s(so({ fallback, triggers: [cpu, prom] }))).toEqual([]);
    const old = (d: KubernetesDoc) => ({ ...d, cluster: { kedaVersion: "2.16" } });
    expect(k8s(old(so({ fallback, triggers: [prom] })))).toEqual(["keda.fallback"]); // metricType not written
    expect(k8s(old(so({ fallback, triggers: [{ ...prom, metricType: "AverageValue" }] })))).toEqual([]);
  });

  it("KEDA trigger metadata", () => {
    expect(k8s(so({ triggers: [{ ...prom, metadata: { ...prom.metadata, threshold: "5 rps" } }] }))).toEqual(["keda.trigger-metadata"]);
    expect(k8s(so({ triggers: [{ ...cpu, metadata: { value: "1e+21" } }] }))).toEqual(["keda.trigger-metadata"]);
    expect(k8s(so({ triggers: [{ type: "memory", metricType: "AverageValue", metadata: { value: "512Mi" } }] }))).toEqual([]);
    expect(k8s(so({ triggers: [{ type: "cron", metadata: { timezone: "UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: "2.5" } }] }))).toEqual(["keda.trigger-metadata"]);
    expect(k8s(so({ pollingInterval: 2147483648, triggers: [prom] }))).toEqual(["keda.replica-bounds"]);
  });

  it("VPA container names", () => {
    const vpa = (containerName: string): KubernetesDoc => ({
      manifest: { apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler", metadata: { name: "v" }, spec: { resourcePolicy: { containerPolicies: [{ containerName }] } } },
    });
    expect(k8s(vpa("*"))).toEqual([]);
    expect(k8s(vpa("c".repeat(64)))).toEqual(["vpa.container-name"]);
  });
});

describe("ECS rules", () => {
  const base = { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c/s" };
  const policy = (name: string, c: Record<string, unknown>) => ({ type: "aws:appautoscaling/policy:Policy", name, args: { name, policyType: "TargetTrackingScaling", ...base, targetTrackingScalingPolicyConfiguration: c } });
  const action = (name: string, schedule: string) => ({ type: "aws:appautoscaling/scheduledAction:ScheduledAction", name, args: { name, ...base, schedule, timezone: "UTC", scalableTargetAction: { minCapacity: 2 } } });
  const ecs = (d: any) => ids(violations(ECS_RULES, d));

  it("accept what the ECS target emits", () => {
    expect(ecs({ type: "aws:appautoscaling/target:Target", name: "t", args: { ...base, minCapacity: 1, maxCapacity: 5 } })).toEqual([]);
    expect(ecs(policy("api-cpu-scaling", { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } }))).toEqual([]);
    expect(ecs(action("api-schedule-start", "cron(0 8 ? * 2-6 *)"))).toEqual([]);
  });

  it("refuse what the API refuses", () => {
    expect(ecs({ type: "aws:appautoscaling/target:Target", name: "t", args: { ...base, minCapacity: 6, maxCapacity: 5 } })).toEqual(["ecs.capacity"]);
    expect(ecs(policy("p".repeat(257), { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } }))).toEqual(["ecs.policy"]);
    expect(ecs(policy("p", { targetValue: 150, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } }))).toEqual(["ecs.policy"]);
    expect(ecs(policy("p", { targetValue: 5, scaleInCooldown: 2147483648, customizedMetricSpecification: { metricName: "m", namespace: "n" } }))).toEqual(["ecs.policy"]);
    expect(ecs(action("a/b", "cron(0 8 ? * 2-6 *)"))).toEqual(["ecs.scheduled-action"]);
    const capacities = (scalableTargetAction: Record<string, number>) => ({ type: "aws:appautoscaling/scheduledAction:ScheduledAction", name: "a", args: { name: "a", ...base, schedule: "rate(1 day)", scalableTargetAction } });
    expect(ecs(capacities({ minCapacity: 5, maxCapacity: 3 }))).toEqual(["ecs.scheduled-action"]);
    expect(ecs(capacities({}))).toEqual(["ecs.scheduled-action"]);
    expect(ecs(capacities({ minCapacity: 0, maxCapacity: 0 }))).toEqual([]);
  });

  it.each([
    ["cron(0 8 ? * 2-6 *)", 0],
    ["cron(*/15 * * * ? *)", 0],
    ["cron(0 8 * * 2-6 *)", 1], // both day fields set
    ["cron(0 8 ? * ? *)", 1], // both '?'
    ["cron(0 8 ? * 0 *)", 1], // AWS day-of-week is 1-7
    ["cron(0 24 ? * 1 *)", 1],
    ["0 8 * * 1-5", 1],
    ["at(2019-05-20T00:00:00)", 0],
    ["at(2019-02-29T00:00:00)", 1],
    ["rate(1 day)", 0],
    ["rate(1 days)", 1],
  ])("AWS schedule %s: %i violation(s)", (expr, n) => {
    expect(awsScheduleViolations(expr)).toHaveLength(n);
  });
});

describe("Container Apps rules", () => {
  const scale = (s: Record<string, unknown>) => ({ scale: { minReplicas: 1, maxReplicas: 10, rules: [{ name: "http-scaling", http: { metadata: { concurrentRequests: "100" } } }], ...s } });
  const aca = (d: any) => ids(violations(CONTAINER_APPS_RULES, d));

  it("accept what the Container Apps target emits", () => {
    expect(aca(scale({}))).toEqual([]);
  });

  it("refuse what the platform refuses or never acts on", () => {
    expect(aca(scale({ maxReplicas: 1001 }))).toEqual(["aca.replicas"]);
    expect(aca({ ...scale({ maxReplicas: 301 }), maxReplicasLimit: 300 })).toEqual(["aca.replicas"]);
    expect(aca(scale({ rules: [{ name: "Http", http: { metadata: { concurrentRequests: "10" } } }] }))).toEqual(["aca.rule-names"]);
    expect(aca(scale({ rules: [{ name: "a", http: { metadata: { concurrentRequests: "1e+21" } } }] }))).toEqual(["aca.http-concurrency"]);
    expect(aca(scale({ rules: [{ name: "a", http: { metadata: {} }, custom: { type: "cpu", metadata: {} } }] }))).toEqual(["aca.rule-kind"]);
    expect(aca(scale({ minReplicas: 0, rules: [{ name: "cpu", custom: { type: "cpu", metadata: { type: "Utilization", value: "60" } } }] }))).toEqual(["aca.resource-rules"]);
    expect(aca(scale({ rules: [{ name: "cpu", custom: { type: "cpu", metadata: { type: "Utilization", value: "150" } } }] }))).toEqual(["aca.resource-rules"]);
  });
});

describe("Cloud Run rules", () => {
  const svc = (over: { cpu?: string; memory?: string; concurrency?: number; cpuIdle?: boolean; gen1?: boolean; name?: string; max?: number } = {}) => ({
    args: {
      name: over.name ?? "api",
      scaling: { minInstanceCount: 1, maxInstanceCount: over.max ?? 10, scalingMode: "AUTOMATIC" },
      template: {
        scaling: { minInstanceCount: 1, maxInstanceCount: over.max ?? 10 },
        maxInstanceRequestConcurrency: over.concurrency ?? 80,
        ...(over.gen1 ? { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1" } : {}),
        containers: [{ name: "api", resources: { limits: { cpu: over.cpu ?? "1", memory: over.memory ?? "512Mi" }, cpuIdle: over.cpuIdle ?? true, startupCpuBoost: false } }],
      },
    },
  });
  const cr = (d: any) => ids(violations(CLOUD_RUN_RULES, d));

  it("accept what the Cloud Run target emits", () => {
    expect(cr(svc())).toEqual([]);
    expect(cr(svc({ cpu: "500m", concurrency: 1, gen1: true }))).toEqual([]);
  });

  it("refuse what Cloud Run refuses", () => {
    expect(cr(svc({ name: "9lives" }))).toEqual(["cloudrun.service-name"]);
    expect(cr(svc({ max: 101 }))).toEqual(["cloudrun.instances"]);
    expect(cr(svc({ concurrency: 1001 }))).toEqual(["cloudrun.concurrency"]);
    expect(cr(svc({ cpu: "500m", concurrency: 80, gen1: true }))).toEqual(["cloudrun.concurrency"]);
    expect(cr(svc({ cpu: "500m", concurrency: 1, cpuIdle: false, gen1: true }))).toEqual(["cloudrun.cpu-memory"]);
    expect(cr(svc({ cpu: "4", memory: "1Gi" }))).toEqual(["cloudrun.cpu-memory"]);
    expect(cr(svc({ cpu: "3" }))).toEqual(["cloudrun.cpu-memory"]);
  });
});

it("negativeZeroPaths finds -0 anywhere and nothing else", () => {
  expect(negativeZeroPaths({ a: [0, { b: -0 }], c: "-0" })).toEqual(["/a/1/b is -0"]);
});
