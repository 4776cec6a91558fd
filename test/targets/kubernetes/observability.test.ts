/**
 * Kubernetes observability (issue 14): the alerts (pinned at max, metric unavailable, flapping) as a
 * PrometheusRule and the Grafana dashboard (grafana-foundation-sdk) as a sidecar ConfigMap.
 * PromQL is checked by the real promtool (Debian `prometheus`): syntax of every rule and panel query
 * (panel variables substituted), and the alerts' meaning on synthetic series.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/load";
import { membranePolicies } from "../../../src/presets/membrane";
import { compileKubernetes, type KubernetesOutput, type Manifest } from "../../../src/targets/kubernetes/compile";
import { SIDECAR_LABEL } from "../../../src/targets/kubernetes/observability";
import { dashboardUid } from "../../../src/targets/kubernetes/observability/dashboard";
import { runRender } from "../../../src/cli/render";
import type { ScalingPolicy, ScalingPolicyInput } from "../../../src/types";
import { checkRules, recordingRules, requirePromtool, testRules } from "../../helpers/promtool";
import { validateManifest } from "../../helpers/strict-schema";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Rule = { alert: string; expr: string; for: string; labels: Record<string, string>; annotations?: Record<string, string> };

const WATCH = { alerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} }, dashboard: { folder: "Membrane" } } as const;

function compile(input: ScalingPolicyInput): { policy: ScalingPolicy; out: KubernetesOutput } {
  const policy = parsePolicy(input);
  return { policy, out: compileKubernetes(policy) };
}

const kind = (out: KubernetesOutput, k: string): Manifest | undefined => out.manifests.find((m) => m.kind === k);
const rulesOf = (out: KubernetesOutput): Rule[] => ((kind(out, "PrometheusRule")?.spec as { groups: { rules: Rule[] }[] } | undefined)?.groups ?? []).flatMap((g) => g.rules);
/** Grafana substitutes `$__rate_interval` before the query reaches Prometheus (at least 4 x scrape interval). */
const substituted = (expr: string) => expr.replaceAll("$__rate_interval", "1m");

/** The Membrane policies; the autoscaled ones watched (a fixed service has no autoscaler to watch: the model refuses alerts there). */
const membrane = () =>
  membranePolicies("kubernetes").policies.map((p) => compile((p.scaling?.mode ?? "autoscale") === "autoscale" ? { ...p, ...WATCH } : p));

beforeAll(() => {
  requirePromtool();
});

