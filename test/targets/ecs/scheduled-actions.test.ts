import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy, type PolicyIssue } from "../../../src/policy";
import { SCHEDULED_ACTION_TYPE, compileEcs, ecsDocuments } from "../../../src/targets/ecs";
import { FIXTURES, apiErrors, seedCommands, seedRequest, toApiRequest } from "./helpers";

const ecsPolicy = (ecs: Record<string, unknown>, scaling: Record<string, unknown> = {}) =>
  parsePolicy({ service: "sample-webapp", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], ecs: { cluster: "default", ...ecs }, ...scaling } });

/** The issues of a policy that fails validation (zod) or ECS compilation. */
function issues(ecs: Record<string, unknown>, scaling: Record<string, unknown> = {}): PolicyIssue[] {
  try {
    compileEcs(ecsPolicy(ecs, scaling));
  } catch (e) {
    if (e instanceof PolicyError) return e.issues;
    throw e;
  }
  throw new Error("expected a PolicyError");
}

const one = (list: PolicyIssue[]) => {
  expect(list).toHaveLength(1);
  return list[0]!;
};

describe("golden: the AWS documentation's scheduled actions (test/fixtures/ecs/scheduled-actions-docs.md)", () => {
  const commands = seedCommands(readFileSync(join(FIXTURES, "scheduled-actions-docs.md"), "utf8"));
  // The same actions written as a policy: name, schedule, time zone, window and capacities.
  const actions = [
    { name: "scale-out", schedule: "at(2021-03-31T22:00:00)", minCapacity: 3 },
    { name: "monday-morning", schedule: "cron(30 6 ? * MON *)", minCapacity: 2, maxCapacity: 10 },
    { name: "launch", schedule: "at(2019-05-20T00:00:00)", timezone: "Europe/Berlin", minCapacity: 4 },
    { name: "evening", schedule: "cron(0 18 ? * MON-FRI *)", maxCapacity: 2 },
    { name: "daily", schedule: "rate(1 day)", startTime: "2026-12-01T00:00:00Z", endTime: "2026-12-31T00:00:00Z", minCapacity: 1, maxCapacity: 6 },
  ];
  const compiled = compileEcs(ecsPolicy({ scheduledActions: actions }));

  it("has the five documented commands", () => {
    expect(commands.map((c) => c.operation)).toEqual(Array(5).fill("put-scheduled-action"));
  });

  it.each(actions.map((a, k) => [a.schedule, k] as const))("%s compiles to the documented request", (_schedule, k) => {
    const doc = seedRequest(commands[k]!);
    const request = toApiRequest("PutScheduledActionRequest", compiled.scheduledActions[k]!.args as never);
    // The AWS name is the policy's prefix (the service) and the action's name.
    expect(request).toEqual({ ...doc, ScheduledActionName: `sample-webapp-${doc.ScheduledActionName}` });
  });

  it("every compiled scheduled action is a valid PutScheduledAction request (closed API model)", () => {
    const p = ecsPolicy(
      { scheduledActions: actions, stopStart: [{ name: "nights", stop: "cron(0 20 ? * * *)", start: "cron(0 6 ? * * *)", timezone: "Europe/Berlin" }] },
      { metrics: [{ cpu: { utilization: 60 } }, { schedule: { timezone: "UTC", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 4 } }] },
    );
    const docs = ecsDocuments(compileEcs(p)).filter((d) => d.type === SCHEDULED_ACTION_TYPE);
    expect(docs).toHaveLength(2 + actions.length + 2);
    for (const d of docs) expect(apiErrors(SCHEDULED_ACTION_TYPE, d.args as never)).toEqual([]);
  });
});

