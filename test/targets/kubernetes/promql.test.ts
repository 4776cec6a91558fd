import { beforeAll, describe, expect, it } from "vitest";
import type { KedaTrigger } from "../../../src/targets/kubernetes";
import type { AdapterRule } from "../../../src/targets/kubernetes/adapter";
import { fillAdapterTemplate } from "../../../src/policy/promql";
import { checkRules, recordingRules, requirePromtool, testRules, type PromtoolResult } from "../../helpers/promtool";
import { loadKubernetesCases, type KubernetesCase } from "../../helpers/strict-schema";

/**
 * Every PromQL expression the Kubernetes target emits goes through the real promtool (Debian package
 * `prometheus`): `promtool check rules` for syntax, `promtool test rules` with synthetic series for
 * meaning. There is no skip: without promtool every test here fails and says how to install it
 * (CI installs it and sets POLYSCALE_REQUIRE_PROMTOOL=1).
 *
 * Expected values are computed from the seeds' formulas and the policies' own numbers, never read
 * from polyscale's output.
 */

const cases = loadKubernetesCases();
const example = (file: string, service: string): KubernetesCase => {
  const c = cases.find((x) => x.file === file && x.policy.service === service);
  if (!c) throw new Error(`no ${service} in ${file}`);
  return c;
};

let promtoolVersion: string | undefined;
let promtoolError: unknown;
beforeAll(() => {
  try {
    promtoolVersion = requirePromtool();
  } catch (e) {
    promtoolError = e;
  }
});
/** Fails the calling test loudly when promtool is missing. */
function needPromtool(): void {
  if (promtoolError) throw promtoolError;
}

function expectOk(r: PromtoolResult, what: string): void {
  expect(r.ok, `${what}\n--- promtool output ---\n${r.output}`).toBe(true);
}

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
interface RuleGroup { name: string; rules: Rule[] }

const prometheusRules = cases.flatMap((c) =>
  c.out.manifests.filter((m) => m.kind === "PrometheusRule").map((m): [string, { groups: RuleGroup[] }] => [`${c.label} ${m.metadata.name}`, m.spec as { groups: RuleGroup[] }]),
);

const kedaQueries = cases.flatMap((c) =>
  c.out.manifests
    .filter((m) => m.kind === "ScaledObject")
    .flatMap((m) => ((m.spec as { triggers: KedaTrigger[] }).triggers ?? []).filter((t) => t.type === "prometheus").map((t): [string, string] => [c.label, t.metadata.query!])),
);

/** What prometheus-adapter substitutes for one pod-scoped request (kubernetes-sigs/prometheus-adapter docs/config.md). */
function fillLikeAdapter(template: string, series: string, namespace: string, pods: string[]): string {
  return template
    .replaceAll("<<.Series>>", series)
    .replaceAll("<<.LabelMatchers>>", `namespace="${namespace}",pod=~"${pods.join("|")}"`)
    .replaceAll("<<.GroupBy>>", "pod");
}

