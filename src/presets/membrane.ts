import { PolicyError, type PathSegment, type PolicyIssue } from "../policy/errors";
import { mustBe, oneOf, suggest } from "../policy/messages";
import type { AzureMonitorSourceInput, CloudWatchSourceInput, ScalingPolicyInput } from "../types";
import { concurrencyService, cpuService as genericCpuService, fixedReplicas, queueWorker } from "./generic";
import { CLOUD_RUN_TARGET_UTILIZATION } from "../targets/cloud-run/compile";
import { PLATFORMS, type PlatformName } from "../targets/types";

/**
 * Presets for the seven Membrane services of `membrane-autoscaling-multicloud.md` ("Autoscaling
 * Configuration"), on each of polyscale's four platforms. Every number comes from that document:
 *
 * | service | min | max | scaling metric | threshold | source in the seed |
 * |---|---|---|---|---|---|
 * | api | 2 | 10 | CPU | 50 % | "Production Workload Recommendations", HPA `api-hpa`, ECS `api-cpu-scaling` |
 * | instant-tasks-worker | 2 | 20 | jobs (active + waiting) per worker | 5 | KEDA `instant-tasks-worker-scaler`, ECS `JobsPerWorker`, ACA `JobQueueLength` |
 * | queued-tasks-worker | 2 | 50 | workers required | +30 % buffer | KEDA `queued-tasks-worker-scaler` (cooldown 300) |
 * | custom-code-runner | 2 | 20 | job-space utilisation | 45 % | KEDA `custom-code-runner-scaler` |
 * | ui, console | 2 | 5 | CPU | 50 % | recommendations table; ACA "HTTP-based Scaling (API, UI, Console)" |
 * | orchestrator | 2 | 2 | fixed (HA) | – | "Fixed (HA) – run 2 instances" |
 *
 * Pace ("Cooldown Periods"): scale up fast (0–15 s), scale down slow (300–600 s). On Kubernetes the
 * presets state it as `scaleUp.stabilization: 0s` and `scaleDown.stabilization: 300s`; on ECS as the seed's
 * cooldowns (60 s out, 300 s in); Container Apps' behavior is fixed by the platform (0 s up, 300 s down,
 * which already meets the table) and Cloud Run's is not configurable, so neither gets scale rules.
 *
 * Where the seed contradicts itself the recommendation tables win: its instant-tasks-worker HPA
 * waits only 60 s before scaling down, the "Cooldown Periods" table asks for 300–600 s, so the preset
 * uses 300 s.
 *
 * A service a platform cannot run (the seed: "For worker services, consider GKE with KEDA instead" for
 * Cloud Run, which has no queue metrics) throws a {@link PolicyError} at path
 * `["presets", "membrane", <service>]` naming the service, the platform and the alternative, instead of
 * returning a policy without its metric.
 */

export const MEMBRANE_SERVICES = [
  "api",
  "instant-tasks-worker",
  "queued-tasks-worker",
  "custom-code-runner",
  "ui",
  "console",
  "orchestrator",
] as const;
export type MembraneService = (typeof MEMBRANE_SERVICES)[number];
export type MembranePlatform = PlatformName;

export const MEMBRANE_DEFAULTS = {
  namespace: "membrane",
  prometheusServerAddress: "http://prometheus-server.monitoring:9090",
  ecsCluster: "membrane-cluster",
  kubernetesEngine: "keda",
} as const;

/** The seed's "Production Workload Recommendations", "Buffer Factors" and "Cooldown Periods", as numbers. */
export const MEMBRANE_RECOMMENDATIONS = {
  api: { min: 2, max: 10, cpuUtilization: 50 },
  "instant-tasks-worker": { min: 2, max: 20, jobsPerWorker: 5 },
  "queued-tasks-worker": { min: 2, max: 50, buffer: 0.3 },
  "custom-code-runner": { min: 2, max: 20, capacityThreshold: 0.45 },
  ui: { min: 2, max: 5, cpuUtilization: 50 },
  console: { min: 2, max: 5, cpuUtilization: 50 },
  orchestrator: { min: 2, max: 2 },
} as const;

