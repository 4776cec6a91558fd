/**
 * AWS ECS service auto scaling with target tracking: an APPROXIMATION from the documented behaviour
 * (the managed CloudWatch alarms are not configurable and their code is not public):
 * - every setting is the compiled one (`deployedEcs`: compileEcs's scalable target, policies, scheduled actions);
 * - one datapoint per minute per policy: the metric's average over that minute, [t - 60 s, t) (a CloudWatch
 *   datapoint of period 60 at t - 60 covers that interval; the sample at t belongs to the next one);
 * - scale out when the last 3 datapoints are all above the target (aws/containers-roadmap#1208);
 * - scale in when the last 15 datapoints are all below 90 % of the target;
 * - new capacity = ceil(current x metric / target), within min..max;
 * - several policies: scale out if any policy's alarm fires (largest capacity wins), scale in only if
 *   every policy with scale-in enabled has its low alarm firing (the largest of their capacities);
 * - `disableScaleIn: true` (compiled from `scaleDown.select: disabled`): that policy never removes capacity
 *   (API TargetTrackingScalingPolicyConfiguration.DisableScaleIn); with scale-in disabled on every policy the
 *   service never scales in;
 * - no further scale-out during the scale-out cooldown, no scale-in during the scale-in cooldown
 *   (the compiled ScaleOutCooldown / ScaleInCooldown, AWS default 300 s when omitted; the compiler emits the
 *   same cooldowns on every policy, the model takes the largest);
 * - insufficient data (a failed read) breaks the run of datapoints: no action;
 * - a `schedule` metric compiles to a pair of scheduled actions (src/targets/ecs/compile.ts): at `start`
 *   min capacity = replicas, at `end` min capacity = replicas.min. The min capacity in force is the one
 *   the most recent action (of any schedule) set (same minute: the larger). When an action raises the
 *   min above the current capacity, Application Auto Scaling scales out to it at once
 *   (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html:
 *   "If the current capacity is below the minimum capacity, Application Auto Scaling scales out to the
 *   minimum"); lowering it scales nothing in: target tracking scales in later (never below the min).
 * - `scaling.ecs.scheduledActions` / `stopStart` (at / rate / cron, min and/or max capacity) run at the
 *   instants `actionRuns` (src/simulate/schedule.ts) gives, looking back SCHEDULE_LOOKBACK_MINUTES before
 *   t = 0; each run replaces the min and/or max capacity it sets ("the resource will have at least this much
 *   capacity", ScalableTargetAction), in time order, unless it would leave min above max (see `capacity`).
 *   A `schedule` metric's action (min only) counts when it is the most recent. Capacity below the
 *   min scales out to it at once, above the max scales in to it at once (PutScheduledAction
 *   ScalableTargetAction: "If the current capacity is above the maximum capacity, Application Auto Scaling
 *   scales in to the maximum capacity"); a stop (0/0) therefore removes every task. They need a wall clock
 *   (`startTime`); without one they are not replayed (a warning says so).
 */
import type { DeployedEcs } from "../deployed";
import { SCHEDULE_LOOKBACK_MINUTES, actionRuns } from "../schedule";
import { reuseResult, stepResultSlot, type Controller, type StepContext, type StepResult } from "../types";
import { EcsWakeAlarms } from "./ecs-wake";

/** One run of a scheduled action (scaling.ecs.scheduledActions / stopStart). */
interface ActionRun {
  at: number;
  name: string;
  minCapacity?: number;
  maxCapacity?: number;
}

export const ECS_SCALE_OUT_DATAPOINTS = 3;
export const ECS_SCALE_IN_DATAPOINTS = 15;
export const ECS_SCALE_IN_FRACTION = 0.9;

/** One compiled target-tracking policy with its datapoints. */
interface PolicyState {
  /** Position of its metric among the simulated metrics (`ctx.metrics` / `ctx.readings`). */
  slot: number;
  label: string;
  target: number;
  disableScaleIn: boolean;
  datapoints: Array<number | null>;
  sum: number;
  n: number;
  failed: boolean;
}

/** The policy's scale-out alarm: its last ECS_SCALE_OUT_DATAPOINTS datapoints all above target. */
function alarmHigh(p: PolicyState): boolean {
  const d = p.datapoints;
  if (d.length < ECS_SCALE_OUT_DATAPOINTS) return false;
  for (let i = d.length - ECS_SCALE_OUT_DATAPOINTS; i < d.length; i++) {
    const v = d[i]!;
    if (v === null || !(v > p.target)) return false;
  }
  return true;
}

