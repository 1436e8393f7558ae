/**
 * The last `period` values of many series with their running mean and sum of squared deviations
 * (Welford's update, extended to a value leaving the window): what a simple moving average, a
 * rolling standard deviation (Bollinger) or a z-score needs, O(1) per update.
 *
 * Why not a running sum and sum of squares: at BTC's price level, sumSq/n - mean^2 cancels nine
 * digits before the variance begins. And running updates drift: so each time a series' window
 * wraps around, its mean and squares are recomputed from the window itself (two passes), which
 * bounds the error to one window's worth of updates, O(1) amortised.
 */
export class RollingWindowSet {
  /** Mean and sum of squared deviations of each series' window. */
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  /** Values held per series (up to `period`). */
  readonly filled: Float64Array;
  private readonly window: Float64Array;
  /** Next write position per series. */
  private readonly head: Int32Array;

  constructor(readonly series: number, readonly period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`rolling window: period must be an integer >= 1, got ${period}`);
    if (!Number.isInteger(series) || series < 1) throw new Error(`rolling window: series must be an integer >= 1, got ${series}`);
    this.window = new Float64Array(series * period);
    this.mean = new Float64Array(series);
    this.m2 = new Float64Array(series);
    this.filled = new Float64Array(series);
    this.head = new Int32Array(series);
  }

  /** Scratch for `push`'s value (see EmaSet on why doubles do not travel as arguments). */
  private readonly arg = new Float64Array(1);

  push(s: number, x: number): void {
    this.arg[0] = x;
    this.pushArg(s);
  }

  pushFrom(s: number, src: Float64Array, at: number): void {
    this.arg[0] = src[at];
    this.pushArg(s);
  }

  private pushArg(s: number): void {
    const x = this.arg[0];
    const base = s * this.period;
    const at = this.head[s];
    const n = this.filled[s];
    const next = at + 1 === this.period ? 0 : at + 1;
    this.head[s] = next;
    if (n < this.period) {
      this.window[base + at] = x;
      const count = n + 1;
      this.filled[s] = count;
      const d = x - this.mean[s];
      this.mean[s] += d / count;
      this.m2[s] += d * (x - this.mean[s]);
      return;
    }
    const old = this.window[base + at];
    this.window[base + at] = x;
    if (next === 0) { this.recompute(s); return; }
    const mean = this.mean[s];
    const nextMean = mean + (x - old) / n;
    this.m2[s] += (x - old) * (x - nextMean + old - mean);
    this.mean[s] = nextMean;
  }

  /** Population variance of the window (divides by the count, as Bollinger bands do). */
  variance(s: number): number {
    const v = this.m2[s] / this.filled[s];
    return v > 0 ? v : 0;
  }

  full(s: number): boolean {
    return this.filled[s] === this.period;
  }

  private recompute(s: number): void {
    const base = s * this.period;
    let sum = 0;
    for (let i = 0; i < this.period; i++) sum += this.window[base + i];
    const mean = sum / this.period;
    let m2 = 0;
    for (let i = 0; i < this.period; i++) { const d = this.window[base + i] - mean; m2 += d * d; }
    this.mean[s] = mean;
    this.m2[s] = m2;
  }

  reset(s: number): void {
    this.window.fill(0, s * this.period, (s + 1) * this.period);
    this.mean[s] = 0;
    this.m2[s] = 0;
    this.filled[s] = 0;
    this.head[s] = 0;
  }
}
