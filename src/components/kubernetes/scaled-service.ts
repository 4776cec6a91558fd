import type * as pulumi from "@pulumi/pulumi";
import type { PlatformServiceResult, ScaledServiceArgs } from "../scaled-service";
import { KubernetesService } from "./service";

export function createScaledService(name: string, args: ScaledServiceArgs, opts: pulumi.ComponentResourceOptions): PlatformServiceResult {
  const svc = new KubernetesService(name, { policy: args.policy, workload: args.workload, prometheusCredentials: args.kubernetes?.prometheusCredentials }, opts);
  return { component: svc, workloadName: svc.deployment.metadata.name, warnings: svc.warnings };
}
