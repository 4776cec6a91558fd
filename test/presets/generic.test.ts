import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy } from "../../src/policy";
import { concurrencyService, cpuService, fixedReplicas, queueWorker, requestRateService } from "../../src/presets";
import { compileKubernetes } from "../../src/targets/kubernetes";
import { loadTarget, type PlatformName } from "../../src/targets";

const render = (platform: PlatformName, input: unknown) => loadTarget(platform).render(parsePolicy(input)).documents as any[];
const ofKind = (docs: any[], kind: string) => docs.filter((d) => d.kind === kind);
const ALB_LABEL = "app/my-lb/50dc6c495c0c9188/targetgroup/my-tg/943f017f100becff";

describe("generic presets", () => {
  it("cpuService: an HPA Resource metric at the given utilisation; 50 % by default (the HPA walkthrough's --cpu-percent=50)", () => {
    const [hpa] = ofKind(render("kubernetes", cpuService({ service: "api", replicas: { min: 2, max: 10 } })), "HorizontalPodAutoscaler");
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 10]);
    expect(hpa.spec.metrics).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }]);
    const [policy] = render("ecs", cpuService({ service: "api", replicas: { min: 2, max: 10 }, cpuUtilization: 60, ecs: { cluster: "c1" } })).filter((d) => d.type === "aws:appautoscaling/policy:Policy");
    expect(policy.args.targetTrackingScalingPolicyConfiguration).toMatchObject({ targetValue: 60, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } });
  });

  it("requestRateService: the rate per replica from each platform's source (Prometheus series on Kubernetes, ALB on ECS)", () => {
    const input = requestRateService({
      service: "api",
      replicas: { min: 3, max: 30 },
      requestsPerSecond: 200,
      from: { prometheus: { series: "http_requests_total" }, alb: { resourceLabel: ALB_LABEL } },
      ecs: { cluster: "c1" },
    });
    const out = compileKubernetes(parsePolicy(input));
    const [hpa] = out.manifests.filter((m) => m.kind === "HorizontalPodAutoscaler") as any[];
    expect(hpa.spec.metrics[0]).toMatchObject({ type: "Pods", pods: { target: { type: "AverageValue", averageValue: "200" } } });
    expect(out.adapterRules.map((r) => r.seriesQuery)).toEqual([expect.stringContaining("http_requests_total")]);
    const [policy] = render("ecs", input).filter((d) => d.type === "aws:appautoscaling/policy:Policy");
    // ALBRequestCountPerTarget counts per minute: 200 rps per target is 12000.
    expect(policy.args.targetTrackingScalingPolicyConfiguration).toMatchObject({
      targetValue: 12000,
      predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: ALB_LABEL },
    });
  });

  it("concurrencyService: Cloud Run and Container Apps measure in-flight requests themselves", () => {
    const input = concurrencyService({ service: "api", replicas: { min: 1, max: 10 }, inFlight: 48 });
    const [service] = render("cloud-run", input);
    // Cloud Run aims at 60 % of maxInstanceRequestConcurrency: 48 in flight is a concurrency of 80.
    expect(service.args.template.maxInstanceRequestConcurrency).toBe(80);
    const [app] = render("container-apps", input);
    expect(app.args.template.scale.rules).toEqual([expect.objectContaining({ http: { metadata: { concurrentRequests: "48" } } })]);
  });

  it("queueWorker: jobs per replica; with min 0 a KEDA ScaledObject that sleeps at zero", () => {
    const input = queueWorker({
      service: "worker",
      replicas: { min: 0, max: 20 },
      jobsPerReplica: 5,
      activation: 1,
      from: { prometheus: { query: "sum(jobs_waiting) + sum(jobs_active)", serverAddress: "http://prometheus.monitoring:9090" } },
    });
    const docs = render("kubernetes", input);
    expect(ofKind(docs, "HorizontalPodAutoscaler")).toEqual([]);
    const [so] = ofKind(docs, "ScaledObject");
    expect([so.spec.minReplicaCount, so.spec.maxReplicaCount]).toEqual([0, 20]);
    expect(so.spec.triggers).toHaveLength(1);
    expect(so.spec.triggers[0].type).toBe("prometheus");
  });

  it("fixedReplicas: an HA pair by default, no autoscaler; any count when given", () => {
    expect(parsePolicy(fixedReplicas({ service: "orchestrator" })).scaling).toMatchObject({ mode: "fixed", replicas: { min: 2, max: 2 }, metrics: [] });
    expect(render("kubernetes", fixedReplicas({ service: "orchestrator" }))).toEqual([]);
    const [target] = render("ecs", fixedReplicas({ service: "orchestrator", replicas: 3, ecs: { cluster: "c1" } }));
    expect([target.args.minCapacity, target.args.maxCapacity]).toEqual([3, 3]);
  });

  it("platform knobs, pace and monitoring go where the policy has them; nothing is left undefined", () => {
    const input = cpuService({
      service: "api",
      namespace: "shop",
      replicas: { min: 2, max: 10 },
      scaleDown: { stabilization: "10m" },
      kubernetes: { engine: "keda" },
      monitoring: { port: "http" },
    });
    expect(input).toEqual({
      service: "api",
      namespace: "shop",
      scaling: { metrics: [{ cpu: { utilization: 50 } }], replicas: { min: 2, max: 10 }, scaleDown: { stabilization: "10m" }, kubernetes: { engine: "keda" } },
      monitoring: { port: "http" },
    });
  });

  it("a bad number is a PolicyError at its policy path when the preset is used", () => {
    const e = (() => {
      try {
        parsePolicy(cpuService({ service: "api", replicas: { min: 5, max: 2 }, cpuUtilization: 0 }));
      } catch (err) {
        return err as PolicyError;
      }
      throw new Error("no error");
    })();
    expect(e).toBeInstanceOf(PolicyError);
    expect(e.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["scaling.replicas.max", "scaling.metrics.0.cpu.utilization"]));
  });
});
