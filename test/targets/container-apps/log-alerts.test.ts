/**
 * Container Apps flapping and metric-unavailable alerts: Azure Monitor log search alerts (scheduledQueryRules) on the
 * environment's system logs. The args validate strictly against the ARM model (test/fixtures/container-apps/
 * scheduled-query-rule.schema.json); each query binds in Microsoft's Kusto language service against the documented
 * ContainerAppSystemLogs columns, with either log destination's table alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { LOG_ALERT_WINDOWS, compileContainerAppsObservability, systemLogQuery, type ContainerAppsLogAlertArgs } from "../../../src/targets/container-apps/observability";
import { policyErrorOf } from "../../helpers/policy-error";
import { closeObjects } from "../../helpers/strict-schema";
import { policy } from "./helpers";
import { kqlDiagnostics } from "./kql";
import { FIXTURES } from "./schema";

const SPEC = JSON.parse(readFileSync(join(FIXTURES, "scheduled-query-rule.schema.json"), "utf8"));
const WORKSPACE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/env-logs";
const GROUP = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/microsoft.insights/actionGroups/oncall";

/** The PUT body of a rule (ARM `ScheduledQueryRuleResource`), as the component completes the args. */
function armBody(args: ContainerAppsLogAlertArgs) {
  const { kind, ...properties } = args;
  return { location: "westeurope", kind, properties: { ...properties, scopes: [WORKSPACE], actions: { actionGroups: [GROUP] } } };
}

const bodySchema = closeObjects({
  type: "object",
  required: SPEC.resource.required,
  properties: { location: { type: "string" }, kind: SPEC.resource.kind, properties: { $ref: "#/definitions/ScheduledQueryRuleProperties" } },
  definitions: structuredClone(SPEC.definitions),
});
bodySchema.definitions.ScheduledQueryRuleProperties.required = SPEC.resource.propertiesRequired;
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(bodySchema);

/** Schema errors, plus what ajv leaves to the service: readOnly fields sent, ISO 8601 durations, failing periods. */
function armErrors(args: ContainerAppsLogAlertArgs): string[] {
  const body = armBody(args);
  const errors = validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const props = SPEC.definitions.ScheduledQueryRuleProperties.properties;
  for (const k of Object.keys(body.properties)) if (props[k]?.readOnly) errors.push(`${k} is readOnly`);
  for (const k of ["evaluationFrequency", "windowSize"] as const) if (!/^PT(\d+H)?(\d+M)?$/.test(body.properties[k]) || body.properties[k] === "PT") errors.push(`${k} ${body.properties[k]} is not an ISO 8601 duration`);
  for (const c of body.properties.criteria.allOf) {
    const f = c.failingPeriods;
    if (f.minFailingPeriodsToAlert > f.numberOfEvaluationPeriods) errors.push("minFailingPeriodsToAlert > numberOfEvaluationPeriods");
  }
  return errors;
}

const alertsOf = (extra: Record<string, unknown>, metrics: unknown[] = [{ cpu: { utilization: 60 } }], replicas = { min: 1, max: 12 }) =>
  compileContainerAppsObservability(policy({ replicas, metrics }, { alerts: extra }));

describe("the ARM model and the query language, as checks that can fail", () => {
  it("the strict schema refuses a misspelt field, a wrong enum, a readOnly field and a missing scope", () => {
    const args = alertsOf({ flapping: {} }).logAlerts[0]!.args;
    expect(armErrors(args)).toEqual([]);
    expect(validate({ ...armBody(args), properties: { ...armBody(args).properties, windowsize: "PT1H" } })).toBe(false);
    expect(armErrors({ ...args, criteria: { allOf: [{ ...args.criteria.allOf[0], timeAggregation: "Sum" as never }] } })).not.toEqual([]);
    expect(armErrors({ ...args, createdWithApiVersion: "x" } as never)).toContain("createdWithApiVersion is readOnly");
    const { scopes: _s, ...noScopes } = armBody(args).properties;
    expect(validate({ ...armBody(args), properties: noScopes })).toBe(false);
  });

  it("the language service binds the query against either table alone, and refuses a wrong column or table", () => {
    const q = systemLogQuery("svc", "KEDAScalerFailed");
    expect(kqlDiagnostics(q)).toEqual([]);
    // With one destination's table only, the fuzzy union just warns about the other (no error).
    expect(kqlDiagnostics(q, ["ContainerAppSystemLogs"])).toEqual([expect.stringMatching(/^Warning The fuzzy name 'ContainerAppSystemLogs_CL'/)]);
    expect(kqlDiagnostics(q, ["ContainerAppSystemLogs_CL"])).toEqual([expect.stringMatching(/^Warning The fuzzy name 'ContainerAppSystemLogs'/)]);
    // Without isfuzzy a missing table is an error: the fuzzy union is what lets one query serve both destinations.
    expect(kqlDiagnostics(q.replace("union isfuzzy=true", "union"), ["ContainerAppSystemLogs"])).toEqual([expect.stringMatching(/^Error .*ContainerAppSystemLogs_CL/)]);
    expect(kqlDiagnostics("ContainerAppSystemLogs_CL | where ContainerAppName == 'svc'")).toEqual([expect.stringContaining("ContainerAppName")]);
    expect(kqlDiagnostics(`${q}\n| summarize n = dcount(bin(TimeGenrated, 1m))`)).toEqual([expect.stringContaining("TimeGenrated")]);
  });
});

