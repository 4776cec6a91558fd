/**
 * The dashboard's panel queries and the alert expressions against a real Prometheus (Debian `prometheus`)
 * holding backfilled series (`promtool tsdb create-blocks-from openmetrics`): each query returns the series
 * it is meant to show, with the values the synthetic cluster implies. No Grafana server exists here (neither
 * Debian nor npm has one), so `$__rate_interval` is substituted as Grafana would (here 2m: 4 x the 30s scrape).
 *
 * The cluster, from 10:00 to 11:00 (one sample per 30 s):
 * - rider-api (namespace rides, HPA rider-api-hpa on CPU 70 %): 4 current replicas, desired 3 then 4 from
 *   10:20, min 3, max 50; pods a (0.5 core/s) and b (0.25 core/s), each requesting 0.5 core and 512Mi, using
 *   300Mi / 200Mi; a `POD` sandbox container and a pod of rider-api-gateway that must not be counted;
 *   kube-state-metrics says the HPA reads cpu 75 % against 70 %; ScalingActive turns false at 10:40.
 * - instant-tasks-worker (namespace membrane, the Membrane preset on KEDA): 4 current replicas, desired
 *   flapping between 4 and 5 every 5 minutes (4 in 10:00-10:05, 5 in 10:05-10:10, ...); 30 active + 20 waiting jobs; KEDA reports its scaler value 10,
 *   active 1, and no errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/load";
import { membranePolicies } from "../../../src/presets/membrane";
import { compileKubernetes, type KubernetesOutput } from "../../../src/targets/kubernetes/compile";
import type { ScalingPolicyInput } from "../../../src/types";
import { startPrometheus, type PrometheusServer } from "../../helpers/prometheus-server";

const START = Date.UTC(2026, 10, 20, 10, 0, 0) / 1000;
const AT = START + 50 * 60;
const STEP = 30;
const MI = 1024 * 1024;

type Labels = Record<string, string>;
interface Family { name: string; type: "gauge" | "counter"; series: { labels: Labels; value: (t: number) => number }[] }

const ksm = (l: Labels): Labels => ({ job: "kube-state-metrics", ...l });
const riderHpa = { namespace: "rides", horizontalpodautoscaler: "rider-api-hpa" };
const workerHpa = { namespace: "membrane", horizontalpodautoscaler: "keda-hpa-instant-tasks-worker-scaler" };
const workerSo = { namespace: "membrane", scaledObject: "instant-tasks-worker-scaler", type: "scaledobject" };
const min = (t: number) => (t - START) / 60;
const pod = (name: string, container = "api") => ({ namespace: "rides", pod: name, container });

const FAMILIES: Family[] = [
  { name: "kube_horizontalpodautoscaler_status_current_replicas", type: "gauge", series: [{ labels: ksm(riderHpa), value: () => 4 }, { labels: ksm(workerHpa), value: () => 4 }] },
  {
    name: "kube_horizontalpodautoscaler_status_desired_replicas",
    type: "gauge",
    series: [
      { labels: ksm(riderHpa), value: (t) => (min(t) < 20 ? 3 : 4) },
      { labels: ksm(workerHpa), value: (t) => (Math.floor(min(t) / 5) % 2 === 0 ? 4 : 5) },
    ],
  },
  { name: "kube_horizontalpodautoscaler_spec_min_replicas", type: "gauge", series: [{ labels: ksm(riderHpa), value: () => 3 }, { labels: ksm(workerHpa), value: () => 2 }] },
  { name: "kube_horizontalpodautoscaler_spec_max_replicas", type: "gauge", series: [{ labels: ksm(riderHpa), value: () => 50 }, { labels: ksm(workerHpa), value: () => 20 }] },
  { name: "kube_horizontalpodautoscaler_status_target_metric", type: "gauge", series: [{ labels: ksm({ ...riderHpa, metric_name: "cpu", metric_target_type: "utilization" }), value: () => 75 }] },
  { name: "kube_horizontalpodautoscaler_spec_target_metric", type: "gauge", series: [{ labels: ksm({ ...riderHpa, metric_name: "cpu", metric_target_type: "utilization" }), value: () => 70 }] },
  {
    name: "kube_horizontalpodautoscaler_status_condition",
    type: "gauge",
    series: [
      { labels: ksm({ ...riderHpa, condition: "ScalingActive", status: "true" }), value: (t) => (min(t) < 40 ? 1 : 0) },
      { labels: ksm({ ...riderHpa, condition: "ScalingActive", status: "false" }), value: (t) => (min(t) < 40 ? 0 : 1) },
      { labels: ksm({ ...workerHpa, condition: "ScalingActive", status: "true" }), value: () => 1 },
      { labels: ksm({ ...workerHpa, condition: "ScalingActive", status: "false" }), value: () => 0 },
    ],
  },
  {
    name: "container_cpu_usage_seconds_total",
    type: "counter",
    series: [
      { labels: pod("rider-api-7d9f8-aaaaa"), value: (t) => 0.5 * (t - START) },
      { labels: pod("rider-api-7d9f8-bbbbb"), value: (t) => 0.25 * (t - START) },
      { labels: pod("rider-api-7d9f8-aaaaa", "POD"), value: (t) => 0.01 * (t - START) },
      { labels: pod("rider-api-gateway-6c5d4-zzzzz"), value: (t) => 2 * (t - START) },
    ],
  },
  {
    name: "container_memory_working_set_bytes",
    type: "gauge",
    series: [
      { labels: pod("rider-api-7d9f8-aaaaa"), value: () => 300 * MI },
      { labels: pod("rider-api-7d9f8-bbbbb"), value: () => 200 * MI },
      { labels: pod("rider-api-gateway-6c5d4-zzzzz"), value: () => 900 * MI },
    ],
  },
  {
    name: "kube_pod_container_resource_requests",
    type: "gauge",
    series: ["aaaaa", "bbbbb"].flatMap((s) => [
      { labels: ksm({ ...pod(`rider-api-7d9f8-${s}`), resource: "cpu", unit: "core" }), value: () => 0.5 },
      { labels: ksm({ ...pod(`rider-api-7d9f8-${s}`), resource: "memory", unit: "byte" }), value: () => 512 * MI },
    ]),
  },
  { name: "instant_tasks_jobs_active", type: "gauge", series: [{ labels: { namespace: "membrane", pod: "api-1" }, value: () => 30 }] },
  { name: "instant_tasks_jobs_waiting", type: "gauge", series: [{ labels: { namespace: "membrane", pod: "api-1" }, value: () => 20 }] },
  { name: "keda_scaler_metrics_value", type: "gauge", series: [{ labels: { ...workerSo, scaler: "prometheusScaler", triggerIndex: "0", metric: "s0-instant_tasks_jobs" }, value: () => 10 }] },
  { name: "keda_scaler_active", type: "gauge", series: [{ labels: { ...workerSo, scaler: "prometheusScaler", triggerIndex: "0", metric: "s0-instant_tasks_jobs" }, value: () => 1 }] },
  { name: "keda_scaler_detail_errors_total", type: "counter", series: [{ labels: { ...workerSo, scaler: "prometheusScaler", triggerIndex: "0", metric: "s0-instant_tasks_jobs" }, value: () => 3 }] },
  { name: "keda_scaled_object_errors_total", type: "counter", series: [{ labels: workerSo, value: () => 3 }] },
];

function openMetrics(): string {
  const lines: string[] = [];
  const labelText = (l: Labels) => Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(",");
  for (const f of FAMILIES) {
    const family = f.type === "counter" ? f.name.replace(/_total$/, "") : f.name;
    lines.push(`# TYPE ${family} ${f.type}`);
    for (const s of f.series) for (let t = START; t <= START + 3600; t += STEP) lines.push(`${f.name}{${labelText(s.labels)}} ${s.value(t)} ${t}`);
  }
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}

let prometheus: PrometheusServer | undefined;
let url = "";

beforeAll(async () => {
  prometheus = await startPrometheus(openMetrics());
  url = prometheus.url;
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
});

interface Sample { metric: Labels; value: number }

async function query(expr: string, at = AT): Promise<Sample[]> {
  const body = new URLSearchParams({ query: expr.replaceAll("$__rate_interval", "2m"), time: String(at) });
  const r = (await (await fetch(`${url}/api/v1/query`, { method: "POST", body })).json()) as { status: string; error?: string; data: { resultType: string; result: { metric: Labels; value: [number, string] }[] } };
  if (r.status !== "success") throw new Error(`${expr}: ${r.error}`);
  expect(r.data.resultType, expr).toBe("vector");
  return r.data.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
}

interface Panel { title: string; targets?: { expr: string; legendFormat: string }[] }
const panelsOf = (out: KubernetesOutput) => (out.dashboard as unknown as { panels: Panel[] }).panels.filter((p) => p.targets);
const rulesOf = (out: KubernetesOutput) => ((out.manifests.find((m) => m.kind === "PrometheusRule")!.spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups[0]!.rules);

const WATCH = { alerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} }, dashboard: {} } as const;
const rider = () =>
  compileKubernetes(parsePolicy({ service: "rider-api", namespace: "rides", scaling: { replicas: { min: 3, max: 50 }, metrics: [{ cpu: { utilization: 70 } }] }, ...WATCH }));
const worker = () => compileKubernetes(parsePolicy({ ...(membranePolicies("kubernetes").byService["instant-tasks-worker"] as ScalingPolicyInput), ...WATCH }));

/** What each panel query must return at 10:50: one value per series, keyed by the legend Grafana would show. */
async function shown(p: Panel): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of p.targets!) {
    for (const s of await query(t.expr)) {
      const legend = t.legendFormat.replace(/\{\{(\w+)\}\}/g, (_, k: string) => s.metric[k] ?? "");
      expect(out[legend], `${p.title}: two series show as ${legend}`).toBeUndefined();
      out[legend] = Math.round(s.value * 1000) / 1000;
    }
  }
  return out;
}

