import type { PathSegment, PolicyIssue } from "../../policy/errors";
import type { Metric, MetricKind } from "../../types";
import type { ScalingPolicy } from "../../types";
import { CLOUD_RUN_CONCURRENCY, CLOUD_RUN_DEFAULTS } from "../../policy/platforms/cloud-run";
import type { CloudRunOptions } from "../../types";
import { numberString } from "../../policy/units";
import type { Capabilities, Diagnostic } from "../types";
import { throwIfIssues, unsupportedMetric } from "../types";
import { unmappedSources } from "../../sources/target";
import { withoutNegativeZero } from "../output-values";

/**
 * Cloud Run (Admin API v2) compilation: a ScalingPolicy becomes the autoscaling fields of a
 * `@pulumi/gcp` `cloudrunv2.Service` (the provider args are camelCase, like the REST JSON).
 *
 * Cloud Run scales by its own rule (https://cloud.google.com/run/docs/about-instance-autoscaling):
 * it keeps the instances' average CPU at about 60 % and their in-flight requests at about 60 % of
 * `maxInstanceRequestConcurrency` (https://cloud.google.com/run/docs/about-concurrency), each over a
 * one-minute window. Neither target is configurable in the GA v2 API. So:
 * - `inFlight.perReplica` (a target to hold) maps to `maxInstanceRequestConcurrency = ceil(perReplica / 0.6)`;
 *   `scaling.cloudRun.concurrency` sets it directly (gcloud `--concurrency`) and wins.
 * - `cpu.utilization` is accepted, because Cloud Run always scales on CPU anyway; a target other
 *   than 60 % gets a warning (Cloud Run will hold 60 %, not the policy's number).
 * - `requestRate` is accepted only with `scaling.cloudRun.assumedLatency` (Little's law), with a warning.
 * - everything else is refused, naming the nearest alternative.
 */

export const CLOUD_RUN_SERVICE_TYPE = "gcp:cloudrunv2/service:Service";
/** Cloud Run's fixed utilisation target for CPU and for concurrency (about-instance-autoscaling). */
export const CLOUD_RUN_TARGET_UTILIZATION = 0.6;
export const CLOUD_RUN_CPU_TARGET_PERCENT = 60;
export const CLOUD_RUN_DOCS = {
  autoscaling: "https://cloud.google.com/run/docs/about-instance-autoscaling",
  concurrency: "https://cloud.google.com/run/docs/about-concurrency",
} as const;

const PLATFORM = "cloud-run" as const;
const GKE_KEDA = "GKE with KEDA (polyscale's kubernetes target; recommended for worker services)";

export const capabilities: Capabilities = {
  cpu: { supported: true, via: "Cloud Run's built-in CPU rule (fixed 60 % target; other targets warn)" },
  memory: { supported: false, alternative: "size instances with scaling.cloudRun.memory and scale on inFlight, or GKE with the HPA memory metric" },
  requestRate: { supported: true, via: "template.maxInstanceRequestConcurrency, converted with scaling.cloudRun.assumedLatency (Little's law; warns)" },
  inFlight: { supported: true, via: "template.maxInstanceRequestConcurrency = ceil(perReplica / 0.6)" },
  queue: { supported: false, alternative: `${GKE_KEDA}; an event source (\`from.<source>\`) names its own alternative (rows below)` },
  replicasRequired: { supported: false, alternative: GKE_KEDA },
  prometheus: { supported: false, alternative: `${GKE_KEDA} (prometheus trigger)` },
  pods: { supported: false, alternative: "GKE with the HPA (Pods metric through prometheus-adapter)" },
  external: { supported: false, alternative: "GKE with the HPA (External metric)" },
  object: { supported: false, alternative: "GKE with the HPA (Object metric)" },
  workloadRatio: { supported: false, alternative: `${GKE_KEDA} (kubernetes-workload trigger)` },
  schedule: { supported: false, alternative: "a Cloud Scheduler job that raises replicas.min (min instances) for the window, or GKE with KEDA (cron trigger)" },
  keda: { supported: false, alternative: `${GKE_KEDA} (the same keda metric)` },
};

/** `scaling` (service level) of `cloudrunv2.Service`: the combined bounds over all revisions receiving traffic. */
export interface CloudRunServiceScaling {
  minInstanceCount: number;
  maxInstanceCount: number;
  scalingMode: "AUTOMATIC";
}

/** `template.scaling` (revision level). */
export interface CloudRunRevisionScaling {
  minInstanceCount: number;
  maxInstanceCount: number;
}

/** `template.containers[].resources`. */
export interface CloudRunContainerResources {
  limits: { cpu: string; memory: string };
  cpuIdle: boolean;
  startupCpuBoost: boolean;
}

