/**
 * ECS observability (issue 14): CloudWatch alarms (pinned at max, metric unavailable, flapping) and a
 * dashboard, as `@pulumi/aws` cloudwatch args. Each alarm, written as the PutMetricAlarm request the provider
 * sends, validates against the API model (test/fixtures/ecs/cloudwatch-requests.schema.json, from botocore,
 * objects closed), plus the rules the model states only in its documentation; the dashboard body against
 * the documented body structure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/policy/load";
import { membranePolicies } from "../../../src/presets/membrane";
import { compileEcs } from "../../../src/targets/ecs/compile";
import { compileEcsObservability, type EcsAlarmArgs, type EcsObservability } from "../../../src/targets/ecs/observability";
import type { ScalingPolicyInput } from "../../../src/types";
import { close } from "./helpers";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "ecs");
const REGION = "eu-west-1";
const WATCH = { alerts: { pinnedAtMax: {}, metricUnavailable: {}, flapping: {} }, dashboard: {} } as const;

const schema = JSON.parse(readFileSync(join(FIXTURES, "cloudwatch-requests.schema.json"), "utf8"));
close(schema);
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(schema, "cw");
const validate = (shape: string, req: unknown): string[] => {
  const v = ajv.getSchema(`cw#/definitions/${shape}`)!;
  return v(req) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
};

/** The PutMetricAlarm request the provider sends for these args (metric_query.metric becomes MetricStat). */
function putMetricAlarm(a: EcsAlarmArgs & { alarmActions?: string[] }): Record<string, unknown> {
  return {
    AlarmName: a.name,
    AlarmDescription: a.alarmDescription,
    ComparisonOperator: a.comparisonOperator,
    Threshold: a.threshold,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    TreatMissingData: a.treatMissingData,
    ...(a.alarmActions ? { AlarmActions: a.alarmActions } : {}),
    Metrics: a.metricQueries.map((q) => ({
      Id: q.id,
      ...(q.expression !== undefined ? { Expression: q.expression } : {}),
      ...(q.label !== undefined ? { Label: q.label } : {}),
      ReturnData: q.returnData,
      ...(q.metric
        ? {
            MetricStat: {
              Metric: { Namespace: q.metric.namespace, MetricName: q.metric.metricName, ...(q.metric.dimensions ? { Dimensions: Object.entries(q.metric.dimensions).map(([Name, Value]) => ({ Name, Value })) } : {}) },
              Period: q.metric.period,
              Stat: q.metric.stat,
              ...(q.metric.unit ? { Unit: q.metric.unit } : {}),
            },
          }
        : {}),
    })),
  };
}

/** Rules of PutMetricAlarm stated in the API reference's prose, not in the shapes. */
function documentedAlarmRules(a: EcsAlarmArgs): string[] {
  const errors: string[] = [];
  const ids = a.metricQueries.map((q) => q.id);
  // MetricDataQuery.Id: "must start with a lowercase letter"; letters, digits and underscore.
  for (const id of ids) if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) errors.push(`Id ${id}`);
  if (new Set(ids).size !== ids.length) errors.push("duplicate Id");
  // "exactly one of the queries ... ReturnData true"
  if (a.metricQueries.filter((q) => q.returnData).length !== 1) errors.push("ReturnData true must be set on exactly one query");
  for (const q of a.metricQueries) {
    if ((q.expression === undefined) === (q.metric === undefined)) errors.push(`${q.id}: exactly one of Expression and MetricStat`);
    // Functions and operators are upper case (IF, DIFF, AND, OR): every lower-case name is a query id.
    for (const ref of (q.expression ?? "").match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? []) if (!ids.includes(ref)) errors.push(`${q.id} refers to unknown id ${ref}`);
    // "Period ... 10, 20, 30 or any multiple of 60"
    if (q.metric && q.metric.period % 60 !== 0) errors.push(`${q.id}: period`);
  }
  // TreatMissingData: "breaching | notBreaching | ignore | missing"
  if (!["breaching", "notBreaching", "ignore", "missing"].includes(a.treatMissingData)) errors.push(`TreatMissingData ${a.treatMissingData}`);
  // DatapointsToAlarm <= EvaluationPeriods; EvaluationPeriods * Period at most one day (86,400 s).
  if (a.datapointsToAlarm > a.evaluationPeriods) errors.push("DatapointsToAlarm > EvaluationPeriods");
  if (a.evaluationPeriods * 60 > 86400) errors.push("evaluation range over one day");
  return errors;
}

const RENDER_PROPS = new Set(["color", "label", "period", "stat", "visible", "yAxis", "id", "accountId", "region"]);
const METRIC_PROPS = new Set(["accountId", "annotations", "liveData", "legend", "metrics", "period", "region", "setPeriodToTimeRange", "singleValueFullPrecision", "sparkline", "stacked", "stat", "timezone", "title", "view", "yAxis", "table"]);

