/**
 * Container Apps alerts and dashboard: the MetricAlert args validate strictly against Azure's metricAlerts model
 * (test/fixtures/container-apps/metric-alert.schema.json, from azure-rest-api-specs), the workbook against Microsoft's
 * workbook schema, the Membrane seeds' apps get the alerts their replica bounds and rules imply, and nothing fires
 * when min == max. The log search alerts have their own file (log-alerts.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicyFile, type ScalingPolicy } from "../../../src/policy";
import { METRIC_ALERT_WINDOWS, compileContainerAppsObservability, type ContainerAppsMetricAlertArgs } from "../../../src/targets/container-apps/observability";
import { closeObjects } from "../../helpers/strict-schema";
import { policy } from "./helpers";
import { workbookErrors } from "./workbook-schema";

const ROOT = join(__dirname, "..", "..", "..");
const SPEC = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "container-apps", "metric-alert.schema.json"), "utf8"));
const APP_ID = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/membrane-rg/providers/Microsoft.App/containerApps/membrane-api";

/** The swagger's discriminated criteria resolved into plain JSON Schema (parent properties merged into each child). */
function resolvedSchema() {
  const d = SPEC.definitions;
  const merge = (child: any, parent: any) => ({
    type: "object",
    required: [...(parent.required ?? []), ...(child.required ?? [])],
    properties: { ...parent.properties, ...child.properties },
  });
  const criterion = merge(d.MetricCriteria, d.MultiMetricCriteria);
  const criteria = merge(d.MetricAlertSingleResourceMultipleMetricCriteria, d.MetricAlertCriteria);
  criteria.properties.allOf = { type: "array", items: criterion };
  criterion.properties.dimensions = { type: "array", items: d.MetricDimension };
  const props = structuredClone(d.MetricAlertProperties);
  props.properties.criteria = criteria;
  props.properties.actions = { type: "array", items: d.MetricAlertAction };
  return closeObjects({ type: "object", ...props });
}
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(resolvedSchema());

/** The ARM PUT body's `properties` for the args (Pulumi's `odataType` is the wire's `odata.type`), as the component completes them. */
function armProperties(args: ContainerAppsMetricAlertArgs, actionGroupIds: string[]) {
  const { location: _resourceLevel, criteria, ...rest } = args;
  const { odataType, ...c } = criteria;
  return { ...rest, scopes: [APP_ID], actions: actionGroupIds.map((actionGroupId) => ({ actionGroupId })), criteria: { "odata.type": odataType, ...c } };
}

function expectValid(args: ContainerAppsMetricAlertArgs) {
  const body = armProperties(args, ["/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/actionGroups/oncall"]);
  expect(validate(body) ? [] : validate.errors).toEqual([]);
  expect([0, 1, 2, 3, 4]).toContain(body.severity);
  expect(METRIC_ALERT_WINDOWS.map(([w]) => w)).toContain(body.windowSize);
  expect(["PT1M", "PT5M", "PT15M", "PT30M", "PT1H"]).toContain(body.evaluationFrequency);
}

/** A seed's policy with every alert and the dashboard asked for (the seeds themselves ask for none). */
function seed(file: string): ScalingPolicy {
  const path = join(ROOT, "examples", "seeds", file);
  const text = `${readFileSync(path, "utf8")}\nalerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} }\ndashboard: {}\n`;
  return parsePolicyFile(text, path)[0]!;
}

const ALL = { alerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} }, dashboard: {} };