export interface CloudRunContainer {
  name: string;
  image?: string;
  resources: CloudRunContainerResources;
}

export interface CloudRunTemplate {
  scaling: CloudRunRevisionScaling;
  maxInstanceRequestConcurrency: number;
  /** Only set when CPU is below 1 vCPU, which needs the first-generation environment. */
  executionEnvironment?: "EXECUTION_ENVIRONMENT_GEN1";
  containers: [CloudRunContainer];
}

/** The plain `cloudrunv2.ServiceArgs` polyscale controls (location / project are the component's inputs). */
export interface CloudRunServiceSpec {
  name: string;
  scaling: CloudRunServiceScaling;
  template: CloudRunTemplate;
}

export interface CloudRunCompileResult {
  args: CloudRunServiceSpec;
  warnings: Diagnostic[];
}

/** vCPU as the quantity string Cloud Run stores: "500m" below 1, "1", "2", ... above. */
export function cpuQuantity(vcpu: number): string {
  return vcpu < 1 ? `${Math.round(vcpu * 1000)}m` : numberString(vcpu);
}

/** Cloud Run's concurrency for a per-instance in-flight target: it aims at 60 % of the cap. */
export function concurrencyForTarget(perReplica: number): number {
  // toPrecision guards against 48 / 0.6 = 80.00000000000001.
  return Math.ceil(Number((perReplica / CLOUD_RUN_TARGET_UTILIZATION).toPrecision(12)));
}

const metricPath = (i: number, kind: MetricKind, ...rest: PathSegment[]): PathSegment[] => ["scaling", "metrics", i, kind, ...rest];

/**
 * Compile a validated policy for Cloud Run. Throws one PolicyError listing every problem
 * (field path, what was given, what is allowed); never clamps or drops a setting silently.
 */
