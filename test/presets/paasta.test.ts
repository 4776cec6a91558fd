import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy, parsePolicyFile } from "../../src/policy";
import { PAASTA_DEFAULTS, paastaPolicy, type PaastaOptions } from "../../src/presets";
import { loadTarget } from "../../src/targets";
import { compileKubernetes, type KubernetesOutput } from "../../src/targets/kubernetes";
import { requirePromtool, testRules } from "../helpers/promtool";
import { EXAMPLES_DIR, seedText } from "../helpers/seeds";
import { validateManifest } from "../helpers/strict-schema";
import { policyErrorOf } from "../helpers/policy-error";

/** Expected values come from the seed (test/fixtures/seeds/paasta-autoscaling.md, a verbatim copy). */
const SEED = seedText("paasta-autoscaling.md");

/** The seed's sample kubernetes config (`min_instances: 30`, `metrics_provider: cpu`, `setpoint: 0.5`, ...). */
function seedSample() {
  const value = (key: string) => {
    const m = new RegExp(`^\\s*${key}: (\\S+)$`, "m").exec(SEED);
    if (!m) throw new Error(`no ${key} in the seed's sample`);
    return m[1]!;
  };
  return {
    minInstances: Number(value("min_instances")),
    maxInstances: Number(value("max_instances")),
    metricsProvider: value("metrics_provider") as "cpu",
    setpoint: Number(value("setpoint")),
  };
}

/**
 * PaaSTA's default scale-down behavior (../shared/PLATFORM-FACTS.md "PaaSTA default scale-down behavior":
 * `stabilizationWindowSeconds: 300`, `Percent 30 / 60 s`, `selectPolicy: Max`).
 */
const PAASTA_SCALE_DOWN = { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 30, periodSeconds: 60 }], selectPolicy: "Max" };

function compile(options: PaastaOptions): KubernetesOutput {
  const out = compileKubernetes(parsePolicy(paastaPolicy(options)));
  for (const m of out.manifests) expect(validateManifest(m), `${m.kind} ${m.metadata.name}`).toEqual([]);
  return out;
}

function only(out: KubernetesOutput, kind: string): any {
  const found = out.manifests.filter((m) => m.kind === kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0]!;
}

const base = { service: "svc", minInstances: 3, maxInstances: 10 };

