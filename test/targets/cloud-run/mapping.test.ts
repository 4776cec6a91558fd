import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { METRIC_KIND_NAMES, formatPath, parsePolicy } from "../../../src/policy";
import { loadTarget } from "../../../src/targets";
import { capabilities, compileCloudRun, type CloudRunServiceSpec } from "../../../src/targets/cloud-run";

const compile = (scaling: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  compileCloudRun(parsePolicy({ service: "api", scaling: { replicas: { min: 1, max: 10 }, ...scaling }, ...extra }));
const warningsOf = (r: { warnings: { severity: string; code: string; path: (string | number)[] }[] }) =>
  r.warnings.map((w) => [w.severity, w.code, formatPath(w.path)]);

describe("cloud-run: inFlight.perReplica -> maxInstanceRequestConcurrency (Cloud Run aims at 60 % of it)", () => {
  it("48 in flight is concurrency 80 exactly (0.6 x 80 = 48): no warning", () => {
    const r = compile({ metrics: [{ inFlight: { perReplica: 48 } }] });
    expect(r.args.template.maxInstanceRequestConcurrency).toBe(80);
    expect(r.warnings).toEqual([]);
  });

  it("50 in flight rounds up to 84 (50 / 0.6 = 83.3) and warns that Cloud Run aims at about 50.4", () => {
    const r = compile({ metrics: [{ inFlight: { perReplica: 50 } }] });
    expect(r.args.template.maxInstanceRequestConcurrency).toBe(84);
    expect(warningsOf(r)).toEqual([["warning", "approximate_concurrency", "scaling.metrics[0].inFlight.perReplica"]]);
    expect(r.warnings[0]!.message).toContain("about 50.4 requests in flight");
    expect(r.warnings[0]!.message).toContain("https://cloud.google.com/run/docs/about-concurrency");
  });

  it("scaling.cloudRun.concurrency wins over a different inFlight target, with a warning naming both", () => {
    // The Membrane seed: Container Apps holds 100 concurrent requests, Cloud Run runs concurrency 80.
    const r = compile({ metrics: [{ inFlight: { perReplica: 100 } }], cloudRun: { concurrency: 80 } });
    expect(r.args.template.maxInstanceRequestConcurrency).toBe(80);
    expect(warningsOf(r)).toEqual([["warning", "concurrency_override", "scaling.cloudRun.concurrency"]]);
    expect(r.warnings[0]!.message).toBe(
      "80 wins over scaling.metrics[0].inFlight: Cloud Run aims at about 48 requests in flight per instance (60 % of 80, https://cloud.google.com/run/docs/about-concurrency), not 100",
    );
  });

  it("requestRate x assumed latency (Little's law): 100/s x 250ms = 25 in flight -> concurrency 42, always a warning", () => {
    const r = compile({ metrics: [{ requestRate: { perReplica: 100, from: { prometheus: { series: "http_requests_total" } } } }], cloudRun: { assumedLatency: "250ms" } });
    expect(r.args.template.maxInstanceRequestConcurrency).toBe(42);
    expect(warningsOf(r)).toEqual([
      ["warning", "approximate_request_rate", "scaling.metrics[0].requestRate.perReplica"],
      ["warning", "approximate_concurrency", "scaling.metrics[0].requestRate.perReplica"],
    ]);
  });

  it("no concurrency source: Cloud Run's default (80 at >= 1 vCPU, 1 below) is emitted explicitly, with an info note", () => {
    const r = compile({ metrics: [{ cpu: { utilization: 60 } }] });
    expect(r.args.template.maxInstanceRequestConcurrency).toBe(80);
    expect(warningsOf(r)).toEqual([["info", "default_concurrency", "scaling.cloudRun.concurrency"]]);
    const small = compile({ metrics: [{ cpu: { utilization: 60 } }], cloudRun: { cpu: 0.25 } });
    expect(small.args.template.maxInstanceRequestConcurrency).toBe(1);
    expect(small.args.template.containers[0].resources.limits.cpu).toBe("250m");
    expect(small.args.template.executionEnvironment).toBe("EXECUTION_ENVIRONMENT_GEN1");
  });
});

describe("cloud-run: cpu metric (Cloud Run's CPU target is fixed at 60 %)", () => {
  it("60 % is exactly Cloud Run's rule: no warning about it", () => {
    const r = compile({ metrics: [{ inFlight: { perReplica: 48 } }, { cpu: { utilization: 60 } }] });
    expect(r.warnings).toEqual([]);
  });

  it("50 % (the Membrane API table) is accepted with a warning: Cloud Run holds 60 %", () => {
    const r = compile({ metrics: [{ inFlight: { perReplica: 48 } }, { cpu: { utilization: 50 } }] });
    expect(warningsOf(r)).toEqual([["warning", "approximate_cpu_target", "scaling.metrics[1].cpu.utilization"]]);
    expect(r.warnings[0]!.message).toMatch(/^Cloud Run holds CPU at its fixed 60 % target, not 50 %/);
    expect(r.warnings[0]!.message).toContain("https://cloud.google.com/run/docs/about-instance-autoscaling");
  });
});

describe("cloud-run: resources and bounds", () => {
  it("cpuThrottling false is cpuIdle false (gcloud --no-cpu-throttling); unset is Cloud Run's default true, written out", () => {
    expect(compile({ metrics: [{ inFlight: { perReplica: 48 } }], cloudRun: { cpuThrottling: false } }).args.template.containers[0].resources.cpuIdle).toBe(false);
    expect(compile({ metrics: [{ inFlight: { perReplica: 48 } }] }).args.template.containers[0].resources).toStrictEqual({
      limits: { cpu: "1", memory: "512Mi" },
      cpuIdle: true,
      startupCpuBoost: false,
    });
  });

  it("cpu, memory, startup boost, container name and image pass through as given", () => {
    const r = compile({ metrics: [{ inFlight: { perReplica: 48 } }], cloudRun: { cpu: 4, memory: "8Gi", startupCpuBoost: true, containerName: "server", image: "gcr.io/p/api:2" } });
    expect(r.args.template.containers).toStrictEqual([{ name: "server", image: "gcr.io/p/api:2", resources: { limits: { cpu: "4", memory: "8Gi" }, cpuIdle: true, startupCpuBoost: true } }]);
  });

  it("replicas.max above 100 is fine once maxInstanceLimit is raised", () => {
    const r = compile({ replicas: { min: 3, max: 300 }, metrics: [{ inFlight: { perReplica: 48 } }], cloudRun: { maxInstanceLimit: 500 } });
    expect(r.args.template.scaling).toStrictEqual({ minInstanceCount: 3, maxInstanceCount: 300 });
    expect(r.args.scaling).toStrictEqual({ minInstanceCount: 3, maxInstanceCount: 300, scalingMode: "AUTOMATIC" });
  });

  it("mode fixed: min = max at both levels, with an info note", () => {
    const r = compileCloudRun(parsePolicy({ service: "orchestrator", scaling: { mode: "fixed", replicas: { min: 2, max: 2 } } }));
    expect(r.args.template.scaling).toStrictEqual({ minInstanceCount: 2, maxInstanceCount: 2 });
    expect(r.args.scaling).toStrictEqual({ minInstanceCount: 2, maxInstanceCount: 2, scalingMode: "AUTOMATIC" });
    expect(warningsOf(r)).toContainEqual(["info", "fixed_as_min_max", "scaling.mode"]);
  });

  it("scale rules are accepted with a warning when ignoreScaleRules is set", () => {
    const r = compile({ metrics: [{ inFlight: { perReplica: 48 } }], scaleUp: { stabilization: 0 }, scaleDown: { stabilization: "300s" }, cloudRun: { ignoreScaleRules: true } });
    expect(warningsOf(r)).toEqual([
      ["warning", "scale_rules_ignored", "scaling.scaleUp"],
      ["warning", "scale_rules_ignored", "scaling.scaleDown"],
    ]);
  });
});

describe("cloud-run: capabilities", () => {
  it("cover every metric kind; supported exactly where the compiler accepts the kind", () => {
    expect(Object.keys(capabilities).sort()).toEqual([...METRIC_KIND_NAMES].sort());
    expect(METRIC_KIND_NAMES.filter((k) => capabilities[k].supported).sort()).toEqual(["cpu", "inFlight", "requestRate"]);
    expect(loadTarget("cloud-run").capabilities).toBe(capabilities);
  });

  it("the render result is tagged with the provider resource type", () => {
    const out = loadTarget("cloud-run").render(parsePolicy({ service: "api", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ inFlight: { perReplica: 48 } }] } }));
    expect(out.documents.map((d) => [d.type, d.name])).toEqual([["gcp:cloudrunv2/service:Service", "api"]]);
    expect(Object.keys(out.documents[0]!.args as CloudRunServiceSpec)).toEqual(["name", "scaling", "template"]);
  });

  it("src/targets/cloud-run is pure: no runtime Pulumi import, no I/O", () => {
    const dir = join(__dirname, "..", "..", "..", "src", "targets", "cloud-run");
    for (const f of readdirSync(dir)) {
      const src = readFileSync(join(dir, f), "utf8");
      expect(src, f).not.toMatch(/^import (?!type )[^;]*from "@pulumi\//m);
      expect(src, f).not.toMatch(/from "node:(fs|net|http|child_process)"|require\(/);
    }
  });
});
