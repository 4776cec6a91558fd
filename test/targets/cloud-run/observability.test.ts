/**
 * Cloud Run observability (issue 14): Cloud Monitoring alert policies (PromQL conditions) and a dashboard,
 * as `@pulumi/gcp` monitoring args. The args validate against the REST form of the API's messages
 * (test/fixtures/cloud-run/monitoring-*.schema.json, derived from the googleapis protos shipped in
 * @google-cloud/monitoring and @google-cloud/monitoring-dashboards; objects closed, REQUIRED fields and
 * oneofs checked here); every PromQL passes promtool; the pinned-at-max condition fires on synthetic series.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/load";
import { membranePolicies } from "../../../src/presets/membrane";
import { compileCloudRun } from "../../../src/targets/cloud-run/compile";
import { compileCloudRunObservability, type CloudRunObservability } from "../../../src/targets/cloud-run/observability";
import type { ScalingPolicyInput } from "../../../src/types";
import { checkRules, recordingRules, requirePromtool, testRules } from "../../helpers/promtool";
import { close } from "../ecs/helpers";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "cloud-run");
const WATCH = { alerts: { pinnedAtMax: {}, flapping: { severity: "critical" } }, dashboard: {} } as const;

type Schema = { definitions: Record<string, { properties?: Record<string, unknown>; "x-required"?: string[]; "x-oneofs"?: string[][] }> };
function validator(file: string, root: string) {
  const schema = JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as Schema;
  const closed = structuredClone(schema);
  close(closed);
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(closed, "s");
  const v = ajv.getSchema(`s#/definitions/${root}`)!;
  /** Walks the value with the schema: REQUIRED fields present, at most one member of each oneof. */
  const documented = (value: unknown, def: string, at: string, errors: string[]) => {
    const d = schema.definitions[def]!;
    if (typeof value !== "object" || value === null || !d.properties) return;
    const o = value as Record<string, unknown>;
    for (const r of d["x-required"] ?? []) if (o[r] === undefined) errors.push(`${at}.${r} is REQUIRED`);
    for (const group of d["x-oneofs"] ?? []) if (group.filter((k) => o[k] !== undefined).length > 1) errors.push(`${at}: more than one of ${group.join(", ")}`);
    for (const [k, x] of Object.entries(o)) {
      const p = d.properties[k] as { $ref?: string; items?: { $ref?: string } } | undefined;
      const ref = p?.$ref ?? p?.items?.$ref;
      if (!ref) continue;
      for (const item of Array.isArray(x) ? x : [x]) documented(item, ref.slice("#/definitions/".length), `${at}.${k}`, errors);
    }
  };
  return (value: unknown): string[] => {
    const errors = v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    documented(value, root, "", errors);
    return errors;
  };
}
const alertPolicyErrors = validator("monitoring-alert-policy.schema.json", "google.monitoring.v3.AlertPolicy");
const dashboardErrors = validator("monitoring-dashboard.schema.json", "google.monitoring.dashboard.v1.Dashboard");

function watched(input: ScalingPolicyInput): CloudRunObservability {
  const policy = parsePolicy(input);
  return compileCloudRunObservability(policy, compileCloudRun(policy).args);
}

beforeAll(() => {
  requirePromtool();
});

describe("the Membrane services on Cloud Run (golden: the seed's API, min 2, max 10, concurrency 80)", () => {
  const all = membranePolicies("cloud-run").policies.filter((p) => (p.scaling?.mode ?? "autoscale") === "autoscale").map((p) => ({ p, o: watched({ ...p, ...WATCH }) }));

  it("alert policies and dashboards validate against the Cloud Monitoring API messages; every PromQL passes promtool", () => {
    expect(all.length).toBeGreaterThanOrEqual(1);
    const queries: string[] = [];
    for (const { p, o } of all) {
      expect(o.alertPolicies.map((a) => a.alert), p.service).toEqual(["pinnedAtMax", "flapping"]);
      for (const a of o.alertPolicies) {
        expect(alertPolicyErrors(a.args), `${p.service} ${a.name}`).toEqual([]);
        queries.push(...a.args.conditions.map((c) => c.conditionPrometheusQueryLanguage.query));
      }
      const d = JSON.parse(o.dashboard!.dashboardJson);
      expect(dashboardErrors(d), p.service).toEqual([]);
      queries.push(...d.mosaicLayout.tiles.flatMap((t: { widget: { xyChart: { dataSets: { timeSeriesQuery: { prometheusQuery: string } }[] } } }) => t.widget.xyChart.dataSets.map((s) => s.timeSeriesQuery.prometheusQuery)));
    }
    const r = checkRules(recordingRules(queries));
    expect(r.ok, r.output).toBe(true);
  });

  it("api: at 10 instances and a mean concurrency above 48 (60 % of the seed's 80), or CPU above 60 %", () => {
    const api = all.find(({ p }) => p.service.endsWith("api"))!;
    const q = api.o.alertPolicies[0]!.args.conditions[0]!.conditionPrometheusQueryLanguage;
    expect(q.duration).toBe("900s");
    expect(q.query).toMatch(/^\(sum\(run_googleapis_com:container_instance_count\{monitored_resource="cloud_run_revision",service_name="[a-z-]+"\}\) >= 10\) and on\(\) \(\(.*max_request_concurrencies_sum.* > 48\) or \(.*cpu_utilizations_sum.* > 0\.6\)\)$/);
  });
});

