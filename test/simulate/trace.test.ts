/**
 * Traces read from real exports: CSV through a real CSV parser (quoted fields, embedded commas, CRLF, BOM),
 * Grafana's `Time` column (ISO or `YYYY-MM-DD hh:mm:ss`, epoch seconds or milliseconds), units in headers.
 */
import { describe, expect, it } from "vitest";
import { parseTrace, parseTraceCsv, parseTraceCsvWithStart } from "../../src/simulate";

describe("CSV traces", () => {
  it("a Grafana 'Series joined by time' export: quoted header and cells, a Time column, a unit in a header", () => {
    const csv = '\uFEFF"Time","rps (req/s)","queue [jobs]"\r\n"2026-11-27T17:00:00Z","1200","4"\r\n"2026-11-27T17:01:00Z","1500",""\r\n"2026-11-27T17:03:00Z","900","2"\r\n';
    const r = parseTraceCsvWithStart(csv);
    expect(r.startTime).toBe("2026-11-27T17:00:00.000Z");
    expect(r.trace).toEqual([
      { t: 0, rps: 1200, queue: 4 },
      { t: 60, rps: 1500 },
      { t: 180, rps: 900, queue: 2 },
    ]);
  });

  it("a quoted series name with commas and quotes stays one named column", () => {
    const csv = 'Time,"sum(rate(http_requests_total{code=""200"",job=""api""}[2m]))"\n1764262800000,12.5\n1764262860000,13\n';
    const r = parseTraceCsvWithStart(csv);
    expect(r.startTime).toBe(new Date(1764262800000).toISOString());
    expect(r.trace).toEqual([
      { t: 0, values: { 'sum(rate(http_requests_total{code="200",job="api"}[2m]))': 12.5 } },
      { t: 60, values: { 'sum(rate(http_requests_total{code="200",job="api"}[2m]))': 13 } },
    ]);
  });

  it("epoch seconds in `timestamp`; relative seconds in `t` (no wall clock), comments and blank lines", () => {
    expect(parseTraceCsvWithStart("timestamp,rps\n1764262800,1\n1764262815,2\n").trace.map((s) => s.t)).toEqual([0, 15]);
    const rel = parseTraceCsvWithStart("# a comment\nt,rps\n\n0,100\n60,200\n");
    expect(rel.startTime).toBeUndefined();
    expect(rel.trace).toEqual([{ t: 0, rps: 100 }, { t: 60, rps: 200 }]);
  });

  it("errors name the row and the problem", () => {
    expect(() => parseTraceCsv("t,rps\n0,abc\n")).toThrow(/sample 1, rps: not a number: "abc"/);
    expect(() => parseTraceCsv('t,rps\n0,"1\n')).toThrow(/not a valid CSV trace/);
    expect(() => parseTraceCsv("Time,rps\nyesterday,1\n")).toThrow(/sample 1: cannot read time "yesterday"/);
    expect(() => parseTraceCsv("rps\n1\n")).toThrow(/sample 1 has no `t` \(seconds\) or `time` \(timestamp\)/);
  });

  it("JSON traces keep their model and accept a time column too", () => {
    const r = parseTrace(JSON.stringify({ samples: [{ time: "2026-11-27T17:00:00Z", rps: 1 }, { time: "2026-11-27T17:00:30Z", rps: 2 }], model: { startupSeconds: 5 } }));
    expect(r).toEqual({ trace: [{ t: 0, rps: 1 }, { t: 30, rps: 2 }], startTime: "2026-11-27T17:00:00.000Z", model: { startupSeconds: 5 } });
  });
});
