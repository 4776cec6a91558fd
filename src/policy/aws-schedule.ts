/**
 * Application Auto Scaling schedule expressions (PutScheduledAction `Schedule`): `at(yyyy-mm-ddThh:mm:ss)`,
 * `rate(value unit)` and the six-field `cron(Minutes Hours Day-of-month Month Day-of-week Year)`. One parse
 * serves the policy's validation, the ECS compiler and the simulator's matcher.
 *
 * Rules (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html, and the
 * cron reference it points to, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html):
 * - rate: `value` a positive integer, `unit` minute | minutes | hour | hours | day | days; singular exactly
 *   when the value is 1 (`rate(1 minute)`, `rate(5 minutes)`; `rate(1 minutes)` and `rate(5 minute)` are refused);
 * - cron fields and their wildcards: Minutes 0-59 `, - * /`; Hours 0-23 `, - * /`; Day-of-month 1-31
 *   `, - * ? / L W`; Month 1-12 or JAN-DEC `, - * /`; Day-of-week 1-7 (Sunday 1) or SUN-SAT `, - * ? L #`;
 *   Year 1970-2199 `, - * /`. One of day-of-month / day-of-week must be `?`, and not both.
 */
import { memoByText } from "./memo";
import { deepFreeze } from "./plain-values";

export type AwsRateUnit = "minute" | "hour" | "day";

/** One cron item: a set of values, or a day rule that depends on the month (L, W, #). */
export type DayRule =
  | { kind: "lastDay" }
  | { kind: "lastWeekday" }
  | { kind: "nearestWeekday"; day: number }
  | { kind: "lastDow"; dow: number }
  | { kind: "nthDow"; dow: number; n: number };

export interface AwsCronField {
  /** Membership table indexed by value (empty for `?`). */
  values: Uint8Array;
  /** `?`: no restriction from this field. */
  any: boolean;
  rules: DayRule[];
}

export interface AwsCron {
  minute: AwsCronField;
  hour: AwsCronField;
  dom: AwsCronField;
  month: AwsCronField;
  /** 1-7, Sunday 1 (AWS numbering). */
  dow: AwsCronField;
  year: AwsCronField;
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export type AwsSchedule =
  | { kind: "at"; at: LocalDateTime; text: string }
  | { kind: "rate"; value: number; unit: AwsRateUnit; seconds: number; text: string }
  | { kind: "cron"; cron: AwsCron; text: string };

export type AwsScheduleResult = { ok: true; schedule: AwsSchedule } | { ok: false; message: string };

const UNIT_SECONDS: Record<AwsRateUnit, number> = { minute: 60, hour: 3600, day: 86400 };
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Extra characters allowed besides `, - * /`. */
  extra: "" | "?LW" | "?L#";
}

const FIELDS: FieldDef[] = [
  { name: "Minutes", min: 0, max: 59, extra: "" },
  { name: "Hours", min: 0, max: 23, extra: "" },
  { name: "Day-of-month", min: 1, max: 31, extra: "?LW" },
  { name: "Month", min: 1, max: 12, names: MONTHS, extra: "" },
  { name: "Day-of-week", min: 1, max: 7, names: DAYS, extra: "?L#" },
  { name: "Year", min: 1970, max: 2199, extra: "" },
];

function allowed(def: FieldDef): string {
  return `${def.min}-${def.max}${def.names ? ` or ${def.names[0]}-${def.names[def.names.length - 1]}` : ""} with , - * /${def.extra ? " " + def.extra.split("").join(" ") : ""}`;
}

function value(def: FieldDef, token: string): number | undefined {
  const upper = token.toUpperCase();
  if (def.names) {
    const i = def.names.indexOf(upper);
    if (i >= 0) return i + def.min;
  }
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= def.min && n <= def.max ? n : undefined;
}

