/** Metric smoothing shared by the optimised loop (`readings.ts`) and the reference loop (`test/simulate/reference-loop.ts`). */

/** A ring buffer mean over the last `n` values (null = failed read: the window has no mean until it passes). */
export class WindowMean {
  private readonly buf: Float64Array;
  private readonly bad: Uint8Array;
  private i = 0;
  private filled = 0;
  private sum = 0;
  private badCount = 0;
  /**
   * The reading after the last `push` that returned true: the window's mean, or the pushed value itself
   * when it was not finite. A field, not a return value, so that a push allocates no number.
   */
  mean = Number.NaN;
  constructor(private readonly n: number) {
    this.buf = new Float64Array(Math.max(1, n));
    this.bad = new Uint8Array(Math.max(1, n));
  }
  /** Add `v`; false when there is no reading: `v` is null, or the window holds only failed reads. */
  push(v: number | null): boolean {
    const size = this.buf.length;
    if (this.filled === size) {
      if (this.bad[this.i]) this.badCount--;
      else this.sum -= this.buf[this.i]!;
    } else this.filled++;
    if (v === null || !Number.isFinite(v)) {
      this.bad[this.i] = 1;
      this.buf[this.i] = 0;
      this.badCount++;
    } else {
      this.bad[this.i] = 0;
      this.buf[this.i] = v;
      this.sum += v;
    }
    this.i = this.i + 1 === size ? 0 : this.i + 1;
    if (v === null) return false;
    if (!Number.isFinite(v)) {
      this.mean = v;
      return true;
    }
    const good = this.filled - this.badCount;
    if (good === 0) return false;
    this.mean = this.sum / good;
    return true;
  }
}

/**
 * Timestamped values, oldest first, in a ring of two Float64Array columns (capacity a power of two,
 * doubled when full): a deque that allocates only when it outgrows its capacity, never per sample.
 */
export class TimedRing {
  private t = new Float64Array(16);
  private v = new Float64Array(16);
  private start = 0;
  size = 0;
  /** The time of the `k`-th oldest entry. */
  time(k: number): number {
    return this.t[(this.start + k) & (this.t.length - 1)]!;
  }
  /** The value of the `k`-th oldest entry. */
  value(k: number): number {
    return this.v[(this.start + k) & (this.v.length - 1)]!;
  }
  pushBack(t: number, value: number): void {
    if (this.size === this.t.length) this.grow();
    const i = (this.start + this.size) & (this.t.length - 1);
    this.t[i] = t;
    this.v[i] = value;
    this.size++;
  }
  popBack(): void {
    this.size--;
  }
  popFront(): void {
    this.start = (this.start + 1) & (this.t.length - 1);
    this.size--;
  }
  private grow(): void {
    const t = new Float64Array(this.t.length * 2);
    const v = new Float64Array(this.v.length * 2);
    for (let k = 0; k < this.size; k++) {
      t[k] = this.time(k);
      v[k] = this.value(k);
    }
    this.t = t;
    this.v = v;
    this.start = 0;
  }
}

/**
 * Timestamped values kept while newer than a cutoff: a controller's recent samples. `sum` and `max` run
 * from the oldest, as a reduce over the samples would.
 */
export class RecentValues {
  private readonly ring = new TimedRing();
  /** Add `value` at `t`, then drop the values at or before `cutoff`. */
  push(t: number, value: number, cutoff: number): void {
    const ring = this.ring;
    ring.pushBack(t, value);
    while (ring.size > 0 && ring.time(0) <= cutoff) ring.popFront();
  }
  get size(): number {
    return this.ring.size;
  }
  sum(): number {
    let s = 0;
    for (let k = 0; k < this.ring.size; k++) s += this.ring.value(k);
    return s;
  }
  /** The largest value kept (-Infinity when none). */
  max(): number {
    let m = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.ring.size; k++) m = Math.max(m, this.ring.value(k));
    return m;
  }
}
