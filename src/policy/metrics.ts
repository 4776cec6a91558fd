import { z } from "zod";
import { InFlightProtocol } from "../types/choices";
import { MetricSources, PromQL, checkSourceKinds, httpUrl, metricName } from "./sources";
import { apiVersion, dns1123Label, dns1123Subdomain, kindName, labels, metricPathSegment } from "./kubernetes-names";
import { INT32_MAX, Quantity, int32, quantityValue } from "./units";
import { EVERY_PROBLEM, expected, keysAre, resourceActivationRefused } from "./messages";
import { cronError } from "./cron";
import { memoByText } from "./memo";
import { KedaMetric } from "./keda-kind";
import { prometheusTriggerOptions } from "./prometheus-options";

/**
 * A metric says *what* to hold per replica; `from` says, per platform, where the number comes from.
 * Each list entry has exactly one key, the metric kind.
 */

/**
 * A target above 0. Targets land in int32 fields (Container Apps `concurrentRequests`, Cloud Run concurrency) or in
 * quantities and KEDA thresholds printed without an exponent, so they are bounded by int32 too.
 */
const positive = (what: string) => z.number(expected(`a number (${what})`)).positive().max(INT32_MAX, expected("int32"));

/** A threshold at or above 0, bounded like `positive`. */
const nonNegative = z.number().min(0).max(INT32_MAX, expected("int32"));


const ResourceTarget = (resource: "cpu" | "memory") =>
  z
    .strictObject({
      /** Target average utilisation in percent of the containers' requests (HPA `Utilization`, >= 1). */
      utilization: int32(1, "percent").optional(),
      /** Target average usage per pod as a quantity (HPA `AverageValue`). */
      averageValue: Quantity.refine((q) => quantityValue(q)! > 0, expected("a quantity above 0 (HPA: a target average value must be positive)")).optional(),
      /** Only this container's usage (HPA `ContainerResource`). */
      container: dns1123Label("container name").optional(),
      /**
       * Activation: only 0, what every platform does. KEDA's cpu/memory scalers have no activation parameter
       * (their activation is always 0), so a higher value is refused with the alternative.
       */
      activation: nonNegative.optional(),
    })
    .superRefine((t, ctx) => {
      if (typeof t.activation === "number" && t.activation > 0) {
        ctx.addIssue({ code: "custom", path: ["activation"], message: resourceActivationRefused(resource, t.activation), input: t.activation });
      }
      const n = Number(t.utilization !== undefined) + Number(t.averageValue !== undefined);
      if (n !== 1) {
        ctx.addIssue({
          code: "custom",
          message: `${resource} needs exactly one of \`utilization\` (percent) or \`averageValue\` (quantity), got ${n === 0 ? "neither" : "both"}`,
          input: t,
        });
      }
    }, EVERY_PROBLEM);

export const CpuMetric = ResourceTarget("cpu");
export const MemoryMetric = ResourceTarget("memory");

function requestRateUnit(m: { perReplica?: unknown; perReplicaPerMinute?: unknown }, ctx: z.RefinementCtx): void {
  const n = Number(m.perReplica !== undefined) + Number(m.perReplicaPerMinute !== undefined);
  if (n !== 1) {
    ctx.addIssue({ code: "custom", message: `requestRate needs exactly one of \`perReplica\` (per second) or \`perReplicaPerMinute\`, got ${n === 0 ? "neither" : "both"}`, input: m });
  }
}

function requestRatePerSecond<F>({ perReplica, perReplicaPerMinute, from }: { perReplica?: number; perReplicaPerMinute?: number; from: F }): { perReplica: number; perReplicaPerMinute?: number; from: F } {
  return perReplicaPerMinute === undefined ? { perReplica: perReplica!, from } : { perReplica: perReplicaPerMinute / 60, perReplicaPerMinute, from };
}

/**
 * Requests per replica, per second (`perReplica`) or per minute (`perReplicaPerMinute`, as an ALB's
 * ALBRequestCountPerTarget counts them): exactly one. Parsed, `perReplica` is always the per-second rate
 * (per minute ÷ 60) and `perReplicaPerMinute` stays when it was written, so ECS uses it as written.
 */
export const RequestRateMetric = z
  .strictObject({
    perReplica: positive("requests per second per replica").optional(),
    perReplicaPerMinute: positive("requests per minute per replica").optional(),
    from: MetricSources,
  })
  .superRefine((m, ctx) => {
    checkSourceKinds("requestRate", m.from, ctx);
    requestRateUnit(m, ctx);
  }, EVERY_PROBLEM)
  .transform(requestRatePerSecond);