/** "Cooldown Periods": scale up within 0–15 s, scale down after 300–600 s; the presets use the fast / short end. */
export const MEMBRANE_PACE = { scaleUpSeconds: 0, scaleDownSeconds: 300, ecsScaleOutCooldown: 60, ecsScaleInCooldown: 300 } as const;

/** Prometheus metrics and scrape endpoints named by the seed ("Prometheus Metrics"). */
export const MEMBRANE_PROMETHEUS = {
  instantTasksQuery: "sum(instant_tasks_jobs_active) + sum(instant_tasks_jobs_waiting)",
  instantTasksKedaMetricName: "instant_tasks_jobs",
  /** The per-pod series of the seed's HPA variant (served to the HPA by prometheus-adapter). */
  instantTasksHpaSeries: "instant_tasks_jobs_total",
  queuedTasksWorkersRequiredQuery: "max(queued_tasks_workers_required)",
  queuedTasksKedaMetricName: "queued_tasks_workers_required_adjusted",
  customCodeRunnerCapacityQuery:
    "(sum(custom_code_runner_total_job_spaces) - sum(custom_code_runner_remaining_job_spaces)) / sum(custom_code_runner_total_job_spaces)",
  customCodeRunnerKedaMetricName: "custom_code_runner_capacity_rate",
  /** Scrape endpoints (`http://<service>:5000<path>`): the API serves the task-queue metrics. */
  endpoints: {
    api: { port: 5000, path: "/prometheus" },
    "queued-tasks-worker": { port: 5000, path: "/prometheus/queued-tasks" },
    "custom-code-runner": { port: 5000, path: "/api/v2/prometheus" },
  },
} as const;

/** The seed's CloudWatch metric for the instant tasks worker on ECS ("Custom Metric Scaling - Instant Tasks Worker"). */
export const MEMBRANE_CLOUDWATCH_JOBS_PER_WORKER = { namespace: "Membrane", metricName: "JobsPerWorker", statistic: "Average", perReplica: true } as const;
/** The seed's Azure Monitor metric for the instant tasks worker on Container Apps. */
export const MEMBRANE_AZURE_QUEUE_METRIC = "JobQueueLength";
/** Container Apps `http` rule concurrency of the seed's `az containerapp update` for API, UI and console. */
export const MEMBRANE_CONTAINER_APPS_HTTP_CONCURRENCY = 100;
/** The seed's `gcloud run services update membrane-api` flags. */
export const MEMBRANE_CLOUD_RUN_API = { min: 2, max: 10, concurrency: 80, cpuThrottling: true, memory: "2Gi" } as const;

/** Names of the platform services where the seed shows them (`az containerapp update --name ...`, `gcloud run services update ...`). */
const SEED_NAMES: Partial<Record<PlatformName, Partial<Record<MembraneService, string>>>> = {
  "container-apps": { api: "membrane-api", "instant-tasks-worker": "membrane-instant-worker" },
  "cloud-run": { api: "membrane-api" },
};

/** The Kubernetes engine of the Membrane workers. */
export const MembraneKubernetesEngine = { Hpa: "hpa", Keda: "keda" } as const;
export type MembraneKubernetesEngine = (typeof MembraneKubernetesEngine)[keyof typeof MembraneKubernetesEngine];

