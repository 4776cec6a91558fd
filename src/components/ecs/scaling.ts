/**
 * `EcsServiceScaling`: Application Auto Scaling for an existing ECS service. Imports only the
 * `@pulumi/aws/appautoscaling` submodule, so programs that never use ECS never load the AWS SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import * as appautoscaling from "@pulumi/aws/appautoscaling";
import { MetricAlarm } from "@pulumi/aws/cloudwatch/metricAlarm";
import { PolicyError } from "../../policy/errors";
import { compileEcs, ecsResourceId, type EcsScaling } from "../../targets/ecs/compile";
import type { Diagnostic } from "../../targets/types";
import type { ScalingPolicy, ScalingPolicyInput } from "../../types";
import { toPolicy } from "../policy-arg";
import { COMPONENT_TYPES, componentOptions } from "../tokens";
import { planEcsObservability, registerEcsObservability, type EcsObservabilityArgs, type EcsObservabilityResources } from "./observability";

export interface EcsServiceScalingArgs {
  /** The scaling policy: plain data, validated before anything is registered (a parsed policy: `toPolicyInput(p)`). */
  policy: ScalingPolicyInput;
  /** ECS cluster name. @default `scaling.ecs.cluster` */
  clusterName?: pulumi.Input<string>;
  /** ECS service name. @default `scaling.ecs.service`, then the policy's `service` */
  serviceName?: pulumi.Input<string>;
  /** Passed to the scalable target (`RoleARN`); AWS uses its service-linked role when unset. */
  roleArn?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** SNS topic ARNs for the policy's `alerts` (CloudWatch alarms). */
  alarmActions?: EcsObservabilityArgs["alarmActions"];
  /** AWS region of the policy's `dashboard` widgets. */
  region?: EcsObservabilityArgs["region"];
}

// Placeholders the compiler sees when names are Outputs; valid ECS names, so compile-time checks pass,
// and substituted back with the real (Output) names below.
const CLUSTER_PLACEHOLDER = "polyscale-cluster-placeholder-9f3c";
const SERVICE_PLACEHOLDER = "polyscale-service-placeholder-9f3c";

export class EcsServiceScaling extends pulumi.ComponentResource {
  /** The scalable target (undefined when `scaling.mode` is `external`). */
  readonly target?: appautoscaling.Target;
  readonly policies: appautoscaling.Policy[];
  readonly scheduledActions: appautoscaling.ScheduledAction[];
  /** StepScaling policies and their CloudWatch alarms that start the service from 0 tasks (event sources at replicas.min 0). */
  readonly wakes: { policy: appautoscaling.Policy; alarm: MetricAlarm }[];
  readonly resourceId: pulumi.Output<string>;
  /** Compiler warnings (e.g. several policies: scale in only when all agree). */
  readonly warnings: Diagnostic[];
  /** The CloudWatch alarms and dashboard of the policy's `alerts` and `dashboard`. */
  readonly observability: EcsObservabilityResources;