describe("the pinned-at-max condition on synthetic series (promtool test rules)", () => {
  const o = watched({ service: "web", scaling: { replicas: { min: 1, max: 4 }, metrics: [{ inFlight: { perReplica: 30 } }] }, alerts: { pinnedAtMax: { for: "5m" } } });
  const query = o.alertPolicies[0]!.args.conditions[0]!.conditionPrometheusQueryLanguage.query;
  const sel = 'monitored_resource="cloud_run_revision",service_name="web"';
  const series = (instances: number, meanConcurrency: number) => [
    { series: `run_googleapis_com:container_instance_count{${sel},revision_name="web-001",state="active"}`, values: `${instances}x40` },
    // distribution: every minute 60 requests observed, summing to 60 x the mean
    { series: `run_googleapis_com:container_max_request_concurrencies_count{${sel},revision_name="web-001"}`, values: "0+60x40" },
    { series: `run_googleapis_com:container_max_request_concurrencies_sum{${sel},revision_name="web-001"}`, values: `0+${60 * meanConcurrency}x40` },
    { series: `run_googleapis_com:container_cpu_utilizations_count{${sel},revision_name="web-001"}`, values: "0+60x40" },
    { series: `run_googleapis_com:container_cpu_utilizations_sum{${sel},revision_name="web-001"}`, values: `0+${60 * 0.2}x40` },
  ];
  const run = (instances: number, mean: number, fires: boolean) =>
    testRules({ groups: [{ name: "t", rules: [{ alert: "Pinned", expr: query, for: "5m" }] }] }, [
      { interval: "1m", input_series: series(instances, mean), alert_rule_test: [{ eval_time: "20m", alertname: "Pinned", exp_alerts: fires ? [{ exp_labels: {} }] : [] }] },
    ]);

  it("fires at max (4) with a mean concurrency of 40 > 30 x 1.0 target (maxInstanceRequestConcurrency 50 x 0.6)", () => {
    expect(query).toContain("> 30)");
    const r = run(4, 40, true);
    expect(r.ok, r.output).toBe(true);
  });

  it("stays silent at max with concurrency below target, and below max with concurrency above", () => {
    expect(run(4, 20, false).ok).toBe(true);
    expect(run(3, 40, false).ok).toBe(true);
  });
});

describe("limits and notes", () => {
  const base: ScalingPolicyInput = { service: "web", scaling: { replicas: { min: 1, max: 5 }, metrics: [{ inFlight: { perReplica: 30 } }] } };
  it("nothing when min == max; metric unavailable is reported as not applicable; an unknown severity is an error", () => {
    expect(watched({ ...base, scaling: { ...base.scaling!, replicas: { min: 2, max: 2 } }, ...WATCH }).alertPolicies).toEqual([]);
    expect(watched({ ...base, alerts: { metricUnavailable: {} } }).warnings.map((w) => [w.path.join("."), w.code])).toEqual([["alerts.metricUnavailable", "alert_not_applicable"]]);
    expect(() => watched({ ...base, alerts: { flapping: { severity: "page" } } })).toThrow(/alerts\.flapping\.severity: must be "warning", "error" or "critical" on cloud-run/);
  });

  it("the schema checks catch an unknown field, two oneof members and a missing REQUIRED query", () => {
    const a = watched({ ...base, ...WATCH }).alertPolicies[0]!.args;
    const c = a.conditions[0]!;
    expect(alertPolicyErrors({ ...a, bogus: 1 })).not.toEqual([]);
    expect(alertPolicyErrors({ ...a, conditions: [{ ...c, conditionAbsent: { filter: "x", duration: "60s" } }] })).toEqual([".conditions: more than one of conditionThreshold, conditionAbsent, conditionMatchedLog, conditionMonitoringQueryLanguage, conditionPrometheusQueryLanguage, conditionSql"]);
    expect(alertPolicyErrors({ ...a, conditions: [{ displayName: "x", conditionPrometheusQueryLanguage: { duration: "60s" } }] })).toEqual([".conditions.conditionPrometheusQueryLanguage.query is REQUIRED"]);
  });
});