describe("stop/start pairs", () => {
  it("stop sets 0/0; start sets the given min/max, by default scaling.replicas", () => {
    const c = compileEcs(
      ecsPolicy({
        stopStart: [
          { name: "nights", stop: "cron(0 20 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Europe/Berlin" },
          { name: "xmas", stop: "at(2026-12-24T12:00:00)", start: "at(2027-01-04T06:00:00)", minCapacity: 2, maxCapacity: 4 },
        ],
      }),
    );
    expect(c.scheduledActions.map((a) => [a.name, a.args.schedule, a.args.timezone, a.args.scalableTargetAction])).toEqual([
      ["sample-webapp-nights-stop", "cron(0 20 ? * MON-FRI *)", "Europe/Berlin", { minCapacity: 0, maxCapacity: 0 }],
      ["sample-webapp-nights-start", "cron(0 7 ? * MON-FRI *)", "Europe/Berlin", { minCapacity: 1, maxCapacity: 10 }],
      ["sample-webapp-xmas-stop", "at(2026-12-24T12:00:00)", undefined, { minCapacity: 0, maxCapacity: 0 }],
      ["sample-webapp-xmas-start", "at(2027-01-04T06:00:00)", undefined, { minCapacity: 2, maxCapacity: 4 }],
    ]);
    expect(c.warnings.filter((w) => w.code === "ecs_stopped_for_good")).toEqual([]);
  });

  it("warns when a one-off start runs at or before a one-off stop: the service stays stopped", () => {
    const c = compileEcs(ecsPolicy({ stopStart: [{ name: "oops", stop: "at(2026-12-24T12:00:00)", start: "at(2026-12-24T08:00:00)" }] }));
    const w = c.warnings.find((x) => x.code === "ecs_stopped_for_good")!;
    expect(w.path).toEqual(["scaling", "ecs", "stopStart", 0, "start"]);
    expect(w.message).toContain("stays at 0 tasks");
  });

  it("warns when the stop recurs but the start runs once", () => {
    const c = compileEcs(ecsPolicy({ stopStart: [{ name: "once", stop: "cron(0 20 ? * * *)", start: "at(2026-12-25T08:00:00)" }] }));
    expect(c.warnings.filter((x) => x.code === "ecs_stopped_for_good").map((x) => x.path)).toEqual([["scaling", "ecs", "stopStart", 0, "start"]]);
  });
});

describe("requestRate per minute on ECS", () => {
  const alb = { alb: { resourceLabel: "app/lb/0123abcd/targetgroup/tg/4567ef" } };
  const target = (m: Record<string, unknown>) =>
    compileEcs(parsePolicy({ service: "svc", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ requestRate: { ...m, from: alb } }], ecs: { cluster: "c1" } } })).policies[0]!.args
      .targetTrackingScalingPolicyConfiguration.targetValue;

  it("ALBRequestCountPerTarget takes perReplicaPerMinute as written (500/minute, not 8.333... × 60)", () => {
    expect(target({ perReplicaPerMinute: 500 })).toBe(500);
    expect(target({ perReplicaPerMinute: 7 })).toBe(7);
  });

  it("and perReplica (per second) × 60", () => {
    expect(target({ perReplica: 8.5 })).toBe(510);
  });
});

