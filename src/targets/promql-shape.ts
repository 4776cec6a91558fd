import { parser } from "@prometheus-io/lezer-promql";
import { memoByText } from "../policy/memo";
import { promqlValueType } from "../policy/promql-types";

/**
 * Shaping the PromQL the targets compose from a policy's queries.
 *
 * KEDA's prometheus scaler reads `data.result` as a list of `{ metric, value }` samples
 * (kedacore/keda pkg/scalers/prometheus_scaler.go `promQueryResult`); a scalar result is `[time, "value"]`
 * (Prometheus HTTP API), which it cannot decode, so a scalar query is sent as `vector(...)`: one sample, same value.
 */

const topNode = (q: string) => parser.parse(q).topNode;

/** `q` as an operand of a binary operator: parenthesized when it is a binary or unary expression itself. */
export const operand = memoByText(function operand(q: string): string {
  const top = topNode(q).firstChild?.name;
  return top === "BinaryExpr" || top === "UnaryExpr" ? `(${q})` : q;
});

/** `q`, or `vector(q)` when it evaluates to a scalar. */
export const asInstantVector = memoByText(function asInstantVector(q: string): string {
  return promqlValueType(topNode(q), q) === "scalar" ? `vector(${q})` : q;
});

/** True when `q` evaluates to an instant vector (what KEDA's prometheus scaler can read). */
export const isInstantVector = memoByText(function isInstantVector(q: string): boolean {
  return promqlValueType(topNode(q), q) === "vector";
});
