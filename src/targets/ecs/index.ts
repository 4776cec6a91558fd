import type { ScalingPolicy } from "../../types";
import type { Capabilities, PlatformTarget, RenderResult } from "../types";
import { observabilityByComponent } from "../observability-support";
import { ECS_CAPABILITIES, POLICY_TYPE, SCHEDULED_ACTION_TYPE, TARGET_TYPE, compileEcs, type EcsScaling } from "./compile";

export * from "./compile";
export type { EcsStepPolicyArgs, EcsWake, EcsWakeAlarmArgs } from "./sources";

export const METRIC_ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
export { awsCron } from "./cron";

/** Plain documents for `polyscale render --platform ecs`: `{ type, name, args }` per provider resource. */
export function ecsDocuments(compiled: EcsScaling): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  if (compiled.target) docs.push({ type: TARGET_TYPE, name: compiled.target.name, args: compiled.target.args });
  for (const p of compiled.policies) docs.push({ type: POLICY_TYPE, name: p.name, args: p.args });
  for (const a of compiled.scheduledActions) docs.push({ type: SCHEDULED_ACTION_TYPE, name: a.name, args: a.args });
  // The wake alarm invokes its step policy: the ARN is the policy resource's output (`${name.arn}` in Pulumi YAML).
  for (const w of compiled.wakes ?? []) {
    docs.push({ type: POLICY_TYPE, name: w.policy.name, args: w.policy.args });
    docs.push({ type: METRIC_ALARM_TYPE, name: w.alarm.name, args: { ...w.alarm.args, alarmActions: [`\${${w.policy.name}.arn}`] } });
  }
  return docs;
}

export function renderEcs(policy: ScalingPolicy): RenderResult {
  const compiled = compileEcs(policy);
  return { documents: ecsDocuments(compiled), warnings: [...compiled.warnings, ...observabilityByComponent(policy, "EcsServiceScaling", "CloudWatch (with its alarmActions and region)")] };
}

export const target: PlatformTarget = {
  name: "ecs",
  title: "AWS ECS (Application Auto Scaling)",
  capabilities: ECS_CAPABILITIES as Capabilities,
  render: renderEcs,
};
