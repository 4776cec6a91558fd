import { z } from "zod";
import { ScalingRules } from "./behavior";
import { MetricSchema } from "./metrics";
import { CloudRunOptions } from "./platforms/cloud-run";
import { ContainerAppsOptions } from "./platforms/container-apps";
import { EcsOptions } from "./platforms/ecs";
import { KubernetesOptions } from "./platforms/kubernetes";
import { duration } from "./units";
import { Vertical } from "./vertical";
import { apiVersion, dns1123Label, dns1123Subdomain, labels } from "./kubernetes-names";

/** Replica counts are int32 in every platform API. */
const INT32_MAX = 2147483647;
const replicaCount = (min: number) =>
  z.number({ error: (iss) => `must be a whole number of replicas, got ${JSON.stringify(iss.input)}` })
    .int({ error: (iss) => `must be a whole number of replicas, got ${JSON.stringify(iss.input)}` })
    .min(min, { error: (iss) => `must be >= ${min}, got ${JSON.stringify(iss.input)}` })
    .max(INT32_MAX, { error: (iss) => `must be at most ${INT32_MAX} (int32), got ${JSON.stringify(iss.input)}` });

export const Replicas = z.strictObject({ min: replicaCount(0), max: replicaCount(1) });

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
    replicas: replicaCount(0),
    /** Consecutive failed reads before the fallback applies (KEDA `failureThreshold`). @default 3 */
    failureThreshold: z.number().int({ error: (iss) => `must be a whole number, got ${JSON.stringify(iss.input)}` }).min(1, { error: (iss) => `must be >= 1, got ${JSON.stringify(iss.input)}` }).default(3),
  }),
], { error: (iss) => `must be "hold", "scaleUp" or { replicas: N }, got ${JSON.stringify(iss.input)}` });
export type MissingMetrics = z.infer<typeof MissingMetrics>;

export const PinnedAtMaxAlert = z.strictObject({
  /**
   * Per-replica load above which being at max is a problem, as a fraction of each metric's target
   * (PaaSTA `max_instances_alert_threshold`; 1 = the target itself). @default 1
   */
  threshold: z.number().positive().default(1),
  /** How long both conditions must hold. @default 15m */
  for: duration({ min: 0 }).default(900),
  severity: z.string().min(1).default("warning"),
});

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

export const Workload = z.strictObject({
  kind: z.enum(["Deployment", "StatefulSet", "ReplicaSet", "Rollout"]).default("Deployment"),
  /** @default the service name */
  name: dns1123Subdomain("workload name").optional(),
  /** @default apps/v1 (argoproj.io/v1alpha1 for Rollout) */
  apiVersion: apiVersion.optional(),
});

/** The scraped metrics endpoint (drives the ServiceMonitor). */
export const Monitoring = z.strictObject({
  /** The Service port's name (ServiceMonitor `port`), or a container port number (ServiceMonitor `targetPort`). */
  port: z.union([dns1123Label("port name"), z.number().int().min(1).max(65535, { error: (iss) => `must be a Service port name or a container port number 1..65535, got ${JSON.stringify(iss.input)}` })], {
    error: (iss) => `must be a Service port name or a container port number 1..65535, got ${JSON.stringify(iss.input)}`,
  }),
  path: z.string().startsWith("/", { error: (iss) => `must start with /, got ${JSON.stringify(iss.input)}` }).default("/metrics"),
  interval: z.string({ error: (iss) => `must be a Prometheus duration string like "15s" or "1m", got ${JSON.stringify(iss.input)}` }).regex(/^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?)$/, { error: (iss) => `must be a Prometheus duration like "15s" or "1m", got ${JSON.stringify(iss.input)}` }).default("15s"),
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
    alerts: z.strictObject({ pinnedAtMax: PinnedAtMaxAlert.optional() }).optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.scaling && !p.vertical) {
      ctx.addIssue({ code: "custom", path: [], message: "needs `scaling` (horizontal), `vertical`, or both", input: p });
      return;
    }
    const s = p.scaling;
    if (!s) return;
    const { min, max } = s.replicas;
    if (max < min) {
      ctx.addIssue({ code: "custom", path: ["scaling", "replicas", "max"], message: `must be >= replicas.min (${min}), got ${max}`, input: max });
    }
    if (s.mode === "autoscale" && s.metrics.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["scaling", "metrics"],
        message: "must list at least one metric when mode is autoscale (use mode: fixed for a constant count, or mode: external for an outside controller)",
        input: s.metrics,
      });
    }
    if (s.mode === "fixed" && min !== max) {
      ctx.addIssue({ code: "custom", path: ["scaling", "replicas"], message: `mode fixed needs min == max, got min ${min}, max ${max}`, input: s.replicas });
    }
    if (s.mode !== "autoscale" && s.metrics.length > 0) {
      ctx.addIssue({ code: "custom", path: ["scaling", "metrics"], message: `must be empty when mode is ${s.mode} (no autoscaler reads them), got ${s.metrics.length} metric(s)`, input: s.metrics });
    }
    if (typeof s.missingMetrics === "object" && (s.missingMetrics.replicas < min || s.missingMetrics.replicas > max)) {
      ctx.addIssue({
        code: "custom",
        path: ["scaling", "missingMetrics", "replicas"],
        message: `must be within replicas.min..max (${min}..${max}), got ${s.missingMetrics.replicas}`,
        input: s.missingMetrics.replicas,
      });
    }
    s.metrics.forEach((m, i) => {
      if (m.kind === "schedule" && m.replicas > max) {
        ctx.addIssue({ code: "custom", path: ["scaling", "metrics", i, "schedule", "replicas"], message: `must be <= replicas.max (${max}): the schedule's floor can never be reached, got ${m.replicas}`, input: m.replicas });
      }
    });
    if (p.alerts?.pinnedAtMax && s.mode !== "autoscale") {
      ctx.addIssue({ code: "custom", path: ["alerts", "pinnedAtMax"], message: `needs scaling.mode autoscale, got ${s.mode}`, input: p.alerts.pinnedAtMax });
    }
  });

export type ScalingPolicy = z.infer<typeof ScalingPolicy>;
export type ScalingPolicyInput = z.input<typeof ScalingPolicy>;
export type Scaling = z.infer<typeof Scaling>;
export type Monitoring = z.infer<typeof Monitoring>;
export type PinnedAtMaxAlert = z.infer<typeof PinnedAtMaxAlert>;

/** Resolved workload reference. */
export function workloadRef(p: ScalingPolicy): { apiVersion: string; kind: string; name: string } {
  const kind = p.workload.kind;
  return {
    apiVersion: p.workload.apiVersion ?? (kind === "Rollout" ? "argoproj.io/v1alpha1" : "apps/v1"),
    kind,
    name: p.workload.name ?? p.service,
  };
}
