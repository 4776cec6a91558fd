import { formatPath, type PathSegment, type PolicyIssue } from "../../policy/errors";
import { workloadRef } from "../../policy/policy";
import type { Scaling, ScalingPolicy } from "../../types";
import { throwIfIssues, type Diagnostic } from "../types";
import type { AdapterRule } from "./adapter";
import { toleranceGateIssues } from "./behavior";
import { customKindPodsWarning, hpaManifest, scaleSubresourceWarning } from "./hpa";
import { NO_SERVICE_MONITOR, serviceMonitor } from "./service-monitor";
import { vpaManifest } from "./vpa";
import { kubernetesObservability, watched, type GrafanaDashboard } from "./observability";
import { CREDENTIALS_IN_URL, planMetric, prometheusOptionIssues, type MetricPlan } from "./metrics";
import { checkInt32, urlHasCredentials, withoutNegativeZero } from "../output-values";
import type { ExpectedSecret } from "./auth";
import { scaledObject } from "./scaled-object";

/** A plain Kubernetes manifest. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface KubernetesOutput {
  engine: "hpa" | "keda" | "none";
  /** Manifests in apply order (TriggerAuthentication before the ScaledObject that refers to it). */
  manifests: Manifest[];
  /** prometheus-adapter rules the HPA's custom metrics need. */
  adapterRules: AdapterRule[];
  /** Name of the HPA that ends up on the cluster (KEDA creates `keda-hpa-<scaledobject>`). */
  hpaName?: string;
  /** Secret the TriggerAuthentication reads, when polyscale is expected to create it. */
  prometheusAuthSecret?: { name: string; keys: string[] };
  /** Secrets the event sources' generated TriggerAuthentications read (`<service>-<source>-auth`), when polyscale is expected to create them. */
  sourceSecrets?: ExpectedSecret[];
  /** The Grafana dashboard (also in `manifests` as a ConfigMap), when the policy asks for one. */
  dashboard?: GrafanaDashboard;
  warnings: Diagnostic[];
}

/**
 * Compile a policy to Kubernetes manifests: an autoscaling/v2 HPA or a KEDA ScaledObject (never both),
 * an optional VPA, the ServiceMonitor and PrometheusRule, plus the prometheus-adapter rules.
 * Pure: no Pulumi, no I/O. Throws PolicyError listing every problem.
 */
