import { formatPath, type PathSegment, type PolicyIssue } from "../../policy/errors";
import { workloadRef } from "../../policy/policy";
import type { Scaling, ScalingPolicy } from "../../types";
import { throwIfIssues, type Diagnostic } from "../types";
import type { AdapterRule } from "./adapter";
import { hpaBehavior, toleranceGateIssues } from "./behavior";
import { customKindPodsWarning, hpaManifest, scaleSubresourceWarning } from "./hpa";
import { NO_SERVICE_MONITOR, serviceMonitor } from "./service-monitor";
import { vpaManifest } from "./vpa";
import { kubernetesObservability, watched, type GrafanaDashboard } from "./observability";
import { CREDENTIALS_IN_URL, ignoreNullValuesWarnings, planMetric, prometheusOptionIssues, type KedaTrigger, type MetricPlan } from "./metrics";
import { checkInt32, urlHasCredentials, withoutNegativeZero } from "../output-values";
import { attachAuth, type ExpectedSecret } from "./auth";

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
    const name = k8s?.name ?? `${policy.service}-scaler`;
    out.hpaName = k8s?.adoptHpa ?? `keda-hpa-${name}`;
    issues.push(...kedaNameIssues(name, out.hpaName, k8s?.name !== undefined, k8s?.adoptHpa !== undefined));
    const triggers: KedaTrigger[] = plans.map((p) => structuredClone(p.keda!));

    const secrets = attachAuth(policy, plans, triggers, manifests, issues, warnings);
    const prometheusSecret = secrets.find((x) => x.source === "prometheus");
    if (prometheusSecret) out.prometheusAuthSecret = { name: prometheusSecret.name, keys: prometheusSecret.keys };
    const sourceSecrets = secrets.filter((x) => x.source !== "prometheus");
    if (sourceSecrets.length > 0) out.sourceSecrets = sourceSecrets;

    if (scaling.replicas.min === 0 && triggers.every((t) => t.type === "cpu" || t.type === "memory")) {
      // KEDA's admission webhook (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go, verifyCPUMemoryScalers)
      // rejects "only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)".
      issues.push({
        code: "keda_min_zero_resource_only",
        path: ["scaling", "replicas", "min"],
        message: `0 is not allowed on kubernetes with only cpu/memory metrics (${triggers.map((t) => t.type).join(", ")}): KEDA's admission webhook rejects a ScaledObject with minReplicaCount 0 and only cpu/memory triggers, because they cannot wake a workload at zero; nearest alternative: replicas.min >= 1, or add a metric that can wake it (queue, prometheus, schedule, workloadRatio)`,
      });
    }
    const missing = scaling.missingMetrics;
    let fallback: Record<string, unknown> | undefined;
    if (missing !== undefined) {
      const nonResource = triggers.filter((t) => t.type !== "cpu" && t.type !== "memory");
      if (nonResource.length === 0) {
        issues.push({
          code: "fallback_scope",
          path: ["scaling", "missingMetrics"],
          message: "KEDA fallback does not apply to cpu/memory triggers, and this policy has no other metric; remove missingMetrics (the HPA holds on missing resource metrics)",
        });
      } else {
        // Make an empty Prometheus result an error, so KEDA's fallback applies instead of reading 0
        // (prometheus scaler `ignoreNullValues` defaults to true: kedacore/keda#4249).
        for (const t of nonResource) if (t.type === "prometheus" && t.metadata.ignoreNullValues === undefined) t.metadata.ignoreNullValues = "false";
        warnings.push(...ignoreNullValuesWarnings(plans, triggers));
        const kedaMinor = minorVersion(k8s?.cluster?.kedaVersion ?? "2.18");
        if (missing === "hold" || missing === "scaleUp") {
          if (kedaMinor < 15) {
            issues.push({
              code: "keda_version",
              path: ["scaling", "missingMetrics"],
              message: `${JSON.stringify(missing)} needs KEDA >= 2.15 (fallback.behavior), cluster.kedaVersion is ${k8s?.cluster?.kedaVersion}; use { replicas: N } instead`,
            });
          }
          fallback = missing === "hold"
            ? { failureThreshold: 3, replicas: scaling.replicas.min, behavior: "currentReplicas" }
            : { failureThreshold: 3, replicas: scaling.replicas.max, behavior: "currentReplicasIfHigher" };
        } else {
          fallback = { failureThreshold: missing.failureThreshold, replicas: missing.replicas };
        }
        if (kedaMinor < 18) {
          // KEDA < 2.18 applies fallback only to AverageValue triggers; before 2.17 (kedacore/keda#6538)
          // CheckFallbackValid wanted metricType AverageValue written on every trigger (cpu/memory Utilization refused).
          const version = `cluster.kedaVersion ${k8s?.cluster?.kedaVersion}`;
          triggers.forEach((t, i) => {
            const refused = t.metricType === "Value"
              ? `KEDA < 2.18 applies fallback only to AverageValue triggers, this one is Value (${version}); use targetType AverageValue or raise kedaVersion`
              : kedaMinor < 17 && t.metricType === "Utilization"
                ? `KEDA < 2.17 allows a fallback only when every trigger is AverageValue, this ${t.type} trigger is Utilization (${version}); use averageValue, remove missingMetrics, or raise kedaVersion`
                : undefined;
            if (refused) issues.push({ code: "fallback_metric_type", path: ["scaling", "metrics", i], message: refused });
            else if (kedaMinor < 17 && t.metricType === undefined) t.metricType = "AverageValue";
          });
        }
      }
    }

    const advanced: Record<string, unknown> = {};
    const hpaConfig: Record<string, unknown> = {};
    if (k8s?.adoptHpa) hpaConfig.name = k8s.adoptHpa;
    if (scaling.scaleUp || scaling.scaleDown) hpaConfig.behavior = hpaBehavior(scaling);
    if (Object.keys(hpaConfig).length > 0) advanced.horizontalPodAutoscalerConfig = hpaConfig;

    checkInt32(issues, [
      [k8s?.pollingInterval, ["scaling", "kubernetes", "pollingInterval"]],
      [k8s?.cooldownPeriod, ["scaling", "kubernetes", "cooldownPeriod"]],
      [k8s?.initialCooldownPeriod, ["scaling", "kubernetes", "initialCooldownPeriod"]],
      [typeof missing === "object" ? missing.failureThreshold : undefined, ["scaling", "missingMetrics", "failureThreshold"]],
    ]);
    const isDefaultTarget = target.apiVersion === "apps/v1" && target.kind === "Deployment";
    const spec: Record<string, unknown> = {
      scaleTargetRef: isDefaultTarget ? { name: target.name } : { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
      minReplicaCount: scaling.replicas.min,
      maxReplicaCount: scaling.replicas.max,
      ...(k8s?.pollingInterval !== undefined ? { pollingInterval: k8s.pollingInterval } : {}),
      ...(k8s?.cooldownPeriod !== undefined ? { cooldownPeriod: k8s.cooldownPeriod } : {}),
      ...(k8s?.initialCooldownPeriod !== undefined ? { initialCooldownPeriod: k8s.initialCooldownPeriod } : {}),
      ...(fallback ? { fallback } : {}),
      ...(Object.keys(advanced).length > 0 ? { advanced } : {}),
      triggers,
    };
    manifests.push({
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: {
        name,
        namespace: ns,
        ...(k8s?.adoptHpa ? { annotations: { "scaledobject.keda.sh/transfer-hpa-ownership": "true" } } : {}),
      },
      spec,
    });
  }

  if (policy.vertical) manifests.push(vpaManifest(policy, plans, engine, issues, warnings));
  const monitor = serviceMonitor(policy, target, issues, warnings);
  if (monitor) manifests.push(monitor);
  else if (out.adapterRules.length > 0) warnings.push(NO_SERVICE_MONITOR);

  if (scaling && engine !== "none") {
    const scaledObject = manifests.find((m) => m.kind === "ScaledObject")?.metadata.name;
    const watching = kubernetesObservability(policy, plans, watched(policy, out.hpaName!, scaledObject), warnings);
    manifests.push(...watching.manifests);
    if (watching.dashboard) out.dashboard = watching.dashboard;
  }

  if (scaling?.mode === "autoscale") {
    warnings.push(...ignoredPolicies(scaling));
    if (engine === "hpa") {
      checkInt32(issues, plans.map((p) => [p.metric.kind === "cpu" || p.metric.kind === "memory" ? p.metric.utilization : undefined, ["scaling", "metrics", p.index, p.metric.kind, "utilization"]] as const));
    }
  }
  if (scaling) checkInt32(issues, behaviorValues(scaling));
  if (scaling?.mode === "autoscale" && engine !== "none") issues.push(...toleranceGateIssues(scaling, engine));

  throwIfIssues(issues, "kubernetes", policy.service);
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