describe("the Membrane services on Kubernetes (golden: the seed's dashboards and alerts)", () => {
  it("every autoscaled service gets the three alerts and a dashboard; every PromQL passes promtool check rules", () => {
    const all = membrane();
    const exprs: string[] = [];
    let autoscaled = 0;
    for (const { policy, out } of all) {
      if (out.engine === "none") {
        expect(kind(out, "ConfigMap"), policy.service).toBeUndefined();
        continue;
      }
      autoscaled++;
      const rules = rulesOf(out);
      const stem = rules[0]!.alert.replace(/PinnedAtMaxReplicas$/, "");
      expect(rules.map((r) => r.alert), policy.service).toEqual([`${stem}PinnedAtMaxReplicas`, `${stem}ScalingMetricUnavailable`, `${stem}ScalingFlapping`]);
      exprs.push(...rules.map((r) => r.expr));
      for (const m of out.manifests) expect(validateManifest(m), `${policy.service} ${m.kind}`).toEqual([]);
      const dashboard = JSON.parse(Object.values((kind(out, "ConfigMap") as unknown as { data: Record<string, string> }).data)[0]!);
      const queries = dashboardExprs(dashboard);
      exprs.push(...queries.map(substituted));
      expect(queries.some((q) => q.includes("$__rate_interval")), policy.service).toBe(true);
    }
    expect(autoscaled).toBeGreaterThanOrEqual(5);
    const r = checkRules(recordingRules(exprs));
    expect(r.output, r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.ok).toBe(true);
  });

  it("the seed's panels: current vs desired replicas, a scaling-events timeline, the metric values that trigger scaling (the ScaledObject's own query), pod CPU and memory", () => {
    const worker = membrane().find(({ policy }) => policy.service === "instant-tasks-worker")!;
    const so = kind(worker.out, "ScaledObject")!;
    const trigger = (so.spec as { triggers: { type: string; metadata: { query: string } }[] }).triggers.find((t) => t.type === "prometheus")!;
    const dashboard = worker.out.dashboard as unknown as GrafanaJson;
    const titles = dashboard.panels.map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(["Replicas: current, desired, min and max", "Desired replicas over time", "Scale events", "CPU per pod against requests", "Memory per pod against requests", "KEDA scaler value", "KEDA scaler active", "KEDA errors per second"]));
    const replicas = dashboard.panels.find((p) => p.title === "Replicas: current, desired, min and max")!;
    expect(replicas.targets!.map((t) => t.expr)).toEqual([
      'kube_horizontalpodautoscaler_status_current_replicas{namespace="membrane",horizontalpodautoscaler="keda-hpa-instant-tasks-worker-scaler"}',
      'kube_horizontalpodautoscaler_status_desired_replicas{namespace="membrane",horizontalpodautoscaler="keda-hpa-instant-tasks-worker-scaler"}',
      'kube_horizontalpodautoscaler_spec_min_replicas{namespace="membrane",horizontalpodautoscaler="keda-hpa-instant-tasks-worker-scaler"}',
      'kube_horizontalpodautoscaler_spec_max_replicas{namespace="membrane",horizontalpodautoscaler="keda-hpa-instant-tasks-worker-scaler"}',
    ]);
    // The metric panel reads the trigger's query: the same number KEDA compares with its threshold.
    const metricPanel = dashboard.panels.find((p) => p.title?.startsWith("scaling.metrics[0]"))!;
    expect(metricPanel.targets![0]!.expr).toContain(trigger.metadata.query);
    expect(dashboard.panels.find((p) => p.title === "Desired replicas over time")!.type).toBe("state-timeline");
  });
});

describe("the dashboard's layout (Grafana: 24-column grid, unique panel ids)", () => {
  it("every Membrane dashboard: ids unique, each panel inside the grid, no two panels overlapping", () => {
    for (const { policy, out } of membrane()) {
      if (!out.dashboard) continue;
      const panels = (out.dashboard as unknown as GrafanaJson).panels;
      expect(new Set(panels.map((p) => p.id)).size, policy.service).toBe(panels.length);
      for (const [i, p] of panels.entries()) {
        const g = p.gridPos!;
        expect(g.x >= 0 && g.w >= 1 && g.x + g.w <= 24, `${policy.service} ${p.title} ${JSON.stringify(g)}`).toBe(true);
        for (const q of panels.slice(i + 1)) {
          const h = q.gridPos!;
          const overlap = g.x < h.x + h.w && h.x < g.x + g.w && g.y < h.y + h.h && h.y < g.y + g.h;
          expect(overlap, `${policy.service}: ${p.title} overlaps ${q.title}`).toBe(false);
        }
      }
    }
  });
});

interface GrafanaJson {
  uid: string;
  title: string;
  panels: { id?: number; type: string; title?: string; gridPos?: { x: number; y: number; w: number; h: number }; targets?: { expr: string; legendFormat?: string }[] }[];
  templating: { list: { name: string; type: string }[] };
}

function dashboardExprs(d: GrafanaJson): string[] {
  return d.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}

const HPA_POLICY: ScalingPolicyInput = {
  service: "rider-api",
  namespace: "rides",
  scaling: { replicas: { min: 3, max: 50 }, metrics: [{ cpu: { utilization: 70 } }] },
  alerts: { metricUnavailable: { for: "5m", severity: "critical" }, flapping: { maxScaleEvents: 4 } },
  dashboard: { title: "Rider API scaling", labels: { team: "rides" } },
};

const KSM = 'job="kube-state-metrics"';

/** The alert's expected labels: the rule's own (severity, service) over the series' labels that survive the expression. */
function alertTest(rule: Rule, series: { series: string; values: string }[], checks: { at: string; labels?: Record<string, string> }[]) {
  const { annotations: _drop, ...bare } = rule;
  return testRules({ groups: [{ name: "t", rules: [bare] }] }, [
    {
      interval: "1m",
      input_series: series,
      alert_rule_test: checks.map((c) => ({ eval_time: c.at, alertname: rule.alert, exp_alerts: c.labels ? [{ exp_labels: { ...c.labels, ...rule.labels } }] : [] })),
    },
  ]);
}

