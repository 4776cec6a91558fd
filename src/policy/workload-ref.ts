import type { ScalingPolicy } from "../types";

/** The workload a scaler targets, with its defaults filled in. */
export interface ResolvedWorkloadRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/** Resolved workload reference. */
export function workloadRef(p: Pick<ScalingPolicy, "service" | "workload">): ResolvedWorkloadRef {
  const kind = p.workload.kind;
  return {
    apiVersion: p.workload.apiVersion ?? (kind === "Rollout" ? "argoproj.io/v1alpha1" : "apps/v1"),
    kind,
    name: p.workload.name ?? p.service,
  };
}