/** The preset's options that are plain values (no per-service maps): MembranePlatform's provider args take them as they are. */
export interface MembraneCommonOptions {
  /** Kubernetes namespace (and the policies' namespace on every platform). @default "membrane" */
  namespace?: string;
  /**
   * Prometheus base URL for KEDA's prometheus triggers. @default "http://prometheus-server.monitoring:9090"
   * (the seed's in-cluster address). On Container Apps the queued tasks worker and the custom code runner
   * read Prometheus too, but only when this is given explicitly (the default is a Kubernetes service name
   * that a Container Apps environment cannot resolve).
   */
  prometheusServerAddress?: string;
  /**
   * Kubernetes engine for the workers: `keda` (the seed: "Recommended for production") or `hpa` (the seed's
   * HorizontalPodAutoscaler for the instant tasks worker via prometheus-adapter). The queued tasks worker and
   * the custom code runner scale on aggregate queries that only KEDA reads; with `hpa` they throw.
   * API, UI and console always use an HPA on CPU. @default "keda"
   */
  kubernetesEngine?: MembraneKubernetesEngine;
  /** Create a ServiceMonitor for the seed's metrics endpoints (API, queued tasks worker, custom code runner) on Kubernetes. @default true */
  serviceMonitors?: boolean;
  /** ECS cluster name (`service/<cluster>/<service>`). @default "membrane-cluster" */
  ecsCluster?: string;
  /**
   * CloudWatch metric with `queued_tasks_workers_required` (a service total) for the queued tasks worker on ECS.
   * The seed publishes no such metric; without it the queued tasks worker is not available on ECS.
   */
  ecsWorkersRequiredMetric?: CloudWatchSourceInput;
  /** ARM resource id of the `JobQueueLength` metric's resource (instant tasks worker on Container Apps; the seed elides it as `/subscriptions/.../resourceGroups/membrane-rg`). */
  azureMonitorResourceId?: string;
  /** Managed identity the Container Apps `azure-monitor` rule authenticates with (`system` or a user-assigned identity's resource id). */
  azureMonitorIdentity?: string;
}

export interface MembraneOptions extends MembraneCommonOptions {
  /** More KEDA azure-monitor settings for that metric (tenantId, metricAggregationType, ...). */
  azureMonitor?: Partial<AzureMonitorSourceInput>;
  /** Override the policy's `service` name per Membrane service (default: the service id; on Container Apps and Cloud Run `membrane-<id>` or the seed's name). */
  names?: Partial<Record<MembraneService, string>>;
}

type Resolved = Required<Pick<MembraneOptions, "namespace" | "prometheusServerAddress" | "kubernetesEngine" | "serviceMonitors" | "ecsCluster">> &
  MembraneOptions & { explicitPrometheus: boolean };

function resolve(options: MembraneOptions): Resolved {
  // From JavaScript or another language the engine is any string; only "hpa" is read, so anything else is refused.
  const engineIssue = membraneEngineIssue(options.kubernetesEngine, ["presets", "membrane", "options", "kubernetesEngine"]);
  if (engineIssue) throw new PolicyError([engineIssue]);
  return {
    ...options,
    namespace: options.namespace ?? MEMBRANE_DEFAULTS.namespace,
    prometheusServerAddress: options.prometheusServerAddress ?? MEMBRANE_DEFAULTS.prometheusServerAddress,
    kubernetesEngine: options.kubernetesEngine ?? MEMBRANE_DEFAULTS.kubernetesEngine,
    serviceMonitors: options.serviceMonitors ?? true,
    ecsCluster: options.ecsCluster ?? MEMBRANE_DEFAULTS.ecsCluster,
    explicitPrometheus: options.prometheusServerAddress !== undefined,
  };
}

/** The issue for a Kubernetes engine other than keda or hpa, at `path`. */
export function membraneEngineIssue(engine: unknown, path: PathSegment[]): PolicyIssue | undefined {
  const engines: readonly unknown[] = Object.values(MembraneKubernetesEngine);
  if (engine === undefined || engines.includes(engine)) return undefined;
  return { code: "invalid_value", path, message: `${mustBe(oneOf(engines), engine)}${suggest(engine, engines as string[])}` };
}

/** The error for a service a platform cannot run: names the service, the platform and the alternative. */
export function membraneUnsupported(service: MembraneService, platform: PlatformName, reason: string, alternative: string): PolicyError {
  return new PolicyError(
    [{ code: "preset_unsupported", path: ["presets", "membrane", service], message: `${service} cannot run on ${platform}: ${reason}; alternative: ${alternative}` }],
    `Membrane preset ${JSON.stringify(service)} is not available on ${platform}`,
  );
}

function checkPlatform(service: MembraneService, platform: unknown): asserts platform is PlatformName {
  if (!(PLATFORMS as readonly unknown[]).includes(platform)) {
    throw new PolicyError([
      { code: "invalid_value", path: ["presets", "membrane", service, "platform"], message: `must be one of ${PLATFORMS.map((p) => JSON.stringify(p)).join(", ")}, got ${JSON.stringify(platform)}` },
    ]);
  }
}

