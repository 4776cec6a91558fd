import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { PolicyError, parsePolicy, promqlError } from "../../../src/policy";
import { compileKubernetes } from "../../../src/targets/kubernetes";
import { validateManifest } from "../../helpers/strict-schema";
import { checkRules, requirePromtool, testRules } from "../../helpers/promtool";

/** Regression tests for issue 12 (Kubernetes target): each case is a policy that crashed or rendered output the cluster rejects. */

const issuesOf = (policy: unknown) => {
  try {
    compileKubernetes(parsePolicy(policy));
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw e;
  }
  throw new Error("expected a PolicyError");
};

describe("kubernetes target hardening (issue 12)", () => {
  it("service a--b with alerts.pinnedAtMax renders an alert named without the empty segment", () => {
    const out = compileKubernetes(parsePolicy({
      service: "a--b",
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 60 } }] },
      alerts: { pinnedAtMax: {} },
    }));
    const rule = out.manifests.find((m) => m.kind === "PrometheusRule")!;
    expect((rule.spec as any).groups[0].rules[0].alert).toBe("ABPinnedAtMaxReplicas");
    expect(validateManifest(rule)).toEqual([]);
  });

  it("escapes the dots of a workload name in the alert's pod regex", () => {
    const out = compileKubernetes(parsePolicy({
      service: "api",
      workload: { name: "api.v2" },
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 60 } }] },
      alerts: { pinnedAtMax: {} },
    }));
    const expr = (out.manifests.find((m) => m.kind === "PrometheusRule")!.spec as any).groups[0].rules[0].expr as string;
    expect(expr).toContain('pod=~"api\\\\.v2-[a-z0-9]+-[a-z0-9]+"');
  });

  it("refuses min 0 with only cpu/memory metrics (KEDA's webhook rejects minReplicaCount 0 with only cpu/memory triggers)", () => {
    const issues = issuesOf({ service: "web", scaling: { replicas: { min: 0, max: 5 }, metrics: [{ cpu: { utilization: 60 } }, { memory: { utilization: 70 } }] } });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(["scaling", "replicas", "min"]);
    expect(issues[0]!.message).toMatch(/KEDA's admission webhook rejects a ScaledObject with minReplicaCount 0 and only cpu\/memory triggers/);
  });

  it("accepts min 0 when a metric other than cpu/memory can wake the workload", () => {
    const out = compileKubernetes(parsePolicy({
      service: "web",
      scaling: {
        replicas: { min: 0, max: 5 },
        metrics: [{ cpu: { utilization: 60 } }, { schedule: { timezone: "UTC", start: "0 8 * * *", end: "0 18 * * *", replicas: 2 } }],
      },
    }));
    expect(out.engine).toBe("keda");
    expect((out.manifests[0]!.spec as any).minReplicaCount).toBe(0);
  });

  it("refuses the default ServiceMonitor selector when the workload name is longer than a label value (63)", () => {
    const name = "w".repeat(64);
    const issues = issuesOf({ service: "web", workload: { name }, scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 60 } }] }, monitoring: { port: "http" } });
    expect(issues.map((i) => i.path)).toEqual([["monitoring", "selector"]]);
    expect(issues[0]!.message).toMatch(/at most 63 characters.*has 64; set monitoring.selector/);
  });

  it("takes the ServiceMonitor selector as given for a long workload name", () => {
    const out = compileKubernetes(parsePolicy({
      service: "web",
      workload: { name: "w".repeat(64) },
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 60 } }] },
      monitoring: { port: "http", selector: { "app.kubernetes.io/name": "web" } },
    }));
    const sm = out.manifests.find((m) => m.kind === "ServiceMonitor")!;
    expect((sm.spec as any).selector.matchLabels).toEqual({ "app.kubernetes.io/name": "web" });
    expect(validateManifest(sm)).toEqual([]);
  });

  it("writes -0 replicas as 0", () => {
    const out = compileKubernetes(parsePolicy({
      service: "q",
      scaling: {
        replicas: { min: -0, max: 5 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: "http://prom:9090" } } } }],
      },
    }));
    expect(stringify(out.manifests)).not.toMatch(/-0\b/);
    expect(Object.is((out.manifests[0]!.spec as any).minReplicaCount, 0)).toBe(true);
  });

  it("writes user-given label maps in sorted key order", () => {
    const render = (labels: Record<string, string>) => compileKubernetes(parsePolicy({
      service: "web",
      scaling: {
        replicas: { min: 1, max: 5 },
        metrics: [{ external: { name: "queue_depth", selector: labels, value: 10 } }],
      },
      monitoring: { port: "http", selector: labels, labels },
      alerts: { pinnedAtMax: {} },
    })).manifests;
    const a = render({ zone: "a", app: "web", tier: "b" });
    const b = render({ tier: "b", app: "web", zone: "a" });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const sm = a.find((m) => m.kind === "ServiceMonitor")!;
    expect(Object.keys(sm.metadata.labels!)).toEqual(["app", "tier", "zone"]);
  });

  it("warns that scale-down policies are ignored when scaleDown.select is disabled", () => {
    const out = compileKubernetes(parsePolicy({
      service: "web",
      scaling: { replicas: { min: 1, max: 5 }, metrics: [{ cpu: { utilization: 60 } }], scaleDown: { select: "disabled", policies: [{ percent: 10, per: 60 }] } },
    }));
    expect(out.warnings.filter((w) => w.code === "policies_ignored").map((w) => w.path)).toEqual([["scaling", "scaleDown", "policies"]]);
  });

  it("before KEDA 2.17 refuses a fallback beside a Utilization trigger and writes AverageValue on the others (CheckFallbackValid)", () => {
    const base = {
      service: "w",
      scaling: {
        replicas: { min: 1, max: 5 },
        metrics: [{ queue: { jobsPerReplica: 5, from: { prometheus: { query: "sum(jobs)", serverAddress: "http://prom:9090" } } } }],
        missingMetrics: { replicas: 3 },
        kubernetes: { cluster: { kedaVersion: "2.16" } },
      },
    };
    const so = compileKubernetes(parsePolicy(base)).manifests[0]!;
    expect((so.spec as any).triggers[0].metricType).toBe("AverageValue");
    const withCpu = structuredClone(base) as any;
    withCpu.scaling.metrics.push({ cpu: { utilization: 60 } });
    expect(issuesOf(withCpu).map((i) => i.code)).toEqual(["fallback_metric_type"]);
  });

  it("refuses a default ScaledObject name whose KEDA HPA name (keda-hpa-<name>) exceeds 63 (KEDA webhook verifyName)", () => {
    const service = "s".repeat(47);
    const keda = (extra: Record<string, unknown> = {}) => ({
      service,
      scaling: { replicas: { min: 0, max: 5 }, metrics: [{ schedule: { timezone: "UTC", start: "0 8 * * *", end: "0 18 * * *", replicas: 2 } }], kubernetes: extra },
    });
    expect(compileKubernetes(parsePolicy(keda())).hpaName).toHaveLength(63);
    const long = { ...keda(), service: "s".repeat(48) };
    expect(issuesOf(long).map((i) => [i.path.join("."), i.code])).toEqual([["scaling.kubernetes.name", "keda_name_too_long"]]);
    const named = compileKubernetes(parsePolicy({ ...long, scaling: { ...long.scaling, kubernetes: { name: "short" } } }));
    expect(named.manifests[0]!.metadata.name).toBe("short");
  });

  it("replicasRequired with a buffer keeps a compound query together: (a + b) + ((a + b) * buffer), checked with promtool", () => {
    requirePromtool();
    const query = (q: string) => {
      const so = compileKubernetes(parsePolicy({
        service: "w",
        scaling: {
          replicas: { min: 1, max: 50 },
          metrics: [{ replicasRequired: { buffer: 0.5, from: { prometheus: { query: q, serverAddress: "http://prom:9090" } } } }],
        },
      })).manifests[0]!;
      return (so.spec as any).triggers[0].metadata.query as string;
    };
    // The seed's spelling stays as it is for a single aggregation.
    expect(query("max(required)")).toBe("max(required) + (max(required) * 0.5)");
    const a = 6;
    const b = 4;
    const r = testRules({ groups: [] }, [{
      interval: "1m",
      input_series: [{ series: "workers_a", values: `${a}x10` }, { series: "workers_b", values: `${b}x10` }],
      promql_expr_test: [{ expr: query("sum(workers_a) + sum(workers_b)"), eval_time: "5m", exp_samples: [{ labels: "{}", value: (a + b) * 1.5 }] }],
    }]);
    expect(r.ok, r.output).toBe(true);
  });

  it("a scalar query reaches KEDA as vector(...) (its prometheus scaler decodes only samples), and the alert type-checks (promtool)", () => {
    requirePromtool();
    const out = compileKubernetes(parsePolicy({
      service: "a",
      scaling: {
        replicas: { min: 1, max: 3 },
        metrics: [{ replicasRequired: { from: { prometheus: { query: "scalar(sum(up))", serverAddress: "http://prom:9090" } } } }],
      },
      alerts: { pinnedAtMax: {} },
    }));
    expect((out.manifests.find((m) => m.kind === "ScaledObject")!.spec as any).triggers[0].metadata.query).toBe("vector(scalar(sum(up)))");
    const rule = out.manifests.find((m) => m.kind === "PrometheusRule")!;
    const expr = (rule.spec as any).groups[0].rules[0].expr as string;
    expect(expr).toContain("((vector(scalar(sum(up)))) / 3 > 1)");
    expect(promqlError(expr)).toBeUndefined();
    const r = checkRules({ groups: (rule.spec as any).groups });
    expect(r.ok, r.output).toBe(true);
  });

});