function minorVersion(v: string): number {
  const [major, minor] = v.split(".").map(Number);
  return major! > 2 ? 99 : minor!;
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

/**
 * KEDA's webhook (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go verifyName, KEDA >= 2.20) refuses a
 * ScaledObject name or HPA name (`keda-hpa-<name>`) longer than 63: the name is a label value on the HPA.
 */
function kedaNameIssues(name: string, hpaName: string, named: boolean, adopted: boolean): PolicyIssue[] {
  const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s);
  const issues: PolicyIssue[] = [];
  if (name.length > 63) {
    issues.push({
      code: "keda_name_too_long",
      path: ["scaling", "kubernetes", "name"],
      message: `${named ? "" : "is required: the default ScaledObject name <service>-scaler "}${show(name)} has ${name.length} characters, and KEDA allows at most 63 (the name is a label value); give a name of at most ${adopted ? 63 : 54} characters`,
    });
  } else if (hpaName.length > 63) {
    issues.push(adopted
      ? { code: "keda_name_too_long", path: ["scaling", "kubernetes", "adoptHpa"], message: `${show(hpaName)} has ${hpaName.length} characters, and KEDA allows an HPA name of at most 63` }
      : {
          code: "keda_name_too_long",
          path: ["scaling", "kubernetes", "name"],
          message: `${named ? "" : "is required: the default ScaledObject name <service>-scaler "}gives KEDA's HPA the name ${show(hpaName)} (${hpaName.length} characters), and KEDA allows at most 63; ${named ? "shorten it" : "set it"} to at most 54 characters, or adopt an existing HPA with scaling.kubernetes.adoptHpa`,
        });
  }
  return issues;
}
