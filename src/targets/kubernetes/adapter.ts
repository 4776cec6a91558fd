import type { PrometheusSource } from "../../types";
import { promDuration } from "../../policy/units";

/**
 * prometheus-adapter rules (kubernetes-sigs/prometheus-adapter docs/config.md): each per-pod series a
 * policy scales on becomes one rule, so the HPA can read it from custom.metrics.k8s.io.
 */
export interface AdapterRule {
  seriesQuery: string;
  seriesFilters?: Array<{ is?: string; isNot?: string }>;
  resources: { overrides: { namespace: { resource: "namespace" }; pod: { resource: "pod" } } };
  name: { matches: string; as: string };
  metricsQuery: string;
}

/** Counter series are read as a per-second rate; gauges (in-flight requests, queue jobs) as they are. */
export type SeriesKind = "counter" | "gauge";

const DEFAULT_RATE_WINDOW = 120;


/** Default `name` rule: counters are renamed to `<base>_per_second` the way the adapter docs do it. */
function defaultName(series: string, kind: SeriesKind): { matches: string; as: string } {
  if (kind === "gauge") return { matches: `^${series}$`, as: series };
  for (const suffix of ["_seconds_count", "_total", "_count"]) {
    if (series.endsWith(suffix)) return { matches: `^(.*)${suffix}$`, as: "${1}_per_second" };
  }
  return { matches: "^(.*)$", as: "${1}_per_second" };
}

export function adapterRule(source: PrometheusSource & { series: string }, kind: SeriesKind): AdapterRule {
  const series = source.series;
  const name = {
    ...defaultName(series, kind),
    ...(source.adapter?.matches !== undefined ? { matches: source.adapter.matches } : {}),
    ...(source.adapter?.as !== undefined ? { as: source.adapter.as } : {}),
  };
  const window = promDuration(source.rateWindow ?? DEFAULT_RATE_WINDOW);
  const metricsQuery =
    source.adapter?.metricsQuery ??
    (kind === "counter"
      ? `sum(rate(<<.Series>>{<<.LabelMatchers>>}[${window}])) by (<<.GroupBy>>)`
      : `sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)`);
  return {
    seriesQuery: `${series}{namespace!="",pod!=""}`,
    ...(source.adapter?.seriesFilters ? { seriesFilters: source.adapter.seriesFilters } : {}),
    resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
    name,
    metricsQuery,
  };
}

/**
 * The custom metric name the adapter exposes for a series: `name.as` applied to `name.matches`
 * (Go `regexp.ReplaceAllString` semantics, `${1}` references). Undefined when `matches` does not
 * match the series, which would make the metric invisible to the HPA.
 */
export function exposedMetricName(series: string, name: { matches: string; as: string }): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(name.matches);
  } catch {
    return undefined;
  }
  if (!re.test(series)) return undefined;
  if (name.as === "") return series;
  return series.replace(re, name.as.replace(/\$\{(\d+)\}/g, "$$$1"));
}