describe("container-apps metric alerts against Azure's metricAlerts model", () => {
  it("the strict schema refuses a misspelt field and a wrong enum (it can fail)", () => {
    const args = compileContainerAppsObservability(policy({ metrics: [{ cpu: { utilization: 60 } }] }, { alerts: { pinnedAtMax: {} } })).metricAlerts[0]!.args;
    const body = armProperties(args, []);
    expect(validate({ ...body, windowsize: "PT5M" })).toBe(false);
    expect(validate({ ...body, criteria: { ...body.criteria, allOf: [{ ...body.criteria.allOf[0], timeAggregation: "Max" }] } })).toBe(false);
  });

  it.each([
    // The API's only rule is http (concurrency 100): at max, Requests above 100/s per replica over the window is a second criterion.
    ["membrane-container-apps-api.yaml", 10, 100, ["alerts.metricUnavailable alert_not_applicable"]],
    // The worker's azure-monitor rule is a KEDA scaler: not an Azure metric, Replicas alone; 2 → 4 → 8 → 16 → 20 is 4 scale-outs > 3.
    ["membrane-container-apps-instant-worker.yaml", 20, undefined, ["alerts.flapping.maxScaleEvents alert_flapping_ramp"]],
  ])("golden: %s gets a pinned-at-max alert on Replicas at the seed's --max-replicas (%i) over 15 minutes", (file, max, concurrency, warned) => {
    const p = seed(file);
    const out = compileContainerAppsObservability(p);
    expect(out.metricAlerts).toHaveLength(1);
    const a = out.metricAlerts[0]!;
    expectValid(a.args);
    expect(a.args.windowSize).toBe("PT15M");
    const replicas = { criterionType: "StaticThresholdCriterion", name: "replicas-at-max", metricName: "Replicas", metricNamespace: "Microsoft.App/containerApps", timeAggregation: "Minimum", operator: "GreaterThanOrEqual", threshold: max };
    const requests = { criterionType: "StaticThresholdCriterion", name: "requests-above-target", metricName: "Requests", metricNamespace: "Microsoft.App/containerApps", timeAggregation: "Total", operator: "GreaterThan", threshold: concurrency! * max * 900 };
    expect(a.args.criteria.allOf).toEqual(concurrency === undefined ? [replicas] : [replicas, requests]);
    expect(a.args.severity).toBe(2);
    expect(out.warnings.map((w) => `${w.path.join(".")} ${w.code}`)).toEqual(warned);
    expect(out.logAlerts.map((l) => l.alert)).toEqual(concurrency === undefined ? ["metricUnavailable", "flapping"] : ["flapping"]);
    const wb = JSON.parse(out.workbook!.serializedData);
    expect(workbookErrors(wb)).toEqual([]);
    expect(wb.items.filter((i: any) => i.type === 10).flatMap((i: any) => i.content.metrics.map((m: any) => m.metric))).toContain("microsoft.app/containerapps--Replicas");
    expect(out.workbook!.displayName).toBe(`${p.service} autoscaling`);
  });

  it("the Requests criterion takes the alert's threshold and the smallest http target; a non-http rule drops it", () => {
    const http = [{ requestRate: { perReplica: 50, from: { prometheus: { series: "http_requests_total" } } } }, { inFlight: { perReplica: 20 } }];
    const one = compileContainerAppsObservability(policy({ replicas: { min: 1, max: 4 }, metrics: http }, { alerts: { pinnedAtMax: { threshold: 0.8, for: "5m" } } })).metricAlerts[0]!;
    expectValid(one.args);
    expect(one.args.criteria.allOf[1]).toMatchObject({ metricName: "Requests", threshold: 0.8 * 20 * 4 * 300 });
    const mixed = compileContainerAppsObservability(policy({ metrics: [{ inFlight: { perReplica: 20 } }, { cpu: { utilization: 60 } }] }, { alerts: { pinnedAtMax: {} } })).metricAlerts[0]!;
    expect(mixed.args.criteria.allOf.map((c) => c.name)).toEqual(["replicas-at-max"]);
    const tcp = compileContainerAppsObservability(policy({ metrics: [{ inFlight: { perReplica: 20, protocol: "tcp" } }] }, { alerts: { pinnedAtMax: {} } })).metricAlerts[0]!;
    expect(tcp.args.criteria.allOf.map((c) => c.name)).toEqual(["replicas-at-max"]);
  });

  it("min == max: no alert, an info note per alert; the workbook is still built", () => {
    const out = compileContainerAppsObservability(policy({ replicas: { min: 3, max: 3 }, metrics: [{ cpu: { utilization: 60 } }] }, ALL));
    expect(out.metricAlerts).toEqual([]);
    expect(out.logAlerts).toEqual([]);
    expect(out.warnings.map((w) => [w.path.join("."), w.code, w.severity])).toEqual([
      ["alerts.pinnedAtMax", "alert_min_equals_max", "info"],
      ["alerts.metricUnavailable", "alert_min_equals_max", "info"],
      ["alerts.flapping", "alert_min_equals_max", "info"],
    ]);
    expect(out.workbook).toBeDefined();
  });

  it.each([
    [60, "PT1M", "PT1M", false],
    [300, "PT5M", "PT5M", false],
    [600, "PT15M", "PT5M", true],
    [7200, "PT6H", "PT5M", true],
    [86400, "PT24H", "PT5M", false],
  ])("for %is maps to windowSize %s (evaluated every %s), a warning when rounded up: %s", (seconds, window, every, rounded) => {
    const out = compileContainerAppsObservability(policy({ metrics: [{ cpu: { utilization: 60 } }] }, { alerts: { pinnedAtMax: { for: `${seconds}s`, severity: "critical" } } }));
    const a = out.metricAlerts[0]!;
    expectValid(a.args);
    expect([a.args.windowSize, a.args.evaluationFrequency, a.args.severity]).toEqual([window, every, 0]);
    expect(out.warnings.some((w) => w.code === "alert_window_rounded")).toBe(rounded);
  });

  it("refuses a window beyond 24h and an unknown severity, naming the allowed values", () => {
    try {
      compileContainerAppsObservability(policy({ metrics: [{ cpu: { utilization: 60 } }] }, { alerts: { pinnedAtMax: { for: "25h", severity: "page" } } }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const issues = (e as PolicyError).issues;
      expect(issues.map((i) => i.path.join("."))).toEqual(["alerts.pinnedAtMax.severity", "alerts.pinnedAtMax.for"]);
      expect(issues[0]!.message).toContain('"page"');
      expect(issues[1]!.message).toContain("PT24H");
    }
  });
});
