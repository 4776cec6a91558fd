/**
 * Azure Container Apps: an APPROXIMATION of the documented fixed behaviour (KEDA underneath, not
 * configurable per app; azure-docs scale-app.md "Scale behavior"):
 * - desired = ceil(metric total / target) per rule, the largest rule wins;
 * - rules are evaluated every `pollingInterval` (30 s default); http rules every 15 s;
 * - scale-up steps through 1, 4, 8, 16, 32, ... replicas (read here as the replica counts reached by
 *   successive scale-ups, each capped by the desired count), scale-up window 0 s;
 * - scale-down window 300 s (the highest desired count in the last 300 s), then 100 % at once;
 * - with min 0, scale to 0 after `cooldownPeriod` (300 s default) without any activity;
 * - a `schedule` metric is a custom rule of type `cron`, i.e. KEDA's cron scaler (azure-docs scale-app.md
 *   "Custom": any ScaledObject-based KEDA scaler; keda.sh/docs/latest/scalers/cron): inside its window it
 *   asks for `desiredReplicas` and is active, outside it is inactive (asks for nothing).
 */
import type { DeployedContainerApps } from "../deployed";
import { reuseResult, stepResultSlot, type Controller, type StepContext, type StepResult } from "../types";
import { RecentValues } from "../window";

export const ACA_HTTP_INTERVAL = 15;
export const ACA_SCALE_DOWN_WINDOW = 300;

/** The next replica count in the 1, 4, 8, 16, 32 ... sequence above `current`. */
export function containerAppsNextStep(current: number): number {
  if (current < 1) return 1;
  if (current < 4) return 4;
  let s = 4;
  while (s <= current) s *= 2;
  return s;
}

export class ContainerAppsController implements Controller {
  readonly title = "Azure Container Apps (approximation of the fixed KEDA-based behaviour)";
  readonly approximation = true;
  private nextEval = 0;
  private lastActive = Number.NEGATIVE_INFINITY;
  /** The desired counts of the scale-down window. */
  private readonly recent = new RecentValues();
  private readonly result = stepResultSlot();
  private readonly interval: number;
  private readonly cooldown: number;
  /** Reads the compiled `template.scale` (`deployedContainerApps`). */
  readonly deployedSchedules: DeployedContainerApps["schedules"];
  constructor(private readonly app: DeployedContainerApps) {
    this.deployedSchedules = app.schedules;
    this.interval = app.httpOnly ? ACA_HTTP_INTERVAL : app.pollingInterval;
    this.cooldown = app.cooldownPeriod;
  }
  step(ctx: StepContext): StepResult {
    if (ctx.now < this.nextEval) return reuseResult(this.result, ctx.current, undefined, undefined);
    this.nextEval = ctx.now + this.interval;
    const min = this.app.minReplicas;
    const max = this.app.maxReplicas;
    let desired = 0;
    let active = false;
    for (let i = 0; i < ctx.metrics.length; i++) {
      const m = ctx.metrics[i]!;
      const r = ctx.readings[i];
      if (!r) continue;
      if (r.total > (m.activation ?? 0)) active = true;
      const want = m.targetType === "Utilization" ? Math.ceil((r.perReplica * Math.max(ctx.ready, 1)) / m.target) : Math.ceil(r.total / m.target);
      desired = Math.max(desired, want);
    }
    const schedules = ctx.schedules;
    if (schedules !== undefined) {
      for (const s of schedules) {
        if (!s.inside) continue;
        active = true;
        desired = Math.max(desired, s.replicas);
      }
    }
    if (active) this.lastActive = ctx.now;
    desired = Math.min(max, Math.max(min, desired));
    this.recent.push(ctx.now, desired, ctx.now - ACA_SCALE_DOWN_WINDOW);
    const current = ctx.current;
    if (desired > current) {
      const next = Math.min(desired, containerAppsNextStep(current), max);
      return reuseResult(this.result, next, desired, { replicas: next, reason: "ScaleUp", message: `desired ceil(metric / target) = ${desired}; fixed scale-up step to ${next} (Container Apps, approximation)` });
    }
    if (desired < current) {
      let windowMax = this.recent.max();
      if (windowMax === 0 && min === 0 && ctx.now - this.lastActive < this.cooldown) windowMax = Math.max(1, windowMax);
      if (windowMax < current) {
        const message = `highest desired count in the last ${ACA_SCALE_DOWN_WINDOW}s is ${windowMax}; 100 % scale-down step (Container Apps, approximation)`;
        return reuseResult(this.result, windowMax, desired, { replicas: windowMax, reason: "ScaleDown", message });
      }
    }
    return reuseResult(this.result, current, desired, undefined);
  }
}
