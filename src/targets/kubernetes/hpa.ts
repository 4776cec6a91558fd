import { isKnownWorkloadKind, type ResolvedWorkloadRef } from "../../policy/workload-ref";
import type { Diagnostic } from "../types";
import type { Scaling, ScalingPolicy } from "../../types";
import type { AdapterRule } from "./adapter";
import { hpaBehavior } from "./behavior";
import type { Manifest } from "./compile";
import type { MetricPlan } from "./metrics";

export interface HpaPlan {
  /** The HPA's name on the cluster. */
  name: string;
  manifest: Manifest;
  /** prometheus-adapter rules the HPA's custom metrics need, each once. */
  adapterRules: AdapterRule[];
}

/** The autoscaling/v2 HorizontalPodAutoscaler for a policy whose every metric the HPA reads. */
export function hpaManifest(policy: ScalingPolicy, scaling: Scaling, plans: MetricPlan[], target: ResolvedWorkloadRef): HpaPlan {
  const name = scaling.kubernetes?.name ?? `${policy.service}-hpa`;
  return {
    name,
    adapterRules: dedupeRules(plans.flatMap((p) => (p.hpa?.adapterRule ? [p.hpa.adapterRule] : []))),
    manifest: {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name, namespace: policy.namespace },
      spec: {
        scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
        minReplicas: scaling.replicas.min,
        maxReplicas: scaling.replicas.max,
        metrics: plans.map((p) => p.hpa!.spec),
        behavior: hpaBehavior(scaling),
      },
    },
  };
}

/**
 * A workload kind polyscale does not know is scaled through its `/scale` subresource: the HPA reads and writes the
 * replica count there and finds the pods by the subresource's label selector (Kubernetes docs, "Horizontal Pod
 * Autoscaling": "scale subresource"; the CRD's `subresources.scale` with `labelSelectorPath`), and KEDA's
 * ScaledObject needs it for the same (keda.sh docs, ScaledObject spec: "scaleTargetRef ... custom resources that
 * implement the /scale subresource"). Neither can check it before the resource is applied.
 */
export function scaleSubresourceWarning(target: ResolvedWorkloadRef, engine: "hpa" | "keda"): Diagnostic[] {
  if (isKnownWorkloadKind(target.kind)) return [];
  const who = engine === "keda" ? "KEDA's ScaledObject (and the HPA it creates)" : "the HPA";
  return [{
    severity: "warning",
    code: "workload_needs_scale_subresource",
    path: ["workload", "kind"],
    message: `${JSON.stringify(target.kind)} (${target.apiVersion}) must implement the /scale subresource: ${who} reads and sets its replicas through it and finds its pods by the subresource's label selector, so its CustomResourceDefinition needs subresources.scale with specReplicasPath, statusReplicasPath and labelSelectorPath; without it the autoscaler reports the target as not found or not scalable`,
  }];
}

/**
 * Alerts and dashboards select a workload's pods by name (alerts.ts podNameRegex). The pods of a kind polyscale does
 * not know are named by its controller, so they are matched as `<name>-.+`, which also takes in another workload
 * of the namespace whose name starts with `<name>-`.
 */
export function customKindPodsWarning(policy: Pick<ScalingPolicy, "alerts" | "dashboard">, target: ResolvedWorkloadRef): Diagnostic[] {
  if (isKnownWorkloadKind(target.kind) || (policy.alerts === undefined && policy.dashboard === undefined)) return [];
  return [{
    severity: "info",
    code: "custom_kind_pod_names",
    path: ["workload", "kind"],
    message: `alerts and the dashboard select the pods of this ${target.kind} as ${JSON.stringify(`${target.name}-.+`)} (its controller names them), which also matches another workload in the namespace whose name starts with "${target.name}-"; give the workload a name no other workload's name starts with`,
  }];
}

function dedupeRules(rules: AdapterRule[]): AdapterRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