describe("rider-api (HPA on CPU): every panel query against a real Prometheus", () => {
  it("each panel returns the series it is meant to show, and only those", async () => {
    const expected: Record<string, Record<string, number>> = {
      "Replicas: current, desired, min and max": { current: 4, desired: 4, min: 3, max: 50 },
      "Desired replicas over time": { desired: 4 },
      "Scale events": { "changes of desired replicas": 0 },
      "The autoscaler's reading of each metric against its target": { "cpu (utilization)": 75, "cpu target (utilization)": 70 },
      // (0.5 + 0.25) cores over 2 x 0.5 requested, in percent; the sandbox and the gateway's pod are not counted
      "scaling.metrics[0] cpu against its target": { value: 75, target: 70 },
      "CPU per pod against requests": { "rider-api-7d9f8-aaaaa usage": 0.5, "rider-api-7d9f8-bbbbb usage": 0.25, "rider-api-7d9f8-aaaaa request": 0.5, "rider-api-7d9f8-bbbbb request": 0.5 },
      "Memory per pod against requests": {
        "rider-api-7d9f8-aaaaa working set": 300 * MI,
        "rider-api-7d9f8-bbbbb working set": 200 * MI,
        "rider-api-7d9f8-aaaaa request": 512 * MI,
        "rider-api-7d9f8-bbbbb request": 512 * MI,
      },
    };
    const panels = panelsOf(rider());
    expect(panels.map((p) => p.title)).toEqual(Object.keys(expected));
    for (const p of panels) expect(await shown(p), p.title).toEqual(expected[p.title]);
  });

  it("the scale events panel shows the one change of desired replicas (3 -> 4 at 10:20)", async () => {
    const events = panelsOf(rider()).find((p) => p.title === "Scale events")!.targets![0]!.expr;
    expect((await query(events, START + 21 * 60))[0]!.value).toBe(1);
  });

  it("alerts: metric unavailable returns the HPA once ScalingActive is false (10:40); pinned at max and flapping return nothing", async () => {
    const rules = Object.fromEntries(rulesOf(rider()).map((r) => [r.alert, r.expr]));
    expect((await query(rules.RiderApiScalingMetricUnavailable!)).map((s) => s.metric.horizontalpodautoscaler)).toEqual(["rider-api-hpa"]);
    expect(await query(rules.RiderApiScalingMetricUnavailable!, START + 30 * 60)).toEqual([]);
    expect(await query(rules.RiderApiPinnedAtMaxReplicas!)).toEqual([]);
    expect(await query(rules.RiderApiScalingFlapping!)).toEqual([]);
  });
});

