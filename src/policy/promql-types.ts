import type { parser } from "@prometheus-io/lezer-promql";

type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

/**
 * PromQL type checking over the Prometheus project's lezer tree, following the Go parser's `checkAST`
 * (prometheus/prometheus promql/parser/parse.go) and its function table (promql/parser/functions.go),
 * so a query promtool refuses ("binary expression must contain only scalar and instant vector types",
 * "expected type range vector in call to function \"rate\", got instant vector") is refused when the
 * policy loads. Messages are the Go parser's.
 *
 * The lezer grammar binds `[range]`, `[range:step]`, `offset` and `@` to a whole binary expression
 * (`a - b[1m]` is a MatrixSelector over `a - b`), where the Go grammar binds them to the right operand;
 * the checks below follow the Go reading.
 */

export type ValueType = "scalar" | "vector" | "matrix" | "string";

export interface PromqlTypeError {
  message: string;
  from: number;
}

class TypeErr extends Error {
  constructor(message: string, readonly from: number) {
    super(message);
  }
}

/** Go's DocumentedType. */
const documented = (t: ValueType) => (t === "vector" ? "instant vector" : t === "matrix" ? "range vector" : t);

const S: ValueType = "scalar";
const V: ValueType = "vector";
const M: ValueType = "matrix";
const STR: ValueType = "string";

interface Fn {
  args: ValueType[];
  /** Go's Variadic: 0 = fixed, n > 0 = up to n optional trailing args, -1 = unbounded. */
  variadic?: number;
  ret: ValueType;
  experimental?: boolean;
}

const vv: Fn = { args: [V], ret: V };
const mv: Fn = { args: [M], ret: V };
const optV: Fn = { args: [V], variadic: 1, ret: V };
const expM: Fn = { args: [M], ret: V, experimental: true };

/** promql/parser/functions.go */
const FUNCTIONS: Record<string, Fn> = {
  abs: vv, absent: vv, absent_over_time: mv, acos: vv, acosh: vv, asin: vv, asinh: vv, atan: vv, atanh: vv,
  avg_over_time: mv, ceil: vv, changes: mv,
  clamp: { args: [V, S, S], ret: V }, clamp_max: { args: [V, S], ret: V }, clamp_min: { args: [V, S], ret: V },
  cos: vv, cosh: vv, count_over_time: mv,
  days_in_month: optV, day_of_month: optV, day_of_week: optV, day_of_year: optV,
  deg: vv, end: { args: [], ret: S, experimental: true }, delta: mv, deriv: mv, exp: vv,
  first_over_time: expM, floor: vv,
  histogram_avg: vv, histogram_count: vv, histogram_sum: vv, histogram_stddev: vv, histogram_stdvar: vv,
  histogram_fraction: { args: [S, S, V], ret: V }, histogram_quantile: { args: [S, V], ret: V },
  histogram_quantiles: { args: [V, STR, S, S], variadic: 9, ret: V, experimental: true },
  double_exponential_smoothing: { args: [M, S, S], ret: V, experimental: true },
  hour: optV, idelta: mv, increase: mv,
  info: { args: [V, V], variadic: 1, ret: V, experimental: true },
  integral: { args: [M, S], variadic: 1, ret: V, experimental: true },
  irate: mv,
  label_replace: { args: [V, STR, STR, STR, STR], ret: V },
  label_join: { args: [V, STR, STR, STR], variadic: -1, ret: V },
  last_over_time: mv, ln: vv, log10: vv, log2: vv, mad_over_time: expM, max_over_time: mv, min_over_time: mv,
  ts_of_first_over_time: expM, ts_of_max_over_time: expM, ts_of_min_over_time: expM, ts_of_last_over_time: expM,
  minute: optV, month: optV, pi: { args: [], ret: S },
  predict_linear: { args: [M, S], ret: V }, present_over_time: mv,
  quantile_over_time: { args: [S, M], ret: V }, rad: vv,
  range: { args: [], ret: S, experimental: true }, rate: mv, resets: mv,
  round: { args: [V, S], variadic: 1, ret: V }, scalar: { args: [V], ret: S },
  sgn: vv, sin: vv, sinh: vv, sort: vv, sort_desc: vv,
  sort_by_label: { args: [V, STR], variadic: -1, ret: V, experimental: true },
  sort_by_label_desc: { args: [V, STR], variadic: -1, ret: V, experimental: true },
  sqrt: vv, start: { args: [], ret: S, experimental: true }, step: { args: [], ret: S, experimental: true },
  stddev_over_time: mv, stdvar_over_time: mv, sum_over_time: mv, tan: vv, tanh: vv,
  time: { args: [], ret: S }, timestamp: vv, vector: { args: [S], ret: V }, year: optV,
};

