/**
 * Average True Range of many series: the true range of each bar, max(high - low,
 * |high - previous close|, |low - previous close|) (high - low for the first bar), smoothed with
 * Wilder's average over `period`. Ready at the `period`th bar. Results in `value`.
 */
import { WilderAverageSet } from './wilder-average.js';

export class AtrSet {
  readonly value: Float64Array;
  private readonly average: WilderAverageSet;
  private readonly prevClose: Float64Array;

  constructor(readonly series: number, readonly period: number) {
    this.average = new WilderAverageSet(series, period);
    this.value = new Float64Array(series);
    this.prevClose = new Float64Array(series).fill(NaN);
  }

  private readonly args = new Float64Array(4);

  update(s: number, high: number, low: number, close: number): void {
    const a = this.args;
    a[0] = high;
    a[1] = low;
    a[2] = close;
    this.step(s);
  }

  /** High, low and close at `src[at]`, `src[at + 1]`, `src[at + 2]` (see EmaSet on the two ways in). */
  updateFrom(s: number, src: Float64Array, at: number): void {
    const a = this.args;
    a[0] = src[at];
    a[1] = src[at + 1];
    a[2] = src[at + 2];
    this.step(s);
  }

  private step(s: number): void {
    const a = this.args;
    const high = a[0];
    const low = a[1];
    const close = a[2];
    let range = high - low;
    const pc = this.prevClose[s];
    if (pc === pc) {
      const up = high - pc < 0 ? pc - high : high - pc;
      const down = low - pc < 0 ? pc - low : low - pc;
      if (up > range) range = up;
      if (down > range) range = down;
    }
    this.prevClose[s] = close;
    a[3] = range;
    this.average.updateFrom(s, a, 3);
    this.value[s] = this.average.value[s];
  }

  ready(s: number): boolean {
    return this.average.ready(s);
  }
}
