import { describe, expect, it } from "vitest";
import { PolicyError, formatPath, parsePolicy, type PolicyIssue } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";

const base = (scaling: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  service: "api",
  scaling: { replicas: { min: 1, max: 10 }, metrics: [{ inFlight: { perReplica: 48 } }], ...scaling },
  ...extra,
});

/** The issues of a policy that fails validation (zod) or compilation for cloud-run. */
function issuesOf(input: unknown): PolicyIssue[] {
  try {
    loadTarget("cloud-run").render(parsePolicy(input));
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw e;
  }
  throw new Error("expected a PolicyError, but the policy compiled");
}
const only = (input: unknown) => {
  const issues = issuesOf(input);
  expect(issues, JSON.stringify(issues)).toHaveLength(1);
  return { path: formatPath(issues[0]!.path), message: issues[0]!.message };
};

describe("cloud-run: API limits enforced when the policy is validated", () => {
  it.each([
    ["concurrency 0", { concurrency: 0 }, "scaling.cloudRun.concurrency", "must be at least 1 (Cloud Run maxInstanceRequestConcurrency is 1..1000), got 0"],
    ["concurrency 1001", { concurrency: 1001 }, "scaling.cloudRun.concurrency", "must be at most 1000 (Cloud Run maxInstanceRequestConcurrency is 1..1000), got 1001"],
    ["concurrency 2.5", { concurrency: 2.5 }, "scaling.cloudRun.concurrency", "must be a whole number of requests (1..1000), got 2.5"],
    ["cpu 0.05", { cpu: 0.05 }, "scaling.cloudRun.cpu", "must be between 0.08 and 8 vCPU (Cloud Run limit), got 0.05"],
    ["cpu 16", { cpu: 16, memory: "8Gi" }, "scaling.cloudRun.cpu", "must be between 0.08 and 8 vCPU (Cloud Run limit), got 16"],
    ["cpu 3", { cpu: 3 }, "scaling.cloudRun.cpu", "must be below 1 vCPU or one of 1, 2, 4, 6, 8 (values above 1 must be whole and Cloud Run offers only these), got 3"],
    ["cpu \"1500m\"", { cpu: "1500m" }, "scaling.cloudRun.cpu", "must be below 1 vCPU or one of 1, 2, 4, 6, 8 (values above 1 must be whole and Cloud Run offers only these), got \"1500m\""],
    ["cpu \"two\"", { cpu: "two" }, "scaling.cloudRun.cpu", "must be a number of vCPU (0.08..8) or a quantity like \"500m\", got \"two\""],
    ["cpu < 1 with concurrency 10", { cpu: 0.5, concurrency: 10 }, "scaling.cloudRun.concurrency", "must be 1 when cpu is below 1 vCPU (cpu 0.5), got 10"],
    ["cpu < 1 without throttling", { cpu: 0.5, concurrency: 1, cpuThrottling: false }, "scaling.cloudRun.cpuThrottling", "must be true (request-based billing) when cpu is below 1 vCPU (cpu 0.5), got false"],
    ["8Gi on the default 1 vCPU", { memory: "8Gi" }, "scaling.cloudRun.memory", "\"8Gi\" is outside the Cloud Run memory range for 1 vCPU (the default) (1 vCPU: at most 4Gi, at least 128Mi)"],
    ["1Gi on 4 vCPU", { cpu: 4, memory: "1Gi" }, "scaling.cloudRun.memory", "\"1Gi\" is outside the Cloud Run memory range for 4 vCPU (4 vCPU: 2Gi to 16Gi, at least 128Mi)"],
    ["2Gi on 0.5 vCPU", { cpu: 0.5, concurrency: 1, memory: "2Gi" }, "scaling.cloudRun.memory", "\"2Gi\" is outside the Cloud Run memory range for 0.5 vCPU (below 1 vCPU: at most 1Gi, at least 128Mi)"],
    ["64Mi", { memory: "64Mi" }, "scaling.cloudRun.memory", "\"64Mi\" is outside the Cloud Run memory range for 1 vCPU (the default) (1 vCPU: at most 4Gi, at least 128Mi)"],
    ["memory \"lots\"", { memory: "lots" }, "scaling.cloudRun.memory", "must be a memory quantity in whole bytes like \"512Mi\" or \"2Gi\", got \"lots\""],
    ["8 vCPU without memory", { cpu: 8 }, "scaling.cloudRun.memory", "is required with cpu 8: the default 512Mi is below the Cloud Run minimum (8 vCPU: 4Gi to 32Gi)"],
    ["misspelt knob", { concurency: 80 }, "scaling.cloudRun", "unknown field \"concurency\" (did you mean \"concurrency\"?)"],
    ["bad assumedLatency", { assumedLatency: "fast" }, "scaling.cloudRun.assumedLatency", "must be a latency above 0 like \"250ms\" or \"1.5s\" (or seconds as a number), got \"fast\""],
  ])("%s", (_name, cloudRun, path, message) => {
    expect(only(base({ cloudRun }))).toEqual({ path, message });
  });
});

