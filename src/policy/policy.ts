import { z } from "zod";
import { ScalingRules } from "./behavior";
import { MetricSchema } from "./metrics";
import { CloudRunOptions } from "./platforms/cloud-run";
import { ContainerAppsOptions } from "./platforms/container-apps";
import { EcsOptions } from "./platforms/ecs";
import { KubernetesOptions } from "./platforms/kubernetes";
import { duration, int32 } from "./units";
import { EVERY_PROBLEM, customKindNeedsApiVersion, didYouMean, expected, needsAutoscale, workloadKindMessage } from "./messages";
import type { PathSegment } from "./errors";
import { Vertical } from "./vertical";
import { apiVersion, dns1123Label, dns1123Subdomain, kindName, labels, portName } from "./kubernetes-names";
import { KNOWN_WORKLOAD_KINDS, isKnownWorkloadKind } from "./workload-ref";
import { Alerts, Dashboard } from "./observability";
import { kedaTriggerNameIssues } from "./keda-kind";

export { Alerts, Dashboard, FlappingAlert, MetricUnavailableAlert, PinnedAtMaxAlert } from "./observability";

/** Replica counts are int32 in every platform API. */
export const Replicas = z.strictObject({ min: int32(0), max: int32(1) });

/**
 * What to assume when the metric cannot be read.
 * - `hold`: keep the current replicas (the HPA's own behavior; KEDA `fallback` with `currentReplicas`).
 * - `scaleUp`: assume full load, as PaaSTA does ("scaling a service up is generally the safest course"):
 *   KEDA `fallback` to `replicas.max`, never lower than now (`currentReplicasIfHigher`).
 * - `{ replicas: N }`: KEDA `fallback` to exactly N.
 */
export const MissingMetrics = z.union([
  z.enum(["hold", "scaleUp"]),
  z.strictObject({
    replicas: int32(0),
    /** Consecutive failed reads before the fallback applies (KEDA `failureThreshold`). @default 3 */
    failureThreshold: int32(1).default(3),
  }),
], expected('"hold", "scaleUp" or { replicas: N }'));
export type MissingMetrics = z.infer<typeof MissingMetrics>;

export const Scaling = z.strictObject({
  /**
   * `autoscale`: an autoscaler owns the replica count. `fixed`: exactly `replicas.min` replicas, no autoscaler
   * (requires min == max). `external`: no autoscaler; an outside controller sets replicas (PaaSTA `bespoke`),
   * and nothing polyscale creates writes the replica count.
   * @default autoscale
   */
  mode: z.enum(["autoscale", "fixed", "external"]).default("autoscale"),
  replicas: Replicas.describe("Replica bounds (inclusive); min 0 only where the platform can scale to zero"),
  metrics: z.array(MetricSchema).default([]).describe("What to hold per replica; each entry has exactly one metric kind"),
  scaleUp: ScalingRules.optional().describe("Scale-up rules (HPA behavior.scaleUp vocabulary)"),
  scaleDown: ScalingRules.optional().describe("Scale-down rules (HPA behavior.scaleDown vocabulary)"),
  /** Unset: the platform's own behavior (HPA holds; KEDA's prometheus trigger reads an empty result as 0). */
  missingMetrics: MissingMetrics.optional(),
  kubernetes: KubernetesOptions.optional().describe("Kubernetes-only knobs (engine, KEDA intervals, Prometheus, cluster versions)"),
  ecs: EcsOptions.optional().describe("ECS-only knobs (cluster, service, cooldowns, name prefix)"),
  containerApps: ContainerAppsOptions.optional().describe("Azure Container Apps-only knobs (cooldown, polling, rule names and auth)"),
  cloudRun: CloudRunOptions.optional().describe("Cloud Run-only knobs (concurrency, cpu, memory, CPU throttling, startup boost)"),
});

const isKindName = (s: string) => kindName.safeParse(s).success;

/** A Kubernetes kind; a near miss of a known workload kind (`deployment`, `Statefulset`) names it. */
const workloadKind = z.string(expected("a Kubernetes kind (a string)")).superRefine((k, ctx) => {
  if (!isKindName(k)) ctx.addIssue({ code: "custom", message: workloadKindMessage(k, didYouMean(k, KNOWN_KINDS)), input: k });
});
const KNOWN_KINDS = Object.keys(KNOWN_WORKLOAD_KINDS);

/**
 * The workload the autoscaler targets: a Deployment, StatefulSet, ReplicaSet or Argo Rollout, or any resource
 * with a `/scale` subresource (an operator's custom resource), given with its `apiVersion`.
 */
