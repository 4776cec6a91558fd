import type { ScalingPolicy } from "../types";

/** The workload a scaler targets, with its defaults filled in. */
export interface ResolvedWorkloadRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/**
 * The workload kinds polyscale knows, with their default apiVersion. Any other kind is accepted with its
 * `apiVersion`: the HPA, KEDA and the VPA scale any resource that implements the `/scale` subresource.
 */
export const KNOWN_WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  Deployment: "apps/v1",
  StatefulSet: "apps/v1",
  ReplicaSet: "apps/v1",
  Rollout: "argoproj.io/v1alpha1",
};

export function isKnownWorkloadKind(kind: string): boolean {
  return Object.hasOwn(KNOWN_WORKLOAD_KINDS, kind);
}

/** Resolved workload reference. */
export function workloadRef(p: Pick<ScalingPolicy, "service" | "workload">): ResolvedWorkloadRef {
  const kind = p.workload.kind;
  const apiVersion = p.workload.apiVersion ?? (isKnownWorkloadKind(kind) ? KNOWN_WORKLOAD_KINDS[kind] : undefined);
  // parsePolicy refuses a custom kind without apiVersion; only a hand-built policy gets here without one.
  if (apiVersion === undefined) throw new Error(`workload.apiVersion is required for workload kind ${JSON.stringify(kind)}`);
  return { apiVersion, kind, name: p.workload.name ?? p.service };
}
