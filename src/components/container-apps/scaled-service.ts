import { formatPath } from "../../policy/errors";
import { quantityValue } from "../../policy/units";
import { toPolicy, toPolicyInput, withPlan } from "../policy-arg";
import type { PlatformServiceFactory } from "../scaled-service";
import { DEFAULT_PORT, readinessWarning } from "../workload";
import { ContainerAppService, planContainerAppService, type ContainerAppServiceArgs } from "./service";

/**
 * ScaledService on Azure Container Apps: one `ContainerAppService` from the policy and the platform-neutral
 * workload (image, port → ingress target port, cpu/memory → container resources). Workload fields the
 * component does not carry yet (env, readiness probe, pod labels, metrics port) are errors, not dropped.
 */
export const createScaledService: PlatformServiceFactory = (name, args) => {
  const policy = toPolicy(args.policy);
  const ca = args.containerApps;
  if (!ca) throw new Error(`ScaledService ${JSON.stringify(name)}: platform container-apps needs the \`containerApps\` block (resourceGroupName, managedEnvironmentId)`);
  const w = args.workload;
  const problems: string[] = [];
  const warnings: string[] = [];
  if (w.labels !== undefined) problems.push("workload.labels has no Container Apps equivalent (replicas carry no user labels); remove it or use tags on ContainerAppService");
  if (w.metricsPort !== undefined) problems.push("workload.metricsPort is not used on Container Apps (no Prometheus scrape of replicas); remove it");
  const cpuText = w.resources?.limits?.cpu ?? w.resources?.cpu;
  const cpu = cpuText !== undefined ? quantityValue(cpuText) : undefined;
  if (cpuText !== undefined && (cpu === undefined || cpu <= 0)) problems.push(`workload.resources cpu ${JSON.stringify(cpuText)} is not a cpu quantity`);
  const memory = w.resources?.limits?.memory ?? w.resources?.memory;
  if (problems.length > 0) throw new Error(`ScaledService ${JSON.stringify(name)} on container-apps:\n${problems.map((p) => ` - ${p}`).join("\n")}`);
  if (policy.scaling?.mode === "autoscale" && !w.readinessProbe) warnings.push(readinessWarning(policy.service));

  const serviceArgs: ContainerAppServiceArgs = {
    policy: toPolicyInput(policy),
    resourceGroupName: ca.resourceGroupName,
    environmentId: ca.managedEnvironmentId,
    image: w.image,
    ingressTargetPort: w.port ?? DEFAULT_PORT,
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
    ...(ca.location !== undefined ? { location: ca.location } : {}),
    ...(ca.secrets !== undefined ? { secrets: ca.secrets } : {}),
    ...(ca.actionGroupIds !== undefined ? { actionGroupIds: ca.actionGroupIds } : {}),
    ...(ca.logAnalyticsWorkspaceId !== undefined ? { logAnalyticsWorkspaceId: ca.logAnalyticsWorkspaceId } : {}),
    ...(w.env !== undefined ? { env: w.env } : {}),
    ...(w.readinessProbe !== undefined ? { readinessProbe: w.readinessProbe } : {}),
  };
  withPlan(serviceArgs, planContainerAppService(serviceArgs));
  return (opts) => {
    const component = new ContainerAppService(name, serviceArgs, opts);
    warnings.push(...component.warnings.filter((d) => d.severity === "warning").map((d) => `${policy.service}: ${formatPath(d.path)}: ${d.message}`));
    return { component, workloadName: component.containerApp.name, warnings };
  };
};