const PARAM_AGGREGATIONS: Record<string, ValueType> = { topk: S, bottomk: S, quantile: S, count_values: STR, limitk: S, limit_ratio: S };
const EXPERIMENTAL_AGGREGATIONS = new Set(["limitk", "limit_ratio"]);
const COMPARISON = new Set(["Eql", "Neq", "Gtr", "Lss", "Gte", "Lte"]);
const SET_OPS = new Set(["And", "Or", "Unless"]);
const EXPERIMENTAL = "is experimental in Prometheus (--enable-feature=promql-experimental-functions); a server without the flag refuses it";

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

const isExpr = (n: SyntaxNode) => n.type.is("Expr");
const exprs = (node: SyntaxNode) => children(node).filter(isExpr);

/**
 * Where the Go grammar binds a trailing range, offset or @: the right operand of a binary expression,
 * the operand of a unary minus (`-x offset 1m` is `-(x offset 1m)`).
 */
function rightmost(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === "BinaryExpr" || n.name === "UnaryExpr") n = exprs(n).at(-1)!;
  return n;
}

/** True when a label matcher value can match the empty string (Go: `m.Matches("")`). */
function matchesEmpty(op: string, raw: string): boolean {
  let value: string;
  try {
    value = raw.startsWith("`") ? raw.slice(1, -1) : (JSON.parse(raw.startsWith("'") ? `"${raw.slice(1, -1).replace(/"/g, '\\"')}"` : raw) as string);
  } catch {
    return false;
  }
  if (op === "=") return value === "";
  if (op === "!=") return value !== "";
  try {
    const re = new RegExp(`^(?:${value})$`, "s");
    return op === "=~" ? re.test("") : !re.test("");
  } catch {
    return false;
  }
}

function checkVectorSelector(node: SyntaxNode, text: string): void {
  const hasName = children(node).some((c) => c.name === "Identifier");
  if (hasName) return;
  const matchers = node.getChild("LabelMatchers");
  const list = matchers ? children(matchers).filter((c) => c.name === "UnquotedLabelMatcher" || c.name === "QuotedLabelMatcher" || c.name === "QuotedLabelName") : [];
  const nonEmpty = list.some((m) => {
    if (m.name === "QuotedLabelName") return true; // {"metric_name"}: a metric name
    const op = m.getChild("MatchOp");
    const value = m.getChild("StringLiteral");
    return op !== null && value !== null && !matchesEmpty(text.slice(op.from, op.to), text.slice(value.from, value.to));
  });
  if (!nonEmpty) throw new TypeErr("vector selector must contain at least one non-empty matcher", node.from);
}

function expectType(node: SyntaxNode, want: ValueType, context: string, text: string): void {
  const t = typeOf(node, text);
  if (t !== want) throw new TypeErr(`expected type ${documented(want)} in ${context}, got ${documented(t)}`, node.from);
}

function typeOf(node: SyntaxNode, text: string): ValueType {
  switch (node.name) {
    case "NumberDurationLiteral":
      return S;
    case "StringLiteral":
      return STR;
    case "VectorSelector":
      checkVectorSelector(node, text);
      return V;
    case "ParenExpr":
      return typeOf(exprs(node)[0]!, text);
    case "MatrixSelector":
      return rangeOver(node, text, "range");
    case "SubqueryExpr":
      return rangeOver(node, text, "subquery");
    case "OffsetExpr":
    case "StepInvariantExpr":
      return modifier(node, text);
    case "UnaryExpr": {
      const t = typeOf(exprs(node)[0]!, text);
      if (t !== S && t !== V) throw new TypeErr(`unary expression only allowed on expressions of type scalar or instant vector, got "${documented(t)}"`, node.from);
      return t;
    }
    case "BinaryExpr":
      return binary(node, text);
    case "FunctionCall":
      return call(node, text);
    case "AggregateExpr":
      return aggregate(node, text);
    case "AnchoredExpr":
    case "SmoothedExpr":
      throw new TypeErr(`the ${node.name === "AnchoredExpr" ? "anchored" : "smoothed"} modifier ${EXPERIMENTAL}`, node.from);
    default:
      throw new TypeErr(`unexpected ${node.name}`, node.from);
  }
}

