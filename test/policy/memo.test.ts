import { describe, expect, it } from "vitest";
import { memoByText } from "../../src/policy/memo";
import { adapterTemplateError, promqlError } from "../../src/policy/promql";

describe("memoByText", () => {
  it("runs the check once per text and keeps at most `limit` texts, dropping the oldest", () => {
    const checked: string[] = [];
    const check = memoByText((t: string) => {
      checked.push(t);
      return t.length;
    }, 2);
    expect([check("a"), check("bb"), check("a")]).toEqual([1, 2, 1]);
    expect(checked).toEqual(["a", "bb"]);
    check("ccc"); // drops "a"
    check("bb");
    check("a");
    expect(checked).toEqual(["a", "bb", "ccc", "a"]);
  });

  it("does not keep very long texts", () => {
    const checked: string[] = [];
    const check = memoByText((t: string) => checked.push(t));
    const long = "x".repeat(5000);
    check(long);
    check(long);
    expect(checked).toHaveLength(2);
  });
});

describe("remembered PromQL checks", () => {
  it("give the same answer for a text seen before", () => {
    const bad = "sum(rate(http_requests_total[2m])";
    const first = promqlError(bad);
    expect(first).toMatch(/^is not valid PromQL: syntax error/);
    expect(promqlError(bad)).toBe(first);
    expect(promqlError("sum(rate(http_requests_total[2m]))")).toBeUndefined();
    const template = "sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)";
    expect(adapterTemplateError(template)).toBeUndefined();
    expect(adapterTemplateError(template)).toBeUndefined();
  });
});
