import type { Decision } from "./hpa/normalize";
import type { Cohort } from "./pods";
import type { SimMetric, WorkloadModel } from "./model";
import type { ScheduleState } from "./schedule";

export type SimPlatform = "kubernetes" | "hpa" | "keda" | "ecs" | "container-apps" | "cloud-run";
export const SIM_PLATFORMS: readonly SimPlatform[] = ["kubernetes", "hpa", "keda", "ecs", "container-apps", "cloud-run"];

/** A metric reading handed to a controller: the smoothed per-ready-replica value and service total, or null (read failed). */
export interface Reading {
  perReplica: number;
  total: number;
}

export interface StepContext {
  now: number;
  /** Replicas that exist (spec replicas: Pending + starting + ready). */
  current: number;
  ready: number;
  cohorts: readonly Cohort[];
  metrics: readonly SimMetric[];
  readings: ReadonlyArray<Reading | null>;
  model: WorkloadModel;
  /**
   * A ready replica's own reading of metric `i`: the mean of its per-replica load since it became ready,
   * over at most the metric's window (a per-pod `rate()` only covers the pod's own samples). null = failed read.
   */
  podReading(i: number, readyAt: number): number | null;
  /** What the service is offered right now, whole service: requests/s, requests in flight, CPU cores busy. */
  offered: { rps: number; inFlight: number; cpuCores: number };
  /**
   * The policy's `schedule` metrics and their window state now, when the run has a wall clock
   * (`startTime`) and the policy has `schedule` metrics (`Controller.deployedSchedules`); absent otherwise.
   */
  schedules?: readonly ScheduleState[];
}

export interface StepResult {
  desired: number;
  /** The autoscaler's recommendation before rate limits and bounds, when it computed one this step. */
  recommended?: number;
  decision?: Decision;
}

/**
 * Overwrite a controller's one StepResult and return it: the loop reads a step's result before the next
 * step, so a controller need not allocate one per step.
 */
export function reuseResult(out: StepResult, desired: number, recommended: number | undefined, decision: Decision | undefined): StepResult {
  out.desired = desired;
  out.recommended = recommended;
  out.decision = decision;
  return out;
}

/** A StepResult for `reuseResult`, with every field from the start (one object shape). */
export function stepResultSlot(): StepResult {
  return { desired: 0, recommended: undefined, decision: undefined };
}

export interface Controller {
  /** "Kubernetes HPA", "KEDA (ScaledObject + HPA)", ... */
  title: string;
  /** True when the rules are a documented approximation, not the platform's source code. */
  approximation: boolean;
  /** The schedules as the compiler emitted them (cron triggers / rules), in the order of the policy's `schedule` metrics. */
  readonly deployedSchedules?: ReadonlyArray<{ timezone: string; start: string; end: string; replicas: number }>;
  /** Set when the controller replays schedules of its own that need a wall clock: the warning when there is none. */
  readonly needsWallClock?: string;
  /** Called with the wall-clock instant of t = 0 (ms) and the duration (s) when the run has `startTime`. */
  useWallClock?(startMs: number, duration: number): void;
  step(ctx: StepContext): StepResult;
}

/** One scaling decision, like an HPA event. */
export interface SimDecision extends Decision {
  t: number;
  from: number;
}

export interface TimelinePoint {
  t: number;
  /** Offered load at t (rps). */
  rps: number;
  desired: number;
  current: number;
  ready: number;
  /** Last recommendation before normalization (HPA `metricDesiredReplicas`). */
  recommended?: number;
  /** Per metric (same order as `SimulationResult.metrics`): true per-ready-replica value, and what the autoscaler read (smoothed). */
  perReplica: number[];
  reading: Array<number | null>;
}

export interface SimulationResult {
  service: string;
  platform: SimPlatform;
  controller: string;
  approximation: boolean;
  step: number;
  /** Per metric: label, target, target type, unit and the averaging window of its reading (seconds). */
  metrics: Array<{ label: string; target: number; targetType: string; unit: string; window?: number }>;
  /** The policy's replica bounds (`scaling.replicas`), which every compiler copies. */
  replicas: { min: number; max: number };
  timeline: TimelinePoint[];
  decisions: SimDecision[];
  warnings: string[];
  model: WorkloadModel;
  /** The wall-clock instant of t = 0 (ISO 8601, UTC), when the run had `startTime`. */
  startTime?: string;
}