/**
 * Requests in flight (concurrency) per replica. `from` is optional: Container Apps and Cloud Run measure it themselves.
 * `protocol: tcp` counts open TCP connections instead (Container Apps `tcp` rule, `concurrentConnections`).
 */
export const InFlightMetric = z.strictObject({
  perReplica: positive("concurrent requests per replica"),
  /** What is in flight: HTTP requests (default) or TCP connections. @default http */
  protocol: z.enum(InFlightProtocol).optional(),
  from: MetricSources.optional(),
}).superRefine((m, ctx) => checkSourceKinds("inFlight", m.from, ctx), EVERY_PROBLEM);

/** Queue jobs (active + waiting) per replica. */
export const QueueMetric = z.strictObject({
  jobsPerReplica: positive("jobs per replica"),
  /** Below this many jobs the service may sleep at 0 replicas (KEDA activation). @default 0 */
  activation: nonNegative.optional(),
  from: MetricSources,
}).superRefine((m, ctx) => checkSourceKinds("queue", m.from, ctx), EVERY_PROBLEM);

/**
 * The service reports how many replicas it needs (e.g. Membrane `queued_tasks_workers_required`);
 * `buffer` adds head-room (0.3 = +30 %).
 */
export const ReplicasRequiredMetric = z.strictObject({
  buffer: z.number().min(0, expected("a fraction, 0.3 = +30 %")).max(10, expected("a fraction, 0.3 = +30 %")).default(0),
  from: MetricSources,
}).superRefine((m, ctx) => checkSourceKinds("replicasRequired", m.from, ctx), EVERY_PROBLEM);

/** An arbitrary PromQL query with a target (KEDA `prometheus` trigger semantics). */
export const PrometheusQueryMetric = z.strictObject({
  query: PromQL,
  /** KEDA `threshold`: per replica for `AverageValue`, for the whole service for `Value`. */
  target: positive("target value"),
  /** KEDA `activationThreshold`. @default 0 */
  activationTarget: nonNegative.optional(),
  targetType: z.enum(["AverageValue", "Value"]).default("AverageValue"),
  /** KEDA `metricName` metadata (deprecated by KEDA; kept when given). */
  metricName: metricName.optional(),
  /** Prometheus base URL; defaults to `scaling.kubernetes.prometheus.serverAddress`. */
  serverAddress: httpUrl.optional(),
  ...prometheusTriggerOptions,
});

/** A custom metric already served by the custom metrics API for each pod (HPA `Pods`). */
export const PodsMetric = z.strictObject({
  name: metricName,
  averageValue: positive("average value per pod"),
});

/** A metric from the external metrics API (HPA `External`). */
export const ExternalMetric = z
  .strictObject({
    name: metricPathSegment,
    selector: labels("label").optional(),
    value: positive("total value").optional(),
    averageValue: positive("average value per pod").optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.value === undefined) === (t.averageValue === undefined)) {
      ctx.addIssue({ code: "custom", message: "external needs exactly one of `value` or `averageValue`", input: t });
    }
  }, EVERY_PROBLEM);

/** A metric describing another Kubernetes object (HPA `Object`). */
export const ObjectMetric = z
  .strictObject({
    name: metricPathSegment,
    describedObject: z.strictObject({ apiVersion, kind: kindName, name: dns1123Subdomain("object name") }),
    value: positive("total value").optional(),
    averageValue: positive("average value per pod").optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.value === undefined) === (t.averageValue === undefined)) {
      ctx.addIssue({ code: "custom", message: "object needs exactly one of `value` or `averageValue`", input: t });
    }
  }, EVERY_PROBLEM);

/** Scale with another workload: one replica per `podsPerReplica` matching pods (KEDA `kubernetes-workload`). */
export const WorkloadRatioMetric = z.strictObject({
  /** Label selector of the pods to follow, e.g. `app=lightning-asr`. */
  podSelector: z.string().max(1024).regex(/^[A-Za-z0-9./_-]+\s*(=|==|!=|\s+in\s+|\s+notin\s+)/, expected('a label selector like "app=lightning-asr"')),
  podsPerReplica: positive("followed pods per replica"),
  activation: nonNegative.optional(),
});

const cron5 = z.string().superRefine((s, ctx) => {
  const err = cronError(s);
  if (err) ctx.addIssue({ code: "custom", message: err, input: s });
});

