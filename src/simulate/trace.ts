/**
 * Load traces: offered load over time. A trace is a list of samples; each holds until the next one
 * (step interpolation), so a CSV of per-minute averages replays as per-minute steps.
 *
 * Columns / fields (all optional except the time):
 * - `t`: seconds from the start; or `time` / `Time` / `timestamp`: an ISO 8601 timestamp (or Grafana's
 *   `2026-11-27 17:00:00`), or epoch seconds / milliseconds, made relative to the first row (the first
 *   row's instant is returned as `startTime`, the wall clock of t = 0)
 * - `rps`: requests per second offered to the service
 * - `inFlight`: requests in flight across the service (else derived as rps x latency, Little's law)
 * - `queue`: queue jobs (active + waiting)
 * - `cpuPerRequest`: CPU seconds per request (overrides the model's default)
 * - `replicasRequired`: what the service reports it needs (Membrane `*_workers_required`)
 * - a column named after an event source's `from` key (`sqs`, `azureQueue`, `kafka`, ...): that source's depth
 *   (or lag), read in place of `queue` / `replicasRequired` by a metric whose source that is on the platform
 *   simulated (./sources.ts)
 * - any other numeric column: a named metric value (for `prometheus`, `pods`, `external`, `object`
 *   metrics, read by metric name); an empty cell means the metric could not be read at that time.
 * A unit after a column name, `rps (req/s)` or `queue [jobs]`, is dropped from the name.
 */
import { parse as parseCsv } from "csv-parse/sync";

export interface TraceSample {
  t: number;
  rps?: number;
  inFlight?: number;
  queue?: number;
  cpuPerRequest?: number;
  replicasRequired?: number;
  /** Other named values; `null` = the metric read fails (exercises `missingMetrics` / KEDA fallback). */
  values?: Record<string, number | null>;
}

export type Trace = TraceSample[];

const KNOWN = new Set(["t", "rps", "inFlight", "queue", "cpuPerRequest", "replicasRequired"]);
/** Absolute-time columns (Grafana exports `Time`). */
const TIME_COLUMNS = new Set(["time", "timestamp"]);

/** A parsed trace, and the wall-clock instant of t = 0 when the trace has absolute times. */
export interface ParsedTrace {
  trace: Trace;
  model?: Record<string, unknown>;
  /** ISO 8601 instant of the first row, when the time column holds absolute times. */
  startTime?: string;
}

/** An absolute time in seconds since the epoch: ISO / Grafana timestamps, epoch seconds or milliseconds. */
function epochSeconds(raw: string | number, where: string): number {
  const s = typeof raw === "number" ? String(raw) : raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return n > 1e11 ? n / 1000 : n; // milliseconds past the year 5138 in seconds: no ambiguity in practice
  }
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new Error(`${where}: cannot read time ${JSON.stringify(raw)} (use seconds in \`t\`, or an ISO 8601 timestamp / epoch in \`time\`)`);
  return ms / 1000;
}

/** `rps (req/s)` -> `rps`, `queue [jobs]` -> `queue`. */
function columnName(header: string): string {
  return header.replace(/\s*[([][^)\]]*[)\]]\s*$/, "").trim();
}

/** A trace from rows of named cells: the time in `t` (seconds) or `time` / `timestamp`, the rest as columns. */
export function traceFromRows(rows: Array<Record<string, unknown>>, where: string): ParsedTrace {
  return normalize(rows, where);
}

