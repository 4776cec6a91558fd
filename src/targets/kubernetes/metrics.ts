import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { PrometheusTriggerOptionsInput as PrometheusTriggerOptions } from "../../types";
import { prometheusOptionMetadata, prometheusOptionVersionIssues, setPrometheusOptions } from "../keda-prometheus-options";
import type { Diagnostic } from "../types";
import type { Metric } from "../../types";
import type { PrometheusSource } from "../../types";
import { numberString, quantityValue } from "../../policy/units";
import { adapterRule, exposedMetricName, type AdapterRule, type SeriesKind } from "./adapter";
import { sortedMap, urlHasCredentials } from "../output-values";
import { kedaCron } from "../keda-cron";
import { kedaKindPlan } from "./keda-kind";
import type { ScalingPolicy } from "../../types";
import type { PlannedSourceAuth } from "./auth";
import { eventSourcePlan } from "./sources";
import { asInstantVector, operand } from "../promql-shape";

/** An `autoscaling/v2` MetricSpec. */
export type HpaMetric = Record<string, unknown> & { type: "Resource" | "ContainerResource" | "Pods" | "Object" | "External" };

/** A KEDA trigger (keda.sh/v1alpha1 ScaledObject `spec.triggers[]`). Metadata values are strings. */
export interface KedaTrigger {
  type: string;
  name?: string;
  metricType?: "AverageValue" | "Value" | "Utilization";
  metadata: Record<string, string>;
  authenticationRef?: { name: string; kind?: string };
}

/**
 * What a metric means for an autoscaler, independent of the engine: used by the HPA and KEDA
 * mappings and by the pinned-at-max alert (which needs the per-replica load as PromQL).
 */
export interface MetricPlan {
  index: number;
  metric: Metric;
  /** HPA MetricSpec when the HPA can read it natively (possibly through an adapter rule). */
  hpa?: { spec: HpaMetric; adapterRule?: AdapterRule };
  /** Why the HPA cannot read it (then KEDA is needed). */
  hpaBlocker?: string;
  /** KEDA trigger when KEDA can read it. */
  keda?: KedaTrigger;
  kedaBlocker?: string;
  /** An issue that only matters if KEDA ends up reading this metric. */
  kedaIssue?: PolicyIssue;
  /** Prometheus auth given on this metric's source (overrides scaling.kubernetes.prometheus.auth). */
  auth?: PrometheusSource["auth"];
  /** The KEDA prometheus trigger options this metric carries, and the path of the object that holds them. */
  prometheusOptions?: { options: PrometheusTriggerOptions; path: PathSegment[] };
  /** An event source's auth (`from.<key>.auth`), for ./auth.ts. */
  sourceAuth?: PlannedSourceAuth;
  /** Warnings of the source mapping. */
  warnings?: import("../types").Diagnostic[];
  /** Per-replica load expression and its target, for alerts (PromQL, replicas = `max`). */
  load?: (ctx: LoadContext) => { total: string; perReplicaTarget: number; valueTarget?: boolean } | undefined;
  issues: PolicyIssue[];
}

export interface LoadContext {
  namespace: string;
  podRegex: string;
}

const sel = (ctx: LoadContext, extra = "") => `namespace="${ctx.namespace}",pod=~"${ctx.podRegex}"${extra}`;

function metricPath(index: number, kind: string, ...rest: (string | number)[]) {
  return ["scaling", "metrics", index, kind, ...rest];
}

function resourcePlan(index: number, metric: Extract<Metric, { kind: "cpu" | "memory" }>): MetricPlan {
  const name = metric.kind;
  const target = metric.utilization !== undefined
    ? { type: "Utilization", averageUtilization: metric.utilization }
    : { type: "AverageValue", averageValue: metric.averageValue! };
  const spec: HpaMetric = metric.container
    ? { type: "ContainerResource", containerResource: { name, container: metric.container, target } }
    : { type: "Resource", resource: { name, target } };
  const keda: KedaTrigger = {
    type: name,
    metricType: metric.utilization !== undefined ? "Utilization" : "AverageValue",
    metadata: {
      value: metric.utilization !== undefined ? String(metric.utilization) : metric.averageValue!,
      ...(metric.container ? { containerName: metric.container } : {}),
    },
  };
  return {
    index,
    metric,
    hpa: { spec },
    keda,
    issues: [],
    load: (ctx) => {
      const c = metric.container ? `,container="${metric.container}"` : `,container!="",container!="POD"`;
      const usage = name === "cpu"
        ? `sum(rate(container_cpu_usage_seconds_total{${sel(ctx, c)}}[5m]))`
        : `sum(container_memory_working_set_bytes{${sel(ctx, c)}})`;
      if (metric.utilization !== undefined) {
        const req = `sum(kube_pod_container_resource_requests{${sel(ctx, metric.container ? `,container="${metric.container}"` : "")},resource="${name}"})`;
        // Utilization is usage over requests across all pods, in percent; `max` cancels out.
        return { total: `(100 * ${usage} / ${req})`, perReplicaTarget: metric.utilization, valueTarget: true };
      }
      return { total: usage, perReplicaTarget: quantityValue(metric.averageValue!)! };
    },
  };
}