/** An IANA time zone the runtime knows (Intl), e.g. "Europe/Berlin" or "UTC". */
export const isTimeZone = memoByText(function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return /^[A-Za-z]/.test(tz);
  } catch {
    return false;
  }
});

/** Hold at least `replicas` between `start` and `end` (KEDA `cron`). */
export const ScheduleMetric = z
  .strictObject({
    timezone: z.string().max(64).refine(isTimeZone, expected('an IANA time zone like "Europe/Berlin" or "UTC"')),
    start: cron5,
    end: cron5,
    replicas: int32(1, "KEDA: desiredReplicas 0 is almost always an error"),
  })
  .superRefine((s, ctx) => {
    if (typeof s.start === "string" && typeof s.end === "string" && s.start.trim() === s.end.trim()) ctx.addIssue({ code: "custom", path: ["end"], message: "must differ from `start`", input: s.end });
  }, EVERY_PROBLEM);

export const METRIC_KINDS = {
  cpu: CpuMetric.describe("CPU per replica: `utilization` (percent of requests) or `averageValue` (quantity)"),
  memory: MemoryMetric.describe("Memory per replica: `utilization` (percent of requests) or `averageValue` (quantity)"),
  requestRate: RequestRateMetric.describe("Requests per replica, per second (`perReplica`) or per minute (`perReplicaPerMinute`); `from` says where the rate is read on each platform"),
  inFlight: InFlightMetric.describe("Concurrent (in-flight) requests per replica, or open TCP connections with `protocol: tcp`"),
  queue: QueueMetric.describe("Queue jobs (active + waiting) per replica"),
  replicasRequired: ReplicasRequiredMetric.describe("The service reports the replicas it needs; `buffer` adds head-room (0.3 = +30 %)"),
  prometheus: PrometheusQueryMetric.describe("Any PromQL query with a target (KEDA prometheus trigger semantics)"),
  pods: PodsMetric.describe("A custom metric the custom metrics API already serves per pod (HPA Pods)"),
  external: ExternalMetric.describe("A metric from the external metrics API (HPA External)"),
  object: ObjectMetric.describe("A metric describing another Kubernetes object (HPA Object)"),
  workloadRatio: WorkloadRatioMetric.describe("One replica per `podsPerReplica` pods matching `podSelector` (KEDA kubernetes-workload)"),
  schedule: ScheduleMetric.describe("At least `replicas` between cron `start` and `end` in `timezone` (KEDA cron)"),
  keda: KedaMetric.describe("Any KEDA scaler: `type`, `metadata` and `auth`, checked against KEDA's scalers schema (Kubernetes KEDA, Container Apps custom rule)"),
} as const;

export type MetricKind = keyof typeof METRIC_KINDS;
export const METRIC_KIND_NAMES = Object.keys(METRIC_KINDS) as MetricKind[];

type KindShape = { [K in MetricKind]: z.ZodOptional<(typeof METRIC_KINDS)[K]> };
const shape = Object.fromEntries(METRIC_KIND_NAMES.map((k) => [k, METRIC_KINDS[k].optional()])) as unknown as KindShape;

/** The parsed metric, tagged with its kind. */
export type Metric = { [K in MetricKind]: { kind: K } & z.output<(typeof METRIC_KINDS)[K]> }[MetricKind];
export type MetricOf<K extends MetricKind> = Extract<Metric, { kind: K }>;

export const MetricSchema = z
  .strictObject(shape, keysAre("metric kind", `an object with one metric kind (${METRIC_KIND_NAMES.join(", ")})`))
  .transform((m, ctx): Metric => {
    const kinds = METRIC_KIND_NAMES.filter((k) => m[k] !== undefined);
    // An unknown kind was already reported by the strict object; don't add "needs one kind" on top.
    if (kinds.length === 0 && ctx.issues.some((i) => i.code === "unrecognized_keys")) return z.NEVER;
    if (kinds.length !== 1) {
      ctx.issues.push({
        code: "custom",
        message: kinds.length === 0
          ? `needs one metric kind: ${METRIC_KIND_NAMES.join(", ")}`
          : `has ${kinds.length} metric kinds (${kinds.join(", ")}); write each as its own list entry`,
        input: m,
      });
      return z.NEVER;
    }
    const kind = kinds[0]!;
    return { kind, ...(m[kind] as object) } as Metric;
  });

/** The config key of a metric for messages: `cpu`, `requestRate`, ... */
export function describeMetric(m: Metric): string {
  return m.kind;
}
