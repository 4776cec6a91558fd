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
