import * as pulumi from "@pulumi/pulumi";
import { Service } from "@pulumi/aws/ecs";
import { toPolicy, toPolicyInput } from "../policy-arg";
import type { PlatformServiceFactory } from "../scaled-service";
import { COMPONENT_TYPES, componentOptions } from "../tokens";
import { readinessWarning } from "../workload";
import { EcsServiceScaling, planEcsServiceScaling } from "./scaling";

/**
 * ScaledService on ECS: attach Application Auto Scaling to an existing service, or create a Fargate
 * service first. A created service gets `desiredCount: replicas.min` once; after that the count belongs
 * to Application Auto Scaling, so `ignoreChanges: ["desiredCount"]` keeps `pulumi up` from resetting it.
 */
export const createScaledService: PlatformServiceFactory = (name, args) => {
  const ecs = args.ecs;
  if (!ecs) throw new Error(`${name}: platform ecs needs the \`ecs\` args (clusterName and serviceName, or create)`);
  if ((ecs.serviceName === undefined) === (ecs.create === undefined)) {
    throw new Error(`${name}: give exactly one of \`ecs.serviceName\` (attach to an existing service) or \`ecs.create\` (create a Fargate service)`);
  }
  const policy = toPolicy(args.policy);
  const scaled = policy.scaling !== undefined && policy.scaling.mode !== "fixed";
  // The created service's name is an Output, so this checks the policy with a placeholder service name.
  if (scaled) planEcsServiceScaling({ policy, clusterName: ecs.clusterName, serviceName: ecs.serviceName ?? policy.scaling?.ecs?.service ?? policy.service });
  return (opts) => {
    const warnings: string[] = [];
    const component = new EcsService(name, { clusterName: ecs.clusterName, ...(ecs.serviceName !== undefined ? { serviceName: ecs.serviceName } : {}) }, opts);
    let serviceName: pulumi.Input<string>;
    const dependsOn: pulumi.Resource[] = [];
    if (ecs.create) {
      const c = ecs.create;
      const ecsServiceName = policy.scaling?.ecs?.service ?? policy.service;
      if (policy.scaling?.mode === "autoscale" && !c.loadBalancers) {
        // ECS marks tasks healthy from the container health check; without a load balancer health check
        // new tasks count toward the metric average before they serve.
        warnings.push(readinessWarning(policy.service));
      }
      const svc = new Service(
        `${name}-service`,
        {
          name: ecsServiceName,
          cluster: c.clusterArn,
          taskDefinition: c.taskDefinitionArn,
          launchType: "FARGATE",
          desiredCount: policy.scaling?.replicas.min ?? 1,
          networkConfiguration: { subnets: c.subnetIds, securityGroups: c.securityGroupIds, assignPublicIp: c.assignPublicIp ?? false },
          ...(c.loadBalancers ? { loadBalancers: c.loadBalancers } : {}),
        },
        { parent: component, ignoreChanges: policy.scaling?.mode === "fixed" ? [] : ["desiredCount"] },
      );
      serviceName = svc.name;
      dependsOn.push(svc);
    } else {
      serviceName = ecs.serviceName!;
    }
    if (scaled) {
      const watching = { ...(ecs.alarmActions !== undefined ? { alarmActions: ecs.alarmActions } : {}), ...(ecs.region !== undefined ? { region: ecs.region } : {}) };
      const scaling = new EcsServiceScaling(`${name}-scaling`, { policy: toPolicyInput(policy), clusterName: ecs.clusterName, serviceName, ...watching }, { parent: component, dependsOn });
      warnings.push(...scaling.warnings.map((w) => `${policy.service}: ${w.path.join(".")}: ${w.message}`));
    }
    for (const w of warnings) pulumi.log.warn(w, component);
    component.done(serviceName);
    return { component, workloadName: pulumi.output(serviceName), warnings };
  };
};

/** Groups an ECS service (when created) and its autoscaling under one parent. */
class EcsService extends pulumi.ComponentResource {
  constructor(name: string, inputs: { clusterName: pulumi.Input<string>; serviceName?: pulumi.Input<string> }, opts: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.EcsService.type, name, inputs, componentOptions("EcsService", name, opts));
  }
  done(serviceName: pulumi.Input<string>): void {
    this.registerOutputs({ serviceName });
  }
}
