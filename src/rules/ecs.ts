import { int32Violations, type ApiRule } from "./common";
import { parseAwsSchedule } from "../policy/aws-schedule";

/**
 * Application Auto Scaling rules for ECS that the request shapes do not express
 * (application-autoscaling 2016-02-06 service-2.json patterns; the scheduled scaling user guide's cron syntax).
 * A document is one rendered `{ type, name, args }` provider resource.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface EcsDoc {
  type: string;
  name: string;
  args: any;
}

const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED = "aws:appautoscaling/scheduledAction:ScheduledAction";
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * PutScheduledAction `Schedule`: at(yyyy-mm-ddThh:mm:ss), rate(value unit) or the six-field cron(...)
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html); one parse
 * with the policy's validation (src/policy/aws-schedule.ts).
 */
export function awsScheduleViolations(expr: string): string[] {
  const r = parseAwsSchedule(expr);
  return r.ok ? [] : [`schedule ${r.message}`];
}

export const ECS_RULES: ReadonlyArray<ApiRule<EcsDoc>> = [
  {
    id: "ecs.capacity",
    source: "RegisterScalableTarget MinCapacity / MaxCapacity (Integer), max >= min",
    check: (d) => {
      if (d.type !== TARGET) return [];
      const out = int32Violations([["minCapacity", d.args.minCapacity], ["maxCapacity", d.args.maxCapacity]]);
      if (d.args.minCapacity > d.args.maxCapacity) out.push(`minCapacity ${d.args.minCapacity} must be <= maxCapacity ${d.args.maxCapacity}`);
      return out;
    },
  },
  {
    id: "ecs.policy",
    source: "PutScalingPolicy: PolicyName \\p{Print}+ 1..256 (service-2.json ResourceIdMaxLen1600 / PolicyName); TargetTrackingScalingPolicyConfiguration cooldowns Integer; predefined xor customized metric; utilization targets <= 100 (polyscale)",
    check: (d) => {
      if (d.type !== POLICY || d.args.policyType === "StepScaling") return [];
      const a = d.args;
      const c = a.targetTrackingScalingPolicyConfiguration ?? {};
      const out = int32Violations([["scaleOutCooldown", c.scaleOutCooldown], ["scaleInCooldown", c.scaleInCooldown]]);
      if (!(typeof a.name === "string" && a.name.length >= 1 && a.name.length <= 256 && PRINTABLE.test(a.name))) out.push(`policy name ${JSON.stringify(a.name)} must be 1..256 printable characters`);
      if ((c.predefinedMetricSpecification === undefined) === (c.customizedMetricSpecification === undefined)) out.push("exactly one of predefinedMetricSpecification and customizedMetricSpecification");
      if (!(typeof c.targetValue === "number" && Number.isFinite(c.targetValue) && c.targetValue > 0)) out.push(`targetValue must be a number > 0, got ${c.targetValue}`);
      const type = c.predefinedMetricSpecification?.predefinedMetricType;
      if (/Utilization$/.test(type ?? "") && c.targetValue > 100) out.push(`targetValue ${c.targetValue} of ${type} must be <= 100`);
      if ((type === "ALBRequestCountPerTarget") !== (c.predefinedMetricSpecification?.resourceLabel !== undefined) && type !== undefined) out.push("resourceLabel is required for ALBRequestCountPerTarget and only there");
      return out;
    },
  },
  {
    id: "ecs.step-policy",
    source: "PutScalingPolicy StepScaling: PolicyName \\p{Print}+ 1..256; StepScalingPolicyConfiguration AdjustmentType enum, Cooldown and ScalingAdjustment Integer, at least one step, MetricIntervalLowerBound a Double (a string in @pulumi/aws)",
    check: (d) => {
      if (d.type !== POLICY || d.args.policyType !== "StepScaling") return [];
      const a = d.args;
      const c = a.stepScalingPolicyConfiguration ?? {};
      const steps: any[] = c.stepAdjustments ?? [];
      const out = int32Violations([["cooldown", c.cooldown], ...steps.map((st, i) => [`stepAdjustments[${i}].scalingAdjustment`, st.scalingAdjustment, -(2 ** 31)] as [string, unknown, number])]);
      if (!(typeof a.name === "string" && a.name.length >= 1 && a.name.length <= 256 && PRINTABLE.test(a.name))) out.push(`policy name ${JSON.stringify(a.name)} must be 1..256 printable characters`);
      if (!["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"].includes(c.adjustmentType)) out.push(`adjustmentType ${JSON.stringify(c.adjustmentType)} must be ChangeInCapacity, ExactCapacity or PercentChangeInCapacity`);
      if (steps.length === 0) out.push("stepAdjustments needs at least one step");
      for (const [i, st] of steps.entries()) {
        for (const bound of ["metricIntervalLowerBound", "metricIntervalUpperBound"]) {
          if (st[bound] !== undefined && !Number.isFinite(Number(st[bound]))) out.push(`stepAdjustments[${i}].${bound} ${JSON.stringify(st[bound])} must be a number`);
        }
      }
      return out;
    },
  },
  {
    id: "ecs.scheduled-action",
    source: "PutScheduledAction: ScheduledActionName [^:/|]+ 1..256; Schedule at(...), rate(...) or cron(...); ScalableTargetAction Integer capacities, min <= max",
    check: (d) => {
      if (d.type !== SCHEDULED) return [];
      const a = d.args;
      const out = int32Violations([["scalableTargetAction.minCapacity", a.scalableTargetAction?.minCapacity], ["scalableTargetAction.maxCapacity", a.scalableTargetAction?.maxCapacity]]);
      if (!(typeof a.name === "string" && a.name.length >= 1 && a.name.length <= 256 && PRINTABLE.test(a.name) && !/[:/|]/.test(a.name))) out.push(`scheduled action name ${JSON.stringify(a.name)} must be 1..256 printable characters without ':', '/' or '|'`);
      const { minCapacity: lo, maxCapacity: hi } = a.scalableTargetAction ?? {};
      if (lo === undefined && hi === undefined) out.push("scalableTargetAction needs minCapacity, maxCapacity or both");
      if (typeof lo === "number" && typeof hi === "number" && lo > hi) out.push(`scalableTargetAction minCapacity ${lo} must be <= maxCapacity ${hi}`);
      out.push(...awsScheduleViolations(String(a.schedule)));
      return out;
    },
  },
];