function serviceName(service: MembraneService, platform: PlatformName, o: Resolved): string {
  return o.names?.[service] ?? SEED_NAMES[platform]?.[service] ?? (platform === "container-apps" || platform === "cloud-run" ? `membrane-${service}` : service);
}

function base(service: MembraneService, platform: PlatformName, o: Resolved): Pick<ScalingPolicyInput, "service" | "namespace" | "workload"> {
  const name = serviceName(service, platform, o);
  return { service: name, namespace: o.namespace, workload: { kind: "Deployment", name } };
}

function monitoring(service: keyof typeof MEMBRANE_PROMETHEUS.endpoints, o: Resolved): Pick<ScalingPolicyInput, "monitoring"> {
  if (!o.serviceMonitors) return {};
  const e = MEMBRANE_PROMETHEUS.endpoints[service];
  return { monitoring: { port: e.port, path: e.path } };
}

const ecsOptions = (o: Resolved, service: string, namePrefix?: string) => ({
  cluster: o.ecsCluster,
  service,
  cooldown: { out: `${MEMBRANE_PACE.ecsScaleOutCooldown}s`, in: `${MEMBRANE_PACE.ecsScaleInCooldown}s` },
  ...(namePrefix ? { namePrefix } : {}),
});

/** Kubernetes scale rules of the seed's `api-hpa` (also used for UI and console, same strategy). */
const CPU_SERVICE_RULES = {
  scaleUp: { stabilization: `${MEMBRANE_PACE.scaleUpSeconds}s`, policies: [{ percent: 100, per: "60s" }] },
  scaleDown: { stabilization: `${MEMBRANE_PACE.scaleDownSeconds}s`, policies: [{ percent: 50, per: "60s" }] },
};

/** Workers: fast up, slow down ("Cooldown Periods"); rate limits are the HPA defaults. */
const WORKER_RULES = {
  scaleUp: { stabilization: `${MEMBRANE_PACE.scaleUpSeconds}s` },
  scaleDown: { stabilization: `${MEMBRANE_PACE.scaleDownSeconds}s` },
};

function cpuService(service: "api" | "ui" | "console", platform: PlatformName, options: MembraneOptions): ScalingPolicyInput {
  checkPlatform(service, platform);
  const o = resolve(options);
  const rec = MEMBRANE_RECOMMENDATIONS[service];
  const b = base(service, platform, o);
  const replicas = { min: rec.min, max: rec.max };
  const cpuUtilization = rec.cpuUtilization;
  switch (platform) {
    case "kubernetes":
      return genericCpuService({ ...b, replicas, cpuUtilization, ...CPU_SERVICE_RULES, kubernetes: { engine: "hpa" }, ...(service === "api" ? monitoring("api", o) : {}) });
    case "ecs":
      return genericCpuService({ ...b, replicas, cpuUtilization, ecs: ecsOptions(o, b.service) });
    case "container-apps":
      // The seed scales API, UI and console on Container Apps with an http rule, concurrency 100.
      return concurrencyService({ ...b, replicas, inFlight: MEMBRANE_CONTAINER_APPS_HTTP_CONCURRENCY, containerApps: { rules: [{ metric: 0, name: "http-scaling" }] } });
    case "cloud-run": {
      // Cloud Run aims at 60 % of maxInstanceRequestConcurrency; the seed's --concurrency 80 means 48 in flight.
      const cr = MEMBRANE_CLOUD_RUN_API;
      return concurrencyService({
        ...b,
        replicas: service === "api" ? { min: cr.min, max: cr.max } : replicas,
        inFlight: cr.concurrency * CLOUD_RUN_TARGET_UTILIZATION,
        cloudRun: { concurrency: cr.concurrency, cpuThrottling: cr.cpuThrottling, ...(service === "api" ? { memory: cr.memory } : {}) },
      });
    }
  }
}

/** API: CPU 50 %, 2..10 (ACA: http concurrency 100; Cloud Run: 2..10, concurrency 80, CPU throttling, 2Gi). */
export function membraneApi(platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  return cpuService("api", platform, options);
}