export const Workload = z
  .strictObject({
    kind: workloadKind.default("Deployment"),
    /** @default the service name */
    name: dns1123Subdomain("workload name").optional(),
    /** @default apps/v1 (argoproj.io/v1alpha1 for Rollout); required for any other kind */
    apiVersion: apiVersion.optional(),
  })
  .superRefine((w, ctx) => {
    if (typeof w.kind === "string" && isKindName(w.kind) && !isKnownWorkloadKind(w.kind) && w.apiVersion === undefined) {
      // Without an apiVersion a near miss of a known kind (`Statefulset`) is a typo, not a custom resource.
      const near = didYouMean(w.kind, KNOWN_KINDS);
      if (near) ctx.addIssue({ code: "custom", path: ["kind"], message: workloadKindMessage(w.kind, near), input: w.kind });
      else ctx.addIssue({ code: "custom", path: ["apiVersion"], message: customKindNeedsApiVersion(w.kind), input: undefined });
    }
  }, EVERY_PROBLEM);

const PORT = "a Service port name or a container port number 1..65535";

/** The scraped metrics endpoint (drives the ServiceMonitor). */
export const Monitoring = z.strictObject({
  /** The Service port's name (ServiceMonitor `port`), or a container port number (ServiceMonitor `targetPort`). */
  port: z.union([portName, z.number().int().min(1).max(65535, expected(PORT))], expected(PORT)),
  path: z.string().max(1024).startsWith("/", expected("a URL path starting with /")).default("/metrics"),
  interval: z.string(expected('a Prometheus duration string like "15s" or "1m"')).regex(/^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?)$/, expected('a Prometheus duration like "15s" or "1m"')).default("15s"),
  scheme: z.enum(["http", "https"]).optional(),
  /** Labels of the Service to scrape. @default { app: <workload name> } */
  selector: labels("label").optional(),
  /** ServiceMonitor name. @default `<service>` */
  name: dns1123Subdomain("ServiceMonitor name").optional(),
  /** Extra labels on the ServiceMonitor / PrometheusRule (e.g. `release: kube-prometheus-stack`). */
  labels: labels("label").optional(),
});

export const ScalingPolicy = z
  .strictObject({
    /** Service name; default for the workload name and the names of generated objects. */
    service: dns1123Label("service name").describe("Service name; default for the workload name and the names of generated objects"),
    namespace: dns1123Label("namespace").default("default").describe("Kubernetes namespace (and the policy's namespace on every platform)"),
    workload: Workload.default({ kind: "Deployment" }),
    scaling: Scaling.optional().describe("Horizontal scaling: replica bounds, metrics, scale-up/scale-down rules and platform-only knobs"),
    vertical: Vertical.optional().describe("Vertical scaling (Kubernetes VerticalPodAutoscaler)"),
    monitoring: Monitoring.optional().describe("The scraped metrics endpoint (Kubernetes ServiceMonitor)"),
    alerts: Alerts.optional().describe("Alerts on the scaling: pinned at max under load, metric unavailable, flapping"),
    dashboard: Dashboard.optional().describe("A dashboard of the scaling (Grafana on Kubernetes)"),
  })
  // Runs even when a field failed (`when`), so every independent problem is reported in one pass;
  // each check reads only the fields it needs and skips when those are themselves invalid.
  .superRefine((p, ctx) => crossFieldIssues(p).forEach((i) => ctx.addIssue(i)), EVERY_PROBLEM);

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
type Issue = { code: "custom"; path: PathSegment[]; message: string; input: unknown };
type LooseMetric = { kind?: unknown; [k: string]: unknown };

