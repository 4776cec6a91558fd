import { int32Violations, type ApiRule } from "./common";

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
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)`: six fields, exactly one of day-of-month and
 * day-of-week is `?` (https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html).
 */
export function awsCronViolations(expr: string): string[] {
  const m = /^cron\((.*)\)$/.exec(expr);
  if (!m) return [`schedule ${JSON.stringify(expr)} is not cron(...)`];
  const f = m[1]!.split(" ");
  if (f.length !== 6) return [`schedule ${JSON.stringify(expr)} must have 6 fields`];
  const [min, hour, dom, month, dow, year] = f as [string, string, string, string, string, string];
  const out: string[] = [];
  const field = (name: string, v: string, re: RegExp) => { if (!re.test(v)) out.push(`schedule ${name} field ${JSON.stringify(v)} is invalid`); };
  const list = (item: string) => new RegExp(`^(\\*|${item}(-${item})?)(/\\d+)?(,(${item}(-${item})?)(/\\d+)?)*$`);
  field("minute", min, list("([0-5]?\\d)"));
  field("hour", hour, list("(1?\\d|2[0-3])"));
  field("month", month, list("(0?[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"));
  field("year", year, /^(\*|\d{4}(-\d{4})?)$/);
  if ((dom === "?") === (dow === "?")) out.push(`schedule needs "?" in exactly one of day-of-month (${dom}) and day-of-week (${dow})`);
  if (dom !== "?") field("day-of-month", dom, list("([1-9]|[12]\\d|3[01])"));
  if (dow !== "?") field("day-of-week", dow, /^(\*|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(-([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))?(,([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(-([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))?)*)$/);
  return out;
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
      if (d.type !== POLICY) return [];
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
    id: "ecs.scheduled-action",
    source: "PutScheduledAction: ScheduledActionName [^:/|]+ 1..256; Schedule cron(...) (scheduled scaling user guide); ScalableTargetAction Integer capacities",
    check: (d) => {
      if (d.type !== SCHEDULED) return [];
      const a = d.args;
      const out = int32Violations([["scalableTargetAction.minCapacity", a.scalableTargetAction?.minCapacity], ["scalableTargetAction.maxCapacity", a.scalableTargetAction?.maxCapacity]]);
      if (!(typeof a.name === "string" && a.name.length >= 1 && a.name.length <= 256 && PRINTABLE.test(a.name) && !/[:/|]/.test(a.name))) out.push(`scheduled action name ${JSON.stringify(a.name)} must be 1..256 printable characters without ':', '/' or '|'`);
      out.push(...awsCronViolations(String(a.schedule)));
      return out;
    },
  },
];
