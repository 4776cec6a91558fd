/**
 * Kubernetes: the HPA controller (exact algorithm, see ../hpa) and KEDA on top of it.
 */
import type { ScalingPolicy } from "../../types";
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
import {
  DEFAULT_SYNC_PERIOD,
  HpaConditions,
  reconcileAutoscaler,
  reportedDecision,
  recordInitialRecommendation,
  type HpaHistory,
  type MetricProposal,
  type ReconcileInput,
} from "../hpa/normalize";
import { deployedKubernetes, type DeployedFallback, type DeployedHpa, type DeployedKeda } from "../deployed";
import { FastReconcileOutput, MutableHpaHistory, PodScratch, fastExternalReplicas, fastPodMetricReplicas, reconcileAutoscalerInPlace } from "../hpa/fast";
import type { SimMetric } from "../model";
import type { ScheduleState } from "../schedule";
import { podGroups } from "../pods";
import { reuseResult, stepResultSlot, type Controller, type Reading, type StepContext, type StepResult } from "../types";

// The functions every sync calls, bound once: under a CommonJS transpiler (tsx, the bench) an imported
// binding is a getter call per use (about 8 % of the bench's profile).
const podMetricReplicas = fastPodMetricReplicas;
const externalReplicasFast = fastExternalReplicas;
const reconcileInPlace = reconcileAutoscalerInPlace;
const reuse = reuseResult;

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

/** The value the controller read, in the metric's display unit (utilization in percent, else units). */
function display(m: SimMetric, usage: number): number {
  return m.targetType === "Utilization" ? usage : usage / 1000;
}

/**
 * The ScalingActive reason upstream sets when the metric cannot be computed
 * (horizontal.go `computeStatusFor*Metric` -> `getUnableComputeReplicaCountCondition`).
 */
function failedReason(m: SimMetric): string {
  return m.hpaType === "Resource" ? "FailedGetResourceMetric" : m.hpaType === "Pods" ? "FailedGetPodsMetric" : m.hpaType === "Object" ? "FailedGetObjectMetric" : "FailedGetExternalMetric";
}

/** Per metric, the HPA's proposal (upstream `computeReplicasForMetric`) from the readings. */
export function proposeForMetric(m: SimMetric, reading: Reading | null, ctx: StepContext, statusReplicas: number, tolerances: Tolerances): MetricProposal {
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
    // Each ready pod reports its own windowed reading.
    const readyValue = (readyAt: number) => toUsage(ctx.podReading(m.slot ?? m.index, readyAt));
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
    if (reading === null) return { ok: false, error: `unable to get ${m.hpaType.toLowerCase()} metric: no value`, metricName: name, reason: failedReason(m) };
    res = externalReplicas(m, [toMilli(reading.total)], ctx, statusReplicas, tolerances);
  }
  return res.ok ? { ok: true, replicas: res.replicas, metricName: name, current: display(m, res.usage), target: m.target } : { ok: false, error: res.error, metricName: name, reason: failedReason(m) };
}

/** upstream `GetExternalMetricReplicas` (Value) / `GetExternalPerPodMetricReplicas` (AverageValue) over milli-values. */
function externalReplicas(m: SimMetric, values: number[], ctx: StepContext, statusReplicas: number, tolerances: Tolerances): ReplicaResult {
  if (m.targetType === "Value") {
    const pods = podGroups(ctx.cohorts, ctx.now, ctx.model, { readyValue: 0, startingValue: 0, window: 0 });
    return getExternalMetricReplicas(ctx.current, toMilli(m.target), values, pods, tolerances);
  }
  return getExternalPerPodMetricReplicas(statusReplicas, toMilli(m.target), values, tolerances);
}