function kedaPrometheus(source: (PrometheusTriggerOptions & { serverAddress?: string; metricName?: string }) | undefined, query: string, threshold: number, extra: { activation?: number; metricName?: string; serverAddress?: string; metricType?: "AverageValue" | "Value" } = {}): KedaTrigger {
  const metadata: Record<string, string> = {};
  const server = extra.serverAddress ?? source?.serverAddress;
  if (server) metadata.serverAddress = server;
  const metricName = extra.metricName ?? source?.metricName;
  if (metricName) metadata.metricName = metricName;
  metadata.query = asInstantVector(query);
  metadata.threshold = numberString(threshold);
  if (extra.activation !== undefined && extra.activation > 0) metadata.activationThreshold = numberString(extra.activation);
  Object.assign(metadata, prometheusOptionMetadata(source ?? {}));
  return { type: "prometheus", ...(extra.metricType === "Value" ? { metricType: "Value" as const } : {}), metadata };
}

/** A metric read from Prometheus: `series` via adapter for the HPA, `query` for KEDA. */
function prometheusPlan(
  index: number,
  metric: Extract<Metric, { kind: "requestRate" | "inFlight" | "queue" | "replicasRequired" }>,
  perReplica: number,
  seriesKind: SeriesKind,
): MetricPlan {
  const source = metric.from?.prometheus;
  const plan: MetricPlan = { index, metric, issues: [], ...(source?.auth ? { auth: source.auth } : {}) };
  if (source) plan.prometheusOptions = { options: source, path: metricPath(index, metric.kind, "from", "prometheus") };
  if (!source) {
    const others = Object.keys(metric.from ?? {}).join(", ") || "none";
    const msg = `needs a \`from.prometheus\` source on Kubernetes (given: ${others}); add from.prometheus.series (per-pod series, HPA) or from.prometheus.query (KEDA)`;
    plan.hpaBlocker = msg;
    plan.kedaBlocker = msg;
    return plan;
  }
  if (source.series && metric.kind !== "replicasRequired") {
    const rule = adapterRule({ ...source, series: source.series }, seriesKind);
    const name = exposedMetricName(source.series, rule.name);
    if (name === undefined) {
      plan.issues.push({
        code: "adapter_name",
        path: metricPath(index, metric.kind, "from", "prometheus", "adapter", "matches"),
        message: `must match the series ${JSON.stringify(source.series)} or the adapter exposes no metric, got ${JSON.stringify(rule.name.matches)}`,
      });
    } else {
      plan.hpa = {
        spec: { type: "Pods", pods: { metric: { name }, target: { type: "AverageValue", averageValue: numberString(perReplica) } } },
        adapterRule: rule,
      };
    }
  } else if (metric.kind === "replicasRequired") {
    plan.hpaBlocker = "reports the replicas needed for the whole service (an aggregate query), which only KEDA can read";
  } else {
    plan.hpaBlocker = "is an aggregate PromQL query (from.prometheus.query); the HPA reads per-pod series (set from.prometheus.series) or KEDA";
  }

  if (source.query) {
    const q = source.query.trim();
    switch (metric.kind) {
      case "queue":
        // Membrane's form: the query yields replicas needed (jobs / jobs per replica) against threshold 1.
        plan.keda = kedaPrometheus(source, `(${q}) / ${numberString(metric.jobsPerReplica)}`, 1, {
          activation: metric.activation !== undefined ? metric.activation / metric.jobsPerReplica : undefined,
        });
        break;
      case "replicasRequired":
        // The seed's form `q + (q * buffer)`, with q in parentheses when it is itself a binary expression.
        plan.keda = kedaPrometheus(source, metric.buffer > 0 ? `${operand(q)} + (${operand(q)} * ${numberString(metric.buffer)})` : q, 1);
        break;
      default:
        plan.keda = kedaPrometheus(source, q, perReplica);
    }
  } else {
    plan.kedaBlocker = "needs from.prometheus.query for KEDA (KEDA's prometheus trigger runs an aggregate query; it cannot use the adapter's per-pod series)";
  }

  plan.load = (ctx) => {
    if (plan.keda) {
      const q = plan.keda.metadata.query!;
      return { total: `(${q})`, perReplicaTarget: Number(plan.keda.metadata.threshold) };
    }
    if (source.series) {
      const window = source.rateWindow ?? 120;
      const s = `${source.series}{${sel(ctx)}}`;
      return { total: seriesKind === "counter" ? `sum(rate(${s}[${window}s]))` : `sum(${s})`, perReplicaTarget: perReplica };
    }
    return undefined;
  };
  return plan;
}