export function compileKubernetes(policy: ScalingPolicy): KubernetesOutput {
  const issues: PolicyIssue[] = [];
  const warnings: Diagnostic[] = [];
  const manifests: Manifest[] = [];
  const target = workloadRef(policy);
  const ns = policy.namespace;
  const scaling = policy.scaling;
  const k8s = scaling?.kubernetes;
  const out: KubernetesOutput = { engine: "none", manifests, adapterRules: [], warnings };

  let plans: MetricPlan[] = [];
  let engine: "hpa" | "keda" | "none" = "none";
  if (scaling && scaling.mode === "autoscale") {
    const serverAddress = k8s?.prometheus?.serverAddress;
    if (serverAddress !== undefined && urlHasCredentials(serverAddress)) {
      issues.push({ code: "credentials_in_url", path: ["scaling", "kubernetes", "prometheus", "serverAddress"], message: CREDENTIALS_IN_URL });
    }
    plans = scaling.metrics.map((m, i) => planMetric(i, m, { serverAddress, policy }));
    for (const p of plans) issues.push(...p.issues);
    for (const p of plans) warnings.push(...(p.warnings ?? []));
    engine = chooseEngine(policy, plans, issues);
    if (engine === "keda") for (const p of plans) if (p.kedaIssue) issues.push(p.kedaIssue);
    issues.push(...prometheusOptionIssues(plans, engine, k8s?.cluster?.kedaVersion ?? "2.18"));
    warnings.push(...scaleSubresourceWarning(target, engine), ...customKindPodsWarning(policy, target));
    // A metric the chosen engine cannot read leaves nothing to compile: report now.
    throwIfIssues(issues, "kubernetes", policy.service);
  }
  out.engine = engine;
  if (scaling && scaling.mode !== "autoscale") {
    warnings.push({
      severity: "info",
      code: "no_autoscaler",
      path: ["scaling", "mode"],
      message: scaling.mode === "fixed"
        ? `fixed at ${scaling.replicas.min} replicas: no autoscaler is created (the workload carries the count)`
        : "external: no autoscaler is created; an outside controller sets the replicas",
    });
  }

  if (engine === "hpa" && scaling) {
    const hpa = hpaManifest(policy, scaling, plans, target);
    out.hpaName = hpa.name;
    out.adapterRules = hpa.adapterRules;
    manifests.push(hpa.manifest);
  }

  if (engine === "keda" && scaling) {
    const keda = scaledObject(policy, plans, target, manifests, issues, warnings);
    out.hpaName = keda.hpaName;
    const prometheusSecret = keda.secrets.find((x) => x.source === "prometheus");
    if (prometheusSecret) out.prometheusAuthSecret = { name: prometheusSecret.name, keys: prometheusSecret.keys };
    const sourceSecrets = keda.secrets.filter((x) => x.source !== "prometheus");
    if (sourceSecrets.length > 0) out.sourceSecrets = sourceSecrets;
  }

  if (policy.vertical) manifests.push(vpaManifest(policy, plans, engine, issues, warnings));
  const monitor = serviceMonitor(policy, target, issues, warnings);
  if (monitor) manifests.push(monitor);
  else if (out.adapterRules.length > 0) warnings.push(NO_SERVICE_MONITOR);

  if (scaling?.mode === "autoscale" && engine === "hpa") {
    checkInt32(issues, plans.map((p) => [p.metric.kind === "cpu" || p.metric.kind === "memory" ? p.metric.utilization : undefined, ["scaling", "metrics", p.index, p.metric.kind, "utilization"]] as const));
  }
  if (scaling) checkInt32(issues, behaviorValues(scaling));
  if (scaling?.mode === "autoscale" && engine !== "none") issues.push(...toleranceGateIssues(scaling, engine));
  // The alerts and the dashboard only warn: a refused policy is refused before they are built.
  throwIfIssues(issues, "kubernetes", policy.service);

  if (scaling && engine !== "none") {
    const scaledObject = manifests.find((m) => m.kind === "ScaledObject")?.metadata.name;
    const watching = kubernetesObservability(policy, plans, watched(policy, out.hpaName!, scaledObject), warnings);
    manifests.push(...watching.manifests);
    if (watching.dashboard) out.dashboard = watching.dashboard;
  }
  if (scaling?.mode === "autoscale") warnings.push(...ignoredPolicies(scaling));

  out.manifests = withoutNegativeZero(manifests);
  return out;
}

/** `select: disabled` turns a direction off: its rate limits are never read (HPA `selectPolicy: Disabled`). */
export function ignoredPolicies(scaling: Pick<Scaling, "scaleUp" | "scaleDown">): Diagnostic[] {
  return (["scaleUp", "scaleDown"] as const)
    .filter((dir) => scaling[dir]?.select === "disabled" && scaling[dir]?.policies !== undefined)
    .map((dir) => ({
      severity: "warning" as const,
      code: "policies_ignored",
      path: ["scaling", dir, "policies"],
      message: `are ignored: ${dir}.select is disabled, so the autoscaler never scales ${dir === "scaleUp" ? "up" : "down"} and reads no rate limit; remove them, or choose select max or min`,
    }));
}

/** The int32 fields of the scale-up / scale-down rate limits (HPA `HPAScalingPolicy.value`). */
function behaviorValues(scaling: Pick<Scaling, "scaleUp" | "scaleDown">): Array<readonly [number | undefined, PathSegment[]]> {
  return (["scaleUp", "scaleDown"] as const).flatMap((dir) =>
    (scaling[dir]?.policies ?? []).map((p, i) => [p.replicas ?? p.percent, ["scaling", dir, "policies", i, p.replicas !== undefined ? "replicas" : "percent"]] as const),
  );
}

