/**
 * One cron module (src/policy/cron.ts): the policy's validation, the simulator's matcher, KEDA's robfig/cron
 * spelling and AWS's cron(...) read the same parse. The conversions must keep the meaning: for every minute
 * of five weeks, an expression, its KEDA spelling and its AWS spelling read back match the same minutes.
 */
import { describe, expect, it } from "vitest";
import { cronError, daysOfWeek, parseCron, parseValidCron } from "../../src/policy/cron";
import { cronMatches, parseCron as matcher, unixCronOfAws, type WallClock } from "../../src/simulate";
import { kedaCron } from "../../src/targets/keda-cron";
import { awsCron } from "../../src/targets/ecs/cron";

/** Every minute from 2026-03-01 (a Sunday) for 35 days, as wall-clock fields in UTC. */
function* minutes(): Generator<WallClock> {
  const start = Date.UTC(2026, 2, 1);
  for (let t = start; t < start + 35 * 86_400_000; t += 60_000) {
    const d = new Date(t);
    yield { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay() };
  }
}

function sameMinutes(a: string, b: string): void {
  const x = matcher(a);
  const y = matcher(b);
  let checked = 0;
  for (const w of minutes()) {
    if (cronMatches(x, w) !== cronMatches(y, w)) throw new Error(`${JSON.stringify(a)} and ${JSON.stringify(b)} differ at ${JSON.stringify(w)}`);
    checked++;
  }
  expect(checked).toBe(35 * 24 * 60);
}

describe("one cron parse", () => {
  it("robfig/cron v3 getRange: `*` and `*/1` set the star bit, a step > 1 clears it; `N/step` runs to the field's end", () => {
    const dow = (f: string) => parseValidCron(`0 0 * * ${f}`).fields[4];
    expect(dow("*").star).toBe(true);
    expect(dow("*/1").star).toBe(true);
    expect(dow("*/2").star).toBe(false);
    expect(daysOfWeek(dow("*/2"))).toEqual([0, 2, 4, 6]);
    expect(daysOfWeek(dow("2/2"))).toEqual([2, 4, 6]);
    expect(daysOfWeek(dow("5-7"))).toEqual([0, 5, 6]);
    expect(daysOfWeek(dow("MON-FRI"))).toEqual([1, 2, 3, 4, 5]);
  });

  it("a bad expression gets one message naming the field, from the same parse the policy uses", () => {
    expect(cronError("0 8 * *")).toMatch(/must be a 5-field cron expression .* with 4 field\(s\)/);
    expect(cronError("0 25 * * *")).toMatch(/invalid hour field "25" \(allowed: 0-23/);
    expect(cronError("0 8 * * MON-XYZ")).toMatch(/invalid day of week field "MON-XYZ" \(allowed: 0-7 or SUN-SAT/);
    expect(parseCron("0 8 * * 1-5").ok).toBe(true);
    expect(() => matcher("0 8 * * 8")).toThrow(/invalid day of week field "8"/);
  });

  // AWS day-of-week has no "/" step, so `1-7/2` has no AWS spelling (awsCron refuses it).
  it.each([
    ["0 9 * * 7", true],
    ["0 22 * * 5-7", true],
    ["0 9 * * 1-7/2", false],
    ["30 6 * * 0,7", true],
    ["0 9 * * MON-FRI", true],
    ["*/15 8-18 * * 1-5", true],
    ["0 0 1 * *", true],
    ["0 0 */10 * *", true],
    ["0 12 * JAN-DEC SUN", true],
    ["0 7 */1 * 1", true],
  ] as const)("%j means the same minutes as its KEDA spelling and its AWS spelling (AWS: %s)", (expr, onAws) => {
    sameMinutes(expr, kedaCron(expr));
    const aws = awsCron(expr);
    expect(aws.ok).toBe(onAws);
    if (aws.ok) sameMinutes(expr, unixCronOfAws(aws.expression));
  });
});