describe("cloud-run: metrics Cloud Run cannot act on name the metric, the platform and the alternative", () => {
  it.each([
    ["queue", { queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)" } } } }, "GKE with KEDA"],
    ["replicasRequired", { replicasRequired: { buffer: 0.3, from: { prometheus: { query: "sum(workers_required)" } } } }, "GKE with KEDA"],
    ["prometheus", { prometheus: { query: "sum(rate(http_requests_total[2m]))", target: 100 } }, "(prometheus trigger)"],
    ["memory", { memory: { utilization: 80 } }, "size instances with scaling.cloudRun.memory and scale on inFlight, or GKE with the HPA memory metric"],
    ["schedule", { schedule: { timezone: "UTC", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 4 } }, "a Cloud Scheduler job that raises replicas.min"],
    ["workloadRatio", { workloadRatio: { podSelector: "app=asr", podsPerReplica: 2 } }, "kubernetes-workload trigger"],
    ["pods", { pods: { name: "asr_active_requests", averageValue: 5 } }, "GKE with the HPA (Pods metric"],
    ["external", { external: { name: "queue_depth", averageValue: 5 } }, "GKE with the HPA (External metric)"],
    ["object", { object: { name: "rps", describedObject: { apiVersion: "v1", kind: "Service", name: "x" }, value: 10 } }, "GKE with the HPA (Object metric)"],
  ])("%s", (kind, metric, alternative) => {
    const issue = issuesOf(base({ metrics: [{ inFlight: { perReplica: 48 } }, metric] }));
    expect(issue).toHaveLength(1);
    expect(issue[0]!.path).toEqual(["scaling", "metrics", 1, kind]);
    expect(issue[0]!.code).toBe("unsupported_metric");
    expect(issue[0]!.message).toMatch(new RegExp(`^metric \`${kind}\` is not supported on cloud-run; nearest alternative: `));
    expect(issue[0]!.message).toContain(alternative);
  });

  it("requestRate without an assumed latency is refused, pointing at inFlight and assumedLatency", () => {
    expect(only(base({ metrics: [{ requestRate: { perReplica: 100, from: { prometheus: { series: "http_requests_total" } } } }] }))).toEqual({
      path: "scaling.metrics[0].requestRate",
      message: "metric `requestRate` (100 requests/s per replica) is not supported on cloud-run; nearest alternative: an inFlight metric (Cloud Run scales on concurrency), or set scaling.cloudRun.assumedLatency to convert the rate through Little's law",
    });
  });
});

describe("cloud-run: knobs and combinations the platform cannot honour", () => {
  it("replicas.max above the default max-instances limit (100)", () => {
    expect(only(base({ replicas: { min: 1, max: 150 } }))).toEqual({
      path: "scaling.replicas.max",
      message: "must be <= 100 (Cloud Run's max-instances limit, default), got 150; raise scaling.cloudRun.maxInstanceLimit after a quota increase",
    });
  });

  it("an inFlight target needing concurrency above 1000", () => {
    expect(only(base({ metrics: [{ inFlight: { perReplica: 700 } }] }))).toEqual({
      path: "scaling.metrics[0].inFlight.perReplica",
      message: "700 in flight per instance needs maxInstanceRequestConcurrency 1167 (target / 0.6), above Cloud Run's limit 1000; allowed: a target of at most 600",
    });
  });

  it("below 1 vCPU, an inFlight target that needs concurrency > 1", () => {
    expect(only(base({ cloudRun: { cpu: 0.5 } }))).toEqual({
      path: "scaling.metrics[0].inFlight.perReplica",
      message: "gives maxInstanceRequestConcurrency 80, but Cloud Run allows only 1 when cpu is below 1 vCPU (scaling.cloudRun.cpu 0.5); allowed: cpu of at least 1, or scaling.cloudRun.concurrency: 1",
    });
  });

  it("scale-down rules (Cloud Run paces scaling itself)", () => {
    const r = only(base({ scaleDown: { stabilization: "300s" } }));
    expect(r.path).toBe("scaling.scaleDown");
    expect(r.message).toMatch(/^is not supported on cloud-run .*ignoreScaleRules: true/);
  });

  it("mode external", () => {
    expect(only(base({ mode: "external", metrics: [] }))).toEqual({
      path: "scaling.mode",
      message: "mode external is not supported on cloud-run (Cloud Run always runs its own autoscaler); allowed: autoscale, fixed",
    });
  });

  it("vertical scaling", () => {
    const r = only(base({}, { vertical: { updateMode: "Off", containers: [{ name: "api" }] } }));
    expect(r.path).toBe("vertical");
    expect(r.message).toContain("vertical scaling is not supported on cloud-run; nearest alternative: set scaling.cloudRun.cpu and scaling.cloudRun.memory");
  });

  it("cpu as an absolute averageValue", () => {
    expect(only(base({ metrics: [{ cpu: { averageValue: "500m" } }] }))).toEqual({
      path: "scaling.metrics[0].cpu.averageValue",
      message: "cpu averageValue (500m) is not supported on cloud-run: Cloud Run's CPU rule is a utilisation of the instance's CPU limit, fixed at 60 %; nearest alternative: cpu.utilization",
    });
  });

  it("cpu on a container that is not the Cloud Run container", () => {
    expect(only(base({ metrics: [{ cpu: { utilization: 60, container: "sidecar" } }] }))).toEqual({
      path: "scaling.metrics[0].cpu.container",
      message: "must name the Cloud Run container (\"api\", from scaling.cloudRun.containerName or the service name), got \"sidecar\"",
    });
  });

  it("two concurrency metrics", () => {
    const metrics = [{ inFlight: { perReplica: 48 } }, { requestRate: { perReplica: 100, from: { cloudWatch: { namespace: "N", metricName: "R" } } } }];
    expect(only(base({ metrics, cloudRun: { assumedLatency: "100ms" } }))).toEqual({
      path: "scaling.metrics[1].requestRate",
      message: "is a second concurrency metric (after scaling.metrics[0].inFlight); Cloud Run has one concurrency setting per service (maxInstanceRequestConcurrency); keep one",
    });
  });

  it("missingMetrics", () => {
    const r = only(base({ missingMetrics: "scaleUp" }));
    expect(r.path).toBe("scaling.missingMetrics");
    expect(r.message).toContain("is not supported on cloud-run (Cloud Run measures CPU and concurrency itself; it has no missing-metrics policy), got \"scaleUp\"");
  });

  it("a vertical-only policy", () => {
    expect(only({ service: "api", vertical: { updateMode: "Off", containers: [{ name: "api" }] } }).path).toBe("scaling");
  });

  it("collects every problem in one error, with a heading naming service and platform", () => {
    let err: unknown;
    try {
      loadTarget("cloud-run").render(parsePolicy(base({ replicas: { min: 1, max: 500 }, metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(q)" } } } }, { memory: { utilization: 70 } }] })));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    const e = err as PolicyError;
    expect(e.issues.map((i) => formatPath(i.path))).toEqual(["scaling.replicas.max", "scaling.metrics[0].queue", "scaling.metrics[1].memory"]);
    expect(e.message.split("\n")[0]).toBe("Policy for \"api\" cannot be compiled for cloud-run:");
  });
});
