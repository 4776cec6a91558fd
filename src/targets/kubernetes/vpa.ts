import type { PolicyIssue } from "../../policy/errors";
import { isKnownWorkloadKind, workloadRef } from "../../policy/workload-ref";
import { vpaResizedResources } from "../../rules/stack";
import type { ScalingPolicy } from "../../types";
import type { Diagnostic } from "../types";
import type { Manifest } from "./compile";
import type { MetricPlan } from "./metrics";

/**
 * The VerticalPodAutoscaler for `policy.vertical`. An update mode that would resize a resource the HPA
 * scales on is refused or downgraded, as `vertical.onHpaConflict` says.
 */
export function vpaManifest(policy: ScalingPolicy, plans: MetricPlan[], engine: string, issues: PolicyIssue[], warnings: Diagnostic[]): Manifest {
  const v = policy.vertical!;
  const target = workloadRef(policy);
  let mode: string = v.updateMode;
  const vpaVersion = policy.scaling?.kubernetes?.cluster?.vpaVersion ?? "1.4";
  const [vMajor, vMinor] = vpaVersion.split(".").map(Number);
  if (mode === "InPlaceOrRecreate" && vMajor! === 1 && vMinor! < 4) {
    // kubernetes/autoscaler vertical-pod-autoscaler/docs/features.md: in-place updates arrived in VPA 1.4 (alpha).
    issues.push({
      code: "vpa_version",
      path: ["vertical", "updateMode"],
      message: `"InPlaceOrRecreate" needs VPA >= 1.4 (scaling.kubernetes.cluster.vpaVersion is ${vpaVersion}); use "Recreate" or raise vpaVersion`,
    });
  }
  if (!isKnownWorkloadKind(target.kind)) {
    // VPA CRD (targetRef): "can be targeted at controller implementing scale subresource (the pod set is retrieved
    // from the controller's ScaleStatus) or some well known controllers".
    warnings.push({
      severity: "warning",
      code: "workload_needs_scale_subresource",
      path: ["vertical"],
      message: `needs ${JSON.stringify(target.kind)} (${target.apiVersion}) to implement the /scale subresource with a label selector: the VPA finds the pods of a kind it does not know through the selector in its scale status`,
    });
  }
  if (engine !== "none") {
    // "VPA should not be used with the HPA on CPU or memory" (VPA README, known limitations): the resources
    // this VPA resizes, by the rule `polyscale lint` and the CrossGuard pack use (src/rules/stack.ts).
    const containerPolicies = (v.containers ?? []).map((c) => ({ mode: c.mode, controlledResources: c.controlledResources }));
    const resized = vpaResizedResources({ kind: "VerticalPodAutoscaler", spec: { updatePolicy: { updateMode: mode }, resourcePolicy: { containerPolicies } } });
    const clashes = plans.filter((p) => (p.metric.kind === "cpu" || p.metric.kind === "memory") && resized.includes(p.metric.kind));
    if (clashes.length > 0) {
      const what = clashes.map((p) => `${p.metric.kind} (scaling.metrics[${p.index}])`).join(", ");
      if (v.onHpaConflict === "error") {
        issues.push({
          code: "hpa_vpa_conflict",
          path: ["vertical", "updateMode"],
          message: `${JSON.stringify(mode)} conflicts with the ${engine === "keda" ? "KEDA-managed HPA" : "HPA"} scaling the same workload on ${what}: VPA must not resize a resource the HPA scales on. Use updateMode "Off" or "Initial", drop ${clashes.map((p) => p.metric.kind).join("/")} from controlledResources, or set vertical.onHpaConflict to "Off"/"Initial" to downgrade with a warning`,
        });
      } else {
        warnings.push({
          severity: "warning",
          code: "hpa_vpa_conflict_downgraded",
          path: ["vertical", "updateMode"],
          message: `${JSON.stringify(mode)} downgraded to ${JSON.stringify(v.onHpaConflict)} because the HPA scales the same workload on ${what}`,
        });
        mode = v.onHpaConflict;
      }
    }
  }
  const spec: Record<string, unknown> = {
    targetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
    updatePolicy: { updateMode: mode },
  };
  if (v.containers && v.containers.length > 0) {
    spec.resourcePolicy = {
      containerPolicies: v.containers.map((c) => ({
        containerName: c.name,
        ...(c.mode ? { mode: c.mode } : {}),
        ...(c.minAllowed ? { minAllowed: { ...c.minAllowed } } : {}),
        ...(c.maxAllowed ? { maxAllowed: { ...c.maxAllowed } } : {}),
        ...(c.controlledResources ? { controlledResources: [...c.controlledResources] } : {}),
        ...(c.controlledValues ? { controlledValues: c.controlledValues } : {}),
      })),
    };
  }
  return {
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    metadata: { name: v.name ?? `${policy.service}-vpa`, namespace: policy.namespace },
    spec,
  };
}
