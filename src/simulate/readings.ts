/**
 * The simulation loop's metric state, updated in place once per step (`test/simulate/reference-loop.ts`
 * is the same arithmetic with fresh objects).
 */
import type { SimMetric, WorkloadModel } from "./model";
import type { TraceSample } from "./trace";
import type { Reading } from "./types";
import { WindowMean } from "./window";

/**
 * Per metric: the true per-ready-replica value at this step, the smoothed reading the autoscaler gets
 * (`StepContext.readings`), and prefix sums of the per-replica values (failed reads count as 0 and are
 * counted apart) so that a ready pod's own windowed reading (`podReading`) is O(1).
 */
export class MetricReadings {
  /** Per metric, the smoothed reading at this step (null: failed read); one object per metric, reused. */
  readonly readings: Array<Reading | null>;
  /** Per metric, the true per-ready-replica value at this step (NaN: failed read). */
  readonly perReplica: number[];
  private readonly slots: Reading[];
  /** Receives each metric's instantaneous value (`SimMetric.read`) before it enters the windows. */
  private readonly raw: Reading = { perReplica: 0, total: 0 };
  private readonly windows: WindowMean[];
  private readonly totals: WindowMean[];
  private readonly winSteps: number[];
  private readonly cum: Float64Array[];
  private readonly cumBad: Uint32Array[];
  /** The index of the current step. */
  private k = -1;

  /** `steps`: the most steps the run will take. */
  constructor(private readonly metrics: readonly SimMetric[], private readonly step: number, steps: number) {
    this.winSteps = metrics.map((m) => Math.max(1, Math.round(m.window / step)));
    this.windows = this.winSteps.map((n) => new WindowMean(n));
    this.totals = this.winSteps.map((n) => new WindowMean(n));
    this.cum = metrics.map(() => new Float64Array(steps + 1));
    this.cumBad = metrics.map(() => new Uint32Array(steps + 1));
    this.slots = metrics.map(() => ({ perReplica: 0, total: 0 }));
    this.readings = new Array(metrics.length).fill(null);
    this.perReplica = new Array(metrics.length).fill(Number.NaN); // doubles from the start: one elements kind every run
  }

  /** Read every metric at the next step. */
  update(sample: TraceSample, ready: number, model: WorkloadModel): void {
    const k = ++this.k;
    for (let i = 0; i < this.metrics.length; i++) this.record(i, k, this.metrics[i]!.read(sample, ready, model, this.raw));
  }

  private record(i: number, k: number, r: Reading | null): void {
    const cum = this.cum[i]!;
    const bad = this.cumBad[i]!;
    const value = r === null ? Number.NaN : r.perReplica;
    const finite = Number.isFinite(value);
    this.perReplica[i] = value;
    cum[k + 1] = cum[k]! + (finite ? value : 0);
    bad[k + 1] = bad[k]! + (finite ? 0 : 1);
    const window = this.windows[i]!;
    const total = this.totals[i]!;
    // push both windows every step, whatever the other says
    const hasMean = window.push(r === null ? null : value);
    const hasTotal = total.push(r === null ? null : r.total);
    if (!hasMean || !hasTotal) {
      this.readings[i] = null;
      return;
    }
    const slot = this.slots[i]!;
    slot.perReplica = window.mean;
    slot.total = total.mean;
    this.readings[i] = slot;
  }

  /**
   * A ready replica's own reading of metric `i` at this step (`StepContext.podReading`): the mean of the
   * per-replica values since it became ready (`readyAt`), over at most the metric's window; null when
   * the read fails now or every read in that span failed.
   */
  podReading(i: number, readyAt: number): number | null {
    if (Number.isNaN(this.perReplica[i]!)) return null;
    const k = this.k;
    const first = Math.max(0, Math.ceil((readyAt - 1e-9) / this.step), k - this.winSteps[i]! + 1);
    const from = Math.min(first, k);
    const bad = this.cumBad[i]!;
    const good = k + 1 - from - (bad[k + 1]! - bad[from]!);
    if (good <= 0) return null;
    const cum = this.cum[i]!;
    return (cum[k + 1]! - cum[from]!) / good;
  }

  /** The smoothed per-replica readings at this step, for the timeline. */
  readingValues(): Array<number | null> {
    const out: Array<number | null> = new Array(this.readings.length);
    for (let i = 0; i < out.length; i++) out[i] = this.readings[i] === null ? null : this.readings[i]!.perReplica;
    return out;
  }
}