/** `x[5m]` and `x[5m:1m]`: Go binds the brackets to the right operand of a binary expression. */
function rangeOver(node: SyntaxNode, text: string, what: "range" | "subquery"): ValueType {
  const inner = exprs(node)[0]!;
  for (const d of node.getChildren("DurationExpr")) {
    if (d.firstChild?.name !== "NumberDurationLiteralInDurationContext" || d.firstChild.nextSibling !== null) {
      throw new TypeErr(`duration expressions ${EXPERIMENTAL.replace("promql-experimental-functions", "promql-duration-expr")}`, d.from);
    }
  }
  if (inner.name === "BinaryExpr") {
    typeOf(inner, text);
    throw new TypeErr("binary expression must contain only scalar and instant vector types", inner.from);
  }
  if (inner.name === "UnaryExpr") {
    if (what === "subquery") typeOf(inner, text);
    throw new TypeErr('unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', inner.from);
  }
  if (what === "range") {
    if (inner.name === "OffsetExpr" || inner.name === "StepInvariantExpr") throw new TypeErr(`no ${inner.name === "OffsetExpr" ? "offset" : "@"} modifiers allowed before range`, inner.from);
    if (inner.name !== "VectorSelector") throw new TypeErr("ranges only allowed for vector selectors", inner.from);
    checkVectorSelector(inner, text);
    return M;
  }
  const t = typeOf(inner, text);
  if (t !== V) throw new TypeErr(`subquery is only allowed on instant vector, got ${documented(t)}`, inner.from);
  return M;
}

/** `offset` and `@` follow a selector or a subquery (in Go, the right operand of a binary expression). */
function modifier(node: SyntaxNode, text: string): ValueType {
  const inner = exprs(node)[0]!;
  // The chain of modifiers on one selector: each of offset and @ at most once.
  let target = rightmost(inner);
  const seen = new Set([node.name]);
  while (target.name === "OffsetExpr" || target.name === "StepInvariantExpr") {
    if (seen.has(target.name)) break;
    seen.add(target.name);
    target = rightmost(exprs(target)[0]!);
  }
  if (target.name === "OffsetExpr") throw new TypeErr("offset may not be set multiple times", node.from);
  if (target.name === "StepInvariantExpr") throw new TypeErr("@ <timestamp> may not be set multiple times", node.from);
  if (!["VectorSelector", "MatrixSelector", "SubqueryExpr"].includes(target.name)) {
    const what = node.name === "OffsetExpr" ? "offset" : "@";
    throw new TypeErr(`${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`, node.from);
  }
  return typeOf(inner, text);
}

function binary(node: SyntaxNode, text: string): ValueType {
  const parts = children(node);
  const [lhs, rhs] = exprs(node) as [SyntaxNode, SyntaxNode];
  const op = parts.find((c) => !isExpr(c) && !["BoolModifier", "MatchingModifierClause", "FillModifier"].includes(c.name))!;
  const lt = typeOf(lhs, text);
  const rt = typeOf(rhs, text);
  const opText = text.slice(op.from, op.to);
  const bool = parts.some((c) => c.name === "BoolModifier");
  const matching = node.getChild("MatchingModifierClause");
  if (op.name === "TrimUpper" || op.name === "TrimLower") throw new TypeErr(`the ${opText} operator ${EXPERIMENTAL}`, op.from);
  if (node.getChild("FillModifier")) throw new TypeErr(`fill modifiers ${EXPERIMENTAL}`, op.from);
  if (bool && !COMPARISON.has(op.name)) throw new TypeErr("bool modifier can only be used on comparison operators", op.from);
  if (COMPARISON.has(op.name) && !bool && lt === S && rt === S) throw new TypeErr("comparisons between scalars must use BOOL modifier", op.from);
  if (lt !== S && lt !== V) throw new TypeErr("binary expression must contain only scalar and instant vector types", lhs.from);
  if (rt !== S && rt !== V) throw new TypeErr("binary expression must contain only scalar and instant vector types", rhs.from);
  const grouping = matching ? children(matching).some((c) => c.name === "GroupLeft" || c.name === "GroupRight") : false;
  if ((lt !== V || rt !== V) && matching) {
    const labels = matching.getChild("GroupingLabels");
    if (labels && children(labels).some((c) => c.name === "LabelName" || c.name === "QuotedLabelName")) {
      throw new TypeErr("vector matching only allowed between instant vectors", matching.from);
    }
  } else if (SET_OPS.has(op.name) && grouping) {
    throw new TypeErr(`no grouping allowed for "${opText}" operation`, matching!.from);
  }
  if ((lt === S || rt === S) && SET_OPS.has(op.name)) throw new TypeErr(`set operator "${opText}" not allowed in binary scalar expression`, op.from);
  return lt === S && rt === S ? S : V;
}