describe("promtool test rules: metric unavailable", () => {
  const { out } = compile(HPA_POLICY);
  const rule = rulesOf(out).find((r) => r.alert === "RiderApiScalingMetricUnavailable")!;
  const cond = (status: string, values: string) => ({
    series: `kube_horizontalpodautoscaler_status_condition{${KSM},namespace="rides",horizontalpodautoscaler="rider-api-hpa",condition="ScalingActive",status="${status}"}`,
    values,
  });
  const labels = { job: "kube-state-metrics", namespace: "rides", horizontalpodautoscaler: "rider-api-hpa", condition: "ScalingActive", status: "false" };

  it("HPA: fires once ScalingActive has been false for `for` (5m), not before", () => {
    expect(rule.for).toBe("5m");
    const r = alertTest(rule, [cond("false", "0x9 1x30"), cond("true", "1x9 0x30")], [{ at: "12m" }, { at: "16m", labels }, { at: "30m", labels }]);
    expect(r.ok, r.output).toBe(true);
  });

  it("HPA: silent while ScalingActive is true, and after a short blip", () => {
    const r = alertTest(rule, [cond("false", "0x10 1x2 0x20"), cond("true", "1x10 0x2 1x20")], [{ at: "11m" }, { at: "20m" }, { at: "30m" }]);
    expect(r.ok, r.output).toBe(true);
  });

  it("KEDA: fires on scaler errors that go on for `for`; silent when the error counters stand still", () => {
    const { out: keda, policy } = compile({
      service: "worker",
      namespace: "jobs",
      scaling: { replicas: { min: 0, max: 10 }, metrics: [{ prometheus: { query: "sum(jobs_waiting)", target: 5, serverAddress: "http://prometheus.monitoring:9090" } }] },
      alerts: { metricUnavailable: { for: "10m" } },
    });
    expect(keda.engine).toBe("keda");
    const r0 = rulesOf(keda)[0]!;
    // min 0: KEDA's HPA is inactive by design at zero replicas, so its condition is not read.
    expect(r0.expr).not.toContain("kube_horizontalpodautoscaler_status_condition");
    const errors = (values: string) => [
      { series: `keda_scaler_detail_errors_total{namespace="jobs",scaledObject="worker-scaler",scaler="prometheusScaler",metric="s0-prometheus",type="scaledobject"}`, values },
      { series: `keda_scaled_object_errors_total{namespace="jobs",scaledObject="worker-scaler",type="scaledobject"}`, values },
    ];
    expect(alertTest(r0, errors("0x5 0+2x40"), [{ at: "10m" }, { at: "20m", labels: {} }]).ok).toBe(true);
    expect(alertTest(r0, errors("7x45"), [{ at: "20m" }, { at: "40m" }]).ok).toBe(true);
    expect(policy.scaling!.replicas.min).toBe(0);
  });
});

describe("promtool test rules: flapping", () => {
  const { out } = compile(HPA_POLICY);
  const rule = rulesOf(out).find((r) => r.alert === "RiderApiScalingFlapping")!;
  const desired = (values: string) => [{ series: `kube_horizontalpodautoscaler_status_desired_replicas{${KSM},namespace="rides",horizontalpodautoscaler="rider-api-hpa"}`, values }];
  const labels = { job: "kube-state-metrics", namespace: "rides", horizontalpodautoscaler: "rider-api-hpa" };

  it("fires on the 5th change of desired replicas within an hour (maxScaleEvents 4), and is silent at 4", () => {
    // "3x5" is 6 samples (minutes 0..5): changes at minutes 6, 12, 18, 24 and 30.
    const r = alertTest(rule, desired("3x5 6x5 3x5 6x5 3x5 6x30"), [{ at: "29m" }, { at: "31m", labels }]);
    expect(r.ok, r.output).toBe(true);
    // four changes: never more than 4
    expect(alertTest(rule, desired("3x5 6x5 3x5 6x5 3x40"), [{ at: "30m" }, { at: "50m" }]).ok).toBe(true);
  });

  it("stops firing once the changes have left the window", () => {
    const r = alertTest(rule, desired("3x2 6x2 3x2 6x2 3x2 6x100"), [{ at: "20m", labels }, { at: "75m" }]);
    expect(r.ok, r.output).toBe(true);
  });
});

