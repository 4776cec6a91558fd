/**
 * The CloudWatch alarms and dashboard of an ECS service's scaling (policy `alerts` and `dashboard`), created
 * with `@pulumi/aws/cloudwatch`'s MetricAlarm and Dashboard modules only. The args come from the pure compile (src/targets/ecs/observability.ts);
 * the SNS topics are the caller's input.
 */
import * as pulumi from "@pulumi/pulumi";
// The two resource modules only: `@pulumi/aws/cloudwatch`'s index also loads iam, lambda and config (event targets).
import { Dashboard } from "@pulumi/aws/cloudwatch/dashboard";
import { MetricAlarm } from "@pulumi/aws/cloudwatch/metricAlarm";
import type { EcsScaling } from "../../targets/ecs/compile";
import { compileEcsObservability } from "../../targets/ecs/observability";
import type { ScalingPolicy } from "../../types";

export interface EcsObservabilityArgs {
  /** SNS topic ARNs notified when an alarm fires (metric unavailable: when its metric has no data). */
  alarmActions?: pulumi.Input<string>[];
  /** AWS region of the dashboard's metric widgets (CloudWatch requires one per widget); needed with `dashboard`. */
  region?: string;
}

export interface EcsObservabilityResources {
  alarms: MetricAlarm[];
  dashboard?: Dashboard;
}

/**
 * Compile before registering anything: a policy error (an alarm window CloudWatch cannot evaluate, a
 * dashboard without a region) throws here, before the parent component exists.
 */
export function planEcsObservability(policy: ScalingPolicy, compiled: EcsScaling, args: EcsObservabilityArgs) {
  if (policy.dashboard && args.region === undefined) {
    throw new Error(`${policy.service}: the policy's dashboard needs \`region\` (CloudWatch metric widgets name their region)`);
  }
  return compileEcsObservability(policy, compiled, args.region ?? "");
}

/** Register the planned alarms and dashboard as children of `parent`; `substitute` resolves placeholder names. */
export function registerEcsObservability(
  parent: pulumi.Resource,
  name: string,
  plan: ReturnType<typeof planEcsObservability>,
  args: EcsObservabilityArgs,
  substitute: (v: unknown) => unknown,
  prefix: string,
): EcsObservabilityResources {
  const actions = args.alarmActions ?? [];
  const child = (n: string) => `${name}-${n.startsWith(`${prefix}-`) ? n.slice(prefix.length + 1) : n}`;
  const alarms = plan.alarms.map((a) => {
    const on = a.actionsOn === "insufficientData" ? { insufficientDataActions: actions } : { alarmActions: actions, okActions: actions };
    return new MetricAlarm(child(a.args.name), { ...(substitute(a.args) as typeof a.args), ...on }, { parent });
  });
  const d = plan.dashboard;
  const dashboard = d ? new Dashboard(child(d.dashboardName), substitute(d) as typeof d, { parent }) : undefined;
  return { alarms, ...(dashboard ? { dashboard } : {}) };
}