describe("instant-tasks-worker (Membrane preset, KEDA): every panel query against a real Prometheus", () => {
  it("each panel returns the series it is meant to show, including KEDA's scaler value, active state and errors", async () => {
    const expected: Record<string, Record<string, number>> = {
      // desired is 4 in even 5-minute blocks (10:50 starts one)
      "Replicas: current, desired, min and max": { current: 4, desired: 4, min: 2, max: 20 },
      "Desired replicas over time": { desired: 4 },
      // 5 -> 4 at 10:50 itself, within the 2-minute window
      "Scale events": { "changes of desired replicas": 1 },
      "The autoscaler's reading of each metric against its target": {},
      // (30 + 20) jobs / 5 per worker = 10 workers' worth over 4 replicas: 2.5 x the target of 1
      "scaling.metrics[0] queue against its target": { value: 2.5, target: 1 },
      "CPU per pod against requests": {},
      "Memory per pod against requests": {},
      "KEDA scaler value": { "prometheusScaler s0-instant_tasks_jobs": 10 },
      "KEDA scaler active": { "prometheusScaler s0-instant_tasks_jobs": 1 },
      "KEDA errors per second": { "prometheusScaler s0-instant_tasks_jobs": 0, ScaledObject: 0 },
    };
    const panels = panelsOf(worker());
    expect(panels.map((p) => p.title)).toEqual(Object.keys(expected));
    for (const p of panels) expect(await shown(p), p.title).toEqual(expected[p.title]);
  });

  it("alerts: flapping returns the HPA at 11:00 (12 changes in the last hour, at 10:05, 10:10, ..., 11:00 > 6); metric unavailable and pinned at max return nothing", async () => {
    const rules = Object.fromEntries(rulesOf(worker()).map((r) => [r.alert.replace(/^InstantTasksWorker/, ""), r.expr]));
    expect(Object.keys(rules)).toEqual(["PinnedAtMaxReplicas", "ScalingMetricUnavailable", "ScalingFlapping"]);
    const flapping = await query(rules.ScalingFlapping!, START + 3600);
    expect(flapping.map((s) => [s.metric.horizontalpodautoscaler, s.value])).toEqual([["keda-hpa-instant-tasks-worker-scaler", 12]]);
    expect(await query(rules.ScalingMetricUnavailable!)).toEqual([]);
    expect(await query(rules.PinnedAtMaxReplicas!)).toEqual([]);
  });
});