/** One field, or the reason it is invalid. */
function parseField(def: FieldDef, text: string): AwsCronField | string {
  const bad = (why: string) => `${def.name} field ${JSON.stringify(text)} ${why} (allowed: ${allowed(def)})`;
  const field: AwsCronField = { values: new Uint8Array(def.max + 1), any: false, rules: [] };
  if (text === "?") {
    if (!def.extra.includes("?")) return bad("cannot be \"?\"");
    field.any = true;
    return field;
  }
  for (const item of text.split(",")) {
    if (def.extra === "?LW") {
      if (item === "L") {
        field.rules.push({ kind: "lastDay" });
        continue;
      }
      if (item === "LW") {
        field.rules.push({ kind: "lastWeekday" });
        continue;
      }
      const w = /^(\d+)W$/.exec(item);
      if (w) {
        const d = value(def, w[1]!);
        if (d === undefined) return bad(`has ${JSON.stringify(item)}, a day out of range`);
        field.rules.push({ kind: "nearestWeekday", day: d });
        continue;
      }
    }
    if (def.extra === "?L#") {
      const last = /^([A-Za-z]+|\d+)L$/.exec(item);
      if (item === "L") {
        field.values[7] = 1; // L alone in day-of-week: the last day of the week, Saturday (7)
        continue;
      }
      if (last) {
        const d = value(def, last[1]!);
        if (d === undefined) return bad(`has ${JSON.stringify(item)}, a day out of range`);
        field.rules.push({ kind: "lastDow", dow: d });
        continue;
      }
      const nth = /^([A-Za-z]+|\d+)#(\d+)$/.exec(item);
      if (nth) {
        const d = value(def, nth[1]!);
        const n = Number(nth[2]);
        if (d === undefined || n < 1 || n > 5) return bad(`has ${JSON.stringify(item)} (day 1-7 or SUN-SAT, then # and 1-5)`);
        field.rules.push({ kind: "nthDow", dow: d, n });
        continue;
      }
    }
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) return bad(`has an invalid item ${JSON.stringify(item)}`);
    const [, range, stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return bad(`has a step of 0 in ${JSON.stringify(item)}`);
    let lo = def.min;
    let hi = def.max;
    if (range !== "*") {
      const [a, b] = range!.split("-");
      const va = value(def, a!);
      const vb = b === undefined ? undefined : value(def, b);
      if (va === undefined || (b !== undefined && vb === undefined)) return bad(`has ${JSON.stringify(item)}, a value out of range`);
      lo = va;
      // `N/step` runs from N to the field's maximum; a range `a-b` with b < a wraps (`FRI-MON`)
      hi = vb ?? (stepText !== undefined ? def.max : va);
      if (hi < lo) {
        for (let v = lo, k = 0; k <= def.max - def.min + 1; v = v === def.max ? def.min : v + 1, k++) {
          if (k % step === 0) field.values[v] = 1;
          if (v === hi) break;
        }
        continue;
      }
    }
    for (let v = lo; v <= hi; v += step) field.values[v] = 1;
  }
  return field;
}

/** `cron(fields)` body, or the reason it is invalid. */
export function parseAwsCron(body: string): AwsCron | string {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    return `must have six fields (Minutes Hours Day-of-month Month Day-of-week Year), got ${parts.length}`;
  }
  const fields: AwsCronField[] = [];
  const problems: string[] = [];
  parts.forEach((p, i) => {
    const f = parseField(FIELDS[i]!, p);
    if (typeof f === "string") problems.push(f);
    else fields.push(f);
  });
  if (problems.length > 0) return problems.join("; ");
  const [minute, hour, dom, month, dow, year] = fields as [AwsCronField, AwsCronField, AwsCronField, AwsCronField, AwsCronField, AwsCronField];
  if (dom.any === dow.any) {
    return `needs "?" in exactly one of day-of-month (${parts[2]}) and day-of-week (${parts[4]}): ${dom.any ? "one of them must say which days" : "AWS cannot combine the two"}`;
  }
  return { minute, hour, dom, month, dow, year };
}

