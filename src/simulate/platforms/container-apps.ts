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
import type { Controller, StepContext, StepResult } from "../types";

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
  private readonly recent: Array<{ t: number; desired: number }> = [];
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
    if (ctx.now < this.nextEval) return { desired: ctx.current };
    this.nextEval = ctx.now + this.interval;
    const min = this.app.minReplicas;
    const max = this.app.maxReplicas;
    let desired = 0;
    let active = false;
    ctx.metrics.forEach((m, i) => {
      const r = ctx.readings[i];
      if (!r) return;
      if (r.total > (m.activation ?? 0)) active = true;
      const want = m.targetType === "Utilization" ? Math.ceil((r.perReplica * Math.max(ctx.ready, 1)) / m.target) : Math.ceil(r.total / m.target);
      desired = Math.max(desired, want);
    });
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
    this.recent.push({ t: ctx.now, desired });
    while (this.recent.length > 0 && this.recent[0]!.t <= ctx.now - ACA_SCALE_DOWN_WINDOW) this.recent.shift();
    const current = ctx.current;
    if (desired > current) {
      const next = Math.min(desired, containerAppsNextStep(current), max);
      return { desired: next, recommended: desired, decision: { replicas: next, reason: "ScaleUp", message: `desired ceil(metric / target) = ${desired}; fixed scale-up step to ${next} (Container Apps, approximation)` } };
    }
    if (desired < current) {
      let windowMax = Math.max(...this.recent.map((r) => r.desired));
      if (windowMax === 0 && min === 0 && ctx.now - this.lastActive < this.cooldown) windowMax = Math.max(1, windowMax);
      if (windowMax < current) {
        return {
          desired: windowMax,
          recommended: desired,
          decision: { replicas: windowMax, reason: "ScaleDown", message: `highest desired count in the last ${ACA_SCALE_DOWN_WINDOW}s is ${windowMax}; 100 % scale-down step (Container Apps, approximation)` },
        };
      }
    }
    return { desired: current, recommended: desired };
  }
}