/** UI: CPU 50 %, 2..5 (ACA: http concurrency 100; Cloud Run: concurrency 80). */
export function membraneUi(platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  return cpuService("ui", platform, options);
}

/** Console: CPU 50 %, 2..5 (ACA: http concurrency 100; Cloud Run: concurrency 80). */
export function membraneConsole(platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  return cpuService("console", platform, options);
}

const GKE_KEDA = "run it on GKE with KEDA (platform \"kubernetes\", kubernetesEngine \"keda\"; recommended for worker services)";

/** Instant tasks worker: 5 jobs (active + waiting) per worker, 2..20. */
export function membraneInstantTasksWorker(platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  const service = "instant-tasks-worker";
  checkPlatform(service, platform);
  const o = resolve(options);
  const rec = MEMBRANE_RECOMMENDATIONS[service];
  const b = base(service, platform, o);
  const replicas = { min: rec.min, max: rec.max };
  const jobsPerReplica = rec.jobsPerWorker;
  switch (platform) {
    case "kubernetes": {
      const pace = {
        scaleUp: { stabilization: `${MEMBRANE_PACE.scaleUpSeconds}s`, policies: [{ replicas: 4, per: "60s" }] },
        scaleDown: { stabilization: `${MEMBRANE_PACE.scaleDownSeconds}s` },
      };
      if (o.kubernetesEngine === "hpa") {
        return queueWorker({ ...b, replicas, jobsPerReplica, from: { prometheus: { series: MEMBRANE_PROMETHEUS.instantTasksHpaSeries } }, ...pace, kubernetes: { engine: "hpa" } });
      }
      return queueWorker({
        ...b,
        replicas,
        jobsPerReplica,
        from: { prometheus: { metricName: MEMBRANE_PROMETHEUS.instantTasksKedaMetricName, query: MEMBRANE_PROMETHEUS.instantTasksQuery } },
        ...pace,
        kubernetes: { engine: "keda", pollingInterval: "15s", cooldownPeriod: "60s", prometheus: { serverAddress: o.prometheusServerAddress } },
      });
    }
    case "ecs":
      return queueWorker({ ...b, replicas, jobsPerReplica, from: { cloudWatch: { ...MEMBRANE_CLOUDWATCH_JOBS_PER_WORKER } }, ecs: ecsOptions(o, b.service, "instant-tasks") });
    case "container-apps": {
      if (!o.azureMonitorResourceId) {
        throw membraneUnsupported(
          service,
          platform,
          `it scales on the Azure Monitor metric ${MEMBRANE_AZURE_QUEUE_METRIC}, whose resource id was not given`,
          "pass options.azureMonitorResourceId (the ARM id of the resource that publishes JobQueueLength)",
        );
      }
      return queueWorker({
        ...b,
        replicas,
        jobsPerReplica,
        from: { azureMonitor: { ...o.azureMonitor, metricName: MEMBRANE_AZURE_QUEUE_METRIC, resourceId: o.azureMonitorResourceId } },
        containerApps: { rules: [{ metric: 0, name: "queue-scaling", ...(o.azureMonitorIdentity ? { identity: o.azureMonitorIdentity } : {}) }] },
      });
    }
    case "cloud-run":
      throw membraneUnsupported(service, platform, "Cloud Run scales only on requests and CPU and has no queue metric (jobs per worker)", GKE_KEDA);
  }
}

/** A worker that reads Prometheus, on Container Apps without a Prometheus address the environment can reach. */
function prometheusUnreachableOnContainerApps(service: MembraneService): PolicyError {
  return membraneUnsupported(
    service,
    "container-apps",
    "it scales on a Prometheus query, and the default Prometheus address is an in-cluster Kubernetes name a Container Apps environment cannot reach",
    "pass options.prometheusServerAddress (a Prometheus the environment can reach) for a custom prometheus rule, or run it on AKS with KEDA (platform \"kubernetes\")",
  );
}

