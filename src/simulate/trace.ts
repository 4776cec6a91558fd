/**
 * Load traces: offered load over time. A trace is a list of samples; each holds until the next one
 * (step interpolation), so a CSV of per-minute averages replays as per-minute steps.
 *
 * Columns / fields (all optional except `t`):
 * - `t`: seconds from the start (or `time`; ISO timestamps are accepted and made relative to the first row)
 * - `rps`: requests per second offered to the service
 * - `inFlight`: requests in flight across the service (else derived as rps x latency, Little's law)
 * - `queue`: queue jobs (active + waiting)
 * - `cpuPerRequest`: CPU seconds per request (overrides the model's default)
 * - `replicasRequired`: what the service reports it needs (Membrane `*_workers_required`)
 * - any other numeric column: a named metric value (for `prometheus`, `pods`, `external`, `object`
 *   metrics, read by metric name); an empty cell means the metric could not be read at that time.
 */
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

const KNOWN = new Set(["t", "time", "rps", "inFlight", "queue", "cpuPerRequest", "replicasRequired"]);

function toSeconds(raw: string | number, first: number | undefined): number {
  if (typeof raw === "number") return raw;
  const s = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new Error(`trace: cannot read time ${JSON.stringify(raw)} (use seconds or an ISO timestamp)`);
  return first === undefined ? ms / 1000 : ms / 1000 - first;
}

function normalize(rows: Array<Record<string, unknown>>, where: string): Trace {
  if (rows.length === 0) throw new Error(`${where}: the trace has no samples`);
  let first: number | undefined;
  const out: Trace = rows.map((row, i) => {
    const rawT = (row.t ?? row.time) as string | number | undefined;
    if (rawT === undefined || rawT === "") throw new Error(`${where}: sample ${i + 1} has no \`t\` (seconds) or \`time\``);
    if (first === undefined && typeof rawT === "string" && !/^-?\d+(\.\d+)?$/.test(rawT.trim())) first = Date.parse(rawT.trim()) / 1000;
    const sample: TraceSample = { t: toSeconds(rawT, first) };
    for (const [k, v] of Object.entries(row)) {
      if (k === "t" || k === "time") continue;
      const n = v === null || v === "" || v === undefined ? null : typeof v === "number" ? v : Number(v);
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
  return out;
}

/** Parse a CSV trace (header row with column names, comma-separated, `#` comments). */
export function parseTraceCsv(text: string, where = "trace"): Trace {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  if (lines.length < 2) throw new Error(`${where}: a CSV trace needs a header row and at least one sample`);
  const header = lines[0]!.split(",").map((h) => h.trim());
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(",");
    const row: Record<string, unknown> = {};
    header.forEach((h, i) => (row[h] = (cells[i] ?? "").trim()));
    return row;
  });
  return normalize(rows, where);
}

/** Parse a JSON trace: an array of samples, or `{ samples: [...], model?: {...} }`. */
export function parseTraceJson(text: string, where = "trace"): { trace: Trace; model?: Record<string, unknown> } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not valid JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(value)) return { trace: normalize(value as Array<Record<string, unknown>>, where) };
  if (value && typeof value === "object" && Array.isArray((value as { samples?: unknown }).samples)) {
    const v = value as { samples: Array<Record<string, unknown>>; model?: Record<string, unknown> };
    return { trace: normalize(v.samples, where), model: v.model };
  }
  throw new Error(`${where}: a JSON trace is an array of samples or { "samples": [...] }`);
}

/** Parse by content: JSON when it starts with `[` or `{`, CSV otherwise. */
export function parseTrace(text: string, where = "trace"): { trace: Trace; model?: Record<string, unknown> } {
  const s = text.trimStart();
  return s.startsWith("[") || s.startsWith("{") ? parseTraceJson(text, where) : { trace: parseTraceCsv(text, where) };
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
