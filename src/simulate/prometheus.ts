/**
 * A trace from a Prometheus server: one range query per trace column (`/api/v1/query_range`,
 * https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries), sampled at `step` from `start`
 * to `end`. `traceFromRangeResults` is pure; `fetchPrometheusTrace` does the HTTP requests (the CLI's
 * `polyscale simulate --prometheus URL --query COLUMN=PROMQL --start --end --step`).
 */
import { traceFromRows, type ParsedTrace } from "./trace";

export interface RangeQuery {
  /** The trace column the query fills: `rps`, `queue`, `inFlight`, ... or a named metric value. */
  column: string;
  query: string;
}

/** One series of a `matrix` result: labels and [unix seconds, "value"] pairs. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

export interface PrometheusTraceOptions {
  /** Server base URL, e.g. http://prometheus.monitoring:9090 */
  url: string;
  queries: RangeQuery[];
  /** ISO 8601 instants (or Dates). */
  start: string | Date;
  end: string | Date;
  /** Seconds between points. */
  step: number;
  /** Injected for tests of the error paths; default the global fetch. */
  fetch?: typeof fetch;
}

const seconds = (d: string | Date, what: string): number => {
  const ms = d instanceof Date ? d.getTime() : Date.parse(d);
  if (Number.isNaN(ms) || (typeof d === "string" && !/(Z|[+-]\d\d:?\d\d)$/i.test(d.trim()))) {
    throw new Error(`--${what} must be an ISO 8601 instant with a zone (e.g. 2026-11-27T17:00:00Z), got ${JSON.stringify(String(d))}`);
  }
  return ms / 1000;
};

/**
 * The trace of range results, one row per step that has at least one value (rows before the first value
 * are dropped, so t = 0 is the first point with data; `startTime` is its instant). A point missing in one
 * column, or a NaN / Inf value, is an empty cell: a failed read of that metric at that step.
 */
export function traceFromRangeResults(results: ReadonlyArray<{ query: RangeQuery; series: readonly MatrixSeries[] }>, where = "prometheus"): ParsedTrace {
  const byTime = new Map<number, Record<string, unknown>>();
  for (const { query, series } of results) {
    if (series.length === 0) throw new Error(`${where}: --query ${query.column}=${query.query} returned no data in the range`);
    if (series.length > 1) {
      const labels = series.slice(0, 3).map((s) => `{${Object.entries(s.metric).map(([k, v]) => `${k}="${v}"`).join(",")}}`).join(", ");
      throw new Error(`${where}: --query ${query.column}=${query.query} returned ${series.length} series (${labels}${series.length > 3 ? ", ..." : ""}); a trace column needs one: aggregate it, e.g. sum(...)`);
    }
    for (const [ts, value] of series[0]!.values) {
      const n = Number(value);
      const row = byTime.get(ts) ?? { time: ts };
      row[query.column] = Number.isFinite(n) ? n : "";
      byTime.set(ts, row);
    }
  }
  const columns = results.map((r) => r.query.column);
  const rows = [...byTime.keys()].sort((a, b) => a - b).map((ts) => {
    const row = byTime.get(ts)!;
    for (const c of columns) if (!(c in row)) row[c] = "";
    return row;
  });
  return traceFromRows(rows, where);
}

/** Run each range query against the server and build the trace. Errors name the query and the server's answer. */
export async function fetchPrometheusTrace(opts: PrometheusTraceOptions): Promise<ParsedTrace> {
  const start = seconds(opts.start, "start");
  const end = seconds(opts.end, "end");
  if (!(end > start)) throw new Error(`--end must be after --start (${new Date(start * 1000).toISOString()}), got ${new Date(end * 1000).toISOString()}`);
  if (!(opts.step > 0)) throw new Error(`--step must be a positive duration, got ${opts.step}`);
  if (opts.queries.length === 0) throw new Error("--prometheus needs at least one --query COLUMN=PROMQL (e.g. --query 'rps=sum(rate(http_requests_total[2m]))')");
  const doFetch = opts.fetch ?? fetch;
  const base = opts.url.replace(/\/+$/, "");
  const results = [];
  for (const query of opts.queries) {
    const params = new URLSearchParams({ query: query.query, start: String(start), end: String(end), step: String(opts.step) });
    const url = `${base}/api/v1/query_range`;
    let body: { status?: string; error?: string; errorType?: string; data?: { resultType?: string; result?: MatrixSeries[] } };
    try {
      const res = await doFetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: params.toString() });
      body = (await res.json()) as typeof body;
      if (!res.ok && body.status !== "error") throw new Error(`HTTP ${res.status}`);
    } catch (e) {
      throw new Error(`prometheus ${base}: --query ${query.column}=${query.query}: ${(e as Error).message}`);
    }
    if (body.status !== "success") throw new Error(`prometheus ${base}: --query ${query.column}=${query.query}: ${body.errorType ?? "error"}: ${body.error ?? "no data"}`);
    if (body.data?.resultType !== "matrix") throw new Error(`prometheus ${base}: --query ${query.column}=${query.query}: expected a matrix, got ${body.data?.resultType}`);
    results.push({ query, series: body.data.result ?? [] });
  }
  return traceFromRangeResults(results, `prometheus ${base}`);
}

/** `COLUMN=PROMQL` from the command line. */
export function parseRangeQuery(arg: string): RangeQuery {
  const i = arg.indexOf("=");
  const column = i > 0 ? arg.slice(0, i).trim() : "";
  if (!/^[A-Za-z_][\w:.-]*$/.test(column) || arg.slice(i + 1).trim() === "") {
    throw new Error(`--query must be COLUMN=PROMQL (e.g. rps=sum(rate(http_requests_total[2m]))), got ${JSON.stringify(arg)}`);
  }
  return { column, query: arg.slice(i + 1).trim() };
}
