/**
 * `schedule` metrics on a wall clock (`startTime`): the cron matcher (time zones, DST, ranges, steps,
 * names, the day-of-month / day-of-week OR rule), the window state, and the platforms' schedule rules.
 * Expected values follow from the documented semantics (comments), not from running the simulator:
 * - KEDA cron trigger (keda.sh/docs/latest/scalers/cron): desiredReplicas inside [start, end) as an
 *   External AverageValue metric with target 1, the HPA's max over triggers makes it a floor;
 * - Container Apps: the same KEDA scaler as a custom rule, under the fixed Container Apps behaviour;
 * - ECS: scheduled actions set min capacity = replicas at start, = replicas.min at end.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate";
import { PolicyError } from "../../src/policy/errors";
import { parsePolicy } from "../../src/policy/load";
import {
  ScheduleClock,
  cronMatchesAt,
  parseCron,
  parseStartTime,
  scheduleStateAt,
  simSchedule,
  simulate,
  simulatePolicy,
  wallClock,
  type SimulationResult,
  type Trace,
} from "../../src/simulate";
import { expectReachesReplicas } from "../../src/testing/simulate";
import { simulateReference } from "./reference-loop";

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

/** Every minute in [fromIso, toIso) at which `expr` matches in `tz`, as ISO strings. */
function matchesBetween(expr: string, tz: string, fromIso: string, toIso: string): string[] {
  const spec = parseCron(expr);
  const out: string[] = [];
  for (let ms = at(fromIso); ms < at(toIso); ms += MIN) if (cronMatchesAt(spec, tz, ms)) out.push(new Date(ms).toISOString());
  return out;
}

