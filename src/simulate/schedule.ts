/**
 * `schedule` metrics on a wall clock: 5-field cron matching in an IANA time zone, and the window state
 * (inside / outside, last start / end) of each schedule at every simulation step.
 *
 * A trace has relative time `t`; the `startTime` simulation option (an ISO 8601 instant) anchors t = 0.
 *
 * Cron (robfig/cron's standard parser, which KEDA's `cron` scaler uses; parsed once by src/policy/cron.ts,
 * which also validates the policy): minute hour day-of-month month day-of-week; `*`,
 * lists, ranges, `/step` (`N/step` = N to the field's maximum), month names JAN-DEC, day names SUN-SAT,
 * 0 and 7 = Sunday. When both day-of-month and day-of-week are restricted, a day matches if EITHER
 * matches; when either is unrestricted (`*`, or `*` with a step of 1), both must match (robfig/cron v3
 * spec.go `dayMatches` over the star bit). `*` with a step N > 1 is restricted: robfig/cron v3 parser.go
 * `getRange` clears the star bit for a step > 1 (github.com/robfig/cron@bc59245fe10efaed9d51b56900192527ed733435).
 * An expression is matched against the wall-clock minute in the time zone: a minute that does not exist
 * on a spring-forward day never matches, one that occurs twice on a fall-back day matches twice.
 *
 * Inside the window (KEDA docs, keda.sh/docs/latest/scalers/cron: "desiredReplicas - Number of replicas
 * to which the resource has to be scaled between the start and end of the cron schedule"): the most
 * recent `start` match is later than the most recent `end` match, looking back at most
 * SCHEDULE_LOOKBACK_MINUTES (8 days: a weekly schedule always has a match). So the window is
 * [start, end) to the minute.
 */
import { daysOfWeek, fieldValues, parseValidCron } from "../policy/cron";
import { awsCronMatches, parseAwsSchedule, type LocalDateTime, type WallClock } from "../policy/aws-schedule";
import type { MetricOf } from "../types";

/** How far back the window state looks for the last start / end match: 8 days, in minutes. */
export const SCHEDULE_LOOKBACK_MINUTES = 8 * 24 * 60;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A parsed 5-field cron expression: one membership table per field. */
export interface CronSpec {
  expression: string;
  minute: Uint8Array; // 0-59
  hour: Uint8Array; // 0-23
  dom: Uint8Array; // 1-31
  month: Uint8Array; // 1-12
  dow: Uint8Array; // 0-6, Sunday 0 (7 folded into 0)
  /** day-of-month / day-of-week are `*` with no step or a step of 1 (robfig/cron's star bit: unrestricted for the OR rule). */
  domStar: boolean;
  dowStar: boolean;
}

/** Wall-clock fields of an instant in a time zone (one shape for the 5-field and the AWS cron matchers). */
export type { WallClock } from "../policy/aws-schedule";

/** Parse a 5-field cron expression into membership tables (throws on the syntax `cronError` rejects). */
export function parseCron(expression: string): CronSpec {
  const [minute, hour, dom, month, dow] = parseValidCron(expression).fields;
  const days = new Uint8Array(7);
  for (const d of daysOfWeek(dow)) days[d] = 1;
  return {
    expression,
    minute: fieldValues(minute, 60),
    hour: fieldValues(hour, 24),
    dom: fieldValues(dom, 32),
    month: fieldValues(month, 13),
    dow: days,
    domStar: dom.star,
    dowStar: dow.star,
  };
}

/** Whether a cron expression matches a wall-clock minute. */
export function cronMatches(spec: CronSpec, w: WallClock): boolean {
  if (spec.minute[w.minute] !== 1 || spec.hour[w.hour] !== 1 || spec.month[w.month] !== 1) return false;
  const domOk = spec.dom[w.day] === 1;
  const dowOk = spec.dow[w.weekday] === 1;
  return spec.domStar || spec.dowStar ? domOk && dowOk : domOk || dowOk;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The time zone's UTC offset in ms at an instant (local wall time = UTC + offset), from Intl. */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of formatter(timeZone).formatToParts(new Date(whole))) {
    switch (p.type) {
      case "year":
        year = Number(p.value);
        break;
      case "month":
        month = Number(p.value);
        break;
      case "day":
        day = Number(p.value);
        break;
      case "hour":
        hour = Number(p.value) % 24;
        break;
      case "minute":
        minute = Number(p.value);
        break;
      case "second":
        second = Number(p.value);
        break;
      case "era":
        bc = /^B/i.test(p.value);
        break;
    }
  }
  const d = new Date(0);
  d.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() - whole;
}