describe("PaaSTA presets", () => {
  it("the seed's sample (cpu, setpoint 0.5, 30..50) keeps CPU utilization at 50 % with PaaSTA's scale-down behavior", () => {
    const sample = seedSample();
    expect(sample).toEqual({ minInstances: 30, maxInstances: 50, metricsProvider: "cpu", setpoint: 0.5 });
    expect(SEED).toContain("PaaSTA will aim to keep this service’s CPU utilization at 50%.");
    const out = compile({ service: "example-service", ...sample });
    expect(out.engine).toBe("hpa");
    const hpa = only(out, "HorizontalPodAutoscaler");
    expect(hpa.spec.minReplicas).toBe(sample.minInstances);
    expect(hpa.spec.maxReplicas).toBe(sample.maxInstances);
    expect(hpa.spec.metrics).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: sample.setpoint * 100 } } }]);
    expect(hpa.spec.behavior.scaleDown).toEqual(PAASTA_SCALE_DOWN);
  });

  it("examples/paasta/service.yaml is the seed's sample written out, equal to the preset", () => {
    const [fromFile] = parsePolicyFile(readFileSync(join(EXAMPLES_DIR, "paasta", "service.yaml"), "utf8"), "service.yaml");
    expect(fromFile).toEqual(parsePolicy(paastaPolicy({ service: "example-service", ...seedSample() })));
  });

  it("the default setpoint is the seed's 0.8 (80 %)", () => {
    expect(SEED).toContain("The default setpoint is 0.8 (80%).");
    expect(PAASTA_DEFAULTS.setpoint).toBe(0.8);
    expect(only(compile(base), "HorizontalPodAutoscaler").spec.metrics[0].resource.target.averageUtilization).toBe(80);
  });

  it("the deprecated offset is subtracted from the setpoint (the seed: 0.6 with offset 0.25 is 0.35)", () => {
    expect(SEED).toContain("setpoint: 0.6 with offset: 0.25 is equivalent to setpoint: 0.35 with no offset");
    const withOffset = paastaPolicy({ ...base, setpoint: 0.6, offset: 0.25 });
    const plain = paastaPolicy({ ...base, setpoint: 0.35 });
    expect(only(compileKubernetes(parsePolicy(withOffset)), "HorizontalPodAutoscaler").spec.metrics).toEqual(
      only(compileKubernetes(parsePolicy(plain)), "HorizontalPodAutoscaler").spec.metrics,
    );
    expect((withOffset.scaling!.metrics as any)[0].cpu.utilization).toBe(35);
  });

  it.each([0, -0.1, 1.5, Number.NaN])("setpoint %s is a PolicyError at presets.paasta.setpoint", (setpoint) => {
    const e = policyErrorOf(() => paastaPolicy({ ...base, setpoint }));
    expect(e.issues.map((i) => i.path)).toEqual([["presets", "paasta", "setpoint"]]);
    expect(e.issues[0]!.message).toContain("greater than 0 and at most 1");
  });

  it("an offset that reaches the setpoint is refused", () => {
    const e = policyErrorOf(() => paastaPolicy({ ...base, setpoint: 0.3, offset: 0.3 }));
    expect(e.issues[0]!.path).toEqual(["presets", "paasta", "offset"]);
  });

  it("bespoke: no autoscaler on Kubernetes (or ECS), replicas left to an external controller", () => {
    const policy = paastaPolicy({ ...base, decisionPolicy: "bespoke" });
    expect(policy.scaling).toEqual({ mode: "external", replicas: { min: 3, max: 10 } });
    const out = compile({ ...base, decisionPolicy: "bespoke" });
    expect(out.engine).toBe("none");
    expect(out.manifests).toEqual([]);
    const ecs = loadTarget("ecs").render(parsePolicy({ ...policy, scaling: { ...policy.scaling!, ecs: { cluster: "c" } } }));
    expect(ecs.documents).toEqual([]);
    const e = policyErrorOf(() => paastaPolicy({ ...base, decisionPolicy: "bespoke", maxInstancesAlertThreshold: 0.9 }));
    expect(e.issues[0]!.path).toEqual(["presets", "paasta", "maxInstancesAlertThreshold"]);
  });

  it.each([
    ["uwsgi", 8889],
    ["gunicorn", 9117],
  ] as const)("%s: KEDA on PaaSTA's worker load with the missing-metrics fallback (full load) and a scrape of port %i", (provider, port) => {
    expect(SEED).toContain(`port ${port}`);
    const out = compile({ ...base, metricsProvider: provider, setpoint: 0.6 });
    expect(out.engine).toBe("keda");
    const so = only(out, "ScaledObject");
    // Missing data is assumed to be full load: fall back to max, never below the current count.
    expect(so.spec.fallback).toEqual({ failureThreshold: 3, replicas: base.maxInstances, behavior: "currentReplicasIfHigher" });
    expect(so.spec.triggers).toHaveLength(1);
    const t = so.spec.triggers[0];
    expect(t.type).toBe("prometheus");
    expect(t.metadata.threshold).toBe("0.6");
    expect(t.metadata.ignoreNullValues).toBe("false");
    expect(t.metadata.query).toContain(`${provider}_worker_busy{`);
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown).toEqual(PAASTA_SCALE_DOWN);
    const sm = only(out, "ServiceMonitor");
    expect(sm.spec.endpoints[0].targetPort).toBe(port);
  });

  it("uwsgi averages load over the seed's default 1800 s window; gunicorn does not (the seed: uwsgi only)", () => {
    expect(SEED).toContain("Defaults to 1800s (30m). Currently, this is only supported for metrics_provider: uwsgi.");
    const query = (provider: "uwsgi" | "gunicorn") => only(compile({ ...base, metricsProvider: provider }), "ScaledObject").spec.triggers[0].metadata.query as string;
    expect(query("uwsgi")).toMatch(/^avg_over_time\(.*\[1800s:\]\)$/);
    expect(query("gunicorn")).not.toContain("avg_over_time");
    const e = policyErrorOf(() => paastaPolicy({ ...base, metricsProvider: "gunicorn", movingAverageWindowSeconds: 600 }));
    expect(e.issues[0]!.path).toEqual(["presets", "paasta", "movingAverageWindowSeconds"]);
  });

  it("active-requests: in-flight requests per replica through KEDA, with the missing-metrics fallback", () => {
    const out = compile({ ...base, metricsProvider: "active-requests", activeRequestsQuery: "sum(envoy_cluster_upstream_rq_active{envoy_cluster_name=\"svc\"})", desiredActiveRequestsPerReplica: 4 });
    const so = only(out, "ScaledObject");
    expect(so.spec.triggers[0].metadata).toMatchObject({ query: "sum(envoy_cluster_upstream_rq_active{envoy_cluster_name=\"svc\"})", threshold: "4" });
    expect(so.spec.fallback.behavior).toBe("currentReplicasIfHigher");
    const e = policyErrorOf(() => paastaPolicy({ ...base, metricsProvider: "active-requests" }));
    expect(e.issues[0]!.path).toEqual(["presets", "paasta", "activeRequestsQuery"]);
  });

  it("the max-instances alert threshold is maxInstancesAlertThreshold / setpoint (default: the setpoint itself)", () => {
    expect(SEED).toContain("The default value for max_instances_alert_threshold is whatever your setpoint is.");
    expect(paastaPolicy({ ...base, setpoint: 0.6 }).alerts).toEqual({ pinnedAtMax: { threshold: 1 } });
    expect(paastaPolicy({ ...base, setpoint: 0.6, maxInstancesAlertThreshold: 0.9 }).alerts).toEqual({ pinnedAtMax: { threshold: 1.5 } });
    // CPU: the rule compares utilisation in percent with 60 % × 1.5 = 90 %.
    const rule = only(compile({ ...base, setpoint: 0.6, maxInstancesAlertThreshold: 0.9 }), "PrometheusRule");
    expect(rule.spec.groups[0].rules[0].expr).toMatch(/\) > 90\)\n\)$/);
  });
});

