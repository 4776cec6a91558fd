/**
 * Kubernetes: the HPA controller (exact algorithm, see ../hpa) and KEDA on top of it.
 */
import type { ScalingPolicy } from "../../types";
import { hpaBehavior } from "../../targets/kubernetes/behavior";
import {
  DEFAULT_TOLERANCES,
  calcPlainMetricReplicas,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getResourceReplicas,
  toMilli,
  type ReplicaResult,
  type Tolerances,
} from "../hpa/replica-calculator";
import { DEFAULT_SYNC_PERIOD, EMPTY_HISTORY, reconcileAutoscaler, type HpaHistory, type MetricProposal } from "../hpa/normalize";
import { MutableHpaHistory, PodScratch, fastPodMetricReplicas, reconcileAutoscalerInPlace } from "../hpa/fast";
import type { SimMetric } from "../model";
import type { ScheduleState } from "../schedule";
import { podGroups } from "../pods";
import type { Controller, Reading, StepContext, StepResult } from "../types";

export interface HpaOptions {
  syncPeriod?: number;
  tolerances?: Tolerances;
  /**
   * Reference mode: every sync calls the pure upstream-named functions (`proposeForMetric` over
   * `podGroups`, `reconcileAutoscaler` with immutable histories). Default false: the in-place hot path
   * of ../hpa/fast.ts, which must give identical results (test/simulate/equivalence.test.ts).
   */
  reference?: boolean;
}

/** Per metric, the HPA's proposal (upstream `computeReplicasForMetric`) from the readings. */
export function proposeForMetric(m: SimMetric, reading: Reading | null, ctx: StepContext, statusReplicas: number, tolerances: Tolerances, metricFailure?: (m: SimMetric) => Reading | null): MetricProposal {
  const r = metricFailure ? metricFailure(m) : reading;
  const name = m.hpaName;
  let res: ReplicaResult;
  if (m.hpaType === "Resource" || m.hpaType === "Pods") {
    // Utilization readings are percent of the request; the controller wants usage (milli-units) and requests.
    const requestUnits = m.resource === "cpu" ? ctx.model.cpuRequest : m.resource === "memory" ? ctx.model.memoryRequest : 1;
    const toUsage = (perReplica: number | null) => {
      if (perReplica === null) return undefined;
      const usage = m.targetType === "Utilization" ? (perReplica / 100) * requestUnits : perReplica;
      return Number.isFinite(usage) ? toMilli(usage) : undefined;
    };
    // Each ready pod reports its own windowed reading (a fallback override applies to all pods alike).
    const readyValue = metricFailure ? toUsage(r === null ? null : r.perReplica) : (readyAt: number) => toUsage(ctx.podReading(m.slot ?? m.index, readyAt));
    // A starting replica burns idle CPU / holds idle memory; a starting app serves no custom metric yet.
    const startingValue =
      m.resource === "cpu" ? toMilli(ctx.model.idleCpu) : m.resource === "memory" ? toMilli(ctx.model.idleMemory) : undefined;
    const request = m.resource === "cpu" ? toMilli(ctx.model.cpuRequest) : m.resource === "memory" ? toMilli(ctx.model.memoryRequest) : undefined;
    const pods = podGroups(ctx.cohorts, ctx.now, ctx.model, { readyValue, startingValue, request, window: m.window || DEFAULT_SYNC_PERIOD });
    if (m.hpaType === "Resource" && m.targetType === "Utilization") {
      res = getResourceReplicas(ctx.current, m.target, m.resource!, pods, ctx.now, { tolerances });
    } else {
      res = calcPlainMetricReplicas(ctx.current, toMilli(m.target), m.hpaType === "Resource" ? m.resource! : "", pods, ctx.now, { tolerances });
    }
  } else {
    if (r === null) return { ok: false, error: `unable to get ${m.hpaType.toLowerCase()} metric: no value`, metricName: name };
    if (m.targetType === "Value") {
      const pods = podGroups(ctx.cohorts, ctx.now, ctx.model, { readyValue: 0, startingValue: 0, window: 0 });
      res = getExternalMetricReplicas(ctx.current, toMilli(m.target), [toMilli(r.total)], pods, tolerances);
    } else {
      res = getExternalPerPodMetricReplicas(statusReplicas, toMilli(m.target), [toMilli(r.total)], tolerances);
    }
  }
  return res.ok ? { ok: true, replicas: res.replicas, metricName: name } : { ok: false, error: res.error, metricName: name };
}

