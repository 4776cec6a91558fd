/**
 * AWS ECS service auto scaling with target tracking: an APPROXIMATION from the documented behaviour
 * (the managed CloudWatch alarms are not configurable and their code is not public):
 * - one datapoint per minute per policy: the metric's average over that minute;
 * - scale out when the last 3 datapoints are all above the target (aws/containers-roadmap#1208);
 * - scale in when the last 15 datapoints are all below 90 % of the target;
 * - new capacity = ceil(current x metric / target), within min..max;
 * - several policies: scale out if any policy's alarm fires (largest capacity wins), scale in only if
 *   every policy's low alarm fires (the largest of their capacities);
 * - no further scale-out during the scale-out cooldown, no scale-in during the scale-in cooldown
 *   (cooldowns: `scaling.ecs.cooldown`, else the scale-up / scale-down stabilization, else 300 s);
 * - insufficient data (a failed read) breaks the run of datapoints: no action;
 * - a `schedule` metric compiles to a pair of scheduled actions (src/targets/ecs/compile.ts): at `start`
 *   min capacity = replicas, at `end` min capacity = replicas.min. The min capacity in force is the one
 *   the most recent action (of any schedule) set (same minute: the larger). When an action raises the
 *   min above the current capacity, Application Auto Scaling scales out to it at once
 *   (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html:
 *   "If the current capacity is below the minimum capacity, Application Auto Scaling scales out to the
 *   minimum"); lowering it scales nothing in: target tracking scales in later (never below the min).
 */
import type { ScalingPolicy } from "../../types";
import type { Controller, StepContext, StepResult } from "../types";

export const ECS_SCALE_OUT_DATAPOINTS = 3;
export const ECS_SCALE_IN_DATAPOINTS = 15;
export const ECS_SCALE_IN_FRACTION = 0.9;
export const ECS_DEFAULT_COOLDOWN = 300;

export class EcsController implements Controller {
  readonly title = "AWS ECS target tracking (approximation of the managed CloudWatch alarms)";
  readonly approximation = true;
  readonly schedules = true;
  private readonly datapoints: Array<Array<number | null>>;
  private readonly minuteSum: number[];
  private readonly minuteN: number[];
  private minuteFailed: boolean[];
  private nextMinute = 60;
  private lastOut = Number.NEGATIVE_INFINITY;
  private lastIn = Number.NEGATIVE_INFINITY;
  private readonly outCooldown: number;
  private readonly inCooldown: number;
  constructor(private readonly policy: ScalingPolicy, metricCount: number) {
    const s = policy.scaling!;
    this.outCooldown = s.ecs?.cooldown?.out ?? s.scaleUp?.stabilization ?? ECS_DEFAULT_COOLDOWN;
    this.inCooldown = s.ecs?.cooldown?.in ?? s.scaleDown?.stabilization ?? ECS_DEFAULT_COOLDOWN;
    this.datapoints = Array.from({ length: metricCount }, () => []);
    this.minuteSum = new Array<number>(metricCount).fill(0);
    this.minuteN = new Array<number>(metricCount).fill(0);
    this.minuteFailed = new Array<boolean>(metricCount).fill(false);
  }
  /** The min capacity in force: the policy's, or the one the most recent scheduled action set. */
  minCapacity(ctx: StepContext): number {
    const base = this.policy.scaling!.replicas.min;
    const schedules = ctx.schedules;
    if (schedules === undefined) return base;
    let at = Number.NEGATIVE_INFINITY;
    let value = base;
    const action = (when: number, min: number) => {
      if (when > at) {
        at = when;
        value = min;
      } else if (when === at && when !== Number.NEGATIVE_INFINITY) value = Math.max(value, min);
    };
    for (const s of schedules) {
      action(s.lastStart, s.replicas);
      action(s.lastEnd, base);
    }
    return value;
  }
  step(ctx: StepContext): StepResult {
    const min = this.minCapacity(ctx);
    const out = this.targetTracking(ctx, min);
    if (out.desired >= min) return out;
    return {
      desired: min,
      recommended: out.recommended,
      decision: {
        replicas: min,
        reason: "ScheduledActionMinCapacity",
        message: `a scheduled action set min capacity to ${min}, above the current capacity ${ctx.current}: scale out to the new minimum (ECS scheduled scaling)`,
      },
    };
  }
  private targetTracking(ctx: StepContext, min: number): StepResult {
    ctx.readings.forEach((r, i) => {
      if (r === null || !Number.isFinite(r.perReplica)) this.minuteFailed[i] = true;
      else {
        this.minuteSum[i]! += r.perReplica;
        this.minuteN[i]! += 1;
      }
    });
    if (ctx.now < this.nextMinute) return { desired: ctx.current };
    this.nextMinute += 60;
    ctx.metrics.forEach((_, i) => {
      const dp = this.minuteFailed[i] || this.minuteN[i] === 0 ? null : this.minuteSum[i]! / this.minuteN[i]!;
      const list = this.datapoints[i]!;
      list.push(dp);
      if (list.length > ECS_SCALE_IN_DATAPOINTS) list.shift();
      this.minuteSum[i] = 0;
      this.minuteN[i] = 0;
    });
    this.minuteFailed = this.minuteFailed.map(() => false);
    const { max } = this.policy.scaling!.replicas;
    const current = ctx.current;
    const capacity = (i: number) => {
      const list = this.datapoints[i]!;
      const m = ctx.metrics[i]!;
      return Math.ceil((Math.max(current, 1) * list[list.length - 1]!) / m.target);
    };
    const high = ctx.metrics.map((m, i) => {
      const last = this.datapoints[i]!.slice(-ECS_SCALE_OUT_DATAPOINTS);
      return last.length === ECS_SCALE_OUT_DATAPOINTS && last.every((v) => v !== null && v > m.target);
    });
    const low = ctx.metrics.map((m, i) => {
      const last = this.datapoints[i]!;
      return last.length === ECS_SCALE_IN_DATAPOINTS && last.every((v) => v !== null && v < ECS_SCALE_IN_FRACTION * m.target);
    });
    if (high.some(Boolean)) {
      const want = Math.min(max, Math.max(...ctx.metrics.map((_, i) => (high[i] ? capacity(i) : 0))));
      if (want > current) {
        if (ctx.now < this.lastOut + this.outCooldown) return { desired: current, recommended: want };
        this.lastOut = ctx.now;
        const names = ctx.metrics.filter((_, i) => high[i]).map((m) => m.label).join(", ");
        return {
          desired: want,
          recommended: want,
          decision: { replicas: want, reason: "AlarmHighScaleOut", message: `${ECS_SCALE_OUT_DATAPOINTS} consecutive 1-minute datapoints above target (${names}); new capacity ceil(current x metric / target) = ${want} (ECS target tracking, approximation)` },
        };
      }
    }
    if (ctx.metrics.length > 0 && low.every(Boolean)) {
      const want = Math.max(min, Math.max(...ctx.metrics.map((_, i) => capacity(i))));
      if (want < current && ctx.now >= this.lastIn + this.inCooldown) {
        this.lastIn = ctx.now;
        return {
          desired: want,
          recommended: want,
          decision: { replicas: want, reason: "AlarmLowScaleIn", message: `${ECS_SCALE_IN_DATAPOINTS} consecutive 1-minute datapoints below ${ECS_SCALE_IN_FRACTION * 100} % of target for every policy; new capacity ${want} (ECS target tracking, approximation)` },
        };
      }
    }
    return { desired: current };
  }
}
