/**
 * Simple moving averages of many series: the mean of the last `period` inputs, ready once
 * `period` have been seen. Results in `value` (see EmaSet for why not returned).
 */
import { RollingWindowSet } from './rolling-window.js';

export class SmaSet {
  readonly value: Float64Array;
  private readonly window: RollingWindowSet;

  constructor(readonly series: number, readonly period: number) {
    this.window = new RollingWindowSet(series, period);
    this.value = new Float64Array(series);
  }

  update(s: number, x: number): void {
    this.window.push(s, x);
    this.value[s] = this.window.mean[s];
  }

  /** `src[at]` is the input (see EmaSet on the two ways in). */
  updateFrom(s: number, src: Float64Array, at: number): void {
    this.window.pushFrom(s, src, at);
    this.value[s] = this.window.mean[s];
  }

  ready(s: number): boolean {
    return this.window.full(s);
  }
}
