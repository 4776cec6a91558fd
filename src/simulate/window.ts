/** Metric smoothing shared by the optimised loop (`simulate.ts`) and the reference loop (`test/simulate/reference-loop.ts`). */

/** A ring buffer mean over the last `n` values (null = failed read: the window's mean is null until it passes). */
export class WindowMean {
  private readonly buf: Float64Array;
  private readonly bad: Uint8Array;
  private i = 0;
  private filled = 0;
  private sum = 0;
  private badCount = 0;
  constructor(private readonly n: number) {
    this.buf = new Float64Array(Math.max(1, n));
    this.bad = new Uint8Array(Math.max(1, n));
  }
  push(v: number | null): number | null {
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
    if (v === null) return null;
    if (!Number.isFinite(v)) return v;
    const good = this.filled - this.badCount;
    return good === 0 ? null : this.sum / good;
  }
}