describe("defaults, min == max, delivery", () => {
  it("nothing fires when min == max: no rule is generated, each alert says why", () => {
    const { out } = compile({ ...HPA_POLICY, scaling: { replicas: { min: 4, max: 4 }, metrics: [{ cpu: { utilization: 70 } }] }, alerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} } });
    expect(kind(out, "PrometheusRule")).toBeUndefined();
    expect(out.warnings.filter((w) => w.code === "alert_min_equals_max").map((w) => w.path.join("."))).toEqual(["alerts.pinnedAtMax", "alerts.metricUnavailable", "alerts.flapping"]);
    expect(kind(out, "ConfigMap")).toBeDefined();
  });

  it("defaults: metric unavailable 10m, flapping more than 6 events in 1h, severity warning", () => {
    const { out } = compile({ ...HPA_POLICY, alerts: { metricUnavailable: {}, flapping: {} } });
    const [unavailable, flapping] = rulesOf(out);
    expect(unavailable!.for).toBe("10m");
    expect(flapping!.expr).toBe('changes(kube_horizontalpodautoscaler_status_desired_replicas{namespace="rides",horizontalpodautoscaler="rider-api-hpa"}[1h]) > 6');
    expect([unavailable!.labels.severity, flapping!.labels.severity]).toEqual(["warning", "warning"]);
  });

  it("the dashboard ConfigMap carries the kube-prometheus-stack sidecar label and the dashboard JSON", () => {
    const { out } = compile(HPA_POLICY);
    const cm = kind(out, "ConfigMap") as Manifest & { data: Record<string, string> };
    expect(cm.metadata).toEqual({ name: "rider-api-dashboard", namespace: "rides", labels: { [SIDECAR_LABEL]: "1", team: "rides" } });
    expect(SIDECAR_LABEL).toBe("grafana_dashboard");
    const json = JSON.parse(cm.data["rider-api-autoscaling.json"]!) as GrafanaJson;
    expect(json).toEqual(JSON.parse(JSON.stringify(out.dashboard)));
    expect(json.title).toBe("Rider API scaling");
    expect(json.uid).toBe("polyscale-rides-rider-api");
    expect(json.templating.list).toEqual([expect.objectContaining({ name: "datasource", type: "datasource" })]);
    // HPA engine: no KEDA panels
    expect(json.panels.some((p) => p.title?.startsWith("KEDA"))).toBe(false);
  });

  it("a long namespace and service still give a Grafana uid of at most 40 characters, distinct per service", () => {
    const a = dashboardUid("payments-production-eu-west", "checkout-api-gateway");
    const b = dashboardUid("payments-production-eu-west", "checkout-api-gatewax");
    expect(a.length).toBeLessThanOrEqual(40);
    expect(a).not.toBe(b);
  });

  it("polyscale render --dashboard prints the dashboard JSON; a policy without `dashboard` is a usage error", () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-dash-"));
    const file = join(dir, "p.json");
    writeFileSync(file, JSON.stringify(HPA_POLICY));
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: () => undefined };
    expect(runRender({ file, platform: "kubernetes", dashboard: true }, io)).toBe(0);
    expect(JSON.parse(out.join(""))).toEqual(JSON.parse(JSON.stringify(compile(HPA_POLICY).out.dashboard)));
    const { dashboard: _none, ...without } = HPA_POLICY;
    writeFileSync(file, JSON.stringify(without));
    expect(() => runRender({ file, platform: "kubernetes", dashboard: true }, io)).toThrow(/has no dashboard: add `dashboard: \{\}`/);
    expect(() => runRender({ file, platform: "ecs", dashboard: true }, io)).toThrow(/--dashboard applies to --platform kubernetes only/);
  });
});
