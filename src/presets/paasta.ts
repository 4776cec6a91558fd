import { PolicyError, type PolicyIssue } from "../policy/errors";
import type { ScalingPolicyInput } from "../types";
import { podNameRegex } from "../targets/kubernetes/alerts";
import { concurrencyService, cpuService } from "./generic";

/**
 * PaaSTA-style autoscaling (Yelp PaaSTA, "Autoscaling PaaSTA Instances", paasta-autoscaling.md) written as a
 * polyscale policy. A PaaSTA instance's
 *
 * ```yaml
 * min_instances: 30
 * max_instances: 50
 * autoscaling:
 *   metrics_provider: cpu
 *   setpoint: 0.5
 * ```
 *
 * is `paastaPolicy({ service, minInstances: 30, maxInstances: 50, metricsProvider: "cpu", setpoint: 0.5 })`.
 *
 * - `setpoint` (default 0.8) is the target utilisation. `offset` is deprecated in PaaSTA and "simply
 *   subtracted from your setpoint"; it is accepted and subtracted here too.
 * - `proportional` (the default decision policy) scales in proportion to load: with `cpu` an HPA on CPU
 *   utilisation `setpoint × 100` %; with `uwsgi` / `gunicorn` a KEDA prometheus trigger whose query is
 *   PaaSTA's own total load (busy-worker fraction summed over pods, a pod without data counted as fully
 *   loaded) against the setpoint per replica, so replicas = ceil(total load / setpoint), as in PaaSTA.
 * - Missing metrics: PaaSTA "will assume that each missing replica is at 100% load", because scaling up is
 *   the safest course. The non-CPU providers get `missingMetrics: "scaleUp"` (KEDA fallback to max, never
 *   below the current count), which needs KEDA on Kubernetes. The `cpu` provider keeps the HPA: it reads
 *   resource metrics and already assumes full load for pods without metrics when deciding to scale down.
 * - `bespoke` means no autoscaler: `scaling.mode: "external"`, replicas set by an outside controller
 *   (PaaSTA's `/v1/services/<service>/<instance>/autoscaler` endpoint).
 * - The max-instances alert fires when the service is at max and the load stays above
 *   `maxInstancesAlertThreshold` (default: the setpoint); polyscale's threshold is a fraction of the
 *   metric's target, so it is `maxInstancesAlertThreshold / setpoint`.
 * - Scale-down follows PaaSTA's default HPA behavior: stabilization 300 s, at most 30 % per 60 s, `Max`.
 * - PaaSTA recommends a readiness probe for autoscaled services, so the HPA ignores warm-up load; polyscale
 *   does not create probes: configure one on the workload.
 */

export const PAASTA_METRICS_PROVIDERS = ["cpu", "uwsgi", "gunicorn", "active-requests"] as const;
export type PaastaMetricsProvider = (typeof PAASTA_METRICS_PROVIDERS)[number];
export const PAASTA_DECISION_POLICIES = ["proportional", "bespoke"] as const;
export type PaastaDecisionPolicy = (typeof PAASTA_DECISION_POLICIES)[number];

export const PAASTA_DEFAULTS = {
  setpoint: 0.8,
  offset: 0,
  decisionPolicy: "proportional",
  metricsProvider: "cpu",
  /** "Defaults to 1800s (30m). Currently, this is only supported for metrics_provider: uwsgi." */
  uwsgiMovingAverageWindowSeconds: 1800,
  /** PaaSTA `desired_active_requests_per_replica`. */
  desiredActiveRequestsPerReplica: 1,
  prometheusServerAddress: "http://prometheus-server.monitoring:9090",
} as const;

/** PaaSTA's default scale-down behavior (PLATFORM-FACTS "PaaSTA default scale-down behavior"). */
export const PAASTA_SCALE_DOWN = { stabilizationSeconds: 300, percent: 30, periodSeconds: 60, select: "max" } as const;

/**
 * What Prometheus must scrape for each provider. `uwsgi`: "Prometheus will attempt to scrape" the uWSGI
 * stats on port 8889 (only that port is supported), served as the `uwsgi_worker_busy` gauge (1 per busy
 * worker) by the uWSGI stats exporter. `gunicorn`: the statsd_exporter sidecar listens on port 9117 and
 * serves `gunicorn_worker_busy`.
 */
export const PAASTA_SCRAPE = {
  uwsgi: { port: 8889, path: "/metrics", series: "uwsgi_worker_busy" },
  gunicorn: { port: 9117, path: "/metrics", series: "gunicorn_worker_busy" },
} as const;