function call(node: SyntaxNode, text: string): ValueType {
  const ident = node.getChild("FunctionIdentifier")!;
  const name = text.slice(ident.from, ident.to);
  const fn = FUNCTIONS[name];
  if (!fn) throw new TypeErr(`unknown function with name "${name}"`, ident.from);
  if (fn.experimental) throw new TypeErr(`function "${name}" ${EXPERIMENTAL}`, ident.from);
  const args = exprs(node.getChild("FunctionCallBody")!);
  const n = fn.args.length;
  const variadic = fn.variadic ?? 0;
  if (variadic === 0) {
    if (n !== args.length) throw new TypeErr(`expected ${n} argument(s) in call to "${name}", got ${args.length}`, node.from);
  } else if (n - 1 > args.length) {
    throw new TypeErr(`expected at least ${n - 1} argument(s) in call to "${name}", got ${args.length}`, node.from);
  } else if (variadic > 0 && n - 1 + variadic < args.length) {
    throw new TypeErr(`expected at most ${n - 1 + variadic} argument(s) in call to "${name}", got ${args.length}`, node.from);
  }
  args.forEach((arg, i) => expectType(arg, fn.args[Math.min(i, n - 1)]!, `call to function "${name}"`, text));
  return fn.ret;
}

function aggregate(node: SyntaxNode, text: string): ValueType {
  const opNode = node.getChild("AggregateOp")!;
  const op = text.slice(opNode.from, opNode.to).toLowerCase();
  if (EXPERIMENTAL_AGGREGATIONS.has(op)) throw new TypeErr(`${op}() ${EXPERIMENTAL}`, opNode.from);
  const args = exprs(node.getChild("FunctionCallBody")!);
  const param = PARAM_AGGREGATIONS[op];
  const want = param ? 2 : 1;
  if (args.length === 0) throw new TypeErr("no arguments for aggregate expression provided", node.from);
  if (args.length !== want) throw new TypeErr(`wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`, node.from);
  expectType(args[want - 1]!, V, "aggregation expression", text);
  if (param) expectType(args[0]!, param, "aggregation parameter", text);
  return V;
}

/**
 * The first type error of a parsed query (the tree's top node is `PromQL`), or undefined. A query's
 * result must be an instant vector or a scalar: KEDA and the adapter read one value per query.
 */
export function promqlTypeError(top: SyntaxNode, text: string): PromqlTypeError | undefined {
  const expr = top.firstChild;
  if (!expr) return undefined;
  try {
    const t = typeOf(expr, text);
    if (t !== V && t !== S) return { message: `must evaluate to an instant vector or a scalar (one value to scale on), got ${documented(t)}`, from: expr.from };
    return undefined;
  } catch (e) {
    if (e instanceof TypeErr) return { message: e.message, from: e.from };
    throw e;
  }
}

/** The value type of a parsed query (the tree's top node is `PromQL`), or undefined when it does not type-check. */
export function promqlValueType(top: SyntaxNode, text: string): ValueType | undefined {
  const expr = top.firstChild;
  if (!expr) return undefined;
  try {
    return typeOf(expr, text);
  } catch (e) {
    if (e instanceof TypeErr) return undefined;
    throw e;
  }
}