/** Queued tasks worker: workers required + 30 % buffer, 2..50, KEDA cooldown 300 s. */
export function membraneQueuedTasksWorker(platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  const service = "queued-tasks-worker";
  checkPlatform(service, platform);
  const o = resolve(options);
  const rec = MEMBRANE_RECOMMENDATIONS[service];
  const b = base(service, platform, o);
  const replicas = { min: rec.min, max: rec.max };
  const prometheus = { metricName: MEMBRANE_PROMETHEUS.queuedTasksKedaMetricName, query: MEMBRANE_PROMETHEUS.queuedTasksWorkersRequiredQuery };
  switch (platform) {
    case "kubernetes":
      if (o.kubernetesEngine === "hpa") {
        throw membraneUnsupported(
          service,
          "kubernetes",
          "with kubernetesEngine \"hpa\": workers required is an aggregate Prometheus query (max(queued_tasks_workers_required) + 30 %), which a HorizontalPodAutoscaler cannot read",
          "kubernetesEngine \"keda\" (a KEDA ScaledObject reads the query)",
        );
      }
      return {
        ...b,
        scaling: {
          replicas,
          metrics: [{ replicasRequired: { buffer: rec.buffer, from: { prometheus } } }],
          ...WORKER_RULES,
          kubernetes: { engine: "keda", pollingInterval: "15s", cooldownPeriod: "300s", prometheus: { serverAddress: o.prometheusServerAddress } },
        },
        ...monitoring("queued-tasks-worker", o),
      };
    case "ecs":
      if (!o.ecsWorkersRequiredMetric) {
        throw membraneUnsupported(
          service,
          platform,
          "workers required (queued_tasks_workers_required) is a Prometheus metric with no CloudWatch counterpart, and ECS target tracking reads only CloudWatch",
          "publish queued_tasks_workers_required to CloudWatch and pass options.ecsWorkersRequiredMetric, or run it on EKS with KEDA (platform \"kubernetes\")",
        );
      }
      return {
        ...b,
        scaling: {
          replicas,
          metrics: [{ replicasRequired: { buffer: rec.buffer, from: { cloudWatch: { ...o.ecsWorkersRequiredMetric } } } }],
          ecs: ecsOptions(o, b.service),
        },
      };
    case "container-apps":
      if (!o.explicitPrometheus) throw prometheusUnreachableOnContainerApps(service);
      return {
        ...b,
        scaling: {
          replicas,
          metrics: [{ replicasRequired: { buffer: rec.buffer, from: { prometheus: { ...prometheus, serverAddress: o.prometheusServerAddress } } } }],
          containerApps: { rules: [{ metric: 0, name: "queue-scaling" }] },
        },
      };
    case "cloud-run":
      throw membraneUnsupported(service, platform, "Cloud Run scales only on requests and CPU and cannot read workers required (a Prometheus query)", GKE_KEDA);
  }
}

/** Custom code runner: job-space utilisation 45 %, 2..20. */
export function membraneCustomCodeRunner(platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  const service = "custom-code-runner";
  checkPlatform(service, platform);
  const o = resolve(options);
  const rec = MEMBRANE_RECOMMENDATIONS[service];
  const b = base(service, platform, o);
  const replicas = { min: rec.min, max: rec.max };
  const metric = {
    prometheus: {
      metricName: MEMBRANE_PROMETHEUS.customCodeRunnerKedaMetricName,
      query: MEMBRANE_PROMETHEUS.customCodeRunnerCapacityQuery,
      target: rec.capacityThreshold,
    },
  };
  switch (platform) {
    case "kubernetes":
      if (o.kubernetesEngine === "hpa") {
        throw membraneUnsupported(
          service,
          "kubernetes",
          "with kubernetesEngine \"hpa\": job-space utilisation is an aggregate Prometheus query with a 0.45 threshold, which a HorizontalPodAutoscaler cannot read",
          "kubernetesEngine \"keda\" (a KEDA ScaledObject reads the query)",
        );
      }
      return {
        ...b,
        scaling: {
          replicas,
          metrics: [metric],
          ...WORKER_RULES,
          kubernetes: { engine: "keda", pollingInterval: "15s", cooldownPeriod: "60s", prometheus: { serverAddress: o.prometheusServerAddress } },
        },
        ...monitoring("custom-code-runner", o),
      };
    case "ecs":
      throw membraneUnsupported(
        service,
        platform,
        "it scales on job-space utilisation, a Prometheus query with no CloudWatch counterpart; ECS target tracking reads only CloudWatch",
        "run it on EKS with KEDA (platform \"kubernetes\"), or publish busy job spaces per task to CloudWatch and write a queue metric with a cloudWatch source",
      );
    case "container-apps":
      if (!o.explicitPrometheus) throw prometheusUnreachableOnContainerApps(service);
      return {
        ...b,
        scaling: {
          replicas,
          metrics: [{ prometheus: { ...metric.prometheus, serverAddress: o.prometheusServerAddress } }],
          containerApps: { rules: [{ metric: 0, name: "capacity-scaling" }] },
        },
      };
    case "cloud-run":
      throw membraneUnsupported(service, platform, "Cloud Run scales only on requests and CPU and cannot read job-space utilisation (a Prometheus query)", GKE_KEDA);
  }
}

