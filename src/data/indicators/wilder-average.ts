/**
 * Wilder's smoothed moving average (the smoothing RSI and ATR are defined with): the simple mean
 * of the first `period` inputs, then prev + (x - prev) / period. Ready at the `period`th input.
 */
import { SingleInputIndicator } from './single-input.js';

export class WilderAverageSet extends SingleInputIndicator {
  readonly value: Float64Array;
  readonly count: Float64Array;

  constructor(readonly series: number, readonly period: number) {
    super();
    if (!Number.isInteger(period) || period < 1) throw new Error(`Wilder average: period must be an integer >= 1, got ${period}`);
    this.value = new Float64Array(series);
    this.count = new Float64Array(series);
  }

  protected step(s: number): void {
    const x = this.arg[0];
    const n = this.count[s] + 1;
    this.count[s] = n;
    // Until the seed is complete, `value` accumulates the running mean of what has been seen.
    this.value[s] += n <= this.period ? (x - this.value[s]) / n : (x - this.value[s]) / this.period;
  }

  ready(s: number): boolean {
    return this.count[s] >= this.period;
  }
}