/** The Kubernetes HPA (`autoscaling/v2`) exactly as compiled: `spec.minReplicas`, `maxReplicas`, `behavior` (or none). */
export class HpaController implements Controller {
  readonly title: string = "Kubernetes HPA (autoscaling/v2, upstream controller algorithm)";
  readonly approximation: boolean = false;
  /** `undefined` until the first sync (upstream's nil `recommendations[key]`, see `recordInitialRecommendation`). */
  protected history: HpaHistory | undefined;
  protected nextSync = 0;
  protected readonly syncPeriod: number;
  protected readonly tolerances: Tolerances;
  protected readonly reference: boolean;
  /** The HPA object's status conditions, kept across syncs as upstream `setCondition` does. */
  protected readonly conditions = new HpaConditions();
  private readonly fastHistory = new MutableHpaHistory();
  private fastStarted = false;
  private readonly scratch = new PodScratch();
  /**
   * Reused by the hot path (read during the sync only): the proposals array, one valid proposal per metric,
   * the reconcile input and output, and the step result.
   */
  protected readonly proposalBuf: MetricProposal[] = [];
  private readonly input: ReconcileInput;
  private readonly fastOut = new FastReconcileOutput();
  protected readonly result = stepResultSlot();
  private readonly okProposals: Array<{ ok: true; replicas: number; metricName: string; current?: number; target?: number }> = [];
  constructor(protected readonly hpa: DeployedHpa, opts: HpaOptions = {}) {
    this.syncPeriod = opts.syncPeriod ?? DEFAULT_SYNC_PERIOD;
    this.tolerances = opts.tolerances ?? hpa.tolerances;
    this.reference = opts.reference ?? false;
    this.input = { currentReplicas: 0, minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas, behavior: hpa.behavior, proposals: this.proposalBuf };
  }
  /**
   * One metric's proposal: the hot path for Resource / Pods metrics and for External / Object metrics with
   * a reading, else (and on any error) `proposeForMetric`. `slot` >= 0: a valid proposal reuses that slot's object.
   */
  protected propose(m: SimMetric, reading: Reading | null, ctx: StepContext, slot = -1): MetricProposal {
    if (this.reference) return proposeForMetric(m, reading, ctx, ctx.current, this.tolerances);
    if (m.hpaType === "Resource" || m.hpaType === "Pods") {
      const replicas = podMetricReplicas(m, ctx.cohorts, ctx.now, ctx.current, ctx.model, ctx.podReading, this.tolerances, this.scratch);
      if (replicas !== null) return this.okProposal(m, replicas, slot);
    } else if (reading !== null) {
      return this.okProposal(m, externalReplicasFast(m, reading.total, ctx.cohorts, ctx.now, ctx.current, ctx.model, this.tolerances, this.scratch), slot);
    }
    return proposeForMetric(m, reading, ctx, ctx.current, this.tolerances);
  }
  /** A valid proposal of `replicas`, with the usage the hot path left in `scratch.current`. */
  private okProposal(m: SimMetric, replicas: number, slot: number): MetricProposal {
    const current = this.scratch.current;
    if (slot < 0) return { ok: true, replicas, metricName: m.hpaName, current, target: m.target };
    const p = (this.okProposals[slot] ??= { ok: true, replicas, metricName: m.hpaName, current, target: m.target });
    p.replicas = replicas;
    p.metricName = m.hpaName;
    p.current = current;
    p.target = m.target;
    return p;
  }
  protected proposals(ctx: StepContext): MetricProposal[] {
    if (this.reference) return this.referenceProposals(ctx);
    const out = this.proposalBuf;
    if (out.length !== ctx.metrics.length) out.length = ctx.metrics.length;
    for (let i = 0; i < ctx.metrics.length; i++) out[i] = this.propose(ctx.metrics[i]!, ctx.readings[i] ?? null, ctx, i);
    return out;
  }
  /** Apart from `proposals`: its closure would make every call allocate a context, reference or not. */
  private referenceProposals(ctx: StepContext): MetricProposal[] {
    return ctx.metrics.map((m, i) => proposeForMetric(m, ctx.readings[i] ?? null, ctx, ctx.current, this.tolerances));
  }
  /** upstream `recordInitialRecommendation`, at the HPA's first sync (whatever the replica count). */
  protected recordInitial(ctx: StepContext): void {
    if (this.reference) this.history = recordInitialRecommendation(this.history, ctx.current, ctx.now);
    else if (!this.fastStarted) {
      this.fastStarted = true;
      this.fastHistory.upWindow.push(ctx.now, ctx.current);
      this.fastHistory.downWindow.push(ctx.now, ctx.current);
    }
  }
  step(ctx: StepContext): StepResult {
    if (ctx.now < this.nextSync) return reuse(this.result, ctx.current, undefined, undefined);
    this.nextSync = ctx.now + this.syncPeriod;
    this.recordInitial(ctx);
    if (this.reference) {
      const input = { currentReplicas: ctx.current, minReplicas: this.hpa.minReplicas, maxReplicas: this.hpa.maxReplicas, behavior: this.hpa.behavior, proposals: this.proposals(ctx) };
      const out = reconcileAutoscaler(input, this.history!, ctx.now);
      this.history = out.history;
      return { desired: out.desiredReplicas, recommended: out.metricDesiredReplicas, decision: reportedDecision(out, this.conditions, input.proposals) };
    }
    const input = this.input;
    input.currentReplicas = ctx.current;
    input.proposals = this.proposals(ctx);
    const fast = reconcileInPlace(input, this.fastHistory, this.conditions, ctx.now, this.fastOut);
    return reuse(this.result, fast.desiredReplicas, fast.metricDesiredReplicas, fast.decision);
  }
}

