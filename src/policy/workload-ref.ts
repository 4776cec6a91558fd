import type { ScalingPolicy } from "../types";

/** Resolved workload reference. */
export function workloadRef(p: Pick<ScalingPolicy, "service" | "workload">): { apiVersion: string; kind: string; name: string } {
  const kind = p.workload.kind;
  return {
    apiVersion: p.workload.apiVersion ?? (kind === "Rollout" ? "argoproj.io/v1alpha1" : "apps/v1"),
    kind,
    name: p.workload.name ?? p.service,
  };
}
