import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, planJson, type Planned } from "../helpers/plan";

/** Run an example program offline under Pulumi mocks, in a fresh process. */
function plan(dir: string, env: Record<string, string> = {}): Planned[] {
  const r = planJson(["--dir", join(ROOT, "examples", dir)], env);
  expect(r.status, r.stderr).toBe(0);
  return r.resources;
}

const types = (rs: Planned[]) => rs.filter((r) => !r.type.startsWith("polyscale:")).map((r) => r.type).sort();
const one = (rs: Planned[], type: string, name: string) => {
  const found = rs.filter((r) => r.type === type && r.inputs.metadata?.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!.inputs;
};

describe("example programs (run under Pulumi mocks)", () => {
  it("lightning-asr: ASR on an HPA (active requests, CPU, memory) with ServiceMonitor and alert; API server on KEDA", () => {
    const rs = plan("lightning-asr");
    expect(types(rs)).toEqual([
      "kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:Deployment",
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      "kubernetes:core/v1:Service", "kubernetes:core/v1:Service",
      "kubernetes:keda.sh/v1alpha1:ScaledObject",
      "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
      "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    ]);
    expect(one(rs, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "lightning-asr").spec.metrics).toHaveLength(3);
    // The ServiceMonitor scrapes the Service port the Deployment exposes as `metrics`.
    const svc = one(rs, "kubernetes:core/v1:Service", "lightning-asr");
    expect(svc.spec.ports.map((p: any) => p.name)).toContain(one(rs, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "lightning-asr").spec.endpoints[0].port);
    expect(one(rs, "kubernetes:apps/v1:Deployment", "lightning-asr").spec.replicas).toBeUndefined();
  });

  it("rider-api: HPA on requests per second; surge-pricing: 2 fixed replicas and a memory VPA, no HPA", () => {
    const rs = plan("rider-api");
    expect(one(rs, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "rider-api-hpa").spec.metrics[0].pods.metric.name).toBe("http_server_requests_per_second");
    expect(one(rs, "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", "surge-pricing-vpa").spec.resourcePolicy.containerPolicies[0].controlledResources).toEqual(["memory"]);
    expect(one(rs, "kubernetes:apps/v1:Deployment", "surge-pricing-calc").spec.replicas).toBe(2);
    expect(rs.filter((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")).toHaveLength(1);
  });

  it("metrics-app: HPA on http_requests_per_second and the seed's ServiceMonitor", () => {
    const rs = plan("metrics-app");
    expect(one(rs, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "metrics-app-hpa").spec.metrics[0].pods.target.averageValue).toBe("5");
    one(rs, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "metrics-app-monitor");
  });

  it("paasta: cpu setpoint on an HPA, uwsgi on KEDA with a fallback, bespoke with no autoscaler and no replica count", () => {
    const rs = plan("paasta");
    expect(one(rs, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "example-service-hpa").spec.metrics[0].resource.target.averageUtilization).toBe(50);
    expect(one(rs, "kubernetes:keda.sh/v1alpha1:ScaledObject", "uwsgi-service-scaler").spec.fallback).toBeDefined();
    const bespoke = one(rs, "kubernetes:apps/v1:Deployment", "bespoke-service");
    expect(bespoke.spec.replicas).toBeUndefined();
    expect(rs.filter((r) => JSON.stringify(r.inputs).includes('"name":"bespoke-service"') && /Autoscaler|ScaledObject/.test(r.type))).toHaveLength(0);
  });

  it("consumer: another team's program importing polyscale by package name", () => {
    const rs = plan("consumer", { TSX_TSCONFIG_PATH: join(ROOT, "examples", "consumer", "tsconfig.repo.json") });
    expect(one(rs, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "checkout-hpa").spec.metrics.map((m: any) => m.type)).toEqual(["Resource", "Pods"]);
    expect(one(rs, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "api-hpa").spec.maxReplicas).toBe(10);
    expect(one(rs, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "checkout-autoscaling").spec.groups[0].rules[0].for).toBe("10m");
  });

  it("consumer: type-checks against the library's published types", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", join(ROOT, "examples", "consumer", "tsconfig.repo.json")], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
