/**
 * The what-if simulator: replay a load trace through a platform's decision rules and return the
 * timeline (desired, current and ready replicas; per-replica metric values against targets) and every
 * scaling decision with its reason. Pure: no clock, no I/O.
 */
import type { ScalingPolicy } from "../types";
import type { Tolerances } from "./hpa/replica-calculator";
import { DEFAULT_MODEL, simMetrics, type WorkloadModel } from "./model";
import { ScheduleClock, parseStartTime, simSchedule, type ScheduleState, type SimSchedule } from "./schedule";
import { DEFAULT_CPU_INITIALIZATION_PERIOD } from "./hpa/replica-calculator";
import { LONG_AGO, scaleTo, settleCohorts, type Cohort } from "./pods";
import { checkCompiles, checkTraceColumns } from "./check";
import { CloudRunController } from "./platforms/cloud-run";
import { ContainerAppsController } from "./platforms/container-apps";
import { EcsController } from "./platforms/ecs";
import { HpaController, KedaController } from "./platforms/kubernetes";
import { deployedCloudRun, deployedContainerApps, deployedEcs, deployedKubernetes } from "./deployed";
import { TraceCursor, traceEnd, type Trace } from "./trace";
import { MetricReadings } from "./readings";
import { eventSourceColumns } from "./sources";
import { SIM_PLATFORMS, type Controller, type SimDecision, type SimPlatform, type SimulationResult, type StepContext, type TimelinePoint } from "./types";

export interface SimulateOptions {
  platform: SimPlatform;
  /** Workload model overrides (start-up delay, CPU per request, ...). */
  model?: Partial<WorkloadModel>;
  /** Simulation step in seconds. Default 15 (the HPA sync period); use 5 for finer Cloud Run replays. */
  step?: number;
  /** Replicas at t = 0 (all ready). Default `replicas.min` (1 if min is 0 and the trace starts with load). */
  initialReplicas?: number;
  /** Seconds to simulate. Default: the trace's last sample time. */
  duration?: number;
  /** HPA tolerance (both directions); default 0.1. */
  tolerance?: number | Tolerances;
  /** Keep the per-step timeline (default true; the benchmark turns it off to measure the controller alone). */
  recordTimeline?: boolean;
  /**
   * The wall-clock instant of t = 0, an ISO 8601 instant with a zone ("2026-11-27T17:00:00Z"). With it,
   * `schedule` metrics are replayed (KEDA / Container Apps cron trigger, ECS scheduled actions); without
   * it they are skipped with a warning.
   */
  startTime?: string | Date;
}

/**
 * Wall-clock set-up shared by `simulate` and the reference loop: the precomputed window states of the
 * schedules the controller replays (the compiled cron triggers / rules / scheduled actions). Nothing is
 * computed without schedules or without a wall clock.
 */
export function scheduleSetup(policySchedules: readonly SimSchedule[], controller: Controller, startMs: number | undefined, duration: number): ScheduleClock | undefined {
  if (startMs !== undefined) controller.useWallClock?.(startMs, duration);
  if (policySchedules.length === 0 || startMs === undefined) return undefined;
  return new ScheduleClock(deployedSchedules(policySchedules, controller), startMs, duration);
}

/**
 * The schedules the controller replays: the compiled ones (`Controller.deployedSchedules`, in the order of
 * the policy's `schedule` metrics). Every platform that compiles a `schedule` metric replays it.
 */
function deployedSchedules(policySchedules: readonly SimSchedule[], controller: Controller): readonly SimSchedule[] {
  const deployed = controller.deployedSchedules ?? [];
  if (deployed.length !== policySchedules.length) {
    throw new Error(`${controller.title}: the compiled output has ${deployed.length} schedule(s) for ${policySchedules.length} schedule metric(s)`);
  }
  return policySchedules.map((s, k) => simSchedule({ kind: "schedule", ...deployed[k]! }, s.index));
}

/**
 * The platform's controller, configured with what the compiler emits for the policy on that platform
 * (`deployed`); throws the compiler's PolicyError when the platform refuses the policy.
 */
export function createController(
  policy: ScalingPolicy,
  platform: SimPlatform,
  tolerance?: number | Tolerances,
  opts: { reference?: boolean } = {},
): Controller {
  const t = tolerance === undefined ? undefined : typeof tolerance === "number" ? { scaleUp: tolerance, scaleDown: tolerance } : tolerance;
  const hpaOpts = { tolerances: t, reference: opts.reference };
  switch (platform) {
    case "kubernetes":
    case "hpa":
    case "keda": {
      const k = deployedKubernetes(policy, platform === "kubernetes" ? undefined : platform);
      return k.engine === "hpa" ? new HpaController(k.hpa, hpaOpts) : new KedaController(k.hpa, k.keda, hpaOpts);
    }
    case "ecs":
      return new EcsController(deployedEcs(policy));
    case "container-apps":
      return new ContainerAppsController(deployedContainerApps(policy));
    case "cloud-run":
      return new CloudRunController(deployedCloudRun(policy));
    default:
      throw new Error(`unknown platform ${JSON.stringify(platform)}; one of ${SIM_PLATFORMS.join(", ")}`);
  }
}

/**
 * Simulate one policy under one trace on one platform, as `polyscale simulate` does: the policy must first
 * compile for the platform as `polyscale render` would compile it (`hpa` / `keda`: the Kubernetes target
 * with that engine); otherwise this throws the compiler's PolicyError (every issue, path and message).
 * The CLI and `polyscale/testing` use this.
 */