/** Plan every metric of a policy for Kubernetes. */
export function planMetric(index: number, metric: Metric, defaults: { serverAddress?: string; policy?: ScalingPolicy }): MetricPlan {
  const fromSource = defaults.policy && eventSourcePlan(index, metric, defaults.policy);
  if (fromSource) return fromSource;
  switch (metric.kind) {
    case "cpu":
    case "memory":
      return resourcePlan(index, metric);
    case "requestRate":
      return withServer(prometheusPlan(index, metric, metric.perReplica, "counter"), defaults);
    case "inFlight":
      return withServer(prometheusPlan(index, metric, metric.perReplica, "gauge"), defaults);
    case "queue":
      return withServer(prometheusPlan(index, metric, metric.jobsPerReplica, "gauge"), defaults);
    case "replicasRequired":
      return withServer(prometheusPlan(index, metric, 1, "gauge"), defaults);
    case "prometheus": {
      const keda = kedaPrometheus(metric, metric.query.trim(), metric.target, {
        activation: metric.activationTarget,
        metricName: metric.metricName,
        serverAddress: metric.serverAddress,
        metricType: metric.targetType,
      });
      return withServer({
        index,
        metric,
        keda,
        prometheusOptions: { options: metric, path: metricPath(index, "prometheus") },
        hpaBlocker: "is a PromQL query with a threshold (KEDA prometheus trigger); for the HPA expose a per-pod series and use `pods` or `requestRate` with from.prometheus.series",
        issues: [],
        load: () => ({ total: `(${keda.metadata.query})`, perReplicaTarget: metric.target, valueTarget: metric.targetType === "Value" }),
      }, defaults);
    }
    case "pods":
      return {
        index,
        metric,
        hpa: { spec: { type: "Pods", pods: { metric: { name: metric.name }, target: { type: "AverageValue", averageValue: numberString(metric.averageValue) } } } },
        kedaBlocker: "is a custom-metrics-API metric; KEDA reads sources directly (use `prometheus` with a query, or engine hpa)",
        issues: [],
      };
    case "external": {
      const target = valueTarget(metric);
      return {
        index,
        metric,
        hpa: { spec: { type: "External", external: { metric: { name: metric.name, ...(metric.selector ? { selector: { matchLabels: sortedMap(metric.selector) } } : {}) }, target } } },
        kedaBlocker: "is an external-metrics-API metric; KEDA serves that API itself (use a KEDA scaler such as `prometheus`, or engine hpa)",
        issues: [],
      };
    }
    case "object": {
      const target = valueTarget(metric);
      return {
        index,
        metric,
        hpa: { spec: { type: "Object", object: { describedObject: metric.describedObject, metric: { name: metric.name }, target } } },
        kedaBlocker: "is a custom-metrics-API object metric; KEDA cannot read it (use engine hpa)",
        issues: [],
      };
    }
    case "workloadRatio":
      return {
        index,
        metric,
        hpaBlocker: "follows another workload's pod count (KEDA kubernetes-workload trigger)",
        keda: {
          type: "kubernetes-workload",
          metadata: {
            podSelector: metric.podSelector,
            value: numberString(metric.podsPerReplica),
            ...(metric.activation !== undefined ? { activationValue: numberString(metric.activation) } : {}),
          },
        },
        issues: [],
      };
    case "schedule":
      return {
        index,
        metric,
        hpaBlocker: "is a time window (KEDA cron trigger); the HPA has no schedules",
        keda: {
          type: "cron",
          metadata: { timezone: metric.timezone, start: kedaCron(metric.start), end: kedaCron(metric.end), desiredReplicas: String(metric.replicas) },
        },
        issues: [],
      };
    case "keda":
      return kedaKindPlan(index, metric);
    default: {
      const never: never = metric;
      throw new Error(`unhandled metric ${JSON.stringify(never)}`);
    }
  }
}