function crossFieldIssues(p: { scaling?: unknown; vertical?: unknown; alerts?: unknown; dashboard?: unknown }): Issue[] {
  const out: Issue[] = [];
  if (typeof p !== "object" || p === null || Array.isArray(p)) return out;
  const add = (path: PathSegment[], message: string, input: unknown) => out.push({ code: "custom", path, message, input });
  if (p.scaling === undefined && p.vertical === undefined) {
    add([], "needs `scaling` (horizontal), `vertical`, or both", undefined);
    return out;
  }
  const s = p.scaling as { mode?: unknown; replicas?: { min?: unknown; max?: unknown }; metrics?: unknown; missingMetrics?: unknown } | undefined;
  if (s === undefined) out.push(...observabilityIssues(p, undefined));
  if (typeof s !== "object" || s === null) return out;
  const min = s.replicas?.min;
  const max = s.replicas?.max;
  const bounds = isCount(min) && isCount(max);
  const metrics = Array.isArray(s.metrics) ? (s.metrics as LooseMetric[]) : undefined;
  if (bounds && max < min) add(["scaling", "replicas", "max"], `must be >= replicas.min (${min}), got ${max}`, max);
  if (s.mode === "autoscale" && metrics?.length === 0) {
    add(["scaling", "metrics"], "must list at least one metric when mode is autoscale (use mode: fixed for a constant count, or mode: external for an outside controller)", s.metrics);
  }
  if (s.mode === "fixed" && bounds && min !== max) add(["scaling", "replicas"], `mode fixed needs min == max, got min ${min}, max ${max}`, s.replicas);
  if ((s.mode === "fixed" || s.mode === "external") && metrics !== undefined && metrics.length > 0) {
    add(["scaling", "metrics"], `must be empty when mode is ${s.mode} (no autoscaler reads them), got ${metrics.length} metric(s)`, s.metrics);
  }
  const fallback = (s.missingMetrics as { replicas?: unknown } | undefined)?.replicas;
  if (bounds && isCount(fallback) && (fallback < min || fallback > max)) {
    add(["scaling", "missingMetrics", "replicas"], `must be within replicas.min..max (${min}..${max}), got ${fallback}`, fallback);
  }
  metrics?.forEach((m, i) => {
    const floor = (m as { replicas?: unknown }).replicas;
    if (m?.kind === "schedule" && isCount(max) && isCount(floor) && floor > max) {
      add(["scaling", "metrics", i, "schedule", "replicas"], `must be <= replicas.max (${max}): the schedule's floor can never be reached, got ${floor}`, floor);
    }
  });
  out.push(...duplicateMetricIssues(metrics ?? []), ...kedaTriggerNameIssues(metrics ?? []));
  if (typeof s.mode === "string" && s.mode !== "autoscale") out.push(...observabilityIssues(p, s.mode));
  return out;
}

/** Alerts and the dashboard watch the autoscaler: refused without one (`mode` undefined: no `scaling`). */
function observabilityIssues(p: { alerts?: unknown; dashboard?: unknown }, mode: string | undefined): Issue[] {
  const alerts = typeof p.alerts === "object" && p.alerts !== null ? Object.entries(p.alerts as Record<string, unknown>) : [];
  const watching: [PathSegment[], unknown][] = alerts.map(([name, alert]) => [["alerts", name], alert]);
  watching.push([["dashboard"], p.dashboard]);
  return watching
    .filter(([, v]) => v !== undefined)
    .map(([path, v]) => ({ code: "custom", path, message: needsAutoscale(mode), input: v }));
}

/**
 * What makes two metrics "the same": the same kind reading the same source (cpu / memory: the same
 * container; source-backed kinds: the same `from`; prometheus: the same query and server; pods / external /
 * object: the same metric name and object; workloadRatio: the same pods; schedule: the same window).
 * Two such entries would give the autoscaler two targets for one signal: every platform refuses or
 * silently keeps one of them.
 */
const METRIC_IDENTITY: Record<string, readonly string[]> = {
  cpu: ["container"],
  memory: ["container"],
  requestRate: ["from"],
  inFlight: ["from", "protocol"],
  queue: ["from"],
  replicasRequired: ["from"],
  prometheus: ["query", "serverAddress"],
  pods: ["name"],
  external: ["name", "selector"],
  object: ["name", "describedObject"],
  workloadRatio: ["podSelector"],
  schedule: ["timezone", "start", "end"],
  keda: ["type", "metadata"],
};

/** Identity fields whose absence means a value (an inFlight metric without `protocol` counts HTTP requests). */
const IDENTITY_DEFAULTS: Record<string, unknown> = { protocol: "http" };

/** JSON with sorted keys, so key order does not make two equal values differ. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return typeof v === "string" ? JSON.stringify(v.trim()) : String(v);
}

function duplicateMetricIssues(metrics: LooseMetric[]): Issue[] {
  if (metrics.length < 2) return [];
  const out: Issue[] = [];
  const seen = new Map<string, number>();
  metrics.forEach((m, i) => {
    const kind = typeof m?.kind === "string" ? m.kind : undefined;
    const fields = kind !== undefined ? METRIC_IDENTITY[kind] : undefined;
    if (kind === undefined || fields === undefined) return;
    // inFlight without `from` is the platform's own concurrency signal: still one signal.
    const key = `${kind}:${canonical(fields.map((f) => m[f] ?? IDENTITY_DEFAULTS[f] ?? null))}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    out.push({
      code: "custom",
      path: ["scaling", "metrics", i, kind],
      message: `is the same metric as scaling.metrics[${first}].${kind} (same kind, same ${fields.join(" and ")}); list each metric once`,
      input: undefined,
    });
  });
  return out;
}

export type ScalingPolicy = z.infer<typeof ScalingPolicy>;
export type ScalingPolicyInput = z.input<typeof ScalingPolicy>;
export type Scaling = z.infer<typeof Scaling>;
export type Monitoring = z.infer<typeof Monitoring>;

export { workloadRef } from "./workload-ref";