  constructor(name: string, args: EcsServiceScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    const { policy, cluster, service, plain, compiled } = planEcsServiceScaling(args);
    const watching = planEcsObservability(policy, compiled, args);
    super(COMPONENT_TYPES.EcsServiceScaling.type, name, { ...args }, componentOptions("EcsServiceScaling", name, opts));
    this.warnings = [...compiled.warnings, ...watching.warnings];

    // Plain names were checked by the compiler, so the id is known now; Output names are checked when they resolve.
    const names = plain ? undefined : pulumi.all([cluster!, service]);
    const resourceIdOutput = names
      ? names.apply(([c, s]) => {
          const r = ecsResourceId(c, s, { cluster: ["clusterName"], service: ["serviceName"] });
          if (r.issues.length > 0) throw new PolicyError(r.issues, `EcsServiceScaling ${JSON.stringify(name)}`);
          return r.resourceId;
        })
      : undefined;
    const plainResourceId = names ? undefined : compiled.target?.args.resourceId ?? ecsResourceId(cluster as string, service as string).resourceId;
    const substitute = (v: unknown): unknown => {
      if (!names) return v;
      if (typeof v === "string") {
        if (!v.includes(CLUSTER_PLACEHOLDER) && !v.includes(SERVICE_PLACEHOLDER)) return v;
        return names.apply(([c, s]) => v.split(CLUSTER_PLACEHOLDER).join(c).split(SERVICE_PLACEHOLDER).join(s));
      }
      if (Array.isArray(v)) return v.map(substitute);
      if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x)]));
      return v;
    };

    // Child resource names derive from the component's name (Pulumi convention), so two components for
    // services with the same name never collide; the AWS-side names (policyName, ...) stay the compiled ones.
    const prefix = policy.scaling?.ecs?.namePrefix ?? policy.service;
    const childName = (compiledName: string) =>
      `${name}-${compiledName.startsWith(`${prefix}-`) ? compiledName.slice(prefix.length + 1) : compiledName}`;
    this.policies = [];
    this.scheduledActions = [];
    this.wakes = [];
    if (compiled.target) {
      const t = compiled.target.args;
      this.target = new appautoscaling.Target(
        childName(compiled.target.name),
        {
          serviceNamespace: t.serviceNamespace,
          scalableDimension: t.scalableDimension,
          resourceId: resourceIdOutput ?? t.resourceId,
          minCapacity: t.minCapacity,
          maxCapacity: t.maxCapacity,
          ...(args.roleArn !== undefined ? { roleArn: args.roleArn } : {}),
          ...(args.tags !== undefined ? { tags: args.tags } : {}),
        },
        { parent: this },
      );
      // Policies and scheduled actions take the target's resource id, so they follow it (namespace and dimension
      // are the compiled constants: each Output input from a resource costs the SDK an await on it).
      const ref = { resourceId: this.target.resourceId };
      const childOpts = { parent: this, dependsOn: [this.target] };
      for (const p of compiled.policies) {
        const a = substitute(p.args) as typeof p.args;
        this.policies.push(new appautoscaling.Policy(childName(p.name), { ...a, ...ref }, childOpts));
      }
      for (const s of compiled.scheduledActions) {
        const a = substitute(s.args) as typeof s.args;
        this.scheduledActions.push(new appautoscaling.ScheduledAction(childName(s.name), { ...a, ...ref }, childOpts));
      }
      for (const w of compiled.wakes ?? []) {
        const step = new appautoscaling.Policy(childName(w.policy.name), { ...(substitute(w.policy.args) as typeof w.policy.args), ...ref }, childOpts);
        const alarmArgs = substitute(w.alarm.args) as typeof w.alarm.args;
        const alarm = new MetricAlarm(`${childName(w.alarm.name)}-alarm`, { ...alarmArgs, alarmActions: [step.arn] }, { parent: this });
        this.wakes.push({ policy: step, alarm });
      }
    }

    // The target's own output when there is one: a new Output costs the SDK a handful of promises per component.
    this.resourceId = resourceIdOutput ?? this.target?.resourceId ?? pulumi.output(plainResourceId!);
    this.observability = registerEcsObservability(this, name, watching, args, substitute, prefix);

    // Light on purpose (issue 15): a known id is registered as the plain string; the policies' and scheduled
    // actions' ARNs stay on the component's fields (each registered Output is awaited and serialised again).
    this.registerOutputs({ resourceId: plainResourceId ?? this.resourceId });
  }
}

/** The validated policy and its compiled scaling; throws (PolicyError) before anything is registered. */
export function planEcsServiceScaling(args: Omit<EcsServiceScalingArgs, "policy"> & { policy: ScalingPolicyInput | ScalingPolicy }) {
  const policy = toPolicy(args.policy);
  const ecs = policy.scaling?.ecs;
  const cluster: pulumi.Input<string> | undefined = args.clusterName ?? ecs?.cluster;
  const service: pulumi.Input<string> = args.serviceName ?? ecs?.service ?? policy.service;
  // Plain strings are compiled as they are (every check runs now); Outputs are compiled with placeholders
  // and checked when they resolve.
  const plain = typeof cluster === "string" && typeof service === "string";
  const compiled: EcsScaling = compileEcs(policy, {
    cluster: plain ? (cluster as string) : cluster === undefined ? undefined : CLUSTER_PLACEHOLDER,
    service: plain ? (service as string) : SERVICE_PLACEHOLDER,
  });
  return { policy, cluster, service, plain, compiled };
}
