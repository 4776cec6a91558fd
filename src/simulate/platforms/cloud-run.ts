/**
 * Google Cloud Run: an APPROXIMATION of the documented autoscaler targets (about-instance-autoscaling):
 * keep average request concurrency at 60 % of `maxInstanceRequestConcurrency` and average CPU at 60 %,
 * both over a 1-minute window, within min..max instances. Scale-from-zero happens on the first request.
 * The concurrency limit, CPU and instance bounds are the compiled ones (`deployedCloudRun`: the revision's
 * `maxInstanceRequestConcurrency`, the container's `resources.limits.cpu`, `scaling.minInstanceCount` /
 * `maxInstanceCount`).
 */
import { CLOUD_RUN_TARGET_UTILIZATION } from "../../targets/cloud-run/compile";
import type { DeployedCloudRun } from "../deployed";
import { reuseResult, stepResultSlot, type Controller, type StepContext, type StepResult } from "../types";
import { RecentValues } from "../window";

export const CLOUD_RUN_TARGET_FRACTION = CLOUD_RUN_TARGET_UTILIZATION;
export const CLOUD_RUN_WINDOW = 60;

export class CloudRunController implements Controller {
  readonly title = "Google Cloud Run (approximation of the documented 60 % concurrency / CPU targets)";
  readonly approximation = true;
  /** The samples of the last minute, one column each. */
  private readonly inFlight = new RecentValues();
  private readonly cpu = new RecentValues();
  private readonly result = stepResultSlot();
  private readonly maxConcurrency: number;
  constructor(private readonly run: DeployedCloudRun) {
    this.maxConcurrency = run.maxInstanceRequestConcurrency;
  }
  step(ctx: StepContext): StepResult {
    const min = this.run.minInstances;
    const max = this.run.maxInstances;
    // Cloud Run measures concurrency and CPU itself, whatever metrics the policy lists.
    const inFlight = ctx.offered.inFlight;
    const cpu = ctx.offered.cpuCores;
    this.inFlight.push(ctx.now, inFlight, ctx.now - CLOUD_RUN_WINDOW);
    this.cpu.push(ctx.now, cpu, ctx.now - CLOUD_RUN_WINDOW);
    const avgInFlight = this.inFlight.sum() / this.inFlight.size;
    const avgCpu = this.cpu.sum() / this.cpu.size;
    const byConcurrency = Math.ceil(avgInFlight / (CLOUD_RUN_TARGET_FRACTION * this.maxConcurrency) - 1e-9);
    const byCpu = Math.ceil(avgCpu / (CLOUD_RUN_TARGET_FRACTION * this.run.cpu) - 1e-9);
    let desired = Math.max(byConcurrency, byCpu);
    if (ctx.current === 0 && inFlight > 0) desired = Math.max(desired, 1);
    desired = Math.min(max, Math.max(min, desired));
    if (desired === ctx.current) return reuseResult(this.result, desired, desired, undefined);
    return reuseResult(this.result, desired, desired, {
      replicas: desired,
      reason: desired > ctx.current ? "ScaleUp" : "ScaleDown",
      message: `1-minute average concurrency ${avgInFlight.toFixed(1)} (target ${CLOUD_RUN_TARGET_FRACTION * 100} % of ${this.maxConcurrency} per instance), CPU ${avgCpu.toFixed(2)} cores (target ${CLOUD_RUN_TARGET_FRACTION * 100} %): ${desired} instances (Cloud Run, approximation)`,
    });
  }
}