/** HPA MetricTarget for External/Object metrics: exactly one of value / averageValue (validated in the model). */
function valueTarget(m: { value?: number; averageValue?: number }): Record<string, string> {
  return m.value !== undefined ? { type: "Value", value: numberString(m.value) } : { type: "AverageValue", averageValue: numberString(m.averageValue!) };
}

function withServer(plan: MetricPlan, defaults: { serverAddress?: string }): MetricPlan {
  const serverPath = metricPath(plan.index, plan.metric.kind, ...(plan.metric.kind === "prometheus" ? ["serverAddress"] : ["from", "prometheus", "serverAddress"]));
  if (plan.keda?.type === "prometheus" && plan.keda.metadata.serverAddress !== undefined && urlHasCredentials(plan.keda.metadata.serverAddress)) {
    // Trigger metadata is plain text in the cluster; credentials go through a TriggerAuthentication.
    plan.issues.push({ code: "credentials_in_url", path: serverPath, message: CREDENTIALS_IN_URL });
    plan.keda.metadata.serverAddress = "";
  }
  if (plan.keda?.type === "prometheus" && plan.keda.metadata.serverAddress === undefined) {
    if (defaults.serverAddress) {
      plan.keda.metadata = { serverAddress: defaults.serverAddress, ...plan.keda.metadata };
    } else {
      plan.kedaIssue = {
        code: "missing_server",
        path: serverPath,
        message: "is required for KEDA: set it here or once in scaling.kubernetes.prometheus.serverAddress",
      };
    }
  }
  return plan;
}

export const CREDENTIALS_IN_URL =
  "must not carry credentials (a user name, password or token in the URL would be stored in plain text); give the URL without them and set `auth` (a TriggerAuthentication reading a Secret)";

/**
 * The KEDA prometheus trigger options against the chosen engine: the HPA reads `from.prometheus.series` through
 * prometheus-adapter, which has none of them (they would be dropped), and an older KEDA ignores the newer ones.
 */
export function prometheusOptionIssues(plans: MetricPlan[], engine: "hpa" | "keda", kedaVersion: string): PolicyIssue[] {
  return plans.flatMap((p) => {
    if (!p.prometheusOptions) return [];
    const { options, path } = p.prometheusOptions;
    if (engine === "keda") return prometheusOptionVersionIssues(options, path, kedaVersion);
    return setPrometheusOptions(options, path).map(({ option, path: at }) => ({
      code: "keda_only_option",
      path: at,
      message: `is an option of KEDA's prometheus trigger, and the engine is hpa, which reads this metric's series through prometheus-adapter and has no \`${option}\`; remove it, or use scaling.kubernetes.engine: keda (from.prometheus.query)`,
    }));
  });
}

/**
 * KEDA's fallback applies when a scaler fails; with `ignoreNullValues: true` an empty Prometheus result is read
 * as 0 instead of failing, so `scaling.missingMetrics` never covers an empty result (kedacore/keda#4249).
 */
export function ignoreNullValuesWarnings(plans: MetricPlan[], triggers: KedaTrigger[]): Diagnostic[] {
  return plans.flatMap((p, i) =>
    p.prometheusOptions && triggers[i]?.type === "prometheus" && triggers[i]!.metadata.ignoreNullValues === "true"
      ? [{
          severity: "warning" as const,
          code: "ignore_null_values_disables_fallback",
          path: [...p.prometheusOptions.path, "ignoreNullValues"],
          message: "true disables scaling.missingMetrics on empty results: KEDA reads an empty Prometheus result as 0 instead of failing, so the fallback applies only when the query itself fails; set it to false (or leave it out) for the fallback to cover an empty result",
        }]
      : [],
  );
}