describe("cron matching on the wall clock of a time zone", () => {
  it("UTC: minute, hour and weekday range", () => {
    // 2026-11-27 is a Friday, 2026-11-28 a Saturday
    expect(cronMatchesAt("0 8 * * 1-5", "UTC", at("2026-11-27T08:00:00Z"))).toBe(true);
    expect(cronMatchesAt("0 8 * * 1-5", "UTC", at("2026-11-27T08:00:59Z"))).toBe(true);
    expect(cronMatchesAt("0 8 * * 1-5", "UTC", at("2026-11-27T08:01:00Z"))).toBe(false);
    expect(cronMatchesAt("0 8 * * 1-5", "UTC", at("2026-11-28T08:00:00Z"))).toBe(false);
  });

  it("evaluates in the time zone (CET +1, EST -5, IST +05:30)", () => {
    expect(matchesBetween("0 8 * * *", "Europe/Berlin", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")).toEqual(["2026-11-27T07:00:00.000Z"]);
    expect(matchesBetween("0 8 * * *", "America/New_York", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")).toEqual(["2026-11-27T13:00:00.000Z"]);
    expect(matchesBetween("0 8 * * *", "Asia/Kolkata", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")).toEqual(["2026-11-27T02:30:00.000Z"]);
    // Friday 23:30 in New York is Saturday 04:30 UTC: the weekday is New York's
    expect(cronMatchesAt("30 23 * * FRI", "America/New_York", at("2026-11-28T04:30:00Z"))).toBe(true);
    expect(cronMatchesAt("30 23 * * FRI", "UTC", at("2026-11-28T04:30:00Z"))).toBe(false);
  });

  it("Europe/Berlin DST changes: 08:00 moves in UTC; 02:30 is skipped in March and occurs twice in October", () => {
    // 2026-03-29: 02:00 CET -> 03:00 CEST (at 01:00 UTC)
    expect(wallClock("Europe/Berlin", at("2026-03-29T00:59:00Z"))).toMatchObject({ hour: 1, minute: 59, day: 29, weekday: 0 });
    expect(wallClock("Europe/Berlin", at("2026-03-29T01:00:00Z"))).toMatchObject({ hour: 3, minute: 0, day: 29 });
    expect(matchesBetween("0 8 * * *", "Europe/Berlin", "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z")).toEqual([
      "2026-03-28T07:00:00.000Z",
      "2026-03-29T06:00:00.000Z",
    ]);
    expect(matchesBetween("30 2 * * *", "Europe/Berlin", "2026-03-28T22:00:00Z", "2026-03-29T22:00:00Z")).toEqual([]);
    // 2026-10-25: 03:00 CEST -> 02:00 CET (at 01:00 UTC)
    expect(matchesBetween("30 2 * * *", "Europe/Berlin", "2026-10-24T21:00:00Z", "2026-10-25T22:00:00Z")).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:30:00.000Z",
    ]);
    expect(matchesBetween("0 18 * * *", "Europe/Berlin", "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z")).toEqual([
      "2026-10-24T16:00:00.000Z",
      "2026-10-25T17:00:00.000Z",
    ]);
  });

  it("weekday ranges, names and Sunday as 0 or 7", () => {
    // 2026-11-23 Monday ... 2026-11-29 Sunday
    const days = (expr: string) => matchesBetween(expr, "UTC", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z").map((s) => s.slice(0, 10));
    const weekdays = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"];
    expect(days("0 9 * * 1-5")).toEqual(weekdays);
    expect(days("0 9 * * MON-FRI")).toEqual(weekdays);
    expect(days("0 9 * * mon-fri")).toEqual(weekdays);
    expect(days("0 9 * * 5-7")).toEqual(["2026-11-27", "2026-11-28", "2026-11-29"]);
    expect(days("0 9 * * 0")).toEqual(["2026-11-29"]);
    expect(days("0 9 * * 7")).toEqual(["2026-11-29"]);
    expect(days("0 9 * * SUN")).toEqual(["2026-11-29"]);
    expect(days("0 9 * * MON,WED,6")).toEqual(["2026-11-23", "2026-11-25", "2026-11-28"]);
  });

  it("steps: */n, n/step (to the field's maximum) and range/step", () => {
    const minutes = (expr: string) => matchesBetween(expr, "UTC", "2026-11-27T10:00:00Z", "2026-11-27T11:00:00Z").map((s) => Number(s.slice(14, 16)));
    expect(minutes("*/15 * * * *")).toEqual([0, 15, 30, 45]);
    expect(minutes("5/20 * * * *")).toEqual([5, 25, 45]);
    expect(minutes("10-30/10 * * * *")).toEqual([10, 20, 30]);
    expect(minutes("0,7,59 * * * *")).toEqual([0, 7, 59]);
    const hours = matchesBetween("0 8-18/2 * * *", "UTC", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z").map((s) => Number(s.slice(11, 13)));
    expect(hours).toEqual([8, 10, 12, 14, 16, 18]);
    // day of week */2 = Sunday, Tuesday, Thursday, Saturday (0-6)
    const days = matchesBetween("0 0 * * */2", "UTC", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z").map((s) => s.slice(0, 10));
    expect(days).toEqual(["2026-11-24", "2026-11-26", "2026-11-28", "2026-11-29"]);
  });

  it("month names (any case) and lists", () => {
    // every midnight of 2026 (the expression only ever matches at 00:00)
    const spec = parseCron("0 0 1 JAN,jul *");
    const hits: string[] = [];
    for (let ms = at("2026-01-01T00:00:00Z"); ms < at("2027-01-01T00:00:00Z"); ms += 24 * 3600_000) if (cronMatchesAt(spec, "UTC", ms)) hits.push(new Date(ms).toISOString());
    expect(hits).toEqual(["2026-01-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"]);
    expect(matchesBetween("0 0 * dec *", "Europe/Berlin", "2026-11-30T22:00:00Z", "2026-12-01T00:00:00Z")).toEqual(["2026-11-30T23:00:00.000Z"]);
  });

  it("day of month and day of week both restricted: either matches; one of them `*` (or `*/1`): both must", () => {
    // 2026-11-01 Sunday, 11-02 Monday, 11-03 Tuesday, 11-09 Monday
    const m = (expr: string, day: string) => cronMatchesAt(expr, "UTC", at(`${day}T00:00:00Z`));
    expect(m("0 0 1 * 1", "2026-11-01")).toBe(true); // the 1st (a Sunday)
    expect(m("0 0 1 * 1", "2026-11-02")).toBe(true); // a Monday
    expect(m("0 0 1 * 1", "2026-11-03")).toBe(false);
    expect(m("0 0 1 * *", "2026-11-02")).toBe(false);
    expect(m("0 0 * * 1", "2026-11-01")).toBe(false);
    // robfig/cron v3 (github.com/robfig/cron@bc59245): parser.go getRange clears the star bit for a step > 1
    // (parser_test.go: {"*/2", 1, 3, 1<<1 | 1<<3, ""}, no starBit), and spec.go dayMatches ORs day-of-month
    // and day-of-week unless one has the star bit. So `*/2` is restricted: odd day OR Monday.
    expect(m("0 0 */2 * 1", "2026-11-02")).toBe(true); // Monday, even day
    expect(m("0 0 */2 * 1", "2026-11-09")).toBe(true); // Monday, odd day
    expect(m("0 0 */2 * 1", "2026-11-03")).toBe(true); // Tuesday, odd day
    expect(m("0 0 */2 * 1", "2026-11-04")).toBe(false); // Wednesday, even day
    // `*/1` keeps the star bit: every day AND Monday
    expect(m("0 0 */1 * 1", "2026-11-03")).toBe(false);
    expect(m("0 0 */1 * 1", "2026-11-02")).toBe(true);
  });

  it("parseCron refuses what the policy model refuses", () => {
    expect(() => parseCron("0 8 * *")).toThrow(/5-field cron/);
    expect(() => parseCron("61 8 * * *")).toThrow(/invalid minute/);
  });
});

const businessHours = { timezone: "Europe/Berlin", start: "0 8 * * 1-5", end: "0 18 * * 1-5", replicas: 5 };

describe("the window state", () => {
  const s = simSchedule({ kind: "schedule", ...businessHours }, 0);

  it("inside [start, end) to the minute, in local time, on weekdays only", () => {
    // Friday 2026-11-27, CET: 08:00 local = 07:00 UTC, 18:00 local = 17:00 UTC
    expect(scheduleStateAt(s, at("2026-11-27T06:59:59Z")).inside).toBe(false);
    expect(scheduleStateAt(s, at("2026-11-27T07:00:00Z"))).toMatchObject({ inside: true, lastStart: at("2026-11-27T07:00:00Z"), lastEnd: at("2026-11-26T17:00:00Z") });
    expect(scheduleStateAt(s, at("2026-11-27T16:59:59Z")).inside).toBe(true);
    expect(scheduleStateAt(s, at("2026-11-27T17:00:00Z"))).toMatchObject({ inside: false, lastEnd: at("2026-11-27T17:00:00Z") });
    // Saturday and Monday before 08:00: the last match is Friday's end
    expect(scheduleStateAt(s, at("2026-11-28T10:00:00Z"))).toMatchObject({ inside: false, lastEnd: at("2026-11-27T17:00:00Z") });
    expect(scheduleStateAt(s, at("2026-11-30T06:59:00Z")).inside).toBe(false);
    // DST: on Monday 2026-03-30 (CEST) 08:00 local = 06:00 UTC
    expect(scheduleStateAt(s, at("2026-03-30T06:00:00Z")).inside).toBe(true);
    expect(scheduleStateAt(s, at("2026-03-30T05:59:00Z")).inside).toBe(false);
  });

  it("no match in the 8-day look-back: outside", () => {
    const yearly = simSchedule({ kind: "schedule", timezone: "UTC", start: "0 8 1 JAN *", end: "0 18 1 JAN *", replicas: 3 }, 0);
    expect(scheduleStateAt(yearly, at("2026-06-01T00:00:00Z"))).toMatchObject({ inside: false, lastStart: Number.NEGATIVE_INFINITY, lastEnd: Number.NEGATIVE_INFINITY });
  });

  it("ScheduleClock (precomputed per minute, hourly offsets bisected at a change) equals scheduleStateAt, across DST changes", () => {
    const schedules = [
      s,
      simSchedule({ kind: "schedule", timezone: "Europe/Berlin", start: "30 2 * * *", end: "45 2 * * *", replicas: 2 }, 1),
      simSchedule({ kind: "schedule", timezone: "Asia/Kathmandu", start: "*/20 * * * *", end: "10,50 * * * *", replicas: 4 }, 2),
      simSchedule({ kind: "schedule", timezone: "America/New_York", start: "0 9 1,15 * MON", end: "0 17 * * *", replicas: 3 }, 3),
    ];
    // St John's (-03:30 -> -02:30 at 02:00 local on 2026-03-08, 05:30 UTC): a change in the middle of a UTC hour
    const stJohns = [
      simSchedule({ kind: "schedule", timezone: "America/St_Johns", start: "*/20 * * * *", end: "10,50 * * * *", replicas: 4 }, 0),
      simSchedule({ kind: "schedule", timezone: "America/St_Johns", start: "0,30 1,3 * * *", end: "15,45 * * * *", replicas: 4 }, 1),
    ];
    const runs: Array<[string, typeof schedules]> = [["2026-03-28T20:00:20Z", schedules], ["2026-10-24T21:00:00Z", schedules], ["2026-03-08T03:10:00Z", stJohns]];
    for (const [start, list] of runs) {
      const startMs = at(start);
      const duration = start.startsWith("2026-03-08") ? 4 * 3600 : 30 * 3600;
      const clock = new ScheduleClock(list, startMs, duration);
      for (let t = 0; t <= duration; t += start.startsWith("2026-03-08") ? 45 : 37 * 60 + 30) {
        const got = clock.at(t);
        list.forEach((sc, k) => expect(got[k], `${sc.label} at ${start} + ${t}s`).toStrictEqual(scheduleStateAt(sc, startMs + t * 1000)));
      }
    }
  }, 60_000);

  it("parseStartTime wants an instant with a zone", () => {
    expect(parseStartTime("2026-11-27T17:00:00Z")).toBe(at("2026-11-27T17:00:00Z"));
    expect(parseStartTime("2026-11-27T18:00:00+01:00")).toBe(at("2026-11-27T17:00:00Z"));
    expect(() => parseStartTime("2026-11-27T17:00:00")).toThrow(/ISO 8601 instant with a time zone/);
    expect(() => parseStartTime("friday")).toThrow(/got "friday"/);
  });
});

// Friday 2026-11-27 06:00 UTC = 07:00 in Berlin (CET): 08:00 local is t = 3600, 18:00 local is t = 39600.
const START = "2026-11-27T06:00:00Z";
const OPEN = 3600;
const CLOSE = 39600;
const quiet: Trace = [{ t: 0, rps: 300 }, { t: 43200, rps: 300 }];

function desiredAt(r: SimulationResult, t: number): number {
  const p = r.timeline.find((x) => x.t === t);
  if (!p) throw new Error(`no step at ${t}`);
  return p.desired;
}

/** t -> desired over [from, to] where desired changed (plus the first). */
function changes(r: SimulationResult, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let last = Number.NaN;
  for (const p of r.timeline) {
    if (p.t < from || p.t > to) continue;
    if (p.desired !== last) out.push([p.t, p.desired]);
    last = p.desired;
  }
  return out;
}

describe("a business-hours floor of 5 replicas (CPU 6-15 %, min 2)", () => {
  const policy = (extra: Record<string, unknown> = {}) =>
    parsePolicy({
      service: "office-api",
      scaling: {
        replicas: { min: 2, max: 10 },
        metrics: [{ cpu: { utilization: 60 } }, { schedule: businessHours }],
        scaleUp: { stabilization: "0s", policies: [{ replicas: 4, per: "15s" }] },
        scaleDown: { stabilization: "300s", policies: [{ replicas: 1, per: "60s" }] },
        ...extra,
      },
    });

  it("KEDA: 2 -> 5 at 08:00 local, released after 18:00 through the HPA's 300 s stabilization and 1 pod / 60 s", () => {
    const p = policy();
    const r = simulatePolicy(p, quiet, { platform: "kubernetes", startTime: START });
    expect(r.controller).toMatch(/KEDA/);
    expect(r.startTime).toBe("2026-11-27T06:00:00.000Z");
    expect(r.warnings.filter((w) => /schedule/.test(w))).toEqual([]);
    // CPU alone wants 1 (300 rps x 1 ms = 0.3 cores), so min 2 until the window opens; the HPA syncs every
    // 15 s and the cron metric reads 5 at the 08:00 sync: 2 -> 5 (4 pods / 15 s allows 6).
    expect(changes(r, 0, OPEN + 600)).toEqual([[0, 2], [OPEN, 5]]);
    expect(r.decisions.find((d) => d.t === OPEN)).toMatchObject({ from: 2, replicas: 5 });
    // ready after pending 3 s + startup 19 s: the first step at or after 3622 s
    expect(r.timeline.find((x) => x.ready >= 5)!.t).toBe(OPEN + 30);
    // From the 18:00 sync on the recommendation is 2; the last recommendation of 5 (17:59:45, t = 39585)
    // leaves the 300 s window (timestamps strictly after now - 300) at t = 39885; then 1 pod per 60 s.
    expect(changes(r, OPEN, 43200)).toEqual([[OPEN, 5], [CLOSE + 285, 4], [CLOSE + 345, 3], [CLOSE + 405, 2]]);
    expect(desiredAt(r, CLOSE + 270)).toBe(5);
    expect(r).toStrictEqual(simulateReference(p, quiet, { platform: "kubernetes", startTime: START }));
  });

  it("KEDA with min 0: the cron trigger activates 0 -> 1 on the poll at 08:00, then the HPA asks 5", () => {
    const p = parsePolicy({
      service: "office-worker",
      scaling: { replicas: { min: 0, max: 10 }, metrics: [{ schedule: businessHours }], scaleUp: { stabilization: "0s", policies: [{ replicas: 4, per: "15s" }] } },
    });
    const r = simulatePolicy(p, [{ t: 0, rps: 0 }, { t: 7200, rps: 0 }], { platform: "keda", startTime: START });
    // pollingInterval 30 s from t = 0: 3600 is a poll; the next HPA sync (15 s later) proposes 5
    expect(changes(r, 0, 7200)).toEqual([[0, 0], [OPEN, 1], [OPEN + 15, 5]]);
    expect(r.decisions[0]).toMatchObject({ t: OPEN, reason: "KEDAScaleTargetActivated" });
  });

  // Container Apps and ECS have fixed scale behaviours (no scaleUp / scaleDown rate limits); ECS needs a cluster.
  const fixedBehaviour = (extra: Record<string, unknown> = {}) =>
    parsePolicy({ service: "office-api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }, { schedule: businessHours }], ...extra } });
  const ecsPolicy = () => fixedBehaviour({ ecs: { cluster: "prod" } });

  it("Container Apps (cron custom rule): 2 -> 4 -> 5 at 08:00 (fixed scale-up steps), 2 once 300 s have passed without a 5", () => {
    const p = fixedBehaviour();
    const r = simulatePolicy(p, quiet, { platform: "container-apps", startTime: START });
    // cpu + cron rules: not http-only, so evaluated every 30 s (t multiple of 30). Scale-up steps 1, 4, 8:
    // 2 -> 4 at 08:00, 4 -> 5 at the next evaluation. The last evaluation wanting 5 is 17:59:30 (t = 39570);
    // the 300 s scale-down window no longer holds it at t = 39870: 100 % down to 2.
    expect(changes(r, 0, 43200)).toEqual([[0, 2], [OPEN, 4], [OPEN + 30, 5], [CLOSE + 270, 2]]);
    expect(r).toStrictEqual(simulateReference(p, quiet, { platform: "container-apps", startTime: START }));
  });

  it("ECS: min capacity 5 from the 08:00 scheduled action (immediate scale-out), back to 2 at 18:00, then target tracking scales in", () => {
    const p = ecsPolicy();
    const r = simulatePolicy(p, quiet, { platform: "ecs", startTime: START });
    expect(desiredAt(r, OPEN - 15)).toBe(2);
    expect(r.decisions.find((d) => d.t === OPEN)).toMatchObject({ from: 2, replicas: 5, reason: "ScheduledActionMinCapacity" });
    // At 18:00 the min goes back to 2. CPU has been below 90 % of the 60 % target for far more than 15
    // one-minute datapoints, and t = 39600 is a datapoint boundary: scale in at once to
    // max(min 2, ceil(5 x 6 % / 60 %) = 1) = 2 (no earlier scale-in, so no scale-in cooldown).
    expect(changes(r, 0, 43200)).toEqual([[0, 2], [OPEN, 5], [CLOSE, 2]]);
    expect(r.decisions.find((d) => d.t === CLOSE)).toMatchObject({ from: 5, replicas: 2, reason: "AlarmLowScaleIn" });
    expect(r).toStrictEqual(simulateReference(p, quiet, { platform: "ecs", startTime: START }));
  });

  it("ECS: the action applies at the first step in its minute when t = 0 is not on a minute", () => {
    // t = 0 at 07:00:20 local: 08:00:00 is t = 3580; steps at 3570 (07:59:50) and 3585 (08:00:05)
    const r = simulatePolicy(ecsPolicy(), quiet, { platform: "ecs", startTime: "2026-11-27T06:00:20Z" });
    expect(desiredAt(r, 3570)).toBe(2);
    expect(r.decisions.find((d) => d.reason === "ScheduledActionMinCapacity")).toMatchObject({ t: 3585, replicas: 5 });
  });

  it("ECS: each scheduled action overwrites min capacity, so an inner window's end drops the outer floor", () => {
    const p = parsePolicy({
      service: "office-api",
      scaling: {
        replicas: { min: 2, max: 10 },
        metrics: [{ cpu: { utilization: 60 } }, { schedule: businessHours }, { schedule: { timezone: "Europe/Berlin", start: "0 12 * * 1-5", end: "0 14 * * 1-5", replicas: 8 } }],
        ecs: { cluster: "prod" },
      },
    });
    const r = simulatePolicy(p, quiet, { platform: "ecs", startTime: START });
    // 08:00 min 5 (scale out), 12:00 min 8 (scale out), 14:00 min 2 (the inner end action): target
    // tracking scales in at the 14:00 datapoint to max(2, ceil(8 x 3.75 % / 60 %)) = 2
    expect(changes(r, 0, 43200)).toEqual([[0, 2], [OPEN, 5], [OPEN + 4 * 3600, 8], [OPEN + 6 * 3600, 2]]);
  });

  it("the window open at t = 0: the floor applies from the first step", () => {
    const r = simulatePolicy(policy(), quiet, { platform: "kubernetes", startTime: "2026-11-27T10:00:00Z" });
    expect(desiredAt(r, 0)).toBe(5);
  });

  it("polyscale/testing: expectReachesReplicas with startTime", () => {
    expectReachesReplicas(policy(), quiet, { platform: "kubernetes", startTime: START, replicas: 5, from: "1h", within: "30s" });
    expect(() => expectReachesReplicas(policy(), quiet, { platform: "kubernetes", replicas: 5, within: "12h" })).toThrow(/never did/);
  });
});

describe("schedules without a wall clock, and platforms without schedules", () => {
  afterEach(() => vi.restoreAllMocks());
  const p = parsePolicy({ service: "office-api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }, { schedule: businessHours }] } });

  it("without startTime: skipped, and the warning says to pass --start", () => {
    const r = simulatePolicy(p, quiet, { platform: "kubernetes" });
    expect(r.warnings.find((w) => /scaling\.metrics\[1\] schedule: not replayed/.test(w))).toMatch(/--start/);
    expect(Math.max(...r.timeline.map((x) => x.desired))).toBe(2);
    expect(r.startTime).toBeUndefined();
  });

  it("the plain HPA and Cloud Run compile no schedule: simulate and simulatePolicy refuse them as render does", () => {
    for (const platform of ["hpa", "cloud-run"] as const) {
      expect(() => simulate(p, quiet, { platform, startTime: START })).toThrow(PolicyError);
      expect(() => simulatePolicy(p, quiet, { platform, startTime: START })).toThrow(PolicyError);
    }
  });

  it("an invalid startTime is an error", () => {
    expect(() => simulate(p, quiet, { platform: "keda", startTime: "27.11.2026 17:00" })).toThrow(/ISO 8601 instant/);
  });

  it("CLI: --start replays the schedule (exit 0); a bad --start exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-sched-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ service: "office-api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }, { schedule: businessHours }] } }));
    const trace = join(dir, "trace.csv");
    writeFileSync(trace, "t,rps\n0,300\n7200,300\n");
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    expect(await runSimulateCommand({ file, platform: "kubernetes", trace, json: true, start: START })).toBe(0);
    const json = JSON.parse(out.join("")) as SimulationResult;
    expect(json.startTime).toBe("2026-11-27T06:00:00.000Z");
    // KEDA's HPA has no behavior (none compiled): at most max(2 x 2, 4) = 4 per sync (horizontal.go calculateScaleUpLimit), then 5
    expect(json.decisions.find((d) => d.t === OPEN)).toMatchObject({ replicas: 4 });
    expect(json.decisions.find((d) => d.t === OPEN + 15)).toMatchObject({ replicas: 5 });
    out.length = 0;
    expect(await runSimulateCommand({ file, platform: "kubernetes", trace, start: START })).toBe(0);
    expect(out.join("")).toMatch(/from 2026-11-27T06:00:00\.000Z \(t = 0\)/);
    expect(await runSimulateCommand({ file, platform: "kubernetes", trace, start: "tomorrow" })).toBe(1);
    expect(err.join("")).toMatch(/startTime must be an ISO 8601 instant/);
  });
});
