import { toPolicyInput, withPlan } from "../policy-arg";
import type { PlatformServiceFactory } from "../scaled-service";
import { KubernetesService, planKubernetesService, type KubernetesServiceArgs } from "./service";

export const createScaledService: PlatformServiceFactory = (name, args) => {
  const serviceArgs: KubernetesServiceArgs = { policy: args.policy, workload: args.workload, prometheusCredentials: args.kubernetes?.prometheusCredentials, sourceCredentials: args.kubernetes?.sourceCredentials };
  const plan = planKubernetesService(name, serviceArgs);
  return (opts) => {
    const svc = new KubernetesService(name, withPlan({ ...serviceArgs, policy: toPolicyInput(plan.policy) }, plan), opts);
    return { component: svc, workloadName: svc.deployment.metadata.name, warnings: svc.warnings };
  };
};