describe("PaaSTA worker-load query (promtool test rules)", () => {
  const query = (provider: "uwsgi" | "gunicorn") =>
    only(compile({ ...base, namespace: "paasta", metricsProvider: provider }), "ScaledObject").spec.triggers[0].metadata.query as string;
  const ns = 'namespace="paasta"';
  const busy = (series: string, pod: string, worker: number, v: number) => ({ series: `${series}{${ns},pod="${pod}",worker="${worker}"}`, values: `${v}x40` });
  const ready = (pod: string) => ({ series: `kube_pod_status_ready{${ns},pod="${pod}",condition="true"}`, values: "1x40" });

  it.each(["uwsgi", "gunicorn"] as const)("%s: busy fractions summed over pods, a ready pod without data counted as fully loaded", (provider) => {
    requirePromtool();
    const series = `${provider}_worker_busy`;
    const q = query(provider);
    const r = testRules({ groups: [] }, [
      {
        interval: "1m",
        input_series: [
          busy(series, "svc-5d8f9c7b6-a1b2c", 1, 1),
          busy(series, "svc-5d8f9c7b6-a1b2c", 2, 1),
          busy(series, "svc-5d8f9c7b6-d3e4f", 1, 1),
          busy(series, "svc-5d8f9c7b6-d3e4f", 2, 0),
          // Another workload whose name starts with svc-: not part of the load.
          busy(series, "svc-gateway-7f6d5c4b3-zz9yy", 1, 1),
          ready("svc-5d8f9c7b6-a1b2c"),
          ready("svc-5d8f9c7b6-d3e4f"),
          ready("svc-5d8f9c7b6-g5h6i"),
        ],
        // 1.0 + 0.5 + 1 (the ready pod without data) = 2.5 busy workers' worth; at setpoint 0.8 KEDA wants ceil(2.5 / 0.8) = 4.
        promql_expr_test: [{ expr: q, eval_time: "35m", exp_samples: [{ labels: "{}", value: 2.5 }] }],
      },
      {
        interval: "1m",
        input_series: [ready("svc-5d8f9c7b6-a1b2c"), ready("svc-5d8f9c7b6-d3e4f")],
        // No load data at all: the query is empty, KEDA reports an error and the fallback (scale up) applies.
        promql_expr_test: [{ expr: q, eval_time: "35m", exp_samples: [] }],
      },
    ]);
    expect(r.output).not.toMatch(/FAILED/);
    expect(r.ok, r.output).toBe(true);
  });
});