/** The series an adapter rule reads: `seriesQuery` is `<series>{namespace!="",pod!=""}`. */
const seriesOf = (rule: AdapterRule) => /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{/.exec(rule.seriesQuery)![1]!;

const adapterRules = cases.flatMap((c) => c.out.adapterRules.map((r): [string, KubernetesCase, AdapterRule] => [`${c.label} ${seriesOf(r)}`, c, r]));

describe("promtool", () => {
  it("is installed (required: install Debian's `prometheus` package or set PROMTOOL)", () => {
    needPromtool();
    expect(promtoolVersion).toMatch(/promtool, version \d+\.\d+/);
  });

  it("rejects broken PromQL and wrong expectations (the harness is not vacuous)", () => {
    needPromtool();
    expect(checkRules(recordingRules(["sum(rate(x[5m])"])).ok).toBe(false);
    expect(checkRules({ groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0", for: "5 minutes" }] }] }).ok).toBe(false);
    const r = testRules({ groups: [] }, [
      { interval: "1m", input_series: [{ series: "a", values: "7x5" }], promql_expr_test: [{ expr: "a / 5", eval_time: "2m", exp_samples: [{ labels: "{}", value: 1.5 }] }] },
    ]);
    expect(r.ok).toBe(false);
  });

  it("covers rules, KEDA queries and adapter rules from the examples and the extra policies", () => {
    expect(prometheusRules.length).toBeGreaterThanOrEqual(5);
    expect(kedaQueries.length).toBeGreaterThanOrEqual(6);
    expect(adapterRules.length).toBeGreaterThanOrEqual(6);
  });
});

describe("promtool check rules: every PrometheusRule spec", () => {
  it.each(prometheusRules)("%s", (_label, spec) => {
    needPromtool();
    expectOk(checkRules(spec), "promtool check rules");
  });
});

describe("promtool check rules: every KEDA prometheus query and adapter metricsQuery", () => {
  it.each(kedaQueries)("KEDA queries of %s", (label) => {
    needPromtool();
    const queries = kedaQueries.filter(([l]) => l === label).map(([, q]) => q);
    expectOk(checkRules(recordingRules(queries)), `KEDA queries ${JSON.stringify(queries)}`);
  });

  it.each(adapterRules)("adapter metricsQuery of %s", (_label, c, rule) => {
    needPromtool();
    const filled = [
      fillLikeAdapter(rule.metricsQuery, seriesOf(rule), c.policy.namespace, [`${c.policy.service}-a`, `${c.policy.service}-b`]),
      fillAdapterTemplate(rule.metricsQuery, seriesOf(rule), c.policy.namespace),
      // The seriesQuery is PromQL too (the adapter runs it as a series selector).
      rule.seriesQuery,
    ];
    for (const q of filled) expect(q).not.toMatch(/<<|>>/);
    expectOk(checkRules(recordingRules(filled)), `adapter queries ${JSON.stringify(filled)}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Meaning.

const triggerQuery = (c: KubernetesCase, i = 0): string => {
  const so = c.out.manifests.find((m) => m.kind === "ScaledObject");
  if (!so) throw new Error(`${c.label}: no ScaledObject`);
  return (so.spec as { triggers: KedaTrigger[] }).triggers.filter((t) => t.type === "prometheus")[i]!.metadata.query!;
};

function exprTest(series: Array<{ series: string; values: string }>, expr: string, expected: Array<{ labels: string; value: number }>, evalTime = "5m") {
  return { interval: "1m", input_series: series, promql_expr_test: [{ expr, eval_time: evalTime, exp_samples: expected }] };
}

describe("promtool test rules: the Membrane KEDA queries return what the seed's formulas give", () => {
  const file = "membrane-kubernetes-keda.yaml";

  it("instant-tasks-worker: (active + waiting) / 5 jobs per worker", () => {
    needPromtool();
    const active = 7;
    const waiting = 8;
    const expected = (active + waiting) / 5; // 3 workers' worth, against threshold 1
    const r = testRules({ groups: [] }, [
      exprTest(
        [
          // Two queues report each gauge; the seed sums them.
          { series: 'instant_tasks_jobs_active{queue="a"}', values: `${active - 3}x10` },
          { series: 'instant_tasks_jobs_active{queue="b"}', values: "3x10" },
          { series: 'instant_tasks_jobs_waiting{queue="a"}', values: `${waiting}x10` },
        ],
        triggerQuery(example(file, "instant-tasks-worker")),
        [{ labels: "{}", value: expected }],
      ),
    ]);
    expectOk(r, "instant-tasks-worker query");
    expect(expected).toBe(3);
  });

  it("queued-tasks-worker: required workers + 30 % buffer", () => {
    needPromtool();
    const required = 10;
    const expected = required + required * 0.3;
    const r = testRules({ groups: [] }, [
      exprTest(
        [
          { series: 'queued_tasks_workers_required{instance="x"}', values: `${required}x10` },
          { series: 'queued_tasks_workers_required{instance="y"}', values: "4x10" },
        ],
        triggerQuery(example(file, "queued-tasks-worker")),
        [{ labels: "{}", value: expected }],
      ),
    ]);
    expectOk(r, "queued-tasks-worker query");
    expect(expected).toBe(13);
  });

  it("custom-code-runner: used job spaces / total job spaces", () => {
    needPromtool();
    const total = 20;
    const remaining = 11;
    const expected = (total - remaining) / total;
    const r = testRules({ groups: [] }, [
      exprTest(
        [
          { series: 'custom_code_runner_total_job_spaces{pod="r1"}', values: "12x10" },
          { series: 'custom_code_runner_total_job_spaces{pod="r2"}', values: `${total - 12}x10` },
          { series: 'custom_code_runner_remaining_job_spaces{pod="r1"}', values: "5x10" },
          { series: 'custom_code_runner_remaining_job_spaces{pod="r2"}', values: `${remaining - 5}x10` },
        ],
        triggerQuery(example(file, "custom-code-runner")),
        [{ labels: "{}", value: expected }],
      ),
    ]);
    expectOk(r, "custom-code-runner query");
    expect(expected).toBe(0.45);
  });

  it("checkout (extra): pending jobs / 10 jobs per replica", () => {
    needPromtool();
    const c = example("extra-policies.yaml", "checkout");
    const r = testRules({ groups: [] }, [
      exprTest([{ series: 'checkout_jobs_pending{namespace="shop"}', values: "35x10" }], triggerQuery(c, 1), [{ labels: "{}", value: 35 / 10 }]),
    ]);
    expectOk(r, "checkout queue query");
  });
});

describe("promtool test rules: adapter metricsQuery per pod", () => {
  const ns = "ridehailing";
  const rate = 600; // requests per second per pod
  const perMinute = rate * 60;

  it("rider-api: rate(<<.Series>>{<<.LabelMatchers>>}[2m]) on a counter growing 600/s per pod gives 600 per pod", () => {
    needPromtool();
    const c = example("rider-api.yaml", "rider-api");
    const [rule] = c.out.adapterRules;
    const series = "http_server_requests_seconds_count";
    expect(seriesOf(rule!)).toBe(series);
    const query = fillLikeAdapter(rule!.metricsQuery, series, ns, ["rider-api-a", "rider-api-b"]);
    const r = testRules({ groups: [] }, [
      {
        interval: "1m",
        input_series: [
          { series: `${series}{namespace="${ns}",pod="rider-api-a",uri="/rides"}`, values: `0+${perMinute}x20` },
          { series: `${series}{namespace="${ns}",pod="rider-api-b",uri="/rides"}`, values: `1000+${perMinute}x20` },
          // Not one of the requested pods, and another namespace: both excluded by the label matchers.
          { series: `${series}{namespace="${ns}",pod="rider-api-c",uri="/rides"}`, values: "0+99x20" },
          { series: `${series}{namespace="other",pod="rider-api-a",uri="/rides"}`, values: "0+99x20" },
        ],
        promql_expr_test: [
          {
            expr: query,
            eval_time: "10m",
            exp_samples: [
              { labels: `{namespace="${ns}",pod="rider-api-a",uri="/rides"}`, value: rate },
              { labels: `{namespace="${ns}",pod="rider-api-b",uri="/rides"}`, value: rate },
            ],
          },
        ],
      },
    ]);
    expectOk(r, `rider-api metricsQuery ${query}`);
  });

  // Every other adapter rule: counters read as a per-second rate, gauges as they are, one value per pod.
  it.each(adapterRules)("%s yields the per-pod value", (_label, c, rule) => {
    needPromtool();
    const series = seriesOf(rule);
    const metric = c.policy.scaling!.metrics.find((m) => "from" in m && m.from?.prometheus?.series === series)!;
    expect(metric, `metric reading ${series}`).toBeDefined();
    const counter = metric.kind === "requestRate";
    const namespace = c.policy.namespace;
    const pods = [`${c.policy.service}-x1`, `${c.policy.service}-x2`];
    const perPod = [7, 11]; // per second for counters, the gauge value otherwise
    const query = fillLikeAdapter(rule.metricsQuery, series, namespace, pods);
    const r = testRules({ groups: [] }, [
      {
        interval: "1m",
        input_series: pods.map((pod, i) => ({ series: `${series}{namespace="${namespace}",pod="${pod}"}`, values: counter ? `0+${perPod[i]! * 60}x20` : `${perPod[i]}x20` })),
        promql_expr_test: [
          {
            // Normalise the labels (some templates aggregate by pod, some keep every label): one series per pod either way.
            expr: `sum by (pod) (${query})`,
            eval_time: "10m",
            exp_samples: pods.map((pod, i) => ({ labels: `{pod="${pod}"}`, value: perPod[i]! })),
          },
        ],
      },
    ]);
    expectOk(r, `${series} (${counter ? "counter" : "gauge"}) metricsQuery ${query}`);
  });
});

// ---------------------------------------------------------------------------------------------
// The pinned-at-max alert.

interface AlertScenario {
  current: number;
  max: number;
  series: Array<{ series: string; values: string }>;
}

/** The PrometheusRule of a case, with annotations removed (their prose is not under test; labels are). */
function alertRuleFile(c: KubernetesCase): { groups: RuleGroup[]; alert: Rule } {
  const m = c.out.manifests.find((x) => x.kind === "PrometheusRule");
  if (!m) throw new Error(`${c.label}: no PrometheusRule`);
  const groups = structuredClone((m.spec as { groups: RuleGroup[] }).groups);
  for (const g of groups) for (const r of g.rules) delete r.annotations;
  const alert = groups.flatMap((g) => g.rules).find((r) => r.alert)!;
  return { groups, alert };
}

/** kube-state-metrics' HPA series, as it exports them (plus the scrape labels). */
function hpaSeries(namespace: string, hpa: string, current: number, max: number) {
  const labels = `namespace="${namespace}",horizontalpodautoscaler="${hpa}",job="kube-state-metrics",instance="ksm:8080"`;
  return [
    { series: `kube_horizontalpodautoscaler_status_current_replicas{${labels}}`, values: `${current}x40` },
    { series: `kube_horizontalpodautoscaler_spec_max_replicas{${labels}}`, values: `${max}x40` },
  ];
}

/**
 * Runs the case's alert over the scenario. Before `for` has passed it must not fire (it can be pending at
 * most); after `warmupMinutes + for` (+2m) it must fire or not, as `fires` says, and still at 35m.
 * `warmupMinutes` is the rate() window for counter-based conditions: promtool's series start at t=0, and
 * rate() over a series younger than its window underestimates (extrapolation is limited to half an interval).
 */
function alertTest(c: KubernetesCase, hpaName: string, s: AlertScenario, fires: boolean, forSeconds: number, warmupMinutes = 0): PromtoolResult {
  const { groups, alert } = alertRuleFile(c);
  const pinned = c.policy.alerts!.pinnedAtMax!;
  // `>= on(namespace, horizontalpodautoscaler)` keeps only the `on` labels (one-to-one matching), so the
  // scrape labels job/instance are gone; the rule adds severity and service.
  const expectedAlert = {
    exp_labels: {
      namespace: c.policy.namespace,
      horizontalpodautoscaler: hpaName,
      severity: pinned.severity,
      service: c.policy.service,
    },
  };
  const before = Math.max(0, forSeconds / 60 - 1);
  const after = warmupMinutes + forSeconds / 60 + 2;
  return testRules({ groups }, [
    {
      interval: "1m",
      input_series: [...hpaSeries(c.policy.namespace, hpaName, s.current, s.max), ...s.series],
      alert_rule_test: [
        // Pending, not yet firing, before `for` has passed.
        ...(forSeconds > 0 ? [{ eval_time: `${before}m`, alertname: alert.alert, exp_alerts: [] }] : []),
        { eval_time: `${after}m`, alertname: alert.alert, exp_alerts: fires ? [expectedAlert] : [] },
        { eval_time: "35m", alertname: alert.alert, exp_alerts: fires ? [expectedAlert] : [] },
      ],
    },
  ]);
}

describe("promtool test rules: the pinned-at-max alert (HPA: lightning-asr-advanced)", () => {
  const c = example("lightning-asr-advanced.yaml", "lightning-asr");
  const hpa = () => c.out.manifests.find((m) => m.kind === "HorizontalPodAutoscaler")!;
  const max = c.policy.scaling!.replicas.max;
  const perReplica = 5; // asr_active_requests per pod, from the policy
  const forSeconds = c.policy.alerts!.pinnedAtMax!.for;
  const pods = ["lightning-asr-7d9f8-aaaaa", "lightning-asr-7d9f8-bbbbb", "lightning-asr-7d9f8-ccccc", "lightning-asr-7d9f8-ddddd"];
  /** Active requests spread over the pods so that the total is `total`. */
  const activeRequests = (total: number) => pods.map((pod) => ({ series: `asr_active_requests{namespace="smallest",pod="${pod}"}`, values: `${total / pods.length}x40` }));

  it("the rule exists and uses the policy's `for` (15m default)", () => {
    expect(forSeconds).toBe(900);
    expect(alertRuleFile(c).alert.for).toBe("15m");
  });

  it("FIRES at max with load per replica above target for longer than `for`", () => {
    needPromtool();
    const total = max * (perReplica + 1); // 6 per replica > 5
    expectOk(alertTest(c, hpa().metadata.name, { current: max, max, series: activeRequests(total) }, true, forSeconds), "fires at max under load");
  });

  it("stays SILENT at max when load per replica is below target", () => {
    needPromtool();
    const total = max * (perReplica - 1); // 4 per replica < 5
    expectOk(alertTest(c, hpa().metadata.name, { current: max, max, series: activeRequests(total) }, false, forSeconds), "silent at max below target");
  });

  it("stays SILENT below max even with high load (the HPA can still scale)", () => {
    needPromtool();
    const total = max * perReplica * 3;
    expectOk(alertTest(c, hpa().metadata.name, { current: max - 5, max, series: activeRequests(total) }, false, forSeconds), "silent below max");
  });

  it("stays SILENT when only another workload whose name shares the prefix (lightning-asr-gpu) is overloaded", () => {
    needPromtool();
    const own = activeRequests(max * (perReplica - 1)); // 4 per replica: below target
    const neighbour = ["lightning-asr-gpu-5b7c9-qqqqq", "lightning-asr-gpu-5b7c9-wwwww"].map((pod) => ({
      series: `asr_active_requests{namespace="smallest",pod="${pod}"}`,
      values: `${max * perReplica}x40`,
    }));
    expectOk(alertTest(c, hpa().metadata.name, { current: max, max, series: [...own, ...neighbour] }, false, forSeconds), "silent: neighbour's load");
  });

  it("FIRES at max when CPU utilisation (usage / requests) is above its 70 % target", () => {
    needPromtool();
    const cpu = (coresPerPod: number) =>
      pods.flatMap((pod) => [
        { series: `container_cpu_usage_seconds_total{namespace="smallest",pod="${pod}",container="asr"}`, values: `0+${coresPerPod * 60}x40` },
        { series: `kube_pod_container_resource_requests{namespace="smallest",pod="${pod}",container="asr",resource="cpu",unit="core"}`, values: "1x40" },
      ]);
    const idle = activeRequests(max * 1); // 1 request per replica: the in-flight condition is false
    const window = 5; // rate(container_cpu_usage_seconds_total[5m]), the kubelet/cAdvisor convention
    expectOk(alertTest(c, hpa().metadata.name, { current: max, max, series: [...idle, ...cpu(0.8)] }, true, forSeconds, window), "fires on 80 % cpu");
    expectOk(alertTest(c, hpa().metadata.name, { current: max, max, series: [...idle, ...cpu(0.5)] }, false, forSeconds, window), "silent on 50 % cpu");
  });
});

describe("promtool test rules: the pinned-at-max alert (KEDA: checkout, threshold 0.9 of target, for 10m)", () => {
  const c = example("extra-policies.yaml", "checkout");
  const so = () => c.out.manifests.find((m) => m.kind === "ScaledObject")!;
  const max = c.policy.scaling!.replicas.max; // 12
  const jobsPerReplica = 10;
  const threshold = c.policy.alerts!.pinnedAtMax!.threshold; // 0.9
  const forSeconds = c.policy.alerts!.pinnedAtMax!.for; // 600
  const limit = max * jobsPerReplica * threshold; // 108 pending jobs
  const jobs = (n: number) => [{ series: 'checkout_jobs_pending{namespace="shop",queue="orders"}', values: `${n}x40` }];
  // KEDA names the HPA it creates keda-hpa-<ScaledObject name>.
  const kedaHpa = () => `keda-hpa-${so().metadata.name}`;

  it("FIRES at max when pending jobs exceed 90 % of max × jobsPerReplica", () => {
    needPromtool();
    expect(forSeconds).toBe(600);
    expectOk(alertTest(c, kedaHpa(), { current: max, max, series: jobs(limit + 2) }, true, forSeconds), "fires above the threshold");
  });

  it("stays SILENT at max just below that threshold, and below max above it", () => {
    needPromtool();
    expectOk(alertTest(c, kedaHpa(), { current: max, max, series: jobs(limit - 8) }, false, forSeconds), "silent below threshold");
    expectOk(alertTest(c, kedaHpa(), { current: max - 1, max, series: jobs(limit * 3) }, false, forSeconds), "silent below max");
  });

  it("FIRES on the request-rate trigger too (40 req/s per replica target)", () => {
    needPromtool();
    const perReplica = 40;
    const rps = max * perReplica * threshold + max; // above 90 % of target per replica
    const series = [{ series: 'checkout_requests_total{namespace="shop",pod="checkout-1"}', values: `0+${rps * 60}x40` }];
    expectOk(alertTest(c, kedaHpa(), { current: max, max, series }, true, forSeconds, 2), "fires on request rate");
  });
});

describe("promtool test rules: the pinned-at-max alert (KEDA Value target: ledger)", () => {
  const c = example("extra-policies.yaml", "ledger");
  const max = c.policy.scaling!.replicas.max;
  const hpaName = () => `keda-hpa-${c.out.manifests.find((m) => m.kind === "ScaledObject")!.metadata.name}`;
  const lag = (s: number) => [{ series: 'ledger_replication_lag_seconds{pod="ledger-db-writer-0"}', values: `${s}x40` }];
  const target = 30; // seconds of lag for the whole service (Value)

  it("FIRES at max when the service-wide value exceeds its target, SILENT when it does not", () => {
    needPromtool();
    const forSeconds = c.policy.alerts!.pinnedAtMax!.for;
    expectOk(alertTest(c, hpaName(), { current: max, max, series: lag(target + 15) }, true, forSeconds), "fires on lag 45 s");
    expectOk(alertTest(c, hpaName(), { current: max, max, series: lag(target - 10) }, false, forSeconds), "silent on lag 20 s");
  });
});

describe("no pinned-at-max rule when min == max", () => {
  it("batch-sink (min 3, max 3) compiles to no PrometheusRule, with an info diagnostic", () => {
    const c = example("extra-policies.yaml", "batch-sink");
    expect(c.policy.scaling!.replicas.min).toBe(c.policy.scaling!.replicas.max);
    expect(c.policy.alerts?.pinnedAtMax).toBeDefined();
    expect(c.out.manifests.some((m) => m.kind === "PrometheusRule")).toBe(false);
    expect(c.out.warnings.find((w) => w.code === "alert_min_equals_max")?.severity).toBe("info");
  });
});