/** Orchestrator: fixed at 2 replicas for high availability (`mode: fixed`, no autoscaler). */
export function membraneOrchestrator(platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  const service = "orchestrator";
  checkPlatform(service, platform);
  const o = resolve(options);
  const rec = MEMBRANE_RECOMMENDATIONS[service];
  const b = base(service, platform, o);
  return fixedReplicas({ ...b, replicas: rec.min, ...(platform === "ecs" ? { ecs: { cluster: o.ecsCluster, service: b.service } } : {}) });
}

export const MEMBRANE_PRESETS: Record<MembraneService, (platform: MembranePlatform, options?: MembraneOptions) => ScalingPolicyInput> = {
  api: membraneApi,
  "instant-tasks-worker": membraneInstantTasksWorker,
  "queued-tasks-worker": membraneQueuedTasksWorker,
  "custom-code-runner": membraneCustomCodeRunner,
  ui: membraneUi,
  console: membraneConsole,
  orchestrator: membraneOrchestrator,
};

/** One Membrane service's policy for a platform. Throws PolicyError for an unknown service or one the platform cannot run. */
export function membranePolicy(service: MembraneService, platform: MembranePlatform, options: MembraneOptions = {}): ScalingPolicyInput {
  const preset = (MEMBRANE_PRESETS as Record<string, (typeof MEMBRANE_PRESETS)[MembraneService] | undefined>)[service];
  if (!preset) {
    throw new PolicyError([
      { code: "invalid_value", path: ["presets", "membrane"], message: `unknown Membrane service ${JSON.stringify(service)}; allowed: ${MEMBRANE_SERVICES.join(", ")}` },
    ]);
  }
  return preset(platform, options);
}

export interface MembraneUnsupported {
  service: MembraneService;
  /** The error's message: the service, the platform, why, and the alternative. */
  reason: string;
  error: PolicyError;
}

export interface MembranePolicies {
  platform: MembranePlatform;
  /** Policies of the services the platform can run, in the seed's order. */
  policies: ScalingPolicyInput[];
  /** The same policies, keyed by Membrane service id. */
  byService: Partial<Record<MembraneService, ScalingPolicyInput>>;
  /** The services it cannot run, and why. */
  unsupported: MembraneUnsupported[];
}

/** Every Membrane service the platform can run, plus the ones it cannot and why. */
export function membranePolicies(platform: MembranePlatform, options: MembraneOptions = {}): MembranePolicies {
  const policies: ScalingPolicyInput[] = [];
  const byService: Partial<Record<MembraneService, ScalingPolicyInput>> = {};
  const unsupported: MembraneUnsupported[] = [];
  for (const service of MEMBRANE_SERVICES) {
    try {
      const policy = MEMBRANE_PRESETS[service](platform, options);
      policies.push(policy);
      byService[service] = policy;
    } catch (e) {
      if (!(e instanceof PolicyError) || e.issues.some((i) => i.code !== "preset_unsupported")) throw e;
      unsupported.push({ service, reason: e.issues.map((i) => i.message).join("; "), error: e });
    }
  }
  return { platform, policies, byService, unsupported };
}