export interface PaastaOptions {
  service: string;
  /** @default "paasta" */
  namespace?: string;
  minInstances: number;
  maxInstances: number;
  /** @default "cpu" */
  metricsProvider?: PaastaMetricsProvider;
  /** Target utilisation, 0 < setpoint <= 1. @default 0.8 */
  setpoint?: number;
  /** Deprecated in PaaSTA: subtracted from the setpoint. @default 0 */
  offset?: number;
  /** @default "proportional" */
  decisionPolicy?: PaastaDecisionPolicy;
  /** Load above which being at max instances alerts. @default the setpoint */
  maxInstancesAlertThreshold?: number;
  /** uwsgi only: seconds of load history averaged. @default 1800 */
  movingAverageWindowSeconds?: number;
  /** active-requests: PromQL returning the service's total requests in flight (PaaSTA reads Envoy's upstream_rq_active). Required for active-requests. */
  activeRequestsQuery?: string;
  /** active-requests: requests in flight per replica. @default 1 */
  desiredActiveRequestsPerReplica?: number;
  /** Prometheus base URL for KEDA. @default "http://prometheus-server.monitoring:9090" */
  prometheusServerAddress?: string;
  /** Workload name. @default the service */
  workloadName?: string;
}

const path = (...rest: string[]) => ["presets", "paasta", ...rest];

/** 12 significant digits: 0.9 / 0.5 is 1.8, not 1.7999999999999998. */
const clean = (n: number) => Number(n.toPrecision(12));

/**
 * PaaSTA's total load for a busy-worker gauge: the average busy fraction of each pod summed over pods,
 * plus one (full load) for each ready pod that reports nothing (setup_prometheus_adapter_config.py).
 */
export function paastaWorkerLoadQuery(series: string, namespace: string, podRegex: string): string {
  const sel = `namespace="${namespace}",pod=~"${podRegex}"`;
  const perPod = `avg by (pod) (${series}{${sel}})`;
  const ready = `sum(kube_pod_status_ready{${sel},condition="true"})`;
  return `sum(${perPod}) + clamp_min(${ready} - count(${perPod}), 0)`;
}

