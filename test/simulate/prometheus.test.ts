/**
 * `polyscale simulate --prometheus`: range queries against a real Prometheus server started by the test.
 * A known counter is backfilled with `promtool tsdb create-blocks-from openmetrics` (Debian `prometheus`:
 * /usr/bin/prometheus and /usr/bin/promtool), then the server reads those blocks. The counter grows by
 * 100/s for 20 minutes from 2026-11-27T17:00:00Z, then by 500/s, so `rate()` reads exactly 100 then 500.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate";
import { fetchPrometheusTrace, parseRangeQuery, type SimulationResult } from "../../src/simulate";
import { startPrometheus, type PrometheusServer } from "../helpers/prometheus-server";

const START = Date.UTC(2026, 10, 27, 17, 0, 0) / 1000;
const RATE_QUERY = 'sum(rate(http_requests_total{job="api"}[2m]))';

let server: PrometheusServer | undefined;
let url = "";

beforeAll(async () => {
  const lines = ["# HELP http_requests_total requests served", "# TYPE http_requests_total counter"];
  let total = 0;
  for (let i = 0; i <= 60; i++) {
    lines.push(`http_requests_total{job="api",instance="a"} ${total} ${START + i * 60}`);
    total += (i < 20 ? 100 : 500) * 60;
  }
  // a second series of another job, so an unaggregated query returns two series
  for (let i = 0; i <= 60; i++) lines.push(`http_requests_total{job="api",instance="b"} ${i * 60} ${START + i * 60}`);
  lines.push("# EOF");
  server = await startPrometheus(`${lines.join("\n")}\n`);
  url = server.url;
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("a trace from a real Prometheus server", () => {
  it("one range query fills a trace column; t = 0 is the first point with data", async () => {
    const r = await fetchPrometheusTrace({
      url,
      queries: [parseRangeQuery(`rps=${RATE_QUERY.replace('job="api"', 'job="api",instance="a"')}`)],
      start: "2026-11-27T17:00:00Z",
      end: "2026-11-27T17:40:00Z",
      step: 60,
    });
    // rate() needs two samples in its window: the first point is at 17:01 (extrapolated from a part window)
    expect(r.startTime).toBe("2026-11-27T17:01:00.000Z");
    expect(r.trace[0]!.t).toBe(0);
    expect(r.trace[0]!.rps).toBeGreaterThan(0);
    // from 17:03 the 2-minute window is full: exactly 100/s
    expect(r.trace.find((s) => s.t === 2 * 60)).toEqual({ t: 2 * 60, rps: 100 });
    expect(r.trace.find((s) => s.t === 17 * 60)).toEqual({ t: 17 * 60, rps: 100 });
    // 17:21 (t = 20 min): the window 17:19..17:21 holds one minute at 100/s and one at 500/s
    expect(r.trace.find((s) => s.t === 20 * 60)).toEqual({ t: 20 * 60, rps: 300 });
    expect(r.trace.find((s) => s.t === 25 * 60)).toEqual({ t: 25 * 60, rps: 500 });
    expect(r.trace[r.trace.length - 1]!.t).toBe(39 * 60);
  });

  it("a query returning several series is an error naming them and suggesting sum()", async () => {
    await expect(
      fetchPrometheusTrace({ url, queries: [{ column: "rps", query: "rate(http_requests_total[2m])" }], start: "2026-11-27T17:00:00Z", end: "2026-11-27T17:10:00Z", step: 60 }),
    ).rejects.toThrow(/returned 2 series \(\{.*instance="a".*\}, \{.*instance="b".*\}\); a trace column needs one: aggregate it, e.g. sum\(\.\.\.\)/);
  });

  it("a query the server rejects is an error with the server's message", async () => {
    await expect(
      fetchPrometheusTrace({ url, queries: [{ column: "rps", query: "sum(rate(" }], start: "2026-11-27T17:00:00Z", end: "2026-11-27T17:10:00Z", step: 60 }),
    ).rejects.toThrow(/--query rps=sum\(rate\(: bad_data: /);
  });

  it("polyscale simulate --prometheus replays the policy over the queried load", async () => {
    const dir = mkdtempSync(join(tmpdir(), "polyscale-prom-cli-"));
    const file = join(dir, "policy.json");
    writeFileSync(
      file,
      JSON.stringify({
        service: "api",
        scaling: { replicas: { min: 1, max: 20 }, metrics: [{ requestRate: { perReplica: 100, from: { prometheus: { series: "http_requests_total" } } } }] },
      }),
    );
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
    const code = await runSimulateCommand(
      {
        file,
        platform: "hpa",
        prometheus: url,
        query: [`rps=${RATE_QUERY}`],
        start: "2026-11-27T17:00:00Z",
        end: "2026-11-27T17:50:00Z",
        step: "15s",
        json: true,
      },
      io,
    );
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(out.join("")) as SimulationResult;
    expect(r.startTime).toBe("2026-11-27T17:01:00.000Z");
    // both instances: 100 + 1 req/s, then 500 + 1 req/s; 100 per replica -> 2, then 6 replicas
    expect(r.timeline.find((p) => p.t === 240)!.rps).toBeCloseTo(101, 6);
    expect(r.timeline[r.timeline.length - 1]!.desired).toBe(6);
  });

  it("--prometheus without --end / --step is an input error", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "polyscale-prom-cli-")), "policy.json");
    writeFileSync(file, JSON.stringify({ service: "api", scaling: { replicas: { min: 1, max: 20 }, metrics: [{ cpu: { utilization: 60 } }] } }));
    const err: string[] = [];
    const io = { out: () => undefined, err: (s: string) => void err.push(s) };
    expect(await runSimulateCommand({ file, platform: "hpa", prometheus: url, query: [`rps=${RATE_QUERY}`], start: "2026-11-27T17:00:00Z" }, io)).toBe(1);
    expect(err.join("")).toMatch(/--prometheus needs --start and --end/);
  });
});
