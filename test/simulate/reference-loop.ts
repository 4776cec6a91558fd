/**
 * Reference implementation of the simulation loop (see `simulateReference`).
 */
import type { ScalingPolicy } from "../../src/policy/policy";
import { checkTraceColumns } from "../../src/simulate/check";
import { DEFAULT_CPU_INITIALIZATION_PERIOD } from "../../src/simulate/hpa/replica-calculator";
import { DEFAULT_MODEL, simMetrics, type WorkloadModel } from "../../src/simulate/model";
import { LONG_AGO, readyCount, scaleTo, settleCohorts, totalCount, type Cohort } from "../../src/simulate/pods";
import { parseStartTime } from "../../src/simulate/schedule";
import { eventSourceColumns } from "../../src/simulate/sources";
import { createController, scheduleSetup, type SimulateOptions } from "../../src/simulate/simulate";
import { TraceCursor, traceEnd, type Trace } from "../../src/simulate/trace";
import type { Controller, Reading, SimDecision, SimulationResult, TimelinePoint } from "../../src/simulate/types";
import { WindowMean } from "../../src/simulate/window";

/**
 * The straightforward simulation loop, kept as the specification of `simulate` (it is the loop as first
 * written): fresh objects every step, and the HPA / KEDA controllers in reference mode, i.e. the pure
 * upstream-named functions (`proposeForMetric` over `podGroups`, `reconcileAutoscaler` with immutable
 * histories) on every sync. `simulate` must return exactly what this returns
 * (test/simulate/equivalence.test.ts); it is not used outside tests.
 */
export function simulateReference(policy: ScalingPolicy, trace: Trace, options: SimulateOptions): SimulationResult {
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
      ? createController(policy, options.platform, options.tolerance, { reference: true })
      : { title: `${scaling.mode} replicas (no autoscaler)`, approximation: false, step: (ctx) => ({ desired: ctx.current }) };
  const clock = scheduleSetup(schedules, controller, startMs, duration);
  if (controller.approximation) warnings.push(`${controller.title}: platform rules are modelled from documentation, not from source; treat timings as estimates`);

  const cursor = new TraceCursor(trace);
  const first = trace[0]!;
  const initial = options.initialReplicas ?? (scaling.replicas.min > 0 ? scaling.replicas.min : (first.rps ?? 0) > 0 || (first.queue ?? 0) > 0 ? 1 : 0);
  let cohorts: Cohort[] = initial > 0 ? [{ count: initial, createdAt: LONG_AGO }] : [];
  const windows = metrics.map((m) => new WindowMean(Math.max(1, Math.round(m.window / step))));
  const totals = metrics.map((m) => new WindowMean(Math.max(1, Math.round(m.window / step))));
  const timeline: TimelinePoint[] = [];
  const decisions: SimDecision[] = [];
  const record = options.recordTimeline ?? true;
  const readings: Array<Reading | null> = new Array(metrics.length).fill(null);
  // Prefix sums of each metric's true per-replica value (failed reads count as 0 and are counted apart),
  // so a pod's own windowed reading since it became ready is O(1).
  const nSteps = Math.floor(duration / step + 1e-9) + 2;
  const cum = metrics.map(() => new Float64Array(nSteps + 1));
  const cumBad = metrics.map(() => new Uint32Array(nSteps + 1));
  const winSteps = metrics.map((m) => Math.max(1, Math.round(m.window / step)));
  let k = 0;
  let nowT = 0;
  const settled = Math.max(DEFAULT_CPU_INITIALIZATION_PERIOD, ...metrics.map((m) => m.window)) + step;
  const podReading = (i: number, readyAt: number): number | null => {
    if (Number.isNaN(perReplica[i]!)) return null;
    const first = Math.max(0, Math.ceil((readyAt - 1e-9) / step), k - winSteps[i]! + 1);
    const from = Math.min(first, k);
    const good = k + 1 - from - (cumBad[i]![k + 1]! - cumBad[i]![from]!);
    if (good <= 0) return null;
    return (cum[i]![k + 1]! - cum[i]![from]!) / good;
  };
  void nowT;
  const perReplica: number[] = new Array(metrics.length).fill(0);

  for (let now = 0; now <= duration + 1e-9; now += step) {
    const sample = cursor.at(now);
    const current = totalCount(cohorts);
    const ready = readyCount(cohorts, now, model);
    for (let i = 0; i < metrics.length; i++) {
      const m = metrics[i]!;
      const r = m.read(sample, ready, model, { perReplica: 0, total: 0 });
      perReplica[i] = r === null ? Number.NaN : r.perReplica;
      const finite = r !== null && Number.isFinite(r.perReplica);
      cum[i]![k + 1] = cum[i]![k]! + (finite ? r.perReplica : 0);
      cumBad[i]![k + 1] = cumBad[i]![k]! + (finite ? 0 : 1);
      const hasMean = windows[i]!.push(r === null ? null : r.perReplica);
      const hasTotal = totals[i]!.push(r === null ? null : r.total);
      readings[i] = hasMean && hasTotal ? { perReplica: windows[i]!.mean, total: totals[i]!.mean } : null;
    }
    const rps = sample.rps ?? 0;
    const inFlight = sample.inFlight ?? rps * model.latencySeconds;
    const out = controller.step({
      now,
      current,
      ready,
      cohorts,
      metrics,
      readings,
      model,
      podReading,
      offered: { rps, inFlight, cpuCores: rps * (sample.cpuPerRequest ?? model.cpuPerRequest) + ready * model.idleCpu },
      // fresh schedule states every step
      ...(clock !== undefined ? { schedules: clock.at(now) } : {}),
    });
    const desired = Math.max(0, Math.round(out.desired));
    if (out.decision) decisions.push({ t: now, from: current, ...out.decision });
    if (desired !== current) cohorts = scaleTo(cohorts, desired, now);
    if (cohorts.length > 1) cohorts = settleCohorts(cohorts, now, model, settled);
    if (record) {
      timeline.push({
        t: now,
        rps,
        desired,
        current,
        ready,
        recommended: out.recommended,
        perReplica: perReplica.slice(),
        reading: readings.map((r) => (r === null ? null : r.perReplica)),
      });
    }
    k++;
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