const AT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** The wall-clock date-time of an `at(...)` body, or undefined when it is not a real yyyy-mm-ddThh:mm:ss. */
export function parseLocalDateTime(text: string): LocalDateTime | undefined {
  const m = AT_RE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parse a PutScheduledAction `Schedule`: at(...), rate(...) or cron(...). Remembered by text (the model,
 * the ECS compiler, the API rule and the simulator each parse the same expressions); the result is frozen,
 * as every caller shares it.
 */
export const parseAwsSchedule = memoByText((text: string): AwsScheduleResult => deepFreeze(parseSchedule(text)));

function parseSchedule(text: string): AwsScheduleResult {
  const fail = (message: string): AwsScheduleResult => ({ ok: false, message });
  const m = /^(at|rate|cron)\((.*)\)$/s.exec(text);
  if (!m) return fail(`must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year), got ${JSON.stringify(text)}`);
  const [, kind, body] = m as unknown as [string, "at" | "rate" | "cron", string];
  if (kind === "at") {
    const at = parseLocalDateTime(body);
    if (!at) return fail(`at(...) must hold a real date and time yyyy-mm-ddThh:mm:ss (no zone: the action's timezone applies), got ${JSON.stringify(text)}`);
    return { ok: true, schedule: { kind, at, text } };
  }
  if (kind === "rate") {
    const r = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
    if (!r) return fail(`rate(...) must be rate(value unit) with a positive whole value and unit minute(s), hour(s) or day(s), got ${JSON.stringify(text)}`);
    const n = Number(r[1]);
    const word = r[2]!;
    const unit = word.replace(/s$/, "") as AwsRateUnit;
    if (n < 1) return fail(`rate(...) needs a value of at least 1, got ${JSON.stringify(text)}`);
    const plural = word.endsWith("s");
    if ((n === 1) === plural) {
      return fail(`rate(...) takes the singular unit for 1 and the plural otherwise (rate(1 ${unit}), rate(${n === 1 ? 2 : n} ${unit}s)), got ${JSON.stringify(text)}`);
    }
    return { ok: true, schedule: { kind, value: n, unit, seconds: n * UNIT_SECONDS[unit], text } };
  }
  const cron = parseAwsCron(body);
  if (typeof cron === "string") return fail(`cron(...) ${cron}, got ${JSON.stringify(text)}`);
  return { ok: true, schedule: { kind, cron, text } };
}

/** Wall-clock fields of a minute in a time zone. */
export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
}

function isWeekday(year: number, month: number, day: number): boolean {
  const w = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return w !== 0 && w !== 6;
}

/** The weekday (Mon-Fri) nearest to `day` within the month (Quartz / EventBridge `W`). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const d = Math.min(day, last);
  const w = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
  if (w === 6) return d === 1 ? 3 : d - 1;
  if (w === 0) return d === last ? d - 2 : d + 1;
  return d;
}

function dayRuleMatches(rule: DayRule, w: WallClock): boolean {
  const last = daysInMonth(w.year, w.month);
  const awsDow = w.weekday + 1;
  switch (rule.kind) {
    case "lastDay":
      return w.day === last;
    case "lastWeekday": {
      let d = last;
      while (!isWeekday(w.year, w.month, d)) d--;
      return w.day === d;
    }
    case "nearestWeekday":
      return w.day === nearestWeekday(w.year, w.month, rule.day);
    case "lastDow":
      return awsDow === rule.dow && w.day + 7 > last;
    case "nthDow":
      return awsDow === rule.dow && Math.ceil(w.day / 7) === rule.n;
  }
}

function fieldMatches(f: AwsCronField, v: number, w: WallClock): boolean {
  return f.any || f.values[v] === 1 || f.rules.some((r) => dayRuleMatches(r, w));
}

/** Whether an AWS cron matches a wall-clock minute. */
export function awsCronMatches(c: AwsCron, w: WallClock): boolean {
  return (
    c.minute.values[w.minute] === 1 &&
    c.hour.values[w.hour] === 1 &&
    c.month.values[w.month] === 1 &&
    c.year.values[w.year] === 1 &&
    fieldMatches(c.dom, w.day, w) &&
    fieldMatches(c.dow, w.weekday + 1, w)
  );
}
