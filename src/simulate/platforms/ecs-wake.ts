/**
 * The ECS wake pair (src/targets/ecs/sources.ts) as the simulator replays it: a CloudWatch alarm on the source's
 * depth while no task runs, `IF(FILL(RunningTaskCount, 0) == 0, depth, 0) > 0`, evaluated per period (the compiled
 * alarm's), invokes a StepScaling policy that adds `adjustment` tasks (ChangeInCapacity), at most once per the
 * policy's cooldown (Application Auto Scaling step scaling: "the scaling policy won't increase the desired capacity
 * again unless either a larger scale out is triggered or the cooldown period ends"). An APPROXIMATION: one datapoint
 * per period, the depth's largest reading in it, counted only when no task was running throughout the period.
 */
import type { DeployedEcsWake } from "../deployed";
import type { StepContext, StepResult } from "../types";

interface WakeState {
  wake: DeployedEcsWake;
  nextClose: number;
  /** Largest depth read in the open period, and whether a task ran in it. */
  depth: number;
  taskRan: boolean;
  breaches: number;
  lastAction: number;
  /** Position of its metric among the simulated metrics, found at the first step. */
  slot?: number;
}

export class EcsWakeAlarms {
  private readonly states: WakeState[];
  constructor(wakes: readonly DeployedEcsWake[]) {
    this.states = wakes.map((wake) => ({ wake, nextClose: wake.period, depth: 0, taskRan: false, breaches: 0, lastAction: Number.NEGATIVE_INFINITY }));
  }

  /** A scale-out decision when an alarm fires this step, else undefined. */
  step(ctx: StepContext, min: number, max: number): StepResult | undefined {
    let woken: StepResult | undefined;
    for (const s of this.states) {
      if (ctx.now >= s.nextClose) {
        s.nextClose += s.wake.period;
        s.breaches = !s.taskRan && s.depth > 0 ? s.breaches + 1 : 0;
        s.depth = 0;
        s.taskRan = false;
        if (s.breaches >= s.wake.evaluationPeriods && ctx.now >= s.lastAction + s.wake.cooldown && ctx.current < max) {
          const desired = Math.min(max, Math.max(min, ctx.current + s.wake.adjustment));
          s.lastAction = ctx.now;
          woken = {
            desired,
            recommended: desired,
            decision: {
              replicas: desired,
              reason: "StepScalingWake",
              message: `the wake alarm of scaling.metrics[${s.wake.metricIndex}] fired (depth > 0 while no task runs, ${s.wake.evaluationPeriods} x ${s.wake.period} s): the StepScaling policy adds ${s.wake.adjustment} task${s.wake.adjustment > 1 ? "s" : ""} (approximation)`,
            },
          };
        }
      }
      const slot = (s.slot ??= ctx.metrics.findIndex((m) => m.index === s.wake.metricIndex));
      const r = slot < 0 ? null : ctx.readings[slot];
      if (r && Number.isFinite(r.total)) s.depth = Math.max(s.depth, r.total);
      if (ctx.ready > 0) s.taskRan = true;
    }
    return woken;
  }
}