function wallClockWithOffset(minuteMs: number, offset: number): WallClock {
  const local = new Date(minuteMs + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}

/** Wall-clock fields (to the minute) of an instant in an IANA time zone, straight from Intl. */
export function wallClock(timeZone: string, ms: number): WallClock {
  const minuteMs = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  return wallClockWithOffset(minuteMs, zoneOffsetMs(timeZone, minuteMs));
}

/** Whether `expression` matches the wall-clock minute of instant `ms` in `timeZone`. */
export function cronMatchesAt(expression: string | CronSpec, timeZone: string, ms: number): boolean {
  const spec = typeof expression === "string" ? parseCron(expression) : expression;
  return cronMatches(spec, wallClock(timeZone, ms));
}

/** A `schedule` metric as the simulator replays it. */
export interface SimSchedule {
  /** Position of the metric in the policy's `scaling.metrics`. */
  index: number;
  timezone: string;
  start: string;
  end: string;
  /** The floor inside the window (KEDA `desiredReplicas`, ECS scheduled min capacity). */
  replicas: number;
  /** `schedule[0 8 * * 1-5 .. 0 18 * * 1-5 Europe/Berlin]`, for messages. */
  label: string;
  /** The metric as the HPA KEDA creates names it in events. */
  hpaName: string;
}

export function simSchedule(m: MetricOf<"schedule">, index: number): SimSchedule {
  return {
    index,
    timezone: m.timezone,
    start: m.start,
    end: m.end,
    replicas: m.replicas,
    label: `schedule[${m.start} .. ${m.end} ${m.timezone}]`,
    hpaName: `external metric cron ${m.timezone} ${m.start} .. ${m.end}`,
  };
}

/** A schedule's state at one instant. */
export interface ScheduleState extends SimSchedule {
  /** Inside [start, end): the last start match is later than the last end match. */
  inside: boolean;
  /** Epoch ms of the most recent start / end match at or before now (its minute), -Infinity if none in the look-back. */
  lastStart: number;
  lastEnd: number;
}

/**
 * The window state at one instant, computed directly (minute by minute back through Intl, slow): the
 * specification of `ScheduleClock`, and handy in tests.
 */
export function scheduleStateAt(s: SimSchedule, ms: number, lookbackMinutes = SCHEDULE_LOOKBACK_MINUTES): ScheduleState {
  const start = parseCron(s.start);
  const end = parseCron(s.end);
  const now = Math.floor(ms / MINUTE_MS);
  let lastStart = Number.NEGATIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (let m = now; m >= now - lookbackMinutes && (lastStart === Number.NEGATIVE_INFINITY || lastEnd === Number.NEGATIVE_INFINITY); m--) {
    const w = wallClock(s.timezone, m * MINUTE_MS);
    if (lastStart === Number.NEGATIVE_INFINITY && cronMatches(start, w)) lastStart = m * MINUTE_MS;
    if (lastEnd === Number.NEGATIVE_INFINITY && cronMatches(end, w)) lastEnd = m * MINUTE_MS;
  }
  return { ...s, inside: lastStart > lastEnd, lastStart, lastEnd };
}

/**
 * Local wall-clock minute numbers (minutes since 1970-01-01 00:00 local) of `n` minutes from epoch minute
 * `first`. The zone offset is read from Intl at every whole hour (UTC); where two consecutive hours differ
 * (a DST change: at most one per hour), the minute of the change is found by bisection.
 */
export function localMinutes(timeZone: string, first: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let hour = Number.NaN;
  let offA = 0;
  let offB = 0;
  let change = 0; // first minute (epoch) with offB inside [hour, hour + 1)
  for (let i = 0; i < n; i++) {
    const m = first + i;
    const h = Math.floor(m / 60);
    if (h !== hour) {
      offA = hour === h - 1 ? offB : zoneOffsetMs(timeZone, h * HOUR_MS);
      offB = zoneOffsetMs(timeZone, (h + 1) * HOUR_MS);
      hour = h;
      if (offA !== offB) {
        let lo = h * 60; // offset offA
        let hi = (h + 1) * 60; // offset offB
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (zoneOffsetMs(timeZone, mid * MINUTE_MS) === offA) lo = mid;
          else hi = mid;
        }
        change = hi;
      }
    }
    const offset = offA === offB || m < change ? offA : offB;
    out[i] = Math.floor((m * MINUTE_MS + offset) / MINUTE_MS);
  }
  return out;
}

