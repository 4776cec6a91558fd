/**
 * ECS scheduled actions written in AWS syntax (`scaling.ecs.scheduledActions`, `stopStart`) in the simulator:
 * when each runs (at / rate / cron in its time zone, StartTime / EndTime), and what the controller does with
 * the min and max capacity they set.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import { formatSummary, simulatePolicy, summarize, type SimulationResult, type Trace } from "../../src/simulate";
import { actionRuns } from "../../src/simulate/schedule";
import { simulateReference } from "./reference-loop";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const runs = (schedule: string, from: string, to: string, extra: { timezone?: string; startTime?: string; endTime?: string } = {}, created = from) =>
  actionRuns({ schedule, timezone: "UTC", ...extra }, at(from), at(to), at(created)).map(iso);

describe("when an action runs (actionRuns)", () => {
  // Thursday 2026-11-26; Monday 2026-11-30.
  it("the user guide's cron(30 6 ? * MON *): every Monday at 06:30", () => {
    expect(runs("cron(30 6 ? * MON *)", "2026-11-26T00:00:00Z", "2026-12-14T00:00:00Z")).toEqual(["2026-11-30T06:30:00Z", "2026-12-07T06:30:00Z"]);
  });

  it("cron(0 18 ? * MON-FRI *) in Europe/Berlin: 17:00 UTC in winter, 16:00 UTC in summer, weekdays only", () => {
    expect(runs("cron(0 18 ? * MON-FRI *)", "2026-11-27T00:00:00Z", "2026-12-01T00:00:00Z", { timezone: "Europe/Berlin" })).toEqual(["2026-11-27T17:00:00Z", "2026-11-30T17:00:00Z"]);
    expect(runs("cron(0 18 ? * MON-FRI *)", "2026-07-03T00:00:00Z", "2026-07-04T00:00:00Z", { timezone: "Europe/Berlin" })).toEqual(["2026-07-03T16:00:00Z"]);
  });

  it("at(2019-05-20T00:00:00) is wall-clock time in the action's zone (UTC when none)", () => {
    expect(runs("at(2019-05-20T00:00:00)", "2019-05-01T00:00:00Z", "2019-06-01T00:00:00Z", { timezone: "Europe/Berlin" })).toEqual(["2019-05-19T22:00:00Z"]);
    expect(runs("at(2019-05-20T00:00:00)", "2019-05-01T00:00:00Z", "2019-06-01T00:00:00Z")).toEqual(["2019-05-20T00:00:00Z"]);
    expect(runs("at(2019-05-20T00:00:00)", "2019-05-21T00:00:00Z", "2019-06-01T00:00:00Z")).toEqual([]);
  });

  it("rate(1 day) from StartTime (which runs itself) to EndTime", () => {
    expect(runs("rate(1 day)", "2026-11-26T00:00:00Z", "2026-12-31T00:00:00Z", { startTime: "2026-12-01T06:00:00Z", endTime: "2026-12-04T06:00:00Z" })).toEqual([
      "2026-12-01T06:00:00Z",
      "2026-12-02T06:00:00Z",
      "2026-12-03T06:00:00Z",
      "2026-12-04T06:00:00Z",
    ]);
  });

  it("rate(6 hours) without StartTime: one interval after creation (t = 0), then every interval", () => {
    expect(runs("rate(6 hours)", "2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z", {}, "2026-11-26T01:00:00Z")).toEqual(["2026-11-26T07:00:00Z", "2026-11-26T13:00:00Z", "2026-11-26T19:00:00Z"]);
  });

  it("a cron with StartTime runs at StartTime, then on its schedule, none before StartTime or after EndTime", () => {
    expect(runs("cron(0 12 * * ? *)", "2026-11-26T00:00:00Z", "2026-12-05T00:00:00Z", { startTime: "2026-11-28T09:15:00Z", endTime: "2026-11-30T12:00:00Z" })).toEqual([
      "2026-11-28T09:15:00Z",
      "2026-11-28T12:00:00Z",
      "2026-11-29T12:00:00Z",
      "2026-11-30T12:00:00Z",
    ]);
  });

  it("the EventBridge day rules: L (last day), 15W (nearest weekday), LW, 6#3 (third Friday), 2L (last Monday), a year", () => {
    const y = ["2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z"] as const;
    expect(runs("cron(0 12 L * ? *)", ...y)).toEqual(["2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z", "2026-03-31T12:00:00Z", "2026-04-30T12:00:00Z", "2026-05-31T12:00:00Z", "2026-06-30T12:00:00Z"]);
    // 2026-02-15 is a Sunday: the nearest weekday is Monday the 16th; 2026-03-15 is a Sunday too; 2026-01-15 a Thursday
    expect(runs("cron(0 12 15W JAN-MAR ? *)", ...y)).toEqual(["2026-01-15T12:00:00Z", "2026-02-16T12:00:00Z", "2026-03-16T12:00:00Z"]);
    // last weekday: 2026-01-30 (Fri; the 31st is a Saturday), 2026-05-29 (Fri; the 31st is a Sunday)
    expect(runs("cron(0 12 LW JAN,MAY ? *)", ...y)).toEqual(["2026-01-30T12:00:00Z", "2026-05-29T12:00:00Z"]);
    expect(runs("cron(0 12 ? JAN-FEB 6#3 *)", ...y)).toEqual(["2026-01-16T12:00:00Z", "2026-02-20T12:00:00Z"]);
    expect(runs("cron(0 12 ? MAR 2L *)", ...y)).toEqual(["2026-03-30T12:00:00Z"]);
    expect(runs("cron(0 12 1 JAN ? 2027)", "2026-01-01T00:00:00Z", "2028-01-02T00:00:00Z")).toEqual(["2027-01-01T12:00:00Z"]);
  });
});

// Friday 2026-11-27 06:00 UTC; the stop at 20:00 UTC is t = 50400, the start on Saturday 06:00 UTC is t = 86400.
const START = "2026-11-27T06:00:00Z";
const STOP = 14 * 3600;
const WAKE = 24 * 3600;
const day: Trace = [{ t: 0, rps: 300 }, { t: 30 * 3600, rps: 300 }];

function changes(r: SimulationResult): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let last = Number.NaN;
  for (const p of r.timeline) {
    if (p.desired !== last) out.push([p.t, p.desired]);
    last = p.desired;
  }
  return out;
}

const policy = (ecs: Record<string, unknown>) =>
  parsePolicy({ service: "office-api", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], ecs: { cluster: "prod", ...ecs } } });

describe("the ECS controller replays them", () => {
  it("a nightly stop/start: 0 tasks from the stop (scale in to max 0 at once), back to min 2 at the start", () => {
    const p = policy({ stopStart: [{ name: "nights", stop: "cron(0 20 ? * * *)", start: "cron(0 6 ? * * *)" }] });
    const r = simulatePolicy(p, day, { platform: "ecs", startTime: START });
    expect(changes(r)).toEqual([[0, 2], [STOP, 0], [WAKE, 2]]);
    expect(r.decisions.find((d) => d.t === STOP)).toMatchObject({ from: 2, replicas: 0, reason: "ScheduledActionMaxCapacity" });
    expect(r.decisions.find((d) => d.t === STOP)!.message).toContain("the service is stopped");
    expect(r.decisions.find((d) => d.t === WAKE)).toMatchObject({ from: 0, replicas: 2, reason: "ScheduledActionMinCapacity" });
    expect(r.timeline.filter((x) => x.t > STOP + 60 && x.t < WAKE).every((x) => x.current === 0)).toBe(true);
    expect(r).toStrictEqual(simulateReference(p, day, { platform: "ecs", startTime: START }));
  });

  it("a stop before t = 0 holds at the start of the run (the look-back finds it)", () => {
    const p = policy({ stopStart: [{ name: "nights", stop: "cron(0 20 ? * * *)", start: "cron(0 6 ? * * *)" }] });
    const r = simulatePolicy(p, day, { platform: "ecs", startTime: "2026-11-27T02:00:00Z" });
    expect(changes(r).slice(0, 3)).toEqual([[0, 0], [4 * 3600, 2], [18 * 3600, 0]]);
  });

  it("a one-off max capacity and a later min capacity: each sets only what it names", () => {
    const p = policy({
      scheduledActions: [
        { name: "cap", schedule: "at(2026-11-27T09:00:00)", maxCapacity: 3, timezone: "Europe/Berlin" },
        { name: "floor", schedule: "at(2026-11-27T10:00:00)", minCapacity: 3, timezone: "Europe/Berlin" },
        { name: "peak", schedule: "at(2026-11-27T11:00:00)", minCapacity: 6, maxCapacity: 10, timezone: "Europe/Berlin" },
      ],
    });
    const r = simulatePolicy(p, day, { platform: "ecs", startTime: START, duration: 6 * 3600 });
    // 08:00 UTC: max 3 (nothing to do at 2 tasks); 09:00 UTC: min 3 -> scale out to 3; 10:00 UTC: min 6 -> 6
    expect(changes(r)).toEqual([[0, 2], [3 * 3600, 3], [4 * 3600, 6]]);
  });

  it("a max capacity below the current count scales in at once, and caps target tracking after", () => {
    // 2750 rps x 1 ms of CPU on 5 tasks = 55 % each: between 90 % of the 60 % target and the target, so
    // target tracking holds 5; on 2 tasks it would want 5 again (137 %), but the max is 2.
    const busy: Trace = [{ t: 0, rps: 2750 }, { t: 4 * 3600, rps: 2750 }];
    const p = policy({ scheduledActions: [{ name: "cap", schedule: "at(2026-11-27T08:00:00)", minCapacity: 2, maxCapacity: 2 }] });
    const r = simulatePolicy(p, busy, { platform: "ecs", startTime: START, initialReplicas: 5 });
    expect(changes(r)).toEqual([[0, 5], [2 * 3600, 2]]);
    expect(r.decisions.find((d) => d.t === 2 * 3600)).toMatchObject({ from: 5, replicas: 2, reason: "ScheduledActionMaxCapacity" });
  });

  it("an action that would set min above the max in force is not applied (AWS needs both then)", () => {
    const p = policy({ scheduledActions: [{ name: "cap", schedule: "at(2026-11-27T06:30:00)", maxCapacity: 2 }, { name: "floor", schedule: "at(2026-11-27T07:00:00)", minCapacity: 5 }] });
    const r = simulatePolicy(p, day, { platform: "ecs", startTime: START, duration: 4 * 3600 });
    expect(changes(r)).toEqual([[0, 2]]);
  });

  it("without a wall clock the actions are not replayed, and a warning names them", () => {
    const p = policy({ stopStart: [{ name: "nights", stop: "cron(0 20 ? * * *)", start: "cron(0 6 ? * * *)" }] });
    const r = simulatePolicy(p, day, { platform: "ecs" });
    expect(changes(r)).toEqual([[0, 2]]);
    expect(r.warnings.find((w) => /ECS scheduled actions/.test(w))).toMatch(/office-api-nights-stop, office-api-nights-start\): not replayed \(the trace has no wall clock: pass --start/);
  });
});

describe("the summary of a stopped service under load", () => {
  it("counts the stopped hours as over target, and its peak is the peak while tasks ran (not Infinity)", () => {
    const p = policy({ stopStart: [{ name: "nights", stop: "cron(0 20 ? * * *)", start: "cron(0 6 ? * * *)" }] });
    const r = simulatePolicy(p, day, { platform: "ecs", startTime: START });
    const cpu = summarize(r).metrics[0]!;
    expect(Number.isFinite(cpu.peak)).toBe(true);
    // 300 rps keep 2 tasks under the 60 % target; the 10 stopped hours (20:00 to 06:00) have load and no task.
    expect(cpu.peak).toBeLessThanOrEqual(60);
    expect(cpu.secondsOverTarget).toBeGreaterThanOrEqual(WAKE - STOP - 60);
    expect(formatSummary(r)).not.toContain("Infinity");
  });
});