export function compileCloudRun(policy: ScalingPolicy): CloudRunCompileResult {
  const issues: PolicyIssue[] = [];
  const warnings: Diagnostic[] = [];
  const warn = (code: string, path: PathSegment[], message: string, severity: Diagnostic["severity"] = "warning") => warnings.push({ severity, code, path, message });

  const s = policy.scaling;
  if (!s) {
    throwIfIssues([{ code: "missing_scaling", path: ["scaling"], message: "is required on cloud-run (Cloud Run has no vertical autoscaler; size instances with scaling.cloudRun.cpu / memory)" }], PLATFORM, policy.service);
    throw new Error("unreachable");
  }
  const o: CloudRunOptions = s.cloudRun ?? { maxInstanceLimit: CLOUD_RUN_DEFAULTS.maxInstanceLimit, ignoreScaleRules: false };
  const cpu = o.cpu ?? Number(CLOUD_RUN_DEFAULTS.cpu);

  if (policy.vertical) {
    issues.push({ code: "unsupported_vertical", path: ["vertical"], message: "vertical scaling is not supported on cloud-run; nearest alternative: set scaling.cloudRun.cpu and scaling.cloudRun.memory (fixed per-instance size), or GKE with the VPA" });
  }
  if (s.mode === "external") {
    issues.push({ code: "unsupported_mode", path: ["scaling", "mode"], message: "mode external is not supported on cloud-run (Cloud Run always runs its own autoscaler); allowed: autoscale, fixed" });
  }
  if (s.replicas.max > o.maxInstanceLimit) {
    issues.push({
      code: "too_big",
      path: ["scaling", "replicas", "max"],
      message: `must be <= ${o.maxInstanceLimit} (Cloud Run's max-instances limit${s.cloudRun?.maxInstanceLimit === undefined ? ", default" : ", scaling.cloudRun.maxInstanceLimit"}), got ${s.replicas.max}; raise scaling.cloudRun.maxInstanceLimit after a quota increase`,
    });
  }
  for (const dir of ["scaleUp", "scaleDown"] as const) {
    if (s[dir] === undefined) continue;
    if (o.ignoreScaleRules) {
      warn("scale_rules_ignored", ["scaling", dir], `is not applied on cloud-run: Cloud Run paces scaling itself (${CLOUD_RUN_DOCS.autoscaling}); accepted because scaling.cloudRun.ignoreScaleRules is true`);
    } else {
      issues.push({
        code: "unsupported_knob",
        path: ["scaling", dir],
        message: `is not supported on cloud-run (Cloud Run's scaling pace is not configurable); nearest alternative: remove it, set scaling.cloudRun.ignoreScaleRules: true to accept it with a warning, or GKE with the HPA (behavior)`,
      });
    }
  }
  if (s.missingMetrics !== undefined) {
    issues.push({
      code: "unsupported_knob",
      path: ["scaling", "missingMetrics"],
      message: `is not supported on cloud-run (Cloud Run measures CPU and concurrency itself; it has no missing-metrics policy), got ${JSON.stringify(s.missingMetrics)}; nearest alternative: remove it, or GKE with KEDA (fallback)`,
    });
  }
  if (policy.monitoring) {
    warn("monitoring_not_applicable", ["monitoring"], "is Kubernetes scrape configuration (ServiceMonitor); Cloud Run does not use it", "info");
  }

  // Metrics.
  let concurrencySource: { index: number; kind: MetricKind; target: number; path: PathSegment[] } | undefined;
  let cpuIndex: number | undefined;
  s.metrics.forEach((m: Metric, i) => {
    // An event source (from.<key>): Cloud Run reads none; each names its own alternative.
    const refusedSources = unmappedSources(PLATFORM, m, i);
    if (refusedSources) return void issues.push(...refusedSources);
    switch (m.kind) {
      case "inFlight":
      case "requestRate": {
        let target: number;
        let path: PathSegment[];
        if (m.kind === "inFlight" && m.protocol === "tcp") {
          issues.push(unsupportedMetric(PLATFORM, i, "inFlight", "protocol: http (maxInstanceRequestConcurrency counts requests; a WebSocket or gRPC stream counts as one request while it is open), or Container Apps with a tcp rule", "open TCP connections; Cloud Run serves only HTTP(S), HTTP/2, gRPC and WebSockets, no raw TCP"));
          return;
        }
        if (m.kind === "inFlight") {
          target = m.perReplica;
          path = metricPath(i, "inFlight", "perReplica");
        } else {
          if (o.assumedLatency === undefined) {
            issues.push(unsupportedMetric(PLATFORM, i, "requestRate", "an inFlight metric (Cloud Run scales on concurrency), or set scaling.cloudRun.assumedLatency to convert the rate through Little's law", `${numberString(m.perReplica)} requests/s per replica`));
            return;
          }
          target = m.perReplica * o.assumedLatency;
          path = metricPath(i, "requestRate", m.perReplicaPerMinute !== undefined ? "perReplicaPerMinute" : "perReplica");
          warn(
            "approximate_request_rate",
            path,
            `requestRate ${numberString(m.perReplica)}/s per replica is converted through the assumed latency ${numberString(o.assumedLatency)}s into ${numberString(target)} requests in flight per instance (Little's law); Cloud Run scales on concurrency, so the real rate per instance varies with latency`,
          );
        }
        if (concurrencySource) {
          issues.push({
            code: "duplicate_concurrency",
            path: metricPath(i, m.kind),
            message: `is a second concurrency metric (after scaling.metrics[${concurrencySource.index}].${concurrencySource.kind}); Cloud Run has one concurrency setting per service (maxInstanceRequestConcurrency); keep one`,
          });
          return;
        }
        concurrencySource = { index: i, kind: m.kind, target, path };
        return;
      }
      case "cpu": {
        if (cpuIndex !== undefined) {
          issues.push({ code: "duplicate_cpu", path: metricPath(i, "cpu"), message: `is a second cpu metric (after scaling.metrics[${cpuIndex}].cpu); Cloud Run has one CPU rule; keep one` });
          return;
        }
        cpuIndex = i;
        if (m.averageValue !== undefined) {
          issues.push({
            code: "unsupported_metric",
            path: metricPath(i, "cpu", "averageValue"),
            message: `cpu averageValue (${m.averageValue}) is not supported on cloud-run: Cloud Run's CPU rule is a utilisation of the instance's CPU limit, fixed at 60 %; nearest alternative: cpu.utilization`,
          });
          return;
        }
        const containerName = o.containerName ?? policy.service;
        if (m.container !== undefined && m.container !== containerName) {
          issues.push({
            code: "unknown_container",
            path: metricPath(i, "cpu", "container"),
            message: `must name the Cloud Run container (${JSON.stringify(containerName)}, from scaling.cloudRun.containerName or the service name), got ${JSON.stringify(m.container)}`,
          });
          return;
        }
        if (m.utilization !== CLOUD_RUN_CPU_TARGET_PERCENT) {
          warn(
            "approximate_cpu_target",
            metricPath(i, "cpu", "utilization"),
            `Cloud Run holds CPU at its fixed ${CLOUD_RUN_CPU_TARGET_PERCENT} % target, not ${m.utilization} % (${CLOUD_RUN_DOCS.autoscaling}); instances will run ${m.utilization! < CLOUD_RUN_CPU_TARGET_PERCENT ? "hotter" : "cooler"} than the policy asks`,
          );
        }
        return;
      }
      case "memory":
      case "queue":
      case "replicasRequired":
      case "prometheus":
      case "pods":
      case "external":
      case "object":
      case "workloadRatio":
      case "schedule":
      case "keda": {
        const cap = capabilities[m.kind];
        issues.push(unsupportedMetric(PLATFORM, i, m.kind, cap.supported ? "" : cap.alternative));
        return;
      }
      default: {
        const never: never = m;
        throw new Error(`unknown metric ${JSON.stringify(never)}`);
      }
    }
  });

  // Concurrency: explicit override > derived from the metric > Cloud Run's default, always emitted.
  let concurrency: number;
  const overridePath: PathSegment[] = ["scaling", "cloudRun", "concurrency"];
  if (o.concurrency !== undefined) {
    concurrency = o.concurrency;
    if (concurrencySource) {
      const aim = o.concurrency * CLOUD_RUN_TARGET_UTILIZATION;
      if (Math.abs(aim - concurrencySource.target) > 1e-9) {
        warn(
          "concurrency_override",
          overridePath,
          `${o.concurrency} wins over scaling.metrics[${concurrencySource.index}].${concurrencySource.kind}: Cloud Run aims at about ${numberString(aim)} requests in flight per instance (60 % of ${o.concurrency}, ${CLOUD_RUN_DOCS.concurrency}), not ${numberString(concurrencySource.target)}`,
        );
      }
    }
  } else if (concurrencySource) {
    concurrency = concurrencyForTarget(concurrencySource.target);
    if (concurrency > CLOUD_RUN_CONCURRENCY.max) {
      issues.push({
        code: "too_big",
        path: concurrencySource.path,
        message: `${numberString(concurrencySource.target)} in flight per instance needs maxInstanceRequestConcurrency ${concurrency} (target / 0.6), above Cloud Run's limit 1000; allowed: a target of at most 600`,
      });
    } else if (Math.abs(concurrency * CLOUD_RUN_TARGET_UTILIZATION - concurrencySource.target) > 1e-9) {
      warn(
        "approximate_concurrency",
        concurrencySource.path,
        `maxInstanceRequestConcurrency ${concurrency} = ceil(${numberString(concurrencySource.target)} / 0.6); Cloud Run aims at about ${numberString(concurrency * CLOUD_RUN_TARGET_UTILIZATION)} requests in flight per instance (${CLOUD_RUN_DOCS.concurrency})`,
      );
    }
  } else {
    concurrency = cpu < 1 ? 1 : 80;
    warn("default_concurrency", overridePath, `not set and no inFlight metric: emitting Cloud Run's default maxInstanceRequestConcurrency ${concurrency} explicitly (${cpu < 1 ? "cpu below 1 vCPU" : "cpu 1 vCPU or more"})`, "info");
  }
  if (cpu < 1 && concurrency !== 1 && o.concurrency === undefined && concurrencySource) {
    issues.push({
      code: "cpu_concurrency",
      path: concurrencySource.path,
      message: `gives maxInstanceRequestConcurrency ${concurrency}, but Cloud Run allows only 1 when cpu is below 1 vCPU (scaling.cloudRun.cpu ${numberString(cpu)}); allowed: cpu of at least 1, or scaling.cloudRun.concurrency: 1`,
    });
  }

  throwIfIssues(issues, PLATFORM, policy.service);

  if (s.mode === "fixed") {
    warn("fixed_as_min_max", ["scaling", "mode"], `fixed ${s.replicas.min} is emitted as min = max = ${s.replicas.min} instances (AUTOMATIC mode; Cloud Run may briefly exceed max during surges)`, "info");
  }
  const cpuIdle = o.cpuThrottling ?? true;
  const container: CloudRunContainer = {
    name: o.containerName ?? policy.service,
    ...(o.image !== undefined ? { image: o.image } : {}),
    resources: {
      limits: { cpu: cpuQuantity(cpu), memory: o.memory ?? CLOUD_RUN_DEFAULTS.memory },
      cpuIdle,
      startupCpuBoost: o.startupCpuBoost ?? false,
    },
  };
  const template: CloudRunTemplate = {
    scaling: { minInstanceCount: s.replicas.min, maxInstanceCount: s.replicas.max },
    maxInstanceRequestConcurrency: concurrency,
    ...(cpu < 1 ? { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1" as const } : {}),
    containers: [container],
  };
  if (cpu < 1) warn("gen1_environment", ["scaling", "cloudRun", "cpu"], "below 1 vCPU: emitting executionEnvironment EXECUTION_ENVIRONMENT_GEN1 (required by Cloud Run)", "info");
  return {
    args: withoutNegativeZero({
      name: policy.service,
      scaling: { minInstanceCount: s.replicas.min, maxInstanceCount: s.replicas.max, scalingMode: "AUTOMATIC" as const },
      template,
    }),
    warnings,
  };
}