/** The dashboard body structure (CloudWatch API reference, "Dashboard Body Structure and Syntax"). */
function dashboardBodyErrors(body: string): string[] {
  const errors: string[] = [];
  const b = JSON.parse(body) as { widgets?: Record<string, unknown>[] };
  if (!Array.isArray(b.widgets) || b.widgets.length === 0 || b.widgets.length > 500) return ["widgets: a list of 1..500"];
  for (const [i, w] of b.widgets.entries()) {
    const at = `widgets[${i}]`;
    if (!["metric", "text", "log", "alarm", "explorer"].includes(w.type as string)) errors.push(`${at}.type`);
    const [x, y, width, height] = [w.x, w.y, w.width, w.height] as number[];
    if (!Number.isInteger(x) || x! < 0 || x! > 23) errors.push(`${at}.x 0..23`);
    if (!Number.isInteger(y) || y! < 0) errors.push(`${at}.y >= 0`);
    if (!Number.isInteger(width) || width! < 1 || width! > 24 || x! + width! > 24) errors.push(`${at}.width 1..24 within the 24-column grid`);
    if (!Number.isInteger(height) || height! < 1 || height! > 1000) errors.push(`${at}.height 1..1000`);
    const p = w.properties as Record<string, unknown>;
    for (const k of Object.keys(p)) if (!METRIC_PROPS.has(k)) errors.push(`${at}.properties.${k} unknown`);
    if (typeof p.region !== "string") errors.push(`${at}.properties.region is required`);
    if (!["timeSeries", "singleValue", "gauge", "bar", "pie", "table"].includes(p.view as string)) errors.push(`${at}.properties.view`);
    for (const [j, m] of (p.metrics as unknown[][]).entries()) {
      const last = m[m.length - 1];
      const opts = typeof last === "object" && last !== null ? (last as Record<string, unknown>) : {};
      if ("expression" in opts) {
        if (m.length !== 1) errors.push(`${at}.metrics[${j}]: an expression stands alone`);
      } else {
        const names = m.slice(0, typeof last === "object" ? -1 : undefined);
        if (names.length < 2 || names.length % 2 !== 0 || names.some((s) => typeof s !== "string")) errors.push(`${at}.metrics[${j}]: [Namespace, MetricName, (DimensionName, DimensionValue)*, {options}]`);
        for (const k of Object.keys(opts)) if (!RENDER_PROPS.has(k)) errors.push(`${at}.metrics[${j}] option ${k}`);
      }
    }
    for (const h of ((p.annotations as { horizontal?: { value: unknown; label?: unknown }[] } | undefined)?.horizontal ?? [])) if (typeof h.value !== "number") errors.push(`${at}.annotations.horizontal value`);
  }
  return errors;
}

function watched(input: ScalingPolicyInput): EcsObservability {
  const policy = parsePolicy(input);
  return compileEcsObservability(policy, compileEcs(policy), REGION);
}

describe("the Membrane services on ECS (golden: the seed's alerts and dashboards)", () => {
  const all = membranePolicies("ecs").policies.filter((p) => (p.scaling?.mode ?? "autoscale") === "autoscale").map((p) => ({ p, o: watched({ ...p, ...WATCH }) }));

  it("each alarm is a valid PutMetricAlarm request (API model, objects closed) and keeps the documented rules", () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const { p, o } of all) {
      expect(o.alarms.map((a) => a.alert), p.service).toEqual(expect.arrayContaining(["pinnedAtMax", "metricUnavailable", "flapping"]));
      for (const a of o.alarms) {
        expect(validate("PutMetricAlarmInput", putMetricAlarm({ ...a.args, alarmActions: ["arn:aws:sns:eu-west-1:123456789012:oncall"] })), `${p.service} ${a.args.name}`).toEqual([]);
        expect(documentedAlarmRules(a.args), `${p.service} ${a.args.name}`).toEqual([]);
      }
    }
  });

  it("each dashboard is a valid PutDashboard request whose body keeps the documented structure", () => {
    for (const { p, o } of all) {
      expect(validate("PutDashboardInput", { DashboardName: o.dashboard!.dashboardName, DashboardBody: o.dashboard!.dashboardBody }), p.service).toEqual([]);
      expect(dashboardBodyErrors(o.dashboard!.dashboardBody), p.service).toEqual([]);
    }
  });

  it("api (seed: CPU 50 %): pinned at max is RunningTaskCount at maxCapacity AND the tracked CPUUtilization above 50, in metric math", () => {
    const { o, p } = all.find(({ p }) => p.service === "api")!;
    const pinned = o.alarms.find((a) => a.alert === "pinnedAtMax")!.args;
    const max = p.scaling!.replicas.max;
    expect(pinned.metricQueries).toEqual([
      { id: "tasks", metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: { ClusterName: "membrane-cluster", ServiceName: "api" }, period: 60, stat: "Average" }, returnData: false },
      { id: "t0", metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: { ClusterName: "membrane-cluster", ServiceName: "api" }, period: 60, stat: "Average" }, returnData: false },
      { id: "pinned", expression: `IF(tasks >= ${max} AND (t0 > 50), 1, 0)`, label: "at max under load", returnData: true },
    ]);
    // 15 minutes of one-minute periods, every one of them breaching
    expect([pinned.evaluationPeriods, pinned.datapointsToAlarm, pinned.comparisonOperator, pinned.threshold]).toEqual([15, 15, "GreaterThanOrEqualToThreshold", 1]);
    const unavailable = o.alarms.find((a) => a.alert === "metricUnavailable")!;
    expect(unavailable.actionsOn).toBe("insufficientData");
    expect(unavailable.args.treatMissingData).toBe("missing");
    expect(unavailable.args.metricQueries).toEqual([{ ...pinned.metricQueries[1], returnData: true }]);
  });
});

