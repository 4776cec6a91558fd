import { describe, expect, it } from "vitest";
import { PolicyError, lintPolicy, loadTarget, parsePolicy, tryCompile, type PolicyIssue } from "../../src";
import { policyErrorOf } from "../helpers/policy-error";

const cpuPolicy = { service: "shop", namespace: "prod", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }] } };
// A raw Prometheus query: ECS reads CloudWatch only, so it refuses the metric (src/targets/ecs/compile.ts).
const promqlPolicy = { service: "shop", namespace: "prod", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ prometheus: { query: "sum(rate(http_requests_total[2m]))", target: 100, serverAddress: "http://prometheus.monitoring:9090" } }], ecs: { cluster: "apps" } } };

describe("tryCompile", () => {
  it("returns the rendered documents of a policy the platform can express", () => {
    const outcome = tryCompile(cpuPolicy, "kubernetes");
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.documents.map((d) => d.kind)).toContain("HorizontalPodAutoscaler");
  });

  it("returns a platform's refusal as the issues render would throw, without throwing", () => {
    const policy = parsePolicy(promqlPolicy);
    const outcome = tryCompile(policy, "ecs");
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.stage).toBe("compile");
    expect(outcome.issues.map((i) => i.code)).toEqual(["unsupported_metric"]);
    expect(outcome.issues[0]!.path).toEqual(["scaling", "metrics", 0, "prometheus"]);
    expect(outcome.issues).toEqual(policyErrorOf(() => loadTarget("ecs").render(policy)).issues);
    expect(outcome.error.message).toMatch(/^Policy for "shop" cannot be compiled for ecs:\n - scaling\.metrics\[0\]\.prometheus: metric `prometheus`/);
  });

  it("returns an invalid policy's load issues, naming the field", () => {
    const outcome = tryCompile({ ...cpuPolicy, scaling: { ...cpuPolicy.scaling, replicas: { min: 5, max: "ten" } } }, "kubernetes");
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.stage).toBe("load");
    expect(outcome.issues.map((i: PolicyIssue) => i.path.join("."))).toEqual(["scaling.replicas.max"]);
  });
});

describe("lintPolicy", () => {
  it("parses once and gives one outcome per platform, in the order asked", () => {
    const lint = lintPolicy(promqlPolicy, ["kubernetes", "ecs"]);
    expect(lint.issues).toEqual([]);
    expect(lint.results.map((r) => [r.platform, r.ok])).toEqual([["kubernetes", true], ["ecs", false]]);
    expect(lint.ok).toBe(false);
  });

  it("checks all four platforms by default", () => {
    const lint = lintPolicy(cpuPolicy);
    expect(lint.results.map((r) => r.platform)).toEqual(["kubernetes", "ecs", "container-apps", "cloud-run"]);
  });

  it("reports load issues once, with no platform results", () => {
    const lint = lintPolicy({ service: "shop", scaling: { replicas: { min: 1, max: 2 }, metrics: [{ cpu: { utilization: "high" } }] } });
    expect(lint.ok).toBe(false);
    expect(lint.results).toEqual([]);
    expect(lint.issues.map((i) => i.path.join("."))).toEqual(["scaling.metrics.0.cpu.utilization"]);
  });
});
