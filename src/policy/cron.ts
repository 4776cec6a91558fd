import { quote } from "./messages";

/**
 * 5-field Linux cron, parsed once: the policy's validation (`cronError`), the simulator's matcher
 * (src/simulate/schedule.ts), KEDA's robfig/cron spelling (src/targets/keda-cron.ts) and AWS's `cron(...)`
 * (src/targets/ecs/cron.ts) all read this representation. Pure (no zod, no I/O).
 *
 * Syntax (robfig/cron v3's standard parser, as KEDA's cron scaler uses it): minute 0-59, hour 0-23, day of
 * month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT (7 = Sunday, as Vixie cron, accepted and
 * folded into 0); `*`, lists, ranges and `/step`. `N/step` runs from N to the field's maximum, and `*` spans
 * the field (day of week: 0-6), as robfig/cron v3 parser.go `getRange` does
 * (github.com/robfig/cron@bc59245fe10efaed9d51b56900192527ed733435).
 */

export interface CronFieldSpec {
  name: string;
  min: number;
  /** Highest value written. */
  max: number;
  /** Where `*` and `N/step` end (day of week: 6, although 7 may be written). */
  openMax: number;
  names?: readonly string[];
}

export const CRON_FIELDS: readonly CronFieldSpec[] = [
  { name: "minute", min: 0, max: 59, openMax: 59 },
  { name: "hour", min: 0, max: 23, openMax: 23 },
  { name: "day of month", min: 1, max: 31, openMax: 31 },
  { name: "month", min: 1, max: 12, openMax: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 7, openMax: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** One comma-separated item of a field: `*`, `N`, `A-B`, each with an optional `/step`. */
export interface CronItem {
  /** The range as written (`*`, `5`, `MON-FRI`), without the step. */
  range: string;
  /** The bounds as written (`MON`, `FRI`); empty for `*`. */
  tokens: string[];
  lo: number;
  hi: number;
  step: number;
  /** Written with a `/step`. */
  stepped: boolean;
  /** `*`. */
  star: boolean;
}

export interface CronField {
  text: string;
  items: CronItem[];
  /**
   * Unrestricted for robfig/cron's day-of-month / day-of-week OR rule: some item is `*` with no step or a
   * step of 1 (parser.go `getRange` sets the star bit for `*` and clears it for a step > 1).
   */
  star: boolean;
}

/** A parsed expression: minute, hour, day of month, month, day of week. */
export interface CronExpression {
  expression: string;
  fields: [CronField, CronField, CronField, CronField, CronField];
}

export type CronParse = { ok: true; cron: CronExpression } | { ok: false; message: string };

function tokenValue(spec: CronFieldSpec, v: string): number | undefined {
  if (/^\d+$/.test(v)) return Number(v);
  const at = spec.names?.indexOf(v.toUpperCase()) ?? -1;
  return at < 0 ? undefined : at + spec.min;
}

function parseItem(spec: CronFieldSpec, part: string): CronItem | undefined {
  const [range, stepText, extra] = part.split("/");
  if (extra !== undefined || range === undefined || range === "") return undefined;
  if (stepText !== undefined && !(/^\d+$/.test(stepText) && Number(stepText) >= 1)) return undefined;
  const step = stepText === undefined ? 1 : Number(stepText);
  const stepped = stepText !== undefined;
  if (range === "*") return { range, tokens: [], lo: spec.min, hi: spec.openMax, step, stepped, star: true };
  const tokens = range.split("-");
  if (tokens.length > 2) return undefined;
  const a = tokenValue(spec, tokens[0]!);
  const b = tokens.length === 2 ? tokenValue(spec, tokens[1]!) : a;
  if (a === undefined || b === undefined || a < spec.min || b > spec.max || a > b) return undefined;
  const hi = tokens.length === 2 ? b : stepped ? spec.openMax : a;
  return { range, tokens, lo: a, hi, step, stepped, star: false };
}

/** Parse a 5-field expression, or say what is wrong with it (the policy's message for a bad cron). */
export function parseCron(expression: string): CronParse {
  const texts = expression.trim().split(/\s+/);
  if (texts.length !== 5) {
    return { ok: false, message: `must be a 5-field cron expression like "0 8 * * 1-5" (minute hour day-of-month month day-of-week), got ${quote(expression)} with ${texts.length} field(s)` };
  }
  const fields: CronField[] = [];
  for (let i = 0; i < 5; i++) {
    const spec = CRON_FIELDS[i]!;
    const text = texts[i]!;
    const items: CronItem[] = [];
    for (const part of text.split(",")) {
      const item = parseItem(spec, part);
      if (item === undefined) {
        const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : "";
        return { ok: false, message: `has an invalid ${spec.name} field ${quote(text)} (allowed: ${spec.min}-${spec.max}${names}, *, lists, ranges, /step), in ${quote(expression)}` };
      }
      items.push(item);
    }
    fields.push({ text, items, star: items.some((it) => it.star && it.step <= 1) });
  }
  return { ok: true, cron: { expression, fields: fields as CronExpression["fields"] } };
}

/** The message for an invalid expression, undefined for a valid one. */
export function cronError(expression: string): string | undefined {
  const r = parseCron(expression);
  return r.ok ? undefined : r.message;
}

/** A valid expression, parsed (throws with `cronError`'s message otherwise). */
export function parseValidCron(expression: string): CronExpression {
  const r = parseCron(expression);
  if (!r.ok) throw new Error(`cron expression ${r.message}`);
  return r.cron;
}

/** The values a field matches, as a membership table indexed by value (`size` entries). */
export function fieldValues(field: CronField, size: number): Uint8Array {
  const set = new Uint8Array(size);
  for (const it of field.items) for (let v = it.lo; v <= it.hi; v += it.step) set[v] = 1;
  return set;
}

/** The days (0-6, Sunday 0, 7 folded into 0) a day-of-week field matches, ascending. */
export function daysOfWeek(field: CronField): number[] {
  const raw = fieldValues(field, 8);
  const days: number[] = [];
  for (let d = 0; d < 7; d++) if (raw[d] === 1 || (d === 0 && raw[7] === 1)) days.push(d);
  return days;
}