/** The Kubernetes HPA (`autoscaling/v2`), with the complete behavior `hpaBehavior(scaling)` compiles. */
export class HpaController implements Controller {
  readonly title: string = "Kubernetes HPA (autoscaling/v2, upstream controller algorithm)";
  readonly approximation: boolean = false;
  protected history: HpaHistory = EMPTY_HISTORY;
  protected nextSync = 0;
  protected readonly syncPeriod: number;
  protected readonly tolerances: Tolerances;
  protected readonly behavior;
  protected readonly reference: boolean;
  private readonly fastHistory = new MutableHpaHistory();
  private readonly scratch = new PodScratch();
  /** Reused by the hot path: the proposals array and one valid proposal per metric (read during the sync only). */
  private readonly proposalBuf: MetricProposal[] = [];
  private readonly result: StepResult = { desired: 0 };
  private readonly okProposals: Array<{ ok: true; replicas: number; metricName: string }> = [];
  constructor(protected readonly policy: ScalingPolicy, opts: HpaOptions = {}) {
    this.syncPeriod = opts.syncPeriod ?? DEFAULT_SYNC_PERIOD;
    this.tolerances = opts.tolerances ?? DEFAULT_TOLERANCES;
    this.behavior = hpaBehavior(policy.scaling!);
    this.reference = opts.reference ?? false;
  }
  /** One metric's proposal: the hot path for Resource / Pods metrics, else (and on any error) `proposeForMetric`. */
  protected propose(m: SimMetric, reading: Reading | null, ctx: StepContext, slot = -1): MetricProposal {
    if (!this.reference && (m.hpaType === "Resource" || m.hpaType === "Pods")) {
      const replicas = fastPodMetricReplicas(m, ctx.cohorts, ctx.now, ctx.current, ctx.model, ctx.podReading, this.tolerances, this.scratch);
      if (replicas !== null) {
        if (slot < 0) return { ok: true, replicas, metricName: m.hpaName };
        const p = (this.okProposals[slot] ??= { ok: true, replicas, metricName: m.hpaName });
        p.replicas = replicas;
        p.metricName = m.hpaName;
        return p;
      }
    }
    return proposeForMetric(m, reading, ctx, ctx.current, this.tolerances);
  }
  protected minReplicas(): number {
    return Math.max(1, this.policy.scaling!.replicas.min);
  }
  protected proposals(ctx: StepContext): MetricProposal[] {
    if (this.reference) return ctx.metrics.map((m, i) => proposeForMetric(m, ctx.readings[i] ?? null, ctx, ctx.current, this.tolerances));
    const out = this.proposalBuf;
    if (out.length !== ctx.metrics.length) out.length = ctx.metrics.length;
    for (let i = 0; i < ctx.metrics.length; i++) out[i] = this.propose(ctx.metrics[i]!, ctx.readings[i] ?? null, ctx, i);
    return out;
  }
  step(ctx: StepContext): StepResult {
    if (ctx.now < this.nextSync) return { desired: ctx.current };
    this.nextSync = ctx.now + this.syncPeriod;
    if (!this.reference) {
      const fast = reconcileAutoscalerInPlace(
        { currentReplicas: ctx.current, minReplicas: this.minReplicas(), maxReplicas: this.policy.scaling!.replicas.max, behavior: this.behavior, proposals: this.proposals(ctx) },
        this.fastHistory,
        ctx.now,
      );
      // one result object, reused: the simulation loop reads it before the next step
      const res = this.result;
      res.desired = fast.desiredReplicas;
      res.recommended = fast.metricDesiredReplicas;
      res.decision = fast.decision;
      return res;
    }
    const out = reconcileAutoscaler(
      { currentReplicas: ctx.current, minReplicas: this.minReplicas(), maxReplicas: this.policy.scaling!.replicas.max, behavior: this.behavior, proposals: this.proposals(ctx) },
      this.history,
      ctx.now,
    );
    this.history = out.history;
    return { desired: out.desiredReplicas, recommended: out.metricDesiredReplicas, decision: out.rescale || out.decision.reason === "FailedComputeMetricsReplicas" ? out.decision : undefined };
  }
}

