import type { ResolvedWorkloadRef } from "../../policy/workload-ref";
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

function dedupeRules(rules: AdapterRule[]): AdapterRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