/**
 * HPA when every metric is HPA-native and min >= 1 (or the HPAScaleToZero gate allows 0);
 * KEDA when a metric needs it, min is 0 or the missing-metrics rule needs KEDA's fallback.
 */
function chooseEngine(policy: ScalingPolicy, plans: MetricPlan[], issues: PolicyIssue[]): "hpa" | "keda" {
  const scaling = policy.scaling!;
  const k8s = scaling.kubernetes;
  const requested = k8s?.engine ?? "auto";
  const min = scaling.replicas.min;
  const hasObjectOrExternal = plans.some((p) => p.metric.kind === "object" || p.metric.kind === "external");
  const hpaZeroOk = (k8s?.cluster?.hpaScaleToZero ?? false) && hasObjectOrExternal;
  const missingNeedsKeda = scaling.missingMetrics !== undefined && scaling.missingMetrics !== "hold";

  const hpaReasons: PolicyIssue[] = [];
  plans.forEach((p) => {
    if (!p.hpa && p.hpaBlocker) {
      hpaReasons.push({ code: "needs_keda", path: ["scaling", "metrics", p.index, p.metric.kind], message: `${p.hpaBlocker}; the HPA cannot read it: use engine keda (or auto)` });
    }
  });
  if (min === 0 && !hpaZeroOk) {
    hpaReasons.push({
      code: "hpa_min_zero",
      path: ["scaling", "replicas", "min"],
      message: "0 is not allowed on a plain HPA (minReplicas >= 1 unless the alpha HPAScaleToZero gate is on and an Object or External metric is used); use KEDA (scaling.kubernetes.engine: keda) to scale to zero",
    });
  }
  if (missingNeedsKeda) {
    hpaReasons.push({
      code: "hpa_missing_metrics",
      path: ["scaling", "missingMetrics"],
      message: `${JSON.stringify(scaling.missingMetrics)} cannot be expressed by an HPA (it holds on missing metrics); use KEDA's fallback (scaling.kubernetes.engine: keda)`,
    });
  }
  const kedaReasons: PolicyIssue[] = [];
  plans.forEach((p) => {
    if (!p.keda && p.kedaBlocker) {
      kedaReasons.push({ code: "needs_hpa", path: ["scaling", "metrics", p.index, p.metric.kind], message: `${p.kedaBlocker}; KEDA cannot read it` });
    }
  });

  if (requested === "hpa") {
    issues.push(...hpaReasons);
    return "hpa";
  }
  if (requested === "keda") {
    issues.push(...kedaReasons);
    return "keda";
  }
  if (hpaReasons.length === 0) return "hpa";
  if (kedaReasons.length === 0) return "keda";
  // Neither engine can take the whole policy. A metric neither engine reads is reported with both reasons;
  // a metric only the HPA reads is reported against what forces KEDA.
  const pathKey = (p: PolicyIssue["path"]) => JSON.stringify(p);
  const kedaBlocked = new Set(kedaReasons.map((r) => pathKey(r.path)));
  const forcesKeda = hpaReasons.filter((h) => !kedaBlocked.has(pathKey(h.path)));
  for (const r of kedaReasons) {
    const plan = plans.find((p) => pathKey(["scaling", "metrics", p.index, p.metric.kind]) === pathKey(r.path))!;
    if (!plan.hpa) {
      const why = plan.hpaBlocker === plan.kedaBlocker ? plan.hpaBlocker : `the HPA: ${plan.hpaBlocker}; KEDA: ${plan.kedaBlocker}`;
      issues.push({ ...r, code: "unreadable_metric", message: `cannot be read on Kubernetes: ${why}` });
    } else {
      issues.push({ ...r, message: `${r.message}, and KEDA is required by ${forcesKeda.map((h) => formatPath(h.path)).join(", ")}` });
    }
  }
  return "keda";
}