/** KEDA defaults (ScaledObject spec v2.18). */
export const KEDA_DEFAULT_POLLING_INTERVAL = 30;
export const KEDA_DEFAULT_COOLDOWN_PERIOD = 300;

/**
 * KEDA: activation / deactivation between 0 and 1 replicas on its own polling interval (activation
 * threshold, `cooldownPeriod` since the last active poll), `fallback` after `failureThreshold` failed
 * reads, and the HPA it creates for 1..N with each trigger as an External `AverageValue` metric.
 * Modelled on keda `pkg/scaling/executor/scale_scaledobjects.go` and `pkg/fallback`; a model, not a port.
 */
export class KedaController extends HpaController {
  override readonly title: string = "KEDA ScaledObject (activation, cooldown, fallback) + HPA";
  override readonly approximation: boolean = false;
  /** KEDA `cron` triggers (`schedule` metrics) are replayed. */
  readonly schedules: boolean = true;
  private nextPoll = 0;
  private lastActive = Number.NEGATIVE_INFINITY;
  private readonly failures = new Map<number, number>();
  private readonly pollingInterval: number;
  private readonly cooldownPeriod: number;
  constructor(policy: ScalingPolicy, opts: HpaOptions & { pollingInterval?: number; cooldownPeriod?: number } = {}) {
    super(policy, opts);
    this.pollingInterval = opts.pollingInterval ?? policy.scaling!.kubernetes?.pollingInterval ?? KEDA_DEFAULT_POLLING_INTERVAL;
    this.cooldownPeriod = opts.cooldownPeriod ?? policy.scaling!.kubernetes?.cooldownPeriod ?? KEDA_DEFAULT_COOLDOWN_PERIOD;
  }
  /** KEDA's HPA has minReplicas = max(minReplicaCount, 1). */
  protected override minReplicas(): number {
    return Math.max(1, this.policy.scaling!.replicas.min);
  }
  private fallback(): { replicas: number; failureThreshold: number; behavior: "static" | "currentReplicasIfHigher" } | undefined {
    const mm = this.policy.scaling!.missingMetrics;
    if (mm === undefined || mm === "hold") return undefined;
    if (mm === "scaleUp") return { replicas: this.policy.scaling!.replicas.max, failureThreshold: 3, behavior: "currentReplicasIfHigher" };
    return { replicas: mm.replicas, failureThreshold: mm.failureThreshold, behavior: "static" };
  }
  protected override proposals(ctx: StepContext): MetricProposal[] {
    const fb = this.fallback();
    const proposals = ctx.metrics.map((m, i): MetricProposal => {
      const reading = ctx.readings[i] ?? null;
      // KEDA counts consecutive failed reads per trigger; `fallback` does not apply to cpu/memory triggers.
      if (m.hpaType !== "Resource") {
        const failures = reading === null ? (this.failures.get(i) ?? 0) + 1 : 0;
        this.failures.set(i, failures);
        if (reading === null && fb && failures >= fb.failureThreshold) {
          const replicas = fb.behavior === "currentReplicasIfHigher" ? Math.max(ctx.current, fb.replicas) : fb.replicas;
          return { ok: true, replicas, metricName: `${m.hpaName} (fallback after ${failures} failed reads)` };
        }
      }
      // Every KEDA trigger except cpu/memory is an External metric to the HPA (AverageValue unless Value).
      const asExternal: SimMetric = m.hpaType === "Resource" ? m : { ...m, hpaType: "External" };
      return this.propose(asExternal, reading, ctx);
    });
    const schedules = ctx.schedules;
    if (schedules === undefined || schedules.length === 0) return proposals;
    // The HPA lists the triggers in the ScaledObject's order (the policy's): interleave the cron triggers.
    const all = ctx.metrics.map((m, i) => ({ index: m.index, p: proposals[i]! }));
    for (const s of schedules) all.push({ index: s.index, p: this.cronProposal(s, ctx) });
    all.sort((a, b) => a.index - b.index);
    return all.map((x) => x.p);
  }
  /**
   * KEDA's `cron` trigger (keda.sh/docs/latest/scalers/cron: "desiredReplicas - Number of replicas to which
   * the resource has to be scaled between the start and end of the cron schedule"; keda
   * pkg/scalers/cron_scaler.go): an External metric with an AverageValue target of 1 whose value is
   * `desiredReplicas` inside the window and 1 (`defaultDesiredReplicas`) outside, so the HPA proposes
   * `desiredReplicas` in the window and the max over triggers makes it a floor.
   */
  private cronProposal(s: ScheduleState, ctx: StepContext): MetricProposal {
    const res = getExternalPerPodMetricReplicas(ctx.current, toMilli(1), [toMilli(s.inside ? s.replicas : 1)], this.tolerances);
    return res.ok ? { ok: true, replicas: res.replicas, metricName: s.hpaName } : { ok: false, error: res.error, metricName: s.hpaName };
  }
  private isActive(ctx: StepContext): boolean {
    // The cron trigger is active inside its window (KEDA cron scaler `IsActive`).
    if (ctx.schedules !== undefined && ctx.schedules.some((s) => s.inside)) return true;
    return ctx.metrics.some((m, i) => {
      if (m.hpaType === "Resource") return false; // cpu/memory triggers cannot activate from zero
      const r = ctx.readings[i];
      return r !== null && r !== undefined && r.total > (m.activation ?? 0);
    });
  }
  override step(ctx: StepContext): StepResult {
    const min = this.policy.scaling!.replicas.min;
    if (min === 0 && ctx.now >= this.nextPoll) {
      this.nextPoll = ctx.now + this.pollingInterval;
      const active = this.isActive(ctx);
      if (active) this.lastActive = ctx.now;
      if (ctx.current === 0 && active) {
        return { desired: 1, decision: { replicas: 1, reason: "KEDAScaleTargetActivated", message: "Scaled from 0 to 1: a trigger is above its activation threshold" } };
      }
      if (ctx.current > 0 && !active && ctx.now - this.lastActive >= this.cooldownPeriod) {
        return {
          desired: 0,
          decision: { replicas: 0, reason: "KEDAScaleTargetDeactivated", message: `Scaled to 0: no trigger active for cooldownPeriod ${this.cooldownPeriod}s` },
        };
      }
    }
    if (ctx.current === 0) return { desired: 0 };
    return super.step(ctx);
  }
}

/** Which engine `scaling.kubernetes.engine: auto` picks: the HPA when every metric is HPA-native and min >= 1, else KEDA. */
export function kubernetesEngine(policy: ScalingPolicy): "hpa" | "keda" {
  const s = policy.scaling!;
  const requested = s.kubernetes?.engine ?? "auto";
  if (requested !== "auto") return requested;
  if (s.replicas.min === 0 || (s.missingMetrics !== undefined && s.missingMetrics !== "hold")) return "keda";
  const hpaNative = s.metrics.every((m) => {
    switch (m.kind) {
      case "cpu":
      case "memory":
      case "pods":
      case "external":
      case "object":
        return true;
      case "requestRate":
        return m.from.prometheus?.series !== undefined;
      case "inFlight":
        return m.from?.prometheus?.series !== undefined;
      default:
        return false;
    }
  });
  return hpaNative ? "hpa" : "keda";
}