export function simulatePolicy(policy: ScalingPolicy, trace: Trace, options: SimulateOptions): SimulationResult {
  checkCompiles(policy, options.platform);
  return simulate(policy, trace, options);
}

/**
 * Simulate one policy under one trace on one platform: the simulation engine. The platform's controller
 * replays the settings the compiler emits for the policy (`deployed`), so a policy the platform refuses
 * throws the compiler's PolicyError (an autoscaler that cannot be deployed has nothing to replay). It also
 * throws a PolicyError when the trace lacks a column a metric reads.
 */
export function simulate(policy: ScalingPolicy, trace: Trace, options: SimulateOptions): SimulationResult {
  const scaling = policy.scaling;
  if (!scaling) throw new Error(`service ${JSON.stringify(policy.service)} has no \`scaling\` (horizontal); nothing to simulate`);
  if (trace.length === 0) throw new Error("the trace has no samples");
  const model: WorkloadModel = { ...DEFAULT_MODEL, ...options.model };
  const step = options.step ?? 15;
  if (!(step > 0)) throw new Error(`step must be > 0 seconds, got ${step}`);
  const duration = options.duration ?? traceEnd(trace);
  checkTraceColumns(policy, trace, options.platform);
  const startMs = options.startTime === undefined ? undefined : parseStartTime(options.startTime);
  const sourceColumns = eventSourceColumns(policy, options.platform);
  const { metrics, skipped, schedules } = simMetrics(scaling.metrics, model, { wallClock: startMs !== undefined, sourceColumns });
  const warnings = [...skipped];
  const controller: Controller =
    scaling.mode === "autoscale"
      ? createController(policy, options.platform, options.tolerance)
      : { title: `${scaling.mode} replicas (no autoscaler)`, approximation: false, step: (ctx) => ({ desired: ctx.current }) };
  const clock = scheduleSetup(schedules, controller, startMs, duration);
  if (startMs === undefined && controller.needsWallClock !== undefined) warnings.push(controller.needsWallClock);
  if (controller.approximation) warnings.push(`${controller.title}: platform rules are modelled from documentation, not from source; treat timings as estimates`);

  const cursor = new TraceCursor(trace);
  const first = trace[0]!;
  const initial = options.initialReplicas ?? (scaling.replicas.min > 0 ? scaling.replicas.min : (first.rps ?? 0) > 0 || (first.queue ?? 0) > 0 ? 1 : 0);
  let cohorts: Cohort[] = initial > 0 ? [{ count: initial, createdAt: LONG_AGO }] : [];
  const timeline: TimelinePoint[] = [];
  const decisions: SimDecision[] = [];
  const record = options.recordTimeline ?? true;
  const readyAfter = model.pendingSeconds + model.startupSeconds;
  const settled = Math.max(DEFAULT_CPU_INITIALIZATION_PERIOD, ...metrics.map((m) => m.window)) + step;
  // One context, one `offered` and one Reading per metric, updated in place every step: controllers read
  // them during `step` and keep nothing (the reference loop allocates them afresh; results are identical).
  const readings = new MetricReadings(metrics, step, Math.floor(duration / step + 1e-9) + 2);
  const podReading = (i: number, readyAt: number): number | null => readings.podReading(i, readyAt);
  const offered = { rps: 0, inFlight: 0, cpuCores: 0 };
  const ctx: StepContext = { now: 0, current: 0, ready: 0, cohorts, metrics, readings: readings.readings, model, podReading, offered };
  // Schedules: one state object per schedule, updated in place from the precomputed minutes.
  let scheduleStates: ScheduleState[] = [];
  if (clock !== undefined) {
    scheduleStates = clock.at(0);
    ctx.schedules = scheduleStates;
  }

  for (let now = 0; now <= duration + 1e-9; now += step) {
    const sample = cursor.at(now);
    // totalCount(cohorts) and readyCount(cohorts, now, model), inline
    let current = 0;
    let ready = 0;
    for (let c = 0; c < cohorts.length; c++) {
      const co = cohorts[c]!;
      current += co.count;
      if (now >= co.createdAt + readyAfter) ready += co.count;
    }
    readings.update(sample, ready, model);
    const rps = sample.rps ?? 0;
    offered.rps = rps;
    offered.inFlight = sample.inFlight ?? rps * model.latencySeconds;
    offered.cpuCores = rps * (sample.cpuPerRequest ?? model.cpuPerRequest) + ready * model.idleCpu;
    ctx.now = now;
    ctx.current = current;
    ctx.ready = ready;
    ctx.cohorts = cohorts;
    if (clock !== undefined) clock.update(scheduleStates, now);
    const out = controller.step(ctx);
    const desired = Math.max(0, Math.round(out.desired));
    if (out.decision) decisions.push({ t: now, from: current, ...out.decision });
    if (desired !== current) cohorts = scaleTo(cohorts, desired, now);
    if (cohorts.length > 1) cohorts = settleCohorts(cohorts, now, model, settled);
    if (record) timeline.push({ t: now, rps, desired, current, ready, recommended: out.recommended, perReplica: readings.perReplica.slice(), reading: readings.readingValues() });
  }
  return {
    service: policy.service,
    platform: options.platform,
    controller: controller.title,
    approximation: controller.approximation,
    step,
    metrics: metrics.map((m) => ({ label: m.label, target: m.target, targetType: m.targetType, unit: m.unit, window: m.window })),
    replicas: { min: scaling.replicas.min, max: scaling.replicas.max },
    timeline,
    decisions,
    warnings,
    model,
    ...(startMs !== undefined ? { startTime: new Date(startMs).toISOString() } : {}),
  };
}