/** The policy's scale-in alarm: ECS_SCALE_IN_DATAPOINTS datapoints, all below ECS_SCALE_IN_FRACTION of target. */
function alarmLow(p: PolicyState): boolean {
  const d = p.datapoints;
  if (d.length !== ECS_SCALE_IN_DATAPOINTS) return false;
  for (const v of d) if (v === null || !(v < ECS_SCALE_IN_FRACTION * p.target)) return false;
  return true;
}

/** Target tracking's new capacity for the policy: ceil(current x last datapoint / target). */
function capacity(p: PolicyState, current: number): number {
  return Math.ceil((Math.max(current, 1) * p.datapoints[p.datapoints.length - 1]!) / p.target);
}

export class EcsController implements Controller {
  readonly title = "AWS ECS target tracking (approximation of the managed CloudWatch alarms)";
  readonly approximation = true;
  private policies: PolicyState[] | undefined;
  private nextMinute = 60;
  private lastOut = Number.NEGATIVE_INFINITY;
  private lastIn = Number.NEGATIVE_INFINITY;
  private readonly outCooldown: number;
  private readonly inCooldown: number;
  readonly deployedSchedules: DeployedEcs["schedules"];
  readonly needsWallClock: string | undefined;
  /** Every run of the scheduled actions, in time order (empty until `useWallClock`). */
  private runs: ActionRun[] = [];
  /** Next run to apply, and the min / max the applied runs set (with the minute they were set). */
  private next = 0;
  private readonly own: { min: { at: number; value: number }; max: { at: number; value: number } };
  private startMs = 0;
  /** Event sources at replicas.min 0: the StepScaling wake pairs (./ecs-wake.ts). */
  private readonly wakes: EcsWakeAlarms;
  private readonly result = stepResultSlot();
  constructor(private readonly ecs: DeployedEcs) {
    this.wakes = new EcsWakeAlarms(ecs.wakes ?? []);
    this.deployedSchedules = ecs.schedules;
    this.own = { min: { at: Number.NEGATIVE_INFINITY, value: ecs.minCapacity }, max: { at: Number.NEGATIVE_INFINITY, value: ecs.maxCapacity } };
    this.needsWallClock =
      ecs.actions.length > 0
        ? `ECS scheduled actions (${ecs.actions.map((a) => a.name).join(", ")}): not replayed (the trace has no wall clock: pass --start, or the startTime option, with the ISO 8601 instant of t = 0)`
        : undefined;
    this.outCooldown = Math.max(0, ...ecs.policies.map((p) => p.scaleOutCooldown));
    this.inCooldown = Math.max(0, ...ecs.policies.map((p) => p.scaleInCooldown));
  }
  private states(ctx: StepContext): PolicyState[] {
    this.policies ??= this.ecs.policies.map((p) => {
      const slot = ctx.metrics.findIndex((m) => m.index === p.metricIndex);
      return { slot, label: ctx.metrics[slot]?.label ?? `metrics[${p.metricIndex}]`, target: p.target, disableScaleIn: p.disableScaleIn, datapoints: [], sum: 0, n: 0, failed: false };
    });
    return this.policies;
  }
  /** Compute the runs of the scheduled actions over [t = 0 - look-back, t = duration]. */
  useWallClock(startMs: number, duration: number): void {
    this.startMs = startMs;
    const from = startMs - SCHEDULE_LOOKBACK_MINUTES * 60_000;
    const to = startMs + Math.max(0, duration) * 1000;
    this.runs = this.ecs.actions
      .flatMap((a) => actionRuns(a, from, to, startMs).map((at) => ({ at, name: a.name, minCapacity: a.minCapacity, maxCapacity: a.maxCapacity })))
      .sort((x, y) => x.at - y.at);
  }
  /**
   * The min and max capacity in force: the scalable target's, or what the most recent scheduled actions set.
   * The runs of `scaling.ecs` actions are applied in time order; one that would leave min above max is not
   * applied (AWS: "if the maximum capacity is less than the value specified for minimum capacity, you must
   * specify a new minimum and maximum capacity", examples-scheduled-actions). A `schedule` metric's min is
   * laid over them when it is at least as recent (same minute: the larger) and not above the max.
   */
  capacity(ctx: StepContext): { min: number; max: number } {
    const now = this.startMs + ctx.now * 1000;
    const own = this.own;
    for (; this.next < this.runs.length && this.runs[this.next]!.at <= now; this.next++) {
      const r = this.runs[this.next]!;
      const min = r.minCapacity ?? own.min.value;
      const max = r.maxCapacity ?? own.max.value;
      if (min > max) continue;
      // Runs compare with the per-minute metric schedules at their minute.
      const minute = Math.floor(r.at / 60_000) * 60_000;
      if (r.minCapacity !== undefined) own.min = { at: minute, value: min };
      if (r.maxCapacity !== undefined) own.max = { at: minute, value: max };
    }
    let min = own.min;
    for (const a of this.ecs.scheduledActions) {
      const s = ctx.schedules?.find((x) => x.index === a.metricIndex);
      if (s === undefined) continue;
      const when = a.edge === "start" ? s.lastStart : s.lastEnd;
      if (when === Number.NEGATIVE_INFINITY || a.minCapacity > own.max.value) continue;
      if (when > min.at) min = { at: when, value: a.minCapacity };
      else if (when === min.at) min = { at: when, value: Math.max(min.value, a.minCapacity) };
    }
    return { min: min.value, max: own.max.value };
  }
  /** The min capacity in force (see `capacity`). */
  minCapacity(ctx: StepContext): number {
    return this.capacity(ctx).min;
  }
  step(ctx: StepContext): StepResult {
    const { min, max } = this.capacity(ctx);
    const woken = this.wakes.step(ctx, min, max);
    const tracked = this.targetTracking(ctx, min, max);
    const out = woken && woken.desired > tracked.desired ? woken : tracked;
    if (out.desired > max) {
      return {
        desired: max,
        recommended: out.recommended,
        decision: {
          replicas: max,
          reason: "ScheduledActionMaxCapacity",
          message: `a scheduled action set max capacity to ${max}, below the current capacity ${ctx.current}: scale in to the new maximum (ECS scheduled scaling${max === 0 ? "; the service is stopped" : ""})`,
        },
      };
    }
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
  /** Accumulate this step's sample into the open minute. */
  private collect(ctx: StepContext, states: PolicyState[]): void {
    for (const p of states) {
      const r = p.slot < 0 ? null : ctx.readings[p.slot];
      if (r === null || r === undefined || !Number.isFinite(r.perReplica)) p.failed = true;
      else {
        p.sum += r.perReplica;
        p.n += 1;
      }
    }
  }
  private targetTracking(ctx: StepContext, min: number, max: number): StepResult {
    const states = this.states(ctx);
    if (ctx.now < this.nextMinute) {
      this.collect(ctx, states);
      return reuseResult(this.result, ctx.current, undefined, undefined);
    }
    // The minute [nextMinute - 60, nextMinute) is complete: close its datapoint before this sample opens the next one.
    this.nextMinute += 60;
    for (const p of states) {
      p.datapoints.push(p.failed || p.n === 0 ? null : p.sum / p.n);
      if (p.datapoints.length > ECS_SCALE_IN_DATAPOINTS) p.datapoints.shift();
      p.sum = 0;
      p.n = 0;
      p.failed = false;
    }
    this.collect(ctx, states);
    const current = ctx.current;
    // out if any policy's alarm is high (the largest capacity of those), in only if every policy that scales in is low
    let out = Number.NEGATIVE_INFINITY;
    for (const p of states) if (alarmHigh(p)) out = Math.max(out, capacity(p, current));
    if (out !== Number.NEGATIVE_INFINITY) {
      const want = Math.min(max, out);
      if (want > current) {
        if (ctx.now < this.lastOut + this.outCooldown) return reuseResult(this.result, current, want, undefined);
        this.lastOut = ctx.now;
        const names = states.filter(alarmHigh).map((p) => p.label).join(", ");
        return reuseResult(this.result, want, want, {
          replicas: want,
          reason: "AlarmHighScaleOut",
          message: `${ECS_SCALE_OUT_DATAPOINTS} consecutive 1-minute datapoints above target (${names}); new capacity ceil(current x metric / target) = ${want} (ECS target tracking, approximation)`,
        });
      }
    }
    let scaleIns = 0;
    let allLow = true;
    let in_ = Number.NEGATIVE_INFINITY;
    for (const p of states) {
      if (p.disableScaleIn) continue;
      scaleIns++;
      allLow &&= alarmLow(p);
      in_ = Math.max(in_, capacity(p, current));
    }
    if (scaleIns > 0 && allLow) {
      const want = Math.max(min, in_);
      if (want < current && ctx.now >= this.lastIn + this.inCooldown) {
        this.lastIn = ctx.now;
        return reuseResult(this.result, want, want, {
          replicas: want,
          reason: "AlarmLowScaleIn",
          message: `${ECS_SCALE_IN_DATAPOINTS} consecutive 1-minute datapoints below ${ECS_SCALE_IN_FRACTION * 100} % of target for every policy that scales in; new capacity ${want} (ECS target tracking, approximation)`,
        });
      }
    }
    return reuseResult(this.result, current, undefined, undefined);
  }
}
