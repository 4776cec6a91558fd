import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { promqlError } from "../../src/policy";
import { checkRules, recordingRules, requirePromtool } from "../helpers/promtool";

/**
 * The model's PromQL check agrees with promtool (the Prometheus project's own parser and checkAST):
 * every query promtool refuses is refused at load. Queries are grouped by what they exercise; each is
 * checked by one `promtool check rules` run over a generated rules file.
 */
const QUERIES: string[] = [
  // the case: `event-service...` is `event - service...[1m]`, a binary expression over a range vector
  "scalar(sum(rate(event-service_events_count[1m])))",
  "sum(rate(event_service_events_count[1m]))",
  // function argument types and counts
  "rate(http_requests_total)",
  "rate(http_requests_total[5m])",
  "abs(\"text\")",
  "abs(up)",
  "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))",
  "histogram_quantile(sum by (le) (rate(h_bucket[5m])))",
  "clamp_max(up)",
  "clamp_max(up, 1)",
  "round(up, 1, 2)",
  "round(up)",
  "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")",
  "label_replace(up, \"a\", \"$1\", \"b\")",
  "label_join(up, \"a\", \",\", \"b\", \"c\")",
  "vector(up)",
  "vector(1)",
  "scalar(up) * 2",
  "time() - process_start_time_seconds",
  "predict_linear(queue_depth[10m], 300)",
  "predict_linear(queue_depth, 300)",
  "quantile_over_time(0.9, latency_seconds[5m])",
  "quantile_over_time(latency_seconds[5m], 0.9)",
  "absent(up)",
  "day_of_week()",
  "day_of_week(up, up)",
  // binary expressions
  "up[5m] + 1",
  "sum(rate(x[5m])) / sum(rate(y[5m]))",
  "1 > 1",
  "1 > bool 1",
  "up > bool 1",
  "up + bool 1",
  "1 and 2",
  "up and on(job) up",
  "up and on(job) group_left up",
  "up + on(job) group_left(instance) up",
  "scalar(up) + on(job) up",
  "up or vector(0)",
  "-up",
  "-up[5m]",
  // selectors, ranges, subqueries, modifiers
  "{}",
  "{job=\"\"}",
  "{job=~\".*\"}",
  "{job=\"api\"}",
  "(up)[5m]",
  "rate((up)[5m])",
  "max_over_time(rate(x[1m])[10m:1m])",
  "max_over_time(sum(x)[10m:])",
  "max_over_time(\"a\"[10m:])",
  "up offset 5m",
  "sum(up) offset 5m",
  "rate(up[5m] offset 1m)",
  "up @ 1609746000",
  "-up offset 5m",
  "up @ 100 offset 1m @ 100",
  "up offset 1m offset 2m",
  "-up[5m:1m]",
  // aggregations
  "sum(up) by (job)",
  "sum(rate(x[5m]))",
  "sum(x[5m])",
  "topk(3, up)",
  "topk(\"3\", up)",
  "topk(up)",
  "count_values(\"v\", up)",
  "count_values(1, up)",
  "quantile(0.9, up)",
  "sum(1)",
];

/** Indices of the queries `promtool check rules` refuses (one run over a generated rules file). */
function promtoolRefusals(queries: string[]): Set<number> {
  requirePromtool();
  const result = checkRules(recordingRules(queries));
  const refused = new Set<number>();
  for (const m of result.output.matchAll(/rule (\d+), "polyscale:check_\d+"/g)) refused.add(Number(m[1]) - 1);
  return refused;
}

describe("PromQL type check agrees with promtool", () => {
  it("refuses every query promtool refuses, and accepts the ones it accepts", () => {
    const refusedByPromtool = promtoolRefusals(QUERIES);
    expect(refusedByPromtool.size).toBeGreaterThan(20);
    const disagreements = QUERIES.flatMap((q, i) => {
      const ours = promqlError(q);
      const theirs = refusedByPromtool.has(i);
      return theirs === (ours !== undefined) ? [] : [`${q}: promtool ${theirs ? "refuses" : "accepts"}, polyscale ${ours ?? "accepts"}`];
    });
    expect(disagreements).toEqual([]);
  });

  it("agrees with promtool on 1,500 generated queries (selectors, ranges, subqueries, modifiers, operators, functions, aggregations)", () => {
    const leaf = fc.constantFrom("up", "x_total", "1", "0.5", '"s"', "time()", '{job="a"}', "y[5m]", "{}");
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "^", "%", ">", "==", "> bool", "and", "or", "unless", "+ on(a)", "* ignoring(b) group_left", "and on(a)", "or ignoring(c) group_right"), tie("expr")).map(([l, op, r]) => `${l} ${op} ${r}`),
        fc.tuple(fc.constantFrom("rate", "irate", "increase", "delta", "sum_over_time", "max_over_time", "abs", "ceil", "scalar", "vector", "sort", "timestamp", "absent", "histogram_quantile", "clamp_max", "round", "label_replace", "day_of_week", "predict_linear", "quantile_over_time", "time", "pi"), fc.array(tie("expr"), { maxLength: 2 })).map(([f, args]) => `${f}(${args.join(", ")})`),
        fc.tuple(fc.constantFrom("sum", "avg", "max", "count", "topk", "quantile", "count_values", "stddev", "group"), fc.constantFrom("", " by (job)", " without (a)"), fc.array(tie("expr"), { minLength: 1, maxLength: 2 })).map(([op, by, args]) => `${op}${by}(${args.join(", ")})`),
        tie("expr").map((e) => `(${e})`),
        tie("expr").map((e) => `-${e}`),
        tie("expr").map((e) => `${e}[5m]`),
        tie("expr").map((e) => `${e}[10m:1m]`),
        tie("expr").map((e) => `${e} offset 1m`),
        tie("expr").map((e) => `${e} @ 100`),
      ),
    }));
    const queries = fc.sample(expr, { numRuns: 1500, seed: 20261126 });
    const refusedByPromtool = promtoolRefusals(queries);
    expect(refusedByPromtool.size).toBeGreaterThan(300);
    const disagreements = queries.flatMap((q, i) => {
      const ours = promqlError(q);
      if (refusedByPromtool.has(i) && ours === undefined) return [`${q}: promtool refuses, polyscale accepts`];
      // polyscale refuses more on purpose: results that are not one value per series, experimental features.
      if (!refusedByPromtool.has(i) && ours !== undefined && !/must evaluate to an instant vector or a scalar|experimental/.test(ours)) return [`${q}: promtool accepts, polyscale ${ours}`];
      return [];
    });
    expect(disagreements).toEqual([]);
  });

  it("names the Go parser's reason and the position", () => {
    expect(promqlError("scalar(sum(rate(event-service_events_count[1m])))")).toMatch(/binary expression must contain only scalar and instant vector types \(at line 1, column 17\)/);
    expect(promqlError("rate(x)")).toMatch(/expected type range vector in call to function "rate", got instant vector/);
    expect(promqlError("topk(\"3\", up)")).toMatch(/expected type scalar in aggregation parameter, got string/);
  });

  it("refuses experimental functions, which a Prometheus server without the feature flag refuses", () => {
    expect(promqlError("sort_by_label(up, \"job\")")).toMatch(/experimental/);
    expect(promqlError("limitk(1, up)")).toMatch(/experimental/);
  });

  it("refuses a query whose result is not one value per series (a range vector or a string)", () => {
    expect(promqlError("up[5m]")).toMatch(/must evaluate to an instant vector or a scalar.*got range vector/);
    expect(promqlError("\"text\"")).toMatch(/got string/);
  });
});
