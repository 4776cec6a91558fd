import type * as pulumi from "@pulumi/pulumi";

/** What a service runs, independent of the platform. Mapped explicitly per platform, never spread. */
export interface WorkloadArgs {
  /** Container image. */
  image: pulumi.Input<string>;
  /** Port the container serves on. @default 8080 */
  port?: number;
  /** Resource requests; required for cpu/memory utilisation targets (utilisation is measured against them). */
  resources?: { cpu?: string; memory?: string; limits?: { cpu?: string; memory?: string } };
  env?: Record<string, pulumi.Input<string>>;
  /**
   * Readiness probe (HTTP GET). Recommended whenever the service autoscales: the autoscaler ignores pods
   * until they are ready, so warm-up load does not trigger scale-ups (paasta-autoscaling.md).
   */
  readinessProbe?: { path: string; port?: number; periodSeconds?: number; initialDelaySeconds?: number };
  /** Port serving Prometheus metrics, when it is not `port` (the ServiceMonitor scrapes it by name `metrics`). */
  metricsPort?: number;
  /** Extra labels on the workload's pods. */
  labels?: Record<string, string>;
}

export const DEFAULT_PORT = 8080;

/** The message for an autoscaled service without a readiness probe (PaaSTA's recommendation). */
export function readinessWarning(service: string): string {
  return (
    `${service}: autoscaled without a readiness probe; the autoscaler counts pods as soon as they start, ` +
    `so warm-up load can trigger needless scale-ups and new pods get traffic before they can serve it (set workload.readinessProbe)`
  );
}
