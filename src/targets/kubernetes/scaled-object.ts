import type { PolicyIssue } from "../../policy/errors";
import type { ResolvedWorkloadRef } from "../../policy/workload-ref";
import type { Scaling, ScalingPolicy } from "../../types";
import { checkInt32 } from "../output-values";
import type { Diagnostic } from "../types";
import { attachAuth, type ExpectedSecret } from "./auth";
import { hpaBehavior } from "./behavior";
import type { Manifest } from "./compile";
import { ignoreNullValuesWarnings, type KedaTrigger, type MetricPlan } from "./metrics";

/** What the ScaledObject brings besides its manifest (and the TriggerAuthentications pushed before it). */
export interface ScaledObjectPlan {
  /** The HPA KEDA creates (`keda-hpa-<name>`) or adopts. */
  hpaName: string;
  /** The Secrets the TriggerAuthentications read, when polyscale is expected to create them. */
  secrets: ExpectedSecret[];
}

/**
 * The KEDA ScaledObject of an autoscaled policy, pushed to `manifests` after the TriggerAuthentications its
 * triggers refer to. Problems go to `issues`, notes to `warnings`.
 */
export function scaledObject(
  policy: ScalingPolicy,
  plans: MetricPlan[],
  target: ResolvedWorkloadRef,
  manifests: Manifest[],
  issues: PolicyIssue[],
  warnings: Diagnostic[],
): ScaledObjectPlan {
  const scaling = policy.scaling!;
  const k8s = scaling.kubernetes;
  const name = k8s?.name ?? `${policy.service}-scaler`;
  const hpaName = k8s?.adoptHpa ?? `keda-hpa-${name}`;
  issues.push(...kedaNameIssues(name, hpaName, k8s?.name !== undefined, k8s?.adoptHpa !== undefined));
  const triggers: KedaTrigger[] = plans.map((p) => structuredClone(p.keda!));
  const secrets = attachAuth(policy, plans, triggers, manifests, issues, warnings);
  issues.push(...minZeroIssues(scaling, triggers));
  const fallback = kedaFallback(scaling, plans, triggers, issues, warnings);
  checkInt32(issues, [
    [k8s?.pollingInterval, ["scaling", "kubernetes", "pollingInterval"]],
    [k8s?.cooldownPeriod, ["scaling", "kubernetes", "cooldownPeriod"]],
    [k8s?.initialCooldownPeriod, ["scaling", "kubernetes", "initialCooldownPeriod"]],
    [typeof scaling.missingMetrics === "object" ? scaling.missingMetrics.failureThreshold : undefined, ["scaling", "missingMetrics", "failureThreshold"]],
  ]);
  const isDefaultTarget = target.apiVersion === "apps/v1" && target.kind === "Deployment";
  const advanced = advancedOf(scaling);
  manifests.push({
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: {
      name,
      namespace: policy.namespace,
      ...(k8s?.adoptHpa ? { annotations: { "scaledobject.keda.sh/transfer-hpa-ownership": "true" } } : {}),
    },
    spec: {
      scaleTargetRef: isDefaultTarget ? { name: target.name } : { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
      minReplicaCount: scaling.replicas.min,
      maxReplicaCount: scaling.replicas.max,
      ...(k8s?.pollingInterval !== undefined ? { pollingInterval: k8s.pollingInterval } : {}),
      ...(k8s?.cooldownPeriod !== undefined ? { cooldownPeriod: k8s.cooldownPeriod } : {}),
      ...(k8s?.initialCooldownPeriod !== undefined ? { initialCooldownPeriod: k8s.initialCooldownPeriod } : {}),
      ...(fallback ? { fallback } : {}),
      ...(advanced ? { advanced } : {}),
      triggers,
    },
  });
  return { hpaName, secrets };
}

/** `advanced.horizontalPodAutoscalerConfig`: the adopted HPA's name and the scale-up / scale-down behavior. */
function advancedOf(scaling: Scaling): Record<string, unknown> | undefined {
  const hpaConfig: Record<string, unknown> = {};
  if (scaling.kubernetes?.adoptHpa) hpaConfig.name = scaling.kubernetes.adoptHpa;
  if (scaling.scaleUp || scaling.scaleDown) hpaConfig.behavior = hpaBehavior(scaling);
  return Object.keys(hpaConfig).length > 0 ? { horizontalPodAutoscalerConfig: hpaConfig } : undefined;
}

/**
 * KEDA's admission webhook (kedacore/keda apis/keda/v1alpha1/scaledobject_webhook.go, verifyCPUMemoryScalers)
 * rejects "only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)".
 */
function minZeroIssues(scaling: Scaling, triggers: KedaTrigger[]): PolicyIssue[] {
  if (scaling.replicas.min !== 0 || !triggers.every((t) => t.type === "cpu" || t.type === "memory")) return [];
  return [{
    code: "keda_min_zero_resource_only",
    path: ["scaling", "replicas", "min"],
    message: `0 is not allowed on kubernetes with only cpu/memory metrics (${triggers.map((t) => t.type).join(", ")}): KEDA's admission webhook rejects a ScaledObject with minReplicaCount 0 and only cpu/memory triggers, because they cannot wake a workload at zero; nearest alternative: replicas.min >= 1, or add a metric that can wake it (queue, prometheus, schedule, workloadRatio)`,
  }];
}

/** KEDA `fallback` for `scaling.missingMetrics`, with the trigger changes and version limits it brings. */
function kedaFallback(scaling: Scaling, plans: MetricPlan[], triggers: KedaTrigger[], issues: PolicyIssue[], warnings: Diagnostic[]): Record<string, unknown> | undefined {
  const missing = scaling.missingMetrics;
  if (missing === undefined) return undefined;
  const nonResource = triggers.filter((t) => t.type !== "cpu" && t.type !== "memory");
  if (nonResource.length === 0) {
    issues.push({
      code: "fallback_scope",
      path: ["scaling", "missingMetrics"],
      message: "KEDA fallback does not apply to cpu/memory triggers, and this policy has no other metric; remove missingMetrics (the HPA holds on missing resource metrics)",
    });
    return undefined;
  }
  // Make an empty Prometheus result an error, so KEDA's fallback applies instead of reading 0
  // (prometheus scaler `ignoreNullValues` defaults to true: kedacore/keda#4249).
  for (const t of nonResource) if (t.type === "prometheus" && t.metadata.ignoreNullValues === undefined) t.metadata.ignoreNullValues = "false";
  warnings.push(...ignoreNullValuesWarnings(plans, triggers));
  const kedaVersion = scaling.kubernetes?.cluster?.kedaVersion;
  const kedaMinor = minorVersion(kedaVersion ?? "2.18");
  if (kedaMinor < 18) fallbackTriggerTypes(triggers, kedaMinor, kedaVersion, issues);
  if (missing !== "hold" && missing !== "scaleUp") return { failureThreshold: missing.failureThreshold, replicas: missing.replicas };
  if (kedaMinor < 15) {
    issues.push({
      code: "keda_version",
      path: ["scaling", "missingMetrics"],
      message: `${JSON.stringify(missing)} needs KEDA >= 2.15 (fallback.behavior), cluster.kedaVersion is ${kedaVersion}; use { replicas: N } instead`,
    });
  }
  return missing === "hold"
    ? { failureThreshold: 3, replicas: scaling.replicas.min, behavior: "currentReplicas" }
    : { failureThreshold: 3, replicas: scaling.replicas.max, behavior: "currentReplicasIfHigher" };
}

/**
 * KEDA < 2.18 applies fallback only to AverageValue triggers; before 2.17 (kedacore/keda#6538)
 * CheckFallbackValid wanted metricType AverageValue written on every trigger (cpu/memory Utilization refused).
 */
function fallbackTriggerTypes(triggers: KedaTrigger[], kedaMinor: number, kedaVersion: string | undefined, issues: PolicyIssue[]): void {
  const version = `cluster.kedaVersion ${kedaVersion}`;
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

function minorVersion(v: string): number {
  const [major, minor] = v.split(".").map(Number);
  return major! > 2 ? 99 : minor!;
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