/**
 * KEDA as compiled (`ScaledObject`): activation / deactivation between 0 and 1 replicas on its polling
 * interval (activation threshold, `cooldownPeriod` since the last active poll), `fallback` once a trigger's
 * failures exceed `failureThreshold`, and the HPA it creates for 1..N with each trigger as an External metric.
 * Modelled on kedacore/keda@8b4f083ca8c8c2baf8477e322bd4d16ac4dfa09a pkg/scaling/executor/scale_scaledobjects.go
 * and pkg/fallback/fallback.go; a model, not a port.
 */
export class KedaController extends HpaController {
  override readonly title: string = "KEDA ScaledObject (activation, cooldown, fallback) + HPA";
  override readonly approximation: boolean = false;
  private nextPoll = 0;
  private lastActive = Number.NEGATIVE_INFINITY;
  private readonly failures = new Map<number, number>();
  /** Per trigger, the metric as the HPA reads it (built once). */
  private readonly externals: SimMetric[] = [];
  readonly deployedSchedules: DeployedKeda["schedules"];
  constructor(hpa: DeployedHpa, private readonly keda: DeployedKeda, opts: HpaOptions = {}) {
    super(hpa, opts);
    this.deployedSchedules = keda.schedules;
  }
  protected override proposals(ctx: StepContext): MetricProposal[] {
    const proposals: MetricProposal[] = this.reference ? [] : this.proposalBuf;
    proposals.length = ctx.metrics.length;
    for (let i = 0; i < ctx.metrics.length; i++) proposals[i] = this.triggerProposal(ctx, i);
    const schedules = ctx.schedules;
    if (schedules === undefined || schedules.length === 0) return proposals;
    // The HPA lists the triggers in the ScaledObject's order (the policy's): interleave the cron triggers.
    const all = ctx.metrics.map((m, i) => ({ index: m.index, p: proposals[i]! }));
    for (const s of schedules) all.push({ index: s.index, p: this.cronProposal(s, ctx) });
    all.sort((a, b) => a.index - b.index);
    return all.map((x) => x.p);
  }
  /** The HPA's proposal for trigger `i` (a policy metric). */
  private triggerProposal(ctx: StepContext, i: number): MetricProposal {
    const m = ctx.metrics[i]!;
    const reading = ctx.readings[i] ?? null;
    const slot = this.reference ? -1 : i;
    // Every KEDA trigger except cpu/memory is an External metric to the HPA, served by KEDA's metrics server.
    if (m.hpaType === "Resource") return this.propose(m, reading, ctx, slot);
    const asExternal = (this.externals[i] ??= this.asExternal(m));
    // pkg/fallback GetMetricsWithFallback: one failure counted per metrics request of the HPA, reset on success.
    const fb = this.keda.fallback;
    const failures = reading === null ? (this.failures.get(i) ?? 0) + 1 : 0;
    if (fb) this.failures.set(i, failures);
    if (reading === null && fb && failures > fb.failureThreshold) return this.fallbackProposal(asExternal, fb, failures, ctx);
    return this.propose(asExternal, reading, ctx, slot);
  }
  /** The metric as the HPA reads the trigger: External, with the trigger's compiled metricType (AverageValue unless Value). */
  private asExternal(m: SimMetric): SimMetric {
    return { ...m, hpaType: "External", targetType: this.keda.metricTypes[m.index] === "Value" ? "Value" : "AverageValue" };
  }
  /**
   * pkg/fallback `doFallback`: KEDA answers the HPA with target x replicas (divided by the ready replicas
   * for a Value target), and the HPA computes its External proposal from that value, tolerance included.
   */
  private fallbackProposal(m: SimMetric, fb: DeployedFallback, failures: number, ctx: StepContext): MetricProposal {
    const current = ctx.current;
    let replicas =
      fb.behavior === "currentReplicas" ? current
      : fb.behavior === "currentReplicasIfHigher" ? Math.max(current, fb.replicas)
      : fb.behavior === "currentReplicasIfLower" ? Math.min(current, fb.replicas)
      : fb.replicas;
    const name = `${m.hpaName} (fallback: ${failures} failed reads > failureThreshold ${fb.failureThreshold})`;
    if (m.targetType === "Value") {
      if (ctx.ready === 0) return { ok: false, error: "error performing fallback", metricName: name, reason: "FailedGetExternalMetric" };
      replicas /= ctx.ready;
    }
    const res = externalReplicas(m, [Math.trunc(m.target * 1000 * replicas)], ctx, ctx.current, this.tolerances);
    return res.ok ? { ok: true, replicas: res.replicas, metricName: name, current: res.usage / 1000, target: m.target } : { ok: false, error: res.error, metricName: name, reason: "FailedGetExternalMetric" };
  }
  /**
   * KEDA's `cron` trigger (keda.sh/docs/latest/scalers/cron: "desiredReplicas - Number of replicas to which
   * the resource has to be scaled between the start and end of the cron schedule"; keda
   * pkg/scalers/cron_scaler.go): an External metric with an AverageValue target of 1 whose value is
   * `desiredReplicas` inside the window and 1 (`defaultDesiredReplicas`) outside, so the HPA proposes
   * `desiredReplicas` in the window and the max over triggers makes it a floor.
   */
  private cronProposal(s: ScheduleState, ctx: StepContext): MetricProposal {
    const value = s.inside ? s.replicas : 1;
    const res = getExternalPerPodMetricReplicas(ctx.current, toMilli(1), [toMilli(value)], this.tolerances);
    return res.ok ? { ok: true, replicas: res.replicas, metricName: s.hpaName, current: res.usage / 1000, target: 1 } : { ok: false, error: res.error, metricName: s.hpaName, reason: "FailedGetExternalMetric" };
  }
  private isActive(ctx: StepContext): boolean {
    // The cron trigger is active inside its window (KEDA cron scaler `IsActive`).
    if (ctx.schedules !== undefined) for (const s of ctx.schedules) if (s.inside) return true;
    for (let i = 0; i < ctx.metrics.length; i++) {
      const m = ctx.metrics[i]!;
      if (m.hpaType === "Resource") continue; // cpu/memory triggers cannot activate from zero
      const r = ctx.readings[i];
      if (r !== null && r !== undefined && r.total > (m.activation ?? 0)) return true;
    }
    return false;
  }
  override step(ctx: StepContext): StepResult {
    // KEDA creates the HPA with the ScaledObject: its first sync records the replica count then (even 0).
    this.recordInitial(ctx);
    if (this.keda.minReplicaCount === 0 && ctx.now >= this.nextPoll) {
      this.nextPoll = ctx.now + this.keda.pollingInterval;
      const active = this.isActive(ctx);
      if (active) this.lastActive = ctx.now;
      if (ctx.current === 0 && active) {
        return { desired: 1, decision: { replicas: 1, reason: "KEDAScaleTargetActivated", message: "Scaled from 0 to 1: a trigger is above its activation threshold" } };
      }
      // scale_scaledobjects.go scaleToZeroOrIdle: never active -> after initialCooldownPeriod from creation (t = 0),
      // else after cooldownPeriod from the last active poll
      const idleSince = this.lastActive === Number.NEGATIVE_INFINITY ? this.keda.initialCooldownPeriod - this.keda.cooldownPeriod : this.lastActive;
      if (ctx.current > 0 && !active && ctx.now - idleSince >= this.keda.cooldownPeriod) {
        return {
          desired: 0,
          decision: { replicas: 0, reason: "KEDAScaleTargetDeactivated", message: `Scaled to 0: no trigger active for cooldownPeriod ${this.keda.cooldownPeriod}s` },
        };
      }
    }
    if (ctx.current === 0) return reuse(this.result, 0, undefined, undefined);
    return super.step(ctx);
  }
}

/** Which engine the Kubernetes compiler picks for the policy (`scaling.kubernetes.engine`, `auto`: its rules). */
export function kubernetesEngine(policy: ScalingPolicy): "hpa" | "keda" {
  return deployedKubernetes(policy).engine;
}