/** A PaaSTA-style instance as a polyscale policy. Throws PolicyError (path `presets.paasta.<field>`) on invalid settings. */
export function paastaPolicy(options: PaastaOptions): ScalingPolicyInput {
  const issues: PolicyIssue[] = [];
  const provider = options.metricsProvider ?? PAASTA_DEFAULTS.metricsProvider;
  const decision = options.decisionPolicy ?? PAASTA_DEFAULTS.decisionPolicy;
  const setpoint = options.setpoint ?? PAASTA_DEFAULTS.setpoint;
  const offset = options.offset ?? PAASTA_DEFAULTS.offset;

  if (!(PAASTA_METRICS_PROVIDERS as readonly string[]).includes(provider)) {
    issues.push({ code: "invalid_value", path: path("metricsProvider"), message: `must be one of ${PAASTA_METRICS_PROVIDERS.map((p) => JSON.stringify(p)).join(", ")}, got ${JSON.stringify(provider)}` });
  }
  if (!(PAASTA_DECISION_POLICIES as readonly string[]).includes(decision)) {
    issues.push({ code: "invalid_value", path: path("decisionPolicy"), message: `must be one of ${PAASTA_DECISION_POLICIES.map((p) => JSON.stringify(p)).join(", ")}, got ${JSON.stringify(decision)}` });
  }
  if (typeof setpoint !== "number" || !Number.isFinite(setpoint) || setpoint <= 0 || setpoint > 1) {
    issues.push({ code: "out_of_range", path: path("setpoint"), message: `must be a utilisation greater than 0 and at most 1 (0.8 = 80 %), got ${JSON.stringify(setpoint)}` });
  }
  if (typeof offset !== "number" || !Number.isFinite(offset) || offset < 0 || offset >= 1) {
    issues.push({ code: "out_of_range", path: path("offset"), message: `must be between 0 (inclusive) and 1 (exclusive), got ${JSON.stringify(offset)}` });
  }
  const effective = clean(setpoint - offset);
  if (issues.length === 0 && effective <= 0) {
    issues.push({ code: "out_of_range", path: path("offset"), message: `must be below the setpoint (${setpoint}): offset is subtracted from it, got ${offset}` });
  }
  const alertAt = options.maxInstancesAlertThreshold;
  if (alertAt !== undefined) {
    if (typeof alertAt !== "number" || !Number.isFinite(alertAt) || alertAt <= 0) {
      issues.push({ code: "out_of_range", path: path("maxInstancesAlertThreshold"), message: `must be a utilisation greater than 0, got ${JSON.stringify(alertAt)}` });
    } else if (decision === "bespoke") {
      issues.push({ code: "not_applicable", path: path("maxInstancesAlertThreshold"), message: "needs decisionPolicy proportional: with bespoke no autoscaler runs, so polyscale has no max-instances alert to set" });
    }
  }
  if (options.movingAverageWindowSeconds !== undefined && provider !== "uwsgi") {
    issues.push({ code: "not_applicable", path: path("movingAverageWindowSeconds"), message: `is only supported for metricsProvider uwsgi (as in PaaSTA), got metricsProvider ${JSON.stringify(provider)}` });
  }
  if (options.movingAverageWindowSeconds !== undefined && (!Number.isInteger(options.movingAverageWindowSeconds) || options.movingAverageWindowSeconds < 1)) {
    issues.push({ code: "out_of_range", path: path("movingAverageWindowSeconds"), message: `must be a whole number of seconds >= 1, got ${JSON.stringify(options.movingAverageWindowSeconds)}` });
  }
  if (provider === "active-requests" && decision === "proportional" && !options.activeRequestsQuery) {
    issues.push({ code: "required", path: path("activeRequestsQuery"), message: "is required for metricsProvider active-requests: a PromQL query returning the service's total requests in flight (PaaSTA reads Envoy's upstream_rq_active)" });
  }
  const cpuPercent = clean(effective * 100);
  if (issues.length === 0 && provider === "cpu" && decision === "proportional" && !Number.isInteger(cpuPercent)) {
    issues.push({
      code: "not_whole_percent",
      path: path(offset !== 0 ? "offset" : "setpoint"),
      message: `must give a whole CPU percentage for metricsProvider cpu (HPA averageUtilization is an integer): setpoint - offset = ${effective} is ${cpuPercent} %`,
    });
  }
  if (issues.length > 0) throw new PolicyError(issues, `Invalid PaaSTA preset for ${JSON.stringify(options.service)}`);

  const namespace = options.namespace ?? "paasta";
  const workloadName = options.workloadName ?? options.service;
  const replicas = { min: options.minInstances, max: options.maxInstances };
  const head = { service: options.service, namespace, workload: { kind: "Deployment" as const, name: workloadName } };

  if (decision === "bespoke") {
    return { ...head, scaling: { mode: "external", replicas } };
  }

  const scaleDown = {
    stabilization: `${PAASTA_SCALE_DOWN.stabilizationSeconds}s`,
    policies: [{ percent: PAASTA_SCALE_DOWN.percent, per: `${PAASTA_SCALE_DOWN.periodSeconds}s` }],
    select: PAASTA_SCALE_DOWN.select,
  };
  const alerts = { pinnedAtMax: { threshold: clean((alertAt ?? setpoint) / effective) } };
  const server = options.prometheusServerAddress ?? PAASTA_DEFAULTS.prometheusServerAddress;

  switch (provider) {
    case "cpu":
      return cpuService({ ...head, replicas, cpuUtilization: cpuPercent, scaleDown, kubernetes: { engine: "hpa" }, alerts });
    case "uwsgi":
    case "gunicorn": {
      const scrape = PAASTA_SCRAPE[provider];
      const load = paastaWorkerLoadQuery(scrape.series, namespace, podNameRegex({ kind: "Deployment", name: workloadName }));
      const window = provider === "uwsgi" ? (options.movingAverageWindowSeconds ?? PAASTA_DEFAULTS.uwsgiMovingAverageWindowSeconds) : undefined;
      const query = window !== undefined ? `avg_over_time((${load})[${window}s:])` : load;
      return {
        ...head,
        scaling: {
          replicas,
          metrics: [{ prometheus: { query, target: effective } }],
          scaleDown,
          missingMetrics: "scaleUp",
          kubernetes: { engine: "keda", prometheus: { serverAddress: server } },
        },
        monitoring: { port: scrape.port, path: scrape.path },
        alerts,
      };
    }
    case "active-requests":
      return concurrencyService({
        ...head,
        replicas,
        inFlight: options.desiredActiveRequestsPerReplica ?? PAASTA_DEFAULTS.desiredActiveRequestsPerReplica,
        from: { prometheus: { query: options.activeRequestsQuery! } },
        scaleDown,
        missingMetrics: "scaleUp",
        kubernetes: { engine: "keda", prometheus: { serverAddress: server } },
        alerts,
      });
  }
}