function normalize(rows: Array<Record<string, unknown>>, where: string): ParsedTrace {
  if (rows.length === 0) throw new Error(`${where}: the trace has no samples`);
  let first: number | undefined;
  const out: Trace = rows.map((raw, i) => {
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) row[columnName(k)] = v;
    const timeKey = Object.keys(row).find((k) => TIME_COLUMNS.has(k.toLowerCase()));
    const rawT = (row.t ?? (timeKey === undefined ? undefined : row[timeKey])) as string | number | undefined;
    if (rawT === undefined || rawT === "") throw new Error(`${where}: sample ${i + 1} has no \`t\` (seconds) or \`time\` (timestamp)`);
    let t: number;
    if (row.t !== undefined) {
      t = typeof rawT === "number" ? rawT : Number(String(rawT).trim());
      if (!Number.isFinite(t)) throw new Error(`${where}: sample ${i + 1}, t: not a number of seconds: ${JSON.stringify(rawT)} (put timestamps in a \`time\` column)`);
    } else if (typeof rawT === "number" || /^-?\d+(\.\d+)?$/.test(String(rawT).trim())) {
      // numbers before 2001-09-09 (1e9 s) are seconds from the start, later ones epoch seconds / milliseconds
      const n = Number(rawT);
      if (Math.abs(n) < 1e9 && first === undefined) t = n;
      else {
        const abs = epochSeconds(rawT, `${where}: sample ${i + 1}`);
        first ??= abs;
        t = abs - first;
      }
    } else {
      const abs = epochSeconds(rawT, `${where}: sample ${i + 1}`);
      first ??= abs;
      t = abs - first;
    }
    const sample: TraceSample = { t };
    for (const [k, v] of Object.entries(row)) {
      if (k === "t" || k === timeKey) continue;
      const n = v === null || v === "" || v === undefined ? null : typeof v === "number" ? v : Number(String(v).trim());
      if (n !== null && !Number.isFinite(n)) throw new Error(`${where}: sample ${i + 1}, ${k}: not a number: ${JSON.stringify(v)}`);
      if (KNOWN.has(k)) {
        if (n !== null) (sample as unknown as Record<string, number>)[k] = n;
      } else {
        (sample.values ??= {})[k] = n;
      }
    }
    return sample;
  });
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.t < out[i - 1]!.t) throw new Error(`${where}: samples must be in time order (sample ${i + 1} at ${out[i]!.t}s comes after ${out[i - 1]!.t}s)`);
  }
  return { trace: out, ...(first !== undefined ? { startTime: new Date(first * 1000).toISOString() } : {}) };
}

/**
 * Parse a CSV trace with a real CSV parser (csv-parse: quoted fields, embedded commas and quotes, CRLF):
 * a header row of column names (units in brackets dropped), `#` comment lines, empty cells as failed reads.
 */
export function parseTraceCsvWithStart(text: string, where = "trace"): ParsedTrace {
  let rows: Array<Record<string, string>>;
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, comment: "#", comment_no_infix: true, trim: true, bom: true }) as Array<Record<string, string>>;
  } catch (e) {
    throw new Error(`${where}: not a valid CSV trace: ${(e as Error).message}`);
  }
  if (rows.length === 0) throw new Error(`${where}: a CSV trace needs a header row and at least one sample`);
  return normalize(rows, where);
}

/** Parse a CSV trace (see `parseTraceCsvWithStart`, which also returns the wall clock of t = 0). */
export function parseTraceCsv(text: string, where = "trace"): Trace {
  return parseTraceCsvWithStart(text, where).trace;
}

/** Parse a JSON trace: an array of samples, or `{ samples: [...], model?: {...} }`. */
export function parseTraceJson(text: string, where = "trace"): ParsedTrace {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not valid JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(value)) return normalize(value as Array<Record<string, unknown>>, where);
  if (value && typeof value === "object" && Array.isArray((value as { samples?: unknown }).samples)) {
    const v = value as { samples: Array<Record<string, unknown>>; model?: Record<string, unknown> };
    return { ...normalize(v.samples, where), model: v.model };
  }
  throw new Error(`${where}: a JSON trace is an array of samples or { "samples": [...] }`);
}

/** Parse by content: JSON when it starts with `[` or `{`, CSV otherwise. */
export function parseTrace(text: string, where = "trace"): ParsedTrace {
  const s = text.trimStart();
  return s.startsWith("[") || s.startsWith("{") ? parseTraceJson(text, where) : parseTraceCsvWithStart(text, where);
}

/** A constant load for `duration` seconds (tests and examples). */
export function constantTrace(duration: number, load: Omit<TraceSample, "t">): Trace {
  return [{ t: 0, ...load }, { t: duration, ...load }];
}

/** Build a trace from [seconds, rps] steps (`[[0, 500], [60, 5000]]`). */
export function rpsSteps(steps: Array<[number, number]>, end?: number): Trace {
  const trace: Trace = steps.map(([t, rps]) => ({ t, rps }));
  if (end !== undefined && end > trace[trace.length - 1]!.t) trace.push({ t: end, rps: steps[steps.length - 1]![1] });
  return trace;
}

/** A cursor reading a step-interpolated trace at increasing times in O(1) amortised. */
export class TraceCursor {
  private i = 0;
  constructor(private readonly trace: Trace) {}
  at(t: number): TraceSample {
    const tr = this.trace;
    while (this.i + 1 < tr.length && tr[this.i + 1]!.t <= t) this.i++;
    return tr[this.i]!;
  }
}

export function traceEnd(trace: Trace): number {
  return trace[trace.length - 1]!.t;
}
