import type { MetricInput, MetricSourcesInput, ScalingInput, ScalingPolicyInput } from "../types";

/**
 * Generic presets: the policies a service usually starts from, as functions of a few numbers. Each returns
 * a plain `ScalingPolicyInput` (what a component's `policy` argument takes, or what a policy file holds),
 * validated like any other policy when a component, `parsePolicy` or `polyscale lint` reads it, so a bad
 * number is reported at its policy path (`scaling.replicas.max`, `scaling.metrics[0].cpu.utilization`).
 *
 * Every option of {@link PresetOptions} is the policy field of the same name (`replicas`, `scaleUp`,
 * `kubernetes`, ... go under `scaling`); the presets add only the metric (and `mode` for {@link fixedReplicas}).
 */
export interface PresetOptions
  extends Pick<ScalingPolicyInput, "service" | "namespace" | "workload" | "monitoring" | "alerts">,
    Pick<ScalingInput, "replicas" | "scaleUp" | "scaleDown" | "missingMetrics" | "kubernetes" | "ecs" | "containerApps" | "cloudRun"> {}

/** The CPU target of {@link cpuService} when none is given: the Kubernetes HPA walkthrough's `--cpu-percent=50`. */
export const DEFAULT_CPU_UTILIZATION = 50;
/** The replica count of {@link fixedReplicas} when none is given: an HA pair. */
export const DEFAULT_FIXED_REPLICAS = 2;

/**
 * A service scaled on CPU: average utilisation across replicas, in percent of the containers' CPU requests
 * (HPA `Utilization`; ECS `ECSServiceAverageCPUUtilization`; Container Apps and Cloud Run cpu rules).
 *
 * ```ts
 * cpuService({ service: "api", replicas: { min: 2, max: 10 }, cpuUtilization: 60 })
 * ```
 */
export function cpuService(options: PresetOptions & {
  /** Target average CPU utilisation in percent of requests (whole number >= 1). @default 50 */
  cpuUtilization?: number;
}): ScalingPolicyInput {
  return presetPolicy(options, { metrics: [{ cpu: { utilization: options.cpuUtilization ?? DEFAULT_CPU_UTILIZATION } }] });
}

/**
 * A service scaled on requests per second per replica, read from `from` on each platform (Prometheus series
 * or query on Kubernetes, an ALB target group or CloudWatch on ECS).
 *
 * ```ts
 * requestRateService({ service: "api", replicas: { min: 3, max: 30 }, requestsPerSecond: 200,
 *   from: { prometheus: { series: "http_requests_total" }, alb: { resourceLabel } } })
 * ```
 */
export function requestRateService(options: PresetOptions & {
  /** Requests per second each replica should serve (> 0). */
  requestsPerSecond: number;
  /** Where the rate is read, per platform. */
  from: MetricSourcesInput;
}): ScalingPolicyInput {
  return presetPolicy(options, { metrics: [{ requestRate: { perReplica: options.requestsPerSecond, from: options.from } }] });
}

/**
 * A service scaled on requests in flight (concurrency) per replica: Container Apps' http rule and Cloud Run's
 * concurrency measure it themselves; Kubernetes and ECS read it from `from`.
 *
 * ```ts
 * concurrencyService({ service: "api", replicas: { min: 1, max: 10 }, inFlight: 50 })
 * ```
 */
export function concurrencyService(options: PresetOptions & {
  /** Concurrent requests each replica should hold (> 0). */
  inFlight: number;
  /** Where the number is read, where the platform does not measure it. */
  from?: MetricSourcesInput;
}): ScalingPolicyInput {
  return presetPolicy(options, { metrics: [{ inFlight: { perReplica: options.inFlight, ...(options.from ? { from: options.from } : {}) } }] });
}

/**
 * A worker scaled on queue jobs (active + waiting) per replica; with `replicas.min` 0 it sleeps while the
 * queue is empty (KEDA on Kubernetes, Container Apps).
 *
 * ```ts
 * queueWorker({ service: "worker", replicas: { min: 0, max: 20 }, jobsPerReplica: 5,
 *   from: { prometheus: { query: "sum(jobs_waiting) + sum(jobs_active)" } } })
 * ```
 */
export function queueWorker(options: PresetOptions & {
  /** Jobs each replica should hold (> 0). */
  jobsPerReplica: number;
  /** Where the job count is read, per platform. */
  from: MetricSourcesInput;
  /** Below this many jobs the worker may sleep at 0 replicas (KEDA activation, >= 0). @default 0 */
  activation?: number;
}): ScalingPolicyInput {
  const queue = { jobsPerReplica: options.jobsPerReplica, ...(options.activation !== undefined ? { activation: options.activation } : {}), from: options.from };
  return presetPolicy(options, { metrics: [{ queue }] });
}

/**
 * A fixed number of replicas and no autoscaler (`mode: fixed`): by default an HA pair, for a service that
 * must not scale (a leader-elected controller, an orchestrator).
 *
 * ```ts
 * fixedReplicas({ service: "orchestrator" })
 * ```
 */
export function fixedReplicas(options: Omit<PresetOptions, "replicas" | "scaleUp" | "scaleDown" | "missingMetrics" | "alerts"> & {
  /** Replicas to run (whole number >= 1). @default 2 */
  replicas?: number;
}): ScalingPolicyInput {
  const n = options.replicas ?? DEFAULT_FIXED_REPLICAS;
  return presetPolicy({ ...options, replicas: { min: n, max: n } }, { mode: "fixed" });
}

/** The policy of a preset: the options' fields where they belong, with no key left `undefined`. */
function presetPolicy(o: PresetOptions, scaling: { mode?: "fixed"; metrics?: MetricInput[] }): ScalingPolicyInput {
  return defined({
    service: o.service,
    namespace: o.namespace,
    workload: o.workload,
    scaling: defined({
      ...scaling,
      replicas: o.replicas,
      scaleUp: o.scaleUp,
      scaleDown: o.scaleDown,
      missingMetrics: o.missingMetrics,
      kubernetes: o.kubernetes,
      ecs: o.ecs,
      containerApps: o.containerApps,
      cloudRun: o.cloudRun,
    }),
    monitoring: o.monitoring,
    alerts: o.alerts,
  });
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