describe("the checks themselves (negative controls)", () => {
  const o = watched({ service: "shop", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], ecs: { cluster: "prod" } }, ...WATCH });
  const pinned = o.alarms[0]!.args;

  it("refuse an unknown request field, a wrong enum, a sixth action and a bad metric id or reference", () => {
    expect(validate("PutMetricAlarmInput", { ...putMetricAlarm(pinned), Bogus: 1 })).not.toEqual([]);
    // TreatMissingData is a free string in the model; its values are in the prose, checked by documentedAlarmRules
    expect(documentedAlarmRules({ ...pinned, treatMissingData: "ignored" as "missing" })).toEqual(["TreatMissingData ignored"]);
    expect(validate("PutMetricAlarmInput", putMetricAlarm({ ...pinned, alarmActions: Array.from({ length: 6 }, (_, i) => `arn:aws:sns:eu-west-1:1:t${i}`) }))).not.toEqual([]);
    expect(documentedAlarmRules({ ...pinned, metricQueries: pinned.metricQueries.map((q) => (q.id === "tasks" ? { ...q, id: "Tasks" } : q)) })).toEqual(["Id Tasks", "pinned refers to unknown id tasks"]);
  });

  it("refuse a widget wider than the grid and a metric widget without region", () => {
    const body = JSON.parse(o.dashboard!.dashboardBody);
    body.widgets[0].width = 30;
    delete body.widgets[1].properties.region;
    expect(dashboardBodyErrors(JSON.stringify(body))).toEqual(["widgets[0].width 1..24 within the 24-column grid", "widgets[1].properties.region is required"]);
  });
});

describe("defaults, overrides and limits", () => {
  const base: ScalingPolicyInput = { service: "shop", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], ecs: { cluster: "prod" } } };

  it("flapping: more than maxScaleEvents minutes with a change of DesiredTaskCount within the window", () => {
    const o = watched({ ...base, alerts: { flapping: { maxScaleEvents: 4, window: "30m" } } });
    const f = o.alarms[0]!.args;
    expect([f.evaluationPeriods, f.datapointsToAlarm]).toEqual([30, 5]);
    expect(f.metricQueries.map((q) => q.expression ?? q.metric!.metricName)).toEqual(["DesiredTaskCount", "IF(DIFF(desired) != 0, 1, 0)"]);
  });

  it("nothing fires when min == max: no alarm, a note per alert", () => {
    const o = watched({ ...base, scaling: { ...base.scaling!, replicas: { min: 3, max: 3 } }, ...WATCH });
    expect(o.alarms).toEqual([]);
    expect(o.warnings.map((w) => w.path.join("."))).toEqual(["alerts.pinnedAtMax", "alerts.metricUnavailable", "alerts.flapping"]);
    expect(o.dashboard).toBeDefined();
  });

  it("an alarm window CloudWatch cannot evaluate is an error naming the field", () => {
    expect(() => watched({ ...base, alerts: { pinnedAtMax: { for: "25h" } } })).toThrow(/alerts\.pinnedAtMax\.for: must be at most 24h on ecs/);
    expect(() => watched({ ...base, alerts: { flapping: { maxScaleEvents: 60, window: "1h" } } })).toThrow(/alerts\.flapping\.maxScaleEvents: must be below the window's 60 one-minute periods/);
  });

  it("the threshold override scales every tracked metric's target", () => {
    const o = watched({ ...base, scaling: { ...base.scaling!, metrics: [{ cpu: { utilization: 60 } }, { memory: { utilization: 80 } }] }, alerts: { pinnedAtMax: { threshold: 1.5 } } });
    expect(o.alarms[0]!.args.metricQueries.at(-1)!.expression).toBe("IF(tasks >= 10 AND (t0 > 90 OR t1 > 120), 1, 0)");
  });
});