/** Wall-clock fields of a local minute number (minutes since 1970-01-01 00:00 local). */
function wallClockOfLocalMinute(lm: number): WallClock {
  const d = new Date(lm * MINUTE_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay() };
}

/** An Application Auto Scaling scheduled action as the simulator replays it (compiled args, AWS syntax). */
export interface SimAwsAction {
  schedule: string;
  timezone: string;
  startTime?: string;
  endTime?: string;
}

/** Epoch ms of a wall-clock date-time in a time zone (the earlier instant when a fall-back hour repeats it). */
export function zonedMs(t: LocalDateTime, timeZone: string): number {
  const local = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const first = local - zoneOffsetMs(timeZone, local);
  return local - zoneOffsetMs(timeZone, first);
}

/**
 * Epoch ms of every run of an Application Auto Scaling scheduled action from `fromMs` to `toMs`, in order.
 * - at(): once, at that wall-clock time in the action's time zone;
 * - cron(): every matching wall-clock minute in the time zone;
 * - rate(): every interval from StartTime; without StartTime the action is taken as created at `createdMs`
 *   (t = 0 of the simulation) and first runs one interval later (an assumption: AWS does not document it);
 * - StartTime: a recurring action also runs at StartTime itself ("If you specify a start time, Application
 *   Auto Scaling performs the action at this time, and then performs the action based on the specified
 *   recurrence", https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html),
 *   and none before it; EndTime: none after it.
 */
export function actionRuns(a: SimAwsAction, fromMs: number, toMs: number, createdMs: number): number[] {
  const parsed = parseAwsSchedule(a.schedule);
  if (!parsed.ok) throw new Error(`cannot replay the scheduled action schedule ${JSON.stringify(a.schedule)}: ${parsed.message}`);
  const sched = parsed.schedule;
  const startMs = a.startTime !== undefined ? Date.parse(a.startTime) : undefined;
  const endMs = a.endTime !== undefined ? Date.parse(a.endTime) : Number.POSITIVE_INFINITY;
  const lo = Math.max(fromMs, startMs ?? Number.NEGATIVE_INFINITY);
  const hi = Math.min(toMs, endMs);
  const runs: number[] = [];
  if (sched.kind === "at") {
    const at = zonedMs(sched.at, a.timezone);
    if (at >= fromMs && at <= toMs) runs.push(at);
    return runs;
  }
  if (startMs !== undefined && startMs >= fromMs && startMs <= hi) runs.push(startMs);
  if (sched.kind === "rate") {
    const every = sched.seconds * 1000;
    const origin = startMs ?? createdMs;
    const k0 = Math.max(1, Math.ceil((lo - origin) / every));
    for (let t = origin + k0 * every; t <= hi; t += every) runs.push(t);
    return runs;
  }
  const firstMinute = Math.ceil(lo / MINUTE_MS);
  const n = Math.floor(hi / MINUTE_MS) - firstMinute + 1;
  if (n <= 0) return runs;
  const local = localMinutes(a.timezone, firstMinute, n);
  for (let i = 0; i < n; i++) {
    const ms = (firstMinute + i) * MINUTE_MS;
    if (ms !== startMs && awsCronMatches(sched.cron, wallClockOfLocalMinute(local[i]!))) runs.push(ms);
  }
  return runs;
}

