import { z } from "zod";
import { METRIC_NAME_RE, adapterTemplateError, promqlError } from "./promql";
import { duration } from "./units";
import { dns1123Subdomain } from "./kubernetes-names";
import { CREDENTIAL_KEYS, EVERY_PROBLEM, expected, keysAre } from "./messages";
import { httpUrl } from "./url";
import { prometheusTriggerOptions } from "./prometheus-options";

export { httpUrl, httpUrlError, maskUrlCredentials } from "./url";
import { CloudWatchSource } from "./sources/cloudwatch";
import { AzureMonitorSource } from "./sources/azure-monitor";
import { AlbSource } from "./sources/alb";
import { SOURCES } from "../sources/registry";
import type { SourceMetricKind } from "../sources/types";

/**
 * Where a metric's number comes from, per platform: the same intent ("5 jobs per replica") reads
 * Prometheus on Kubernetes, CloudWatch on ECS and Azure Monitor on Container Apps.
 */

export const metricName = z.string().max(1024).regex(METRIC_NAME_RE, expected("a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)"));

export const PromQL = z.string().superRefine((q, ctx) => {
  const err = promqlError(q);
  if (err) ctx.addIssue({ code: "custom", message: err, input: q });
});

export const AdapterTemplate = z.string().superRefine((t, ctx) => {
  const err = adapterTemplateError(t);
  if (err) ctx.addIssue({ code: "custom", message: err, input: t });
});

/** A Kubernetes Secret key that already exists in the workload's namespace (never a secret value). */
export const SecretKeyRef = z.strictObject({
  name: dns1123Subdomain("Secret name"),
  key: z.string().max(253).regex(/^[-._a-zA-Z0-9]+$/, expected("a Secret key (letters, digits, '-', '_' or '.')")),
});

export const PrometheusAuth = z.strictObject({
  /** KEDA prometheus `authModes`: bearer token or basic auth. */
  mode: z.enum(["bearer", "basic"]),
  /**
   * Existing Secret holding the credentials (`bearerToken`, or `username` + `password` keys).
   * When omitted, the Pulumi component creates the Secret from a Pulumi secret input, and
   * `polyscale render` expects a Secret named `<service>-prometheus-auth`.
   */
  secretName: dns1123Subdomain("Secret name").optional(),
});

export const PrometheusAdapterRule = z.strictObject({
  /** `name.matches` of the adapter rule (a regular expression on the series name). */
  matches: z.string().min(1).optional(),
  /** `name.as` of the adapter rule, with `${1}` style capture references. */
  as: z.string().min(1).optional(),
  /** `metricsQuery` template, with <<.Series>>, <<.LabelMatchers>> and <<.GroupBy>>. */
  metricsQuery: AdapterTemplate.optional(),
  /** `seriesFilters` of the adapter rule (emitted only when given). */
  seriesFilters: z.array(z.strictObject({ is: z.string().optional(), isNot: z.string().optional() })).optional(),
});

export const PrometheusSource = z
  .strictObject({
    /**
     * A per-pod series scraped from the workload (e.g. `http_server_requests_seconds_count`).
     * On Kubernetes it becomes a custom metric through a prometheus-adapter rule and an HPA `Pods` metric.
     */
    series: metricName.optional(),
    /** An aggregate PromQL query returning one value for the whole service (KEDA `prometheus` trigger). */
    query: PromQL.optional(),
    /** Prometheus base URL for KEDA; defaults to `scaling.kubernetes.prometheus.serverAddress`. */
    serverAddress: httpUrl.optional(),
    /** Window of `rate()` for counter series. @default 2m */
    rateWindow: duration({ min: 1 }).optional(),
    /** prometheus-adapter rule overrides for `series`. */
    adapter: PrometheusAdapterRule.optional(),
    /** KEDA `metricName` metadata (deprecated by KEDA, kept for configurations that still carry it). */
    metricName: metricName.optional(),
    ...prometheusTriggerOptions,
    auth: PrometheusAuth.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.series === undefined && s.query === undefined) {
      ctx.addIssue({ code: "custom", message: "needs `series` (per-pod series, HPA via prometheus-adapter) or `query` (aggregate PromQL, KEDA)", input: s });
    }
  }, EVERY_PROBLEM);

/** `from.<key>` of every registered event source (src/sources/registry.ts), typed per module. */
type EventSourceShape = { [M in (typeof SOURCES)[number] as M["key"]]: z.ZodOptional<M["schema"]> };
const eventSourceShape = Object.fromEntries(SOURCES.map((m) => [m.key, m.schema.optional()])) as unknown as EventSourceShape;
for (const m of SOURCES) CREDENTIAL_KEYS.set(m.schema, m.credentialParameters);

const BUILT_IN_SOURCES = ["prometheus", "cloudWatch", "azureMonitor", "alb"] as const;
/** Every `from` key, for messages. */
export const SOURCE_KEYS: readonly string[] = [...BUILT_IN_SOURCES, ...SOURCES.map((m) => m.key)];

export const MetricSources = z
  .strictObject({
    prometheus: PrometheusSource.optional(),
    cloudWatch: CloudWatchSource.optional(),
    azureMonitor: AzureMonitorSource.optional(),
    alb: AlbSource.optional(),
    ...eventSourceShape,
  }, keysAre("metric source"))
  .superRefine((s, ctx) => {
    if (Object.values(s).every((v) => v === undefined)) {
      ctx.addIssue({ code: "custom", message: `needs at least one source: ${SOURCE_KEYS.slice(0, -1).join(", ")} or ${SOURCE_KEYS.at(-1)}`, input: s });
    }
  }, EVERY_PROBLEM);

/**
 * Refuse an event source that cannot feed this metric kind (its module's `kinds`), at `from.<key>`.
 * Used by the metric kinds that take `from` (src/policy/metrics.ts).
 */
export function checkSourceKinds(kind: SourceMetricKind, from: unknown, ctx: z.core.$RefinementCtx): void {
  if (typeof from !== "object" || from === null) return;
  const given = from as Record<string, unknown>;
  for (const m of SOURCES) {
    if (given[m.key] === undefined || (m.kinds as readonly string[]).includes(kind)) continue;
    ctx.addIssue({
      code: "custom",
      path: ["from", m.key],
      message: `cannot feed a \`${kind}\` metric: the ${m.title} source feeds ${m.kinds.map((k) => `\`${k}\``).join(", ")}; move it to a metric of that kind`,
      input: given[m.key],
    });
  }
}
export type MetricSources = z.infer<typeof MetricSources>;
export type PrometheusSource = z.infer<typeof PrometheusSource>;
