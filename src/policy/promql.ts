import { parser } from "@prometheus-io/lezer-promql";
import { memoByText } from "./memo";
import { quote } from "./messages";
import { promqlTypeError } from "./promql-types";

/**
 * PromQL is parsed with the Prometheus project's own grammar, so a broken query fails when the
 * policy is loaded, at its position, not when KEDA or the adapter first evaluates it.
 * Returns an error message, or undefined when the query parses.
 */
export const promqlError = memoByText(function promqlError(query: string): string | undefined {
  const text = query.trim();
  if (text === "") return "must be a PromQL expression, got an empty string";
  const tree = parser.parse(text);
  let errorAt: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (errorAt === undefined && node.type.isError) errorAt = node.from;
      return errorAt === undefined;
    },
  });
  if (errorAt === undefined) {
    const typeError = promqlTypeError(tree.topNode, text);
    if (typeError === undefined) return undefined;
    return `is not valid PromQL: ${typeError.message} (at ${position(text, typeError.from)}) in ${quote(text)}`;
  }
  const near = text.slice(errorAt, errorAt + 20) || "end of query";
  return `is not valid PromQL: syntax error at ${position(text, errorAt)} (near ${quote(near)}) in ${quote(text)}`;
});

/** `line 1, column 34` (1-based, as promtool prints them). */
function position(text: string, at: number): string {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return `line ${text.slice(0, at).split("\n").length}, column ${at - lineStart + 1}`;
}

/** The placeholders prometheus-adapter fills into `metricsQuery` (docs/config.md of kubernetes-sigs/prometheus-adapter). */
export const ADAPTER_PLACEHOLDERS = ["<<.Series>>", "<<.LabelMatchers>>", "<<.GroupBy>>"] as const;

/**
 * Fill an adapter `metricsQuery` template the way the adapter would for one pod-scoped request, so
 * the result can be checked as PromQL (here and by promtool in the tests).
 */
export function fillAdapterTemplate(template: string, series = "example_metric", namespace = "default"): string {
  return template
    .replaceAll("<<.Series>>", series)
    .replaceAll("<<.LabelMatchers>>", `namespace="${namespace}",pod=~"example-pod-.*"`)
    .replaceAll("<<.GroupBy>>", "pod");
}

/** Error for a metricsQuery template: unknown placeholders, missing Series, or invalid PromQL once filled. */
export const adapterTemplateError = memoByText(function adapterTemplateError(template: string): string | undefined {
  const placeholders = template.match(/<<[^>]*>>/g) ?? [];
  const unknown = placeholders.filter((p) => !(ADAPTER_PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    return `has unknown placeholder ${unknown.map(quote).join(", ")}; allowed: ${ADAPTER_PLACEHOLDERS.join(", ")}`;
  }
  const stray = template.replace(/<<[^>]*>>/g, "");
  if (/<<|>>/.test(stray)) return `has an unterminated placeholder; allowed: ${ADAPTER_PLACEHOLDERS.join(", ")}`;
  if (!template.includes("<<.Series>>")) return `must contain <<.Series>> so the adapter can insert the series name`;
  if (!template.includes("<<.LabelMatchers>>")) {
    return `must contain <<.LabelMatchers>> so the adapter can restrict the query to the requested pods`;
  }
  const err = promqlError(fillAdapterTemplate(template));
  return err ? `${err.replace(/^is not valid PromQL/, "is not valid PromQL once its placeholders are filled")}` : undefined;
});

/** Prometheus metric names: [a-zA-Z_:][a-zA-Z0-9_:]* */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