describe("metric unavailable: KEDAScalerFailed in every period of `for`", () => {
  it.each([
    [600, "PT5M", 2, false],
    [300, "PT5M", 1, false],
    [420, "PT5M", 2, true],
    [3600, "PT10M", 6, false],
    [86400, "PT4H", 6, false],
    [7000, "PT30M", 6, true],
  ])("for %is: windows of %s, %i periods all failing, rounded: %s", (seconds, window, periods, rounded) => {
    const out = alertsOf({ metricUnavailable: { for: `${seconds}s` } });
    const a = out.logAlerts[0]!;
    expect(armErrors(a.args)).toEqual([]);
    expect(a.name).toBe("svc-metric-unavailable");
    expect(a.args.windowSize).toBe(window);
    expect(LOG_ALERT_WINDOWS.map(([w]) => w)).toContain(a.args.windowSize);
    expect(a.args.criteria.allOf[0].failingPeriods).toEqual({ numberOfEvaluationPeriods: periods, minFailingPeriodsToAlert: periods });
    expect(a.args.criteria.allOf[0]).toMatchObject({ timeAggregation: "Count", operator: "GreaterThan", threshold: 0 });
    expect(kqlDiagnostics(a.args.criteria.allOf[0].query)).toEqual([]);
    expect(a.args.criteria.allOf[0].query).toContain('Reason == "KEDAScalerFailed"');
    expect(out.warnings.some((w) => w.code === "alert_window_rounded")).toBe(rounded);
  });

  it("the query names the Container App it is compiled for", () => {
    const p = policy({ metrics: [{ cpu: { utilization: 60 } }] }, { alerts: { metricUnavailable: {} } });
    expect(compileContainerAppsObservability(p, "orders-prod").logAlerts[0]!.args.criteria.allOf[0].query).toContain('App == "orders-prod"');
  });

  it("not generated when no rule reads a metric that can fail (http, tcp and cron rules), with a warning", () => {
    const out = alertsOf({ metricUnavailable: {} }, [{ inFlight: { perReplica: 10 } }, { schedule: { timezone: "UTC", start: "0 8 * * *", end: "0 18 * * *", replicas: 2 } }]);
    expect(out.logAlerts).toEqual([]);
    expect(out.warnings.map((w) => [w.code, w.path.join(".")])).toContainEqual(["alert_not_applicable", "alerts.metricUnavailable"]);
  });
});

describe("flapping: scale-outs (AssigningReplica minutes) above ⌊maxScaleEvents / 2⌋ within the window", () => {
  it("defaults: 1 h window, more than 3 scale-outs; the query counts distinct minutes and binds", () => {
    const out = alertsOf({ flapping: {} });
    const a = out.logAlerts[0]!;
    expect(armErrors(a.args)).toEqual([]);
    expect([a.name, a.args.windowSize, a.args.evaluationFrequency]).toEqual(["svc-flapping", "PT1H", "PT5M"]);
    expect(a.args.criteria.allOf[0]).toMatchObject({ timeAggregation: "Total", metricMeasureColumn: "ScaleOuts", operator: "GreaterThan", threshold: 3 });
    expect(a.args.criteria.allOf[0].query).toContain('Reason == "AssigningReplica"');
    expect(kqlDiagnostics(a.args.criteria.allOf[0].query)).toEqual([]);
    expect(out.warnings).toEqual([]);
  });

  it.each([
    [7, 3],
    [1, 0],
    [20, 10],
  ])("maxScaleEvents %i → more than %i scale-outs", (maxScaleEvents, threshold) => {
    const a = alertsOf({ flapping: { maxScaleEvents } }, undefined, { min: 4, max: 8 }).logAlerts[0]!;
    expect(a.args.criteria.allOf[0].threshold).toBe(threshold);
  });

  it("a window that is no log alert window is rounded up with a warning; 24 h is evaluated hourly", () => {
    const out = alertsOf({ flapping: { window: "20m" } });
    expect(out.logAlerts[0]!.args.windowSize).toBe("PT30M");
    expect(out.warnings.map((w) => [w.code, w.path.join(".")])).toEqual([["alert_window_rounded", "alerts.flapping.window"]]);
    const day = alertsOf({ flapping: { window: "24h" } }).logAlerts[0]!;
    expect([day.args.windowSize, day.args.evaluationFrequency]).toEqual(["PT24H", "PT1H"]);
    expect(armErrors(day.args)).toEqual([]);
  });

  it("warns when a steady climb from min to max alone would exceed the threshold (1 → 4 → 8 → 16 → 32 → 50: 5 scale-outs > 3)", () => {
    const out = alertsOf({ flapping: {} }, undefined, { min: 1, max: 50 });
    const w = out.warnings.find((x) => x.code === "alert_flapping_ramp")!;
    expect(w.path).toEqual(["alerts", "flapping", "maxScaleEvents"]);
    expect(w.message).toContain("takes 5");
    expect(w.message).toContain("at least 10");
  });

  it("refuses an unknown severity at its path", () => {
    const e = policyErrorOf(() => alertsOf({ flapping: { severity: "page" } }));
    expect(e.issues.map((i) => i.path.join("."))).toEqual(["alerts.flapping.severity"]);
  });
});