describe("refusals: one issue per problem, at its path", () => {
  const at = (...rest: (string | number)[]) => ["scaling", "ecs", "scheduledActions", 0, ...rest];

  it.each([
    ["at(2019-02-30T00:00:00)", /at\(\.\.\.\) must hold a real date and time yyyy-mm-ddThh:mm:ss/],
    ["at(2019-05-20 00:00:00)", /at\(\.\.\.\) must hold a real date and time/],
    ["rate(1 minutes)", /singular unit for 1 and the plural otherwise/],
    ["rate(5 minute)", /singular unit for 1 and the plural otherwise/],
    ["rate(0 minutes)", /a value of at least 1/],
    ["rate(2 weeks)", /unit minute\(s\), hour\(s\) or day\(s\)/],
    ["cron(0 18 * * MON-FRI *)", /needs "\?" in exactly one of day-of-month \(\*\) and day-of-week \(MON-FRI\): AWS cannot combine the two/],
    ["cron(0 18 ? * ? *)", /needs "\?" in exactly one of day-of-month \(\?\) and day-of-week \(\?\): one of them must say which days/],
    ["cron(0 18 ? * MON-FRI)", /must have six fields .* got 5/],
    ["cron(60 18 ? * * *)", /Minutes field "60" has "60", a value out of range \(allowed: 0-59/],
    ["cron(0 18 ? * 8 *)", /Day-of-week field "8" has "8", a value out of range/],
    ["cron(0 18 ? * * 2300)", /Year field "2300"/],
    ["cron(0 18 L ? * *)", /Month field "\?" cannot be "\?"/],
    ["0 18 * * 1-5", /must be at\(yyyy-mm-ddThh:mm:ss\), rate\(value unit\) or cron\(/],
  ])("schedule %s", (schedule, message) => {
    const i = one(issues({ scheduledActions: [{ name: "a", schedule, minCapacity: 2 }] }));
    expect(i.path).toEqual(at("schedule"));
    expect(i.message).toMatch(message);
    expect(i.message).toContain(JSON.stringify(schedule));
  });

  it("accepts the EventBridge day rules L, W, LW, nL and #", () => {
    for (const schedule of ["cron(0 18 L * ? *)", "cron(0 18 15W * ? *)", "cron(0 18 LW * ? *)", "cron(0 18 ? * 6L *)", "cron(0 18 ? * MON#1 *)", "cron(0/15 8-17 ? JAN-MAR MON-FRI 2026-2030)"]) {
      expect(() => ecsPolicy({ scheduledActions: [{ name: "a", schedule, minCapacity: 2 }] }), schedule).not.toThrow();
    }
  });

  it("neither minCapacity nor maxCapacity", () => {
    const i = one(issues({ scheduledActions: [{ name: "a", schedule: "rate(1 day)" }] }));
    expect(i.path).toEqual(at());
    expect(i.message).toMatch(/needs minCapacity, maxCapacity or both/);
  });

  it("minCapacity above maxCapacity", () => {
    const i = one(issues({ scheduledActions: [{ name: "a", schedule: "rate(1 day)", minCapacity: 5, maxCapacity: 3 }] }));
    expect(i.path).toEqual(at("maxCapacity"));
    expect(i.message).toBe("must be at least minCapacity (5), got 3");
  });

  it.each([
    ["maxCapacity", 11, "too_big"],
    ["minCapacity", 0, "too_small"],
  ])("%s %s outside scaling.replicas (1..10)", (field, value, code) => {
    const i = one(issues({ scheduledActions: [{ name: "a", schedule: "rate(1 day)", [field]: value }] }));
    expect(i.path).toEqual(at(field));
    expect(i.code).toBe(code);
    expect(i.message).toMatch(new RegExp(`must be within scaling.replicas \\(1\\.\\.10\\).*got ${value}$`));
  });

  it("a capacity above the ECS tasks-per-service quota", () => {
    const i = one(issues({ scheduledActions: [{ name: "a", schedule: "rate(1 day)", maxCapacity: 6000 }] }, { replicas: { min: 1, max: 8000 } }));
    expect(i.path).toEqual(at("maxCapacity"));
    expect(i.message).toMatch(/must be at most 5000 on ecs \(service quota "Tasks per service"/);
  });

  it("a capacity outside replicas on a stop/start pair", () => {
    const i = one(issues({ stopStart: [{ name: "n", stop: "rate(1 day)", start: "rate(2 days)", maxCapacity: 12 }] }));
    expect(i.path).toEqual(["scaling", "ecs", "stopStart", 0, "maxCapacity"]);
  });

  it("duplicate names across scheduledActions and stopStart", () => {
    const i = one(issues({ scheduledActions: [{ name: "n", schedule: "rate(1 day)", minCapacity: 2 }], stopStart: [{ name: "n", stop: "rate(1 day)", start: "rate(2 days)" }] }));
    expect(i.path).toEqual(["scaling", "ecs", "stopStart", 0, "name"]);
    expect(i.message).toMatch(/must be unique among scheduledActions and stopStart \(scheduledActions\[0\] has it too\)/);
  });

  it("a name that collides with a schedule metric's generated action", () => {
    const i = one(
      issues({ scheduledActions: [{ name: "schedule-start", schedule: "rate(1 day)", minCapacity: 2 }] }, { metrics: [{ cpu: { utilization: 60 } }, { schedule: { timezone: "UTC", start: "0 8 * * *", end: "0 18 * * *", replicas: 3 } }] }),
    );
    expect(i.path).toEqual(at("name"));
    expect(i.message).toMatch(/"sample-webapp-schedule-start" is already used by a schedule metric's action/);
  });

  it.each([
    ["a:b", /free of ':', '\/' and '\|'/],
    [" lead", /without leading or trailing spaces/],
    ["x".repeat(49), /at most 48 characters/],
  ])("name %j", (name, message) => {
    const i = one(issues({ scheduledActions: [{ name, schedule: "rate(1 day)", minCapacity: 2 }] }));
    expect(i.path).toEqual(at("name"));
    expect(i.message).toMatch(message);
  });

  it("a time zone the runtime does not know", () => {
    const i = one(issues({ scheduledActions: [{ name: "a", schedule: "cron(0 8 ? * * *)", timezone: "Mars/Olympus", minCapacity: 2 }] }));
    expect(i.path).toEqual(at("timezone"));
  });

  it("a start time that is not RFC 3339, and an end time before the start time", () => {
    expect(one(issues({ scheduledActions: [{ name: "a", schedule: "rate(1 day)", startTime: "2026-12-01", minCapacity: 2 }] })).path).toEqual(at("startTime"));
    const i = one(issues({ scheduledActions: [{ name: "a", schedule: "rate(1 day)", startTime: "2026-12-02T00:00:00Z", endTime: "2026-12-01T00:00:00Z", minCapacity: 2 }] }));
    expect(i.path).toEqual(at("endTime"));
    expect(i.message).toMatch(/must be after startTime \(2026-12-02T00:00:00Z\)/);
  });

  it("a stop/start pair whose start equals its stop", () => {
    const i = one(issues({ stopStart: [{ name: "n", stop: "rate(1 day)", start: "rate(1 day)" }] }));
    expect(i.path).toEqual(["scaling", "ecs", "stopStart", 0, "start"]);
  });

  it("scheduled actions with mode external (no scalable target)", () => {
    const i = one(issues({ scheduledActions: [{ name: "a", schedule: "rate(1 day)", minCapacity: 2 }] }, { mode: "external", metrics: [] }));
    expect(i.path).toEqual(["scaling", "ecs", "scheduledActions"]);
    expect(i.message).toMatch(/needs a scalable target, and scaling.mode external registers none/);
  });

  it("more actions than the 200 per scalable target", () => {
    const stopStart = Array.from({ length: 100 }, (_, k) => ({ name: `p${k}`, stop: "rate(1 day)", start: "rate(2 days)" }));
    const i = one(issues({ stopStart, scheduledActions: [{ name: "one-more", schedule: "rate(1 day)", minCapacity: 2 }] }));
    expect(i.path).toEqual(["scaling", "ecs"]);
    expect(i.message).toMatch(/compiles to 201 scheduled actions.*allows 200 per scalable target/);
  });
});

describe("requestRate needs exactly one unit", () => {
  const rr = (m: Record<string, unknown>) => issuesOfRequestRate(m);
  function issuesOfRequestRate(m: Record<string, unknown>): PolicyIssue[] {
    try {
      parsePolicy({ service: "svc", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ requestRate: { ...m, from: { alb: { resourceLabel: "app/lb/0123abcd/targetgroup/tg/4567ef" } } } }] } });
    } catch (e) {
      if (e instanceof PolicyError) return e.issues;
      throw e;
    }
    throw new Error("expected a PolicyError");
  }
  it.each([
    [{ perReplica: 8, perReplicaPerMinute: 480 }, "both"],
    [{}, "neither"],
  ])("%j", (m, which) => {
    const i = one(rr(m));
    expect(i.path).toEqual(["scaling", "metrics", 0, "requestRate"]);
    expect(i.message).toBe(`requestRate needs exactly one of \`perReplica\` (per second) or \`perReplicaPerMinute\`, got ${which}`);
  });
});