/** Parse the `startTime` option: an ISO 8601 instant with a zone designator (Z or +hh:mm). Returns epoch ms. */
export function parseStartTime(value: string | Date): number {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error("startTime is an invalid Date");
    return value.getTime();
  }
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  const ms = Date.parse(value.trim());
  if (!ok || Number.isNaN(ms)) {
    throw new Error(`startTime must be an ISO 8601 instant with a time zone, like "2026-11-27T17:00:00Z" or "2026-11-27T18:00:00+01:00", got ${JSON.stringify(value)}`);
  }
  return ms;
}

/**
 * The schedules' window states over a simulation, precomputed once (only when the policy has schedule
 * metrics, so the hot loop pays nothing otherwise): every wall-clock minute from SCHEDULE_LOOKBACK_MINUTES
 * before t = 0 to the end is matched once per schedule, from local minute numbers (the zone offset from
 * Intl once an hour, bisected to the minute at a DST change) without allocating per minute.
 */
export class ScheduleClock {
  private readonly firstMinute: number;
  private readonly lastStart: Float64Array[];
  private readonly lastEnd: Float64Array[];
  constructor(readonly schedules: readonly SimSchedule[], readonly startMs: number, duration: number) {
    this.firstMinute = Math.floor(startMs / MINUTE_MS) - SCHEDULE_LOOKBACK_MINUTES;
    const lastMinute = Math.floor((startMs + Math.max(0, duration) * 1000) / MINUTE_MS) + 1;
    const n = lastMinute - this.firstMinute + 1;
    this.lastStart = [];
    this.lastEnd = [];
    const byZone = new Map<string, Float64Array>();
    for (const s of schedules) {
      let local = byZone.get(s.timezone);
      if (local === undefined) {
        local = localMinutes(s.timezone, this.firstMinute, n);
        byZone.set(s.timezone, local);
      }
      const start = parseCron(s.start);
      const end = parseCron(s.end);
      const ls = new Float64Array(n);
      const le = new Float64Array(n);
      let a = Number.NEGATIVE_INFINITY;
      let b = Number.NEGATIVE_INFINITY;
      // wall-clock fields from the local minute number; the date fields change once a local day
      const w: WallClock = { year: 0, month: 1, day: 1, hour: 0, minute: 0, weekday: 0 };
      let day = Number.NaN;
      for (let i = 0; i < n; i++) {
        const lm = local[i]!;
        const d = Math.floor(lm / 1440);
        if (d !== day) {
          day = d;
          const date = new Date(d * 86_400_000);
          w.year = date.getUTCFullYear();
          w.month = date.getUTCMonth() + 1;
          w.day = date.getUTCDate();
          w.weekday = date.getUTCDay();
        }
        const minuteOfDay = lm - d * 1440;
        w.hour = Math.floor(minuteOfDay / 60);
        w.minute = minuteOfDay - w.hour * 60;
        const ms = (this.firstMinute + i) * MINUTE_MS;
        if (cronMatches(start, w)) a = ms;
        if (cronMatches(end, w)) b = ms;
        ls[i] = a;
        le[i] = b;
      }
      this.lastStart.push(ls);
      this.lastEnd.push(le);
    }
  }
  private minuteIndex(t: number): number {
    const i = Math.floor((this.startMs + t * 1000) / MINUTE_MS) - this.firstMinute;
    return Math.min(Math.max(i, 0), this.lastStart[0] ? this.lastStart[0].length - 1 : 0);
  }
  /** Fresh states at relative time t (seconds). */
  at(t: number): ScheduleState[] {
    const i = this.minuteIndex(t);
    return this.schedules.map((s, k) => {
      const lastStart = this.lastStart[k]![i]!;
      const lastEnd = this.lastEnd[k]![i]!;
      return { ...s, inside: lastStart > lastEnd, lastStart, lastEnd };
    });
  }
  /** Update `states` (from `at`) in place to relative time t. */
  update(states: ScheduleState[], t: number): void {
    const i = this.minuteIndex(t);
    for (let k = 0; k < states.length; k++) {
      const st = states[k]!;
      st.lastStart = this.lastStart[k]![i]!;
      st.lastEnd = this.lastEnd[k]![i]!;
      st.inside = st.lastStart > st.lastEnd;
    }
  }
}
