/**
 * Bollinger bands of many series: middle = SMA(period), bands = middle +- k * population standard
 * deviation of the same window (the usual definition, and trading-signals'), and the z-score of
 * the latest input against them, (x - middle) / sd, which is what a mean-reversion model reads.
 * A flat window (sd 0) has z-score 0. Results in typed arrays by series.
 */
import { RollingWindowSet } from './rolling-window.js';
import { SingleInputIndicator } from './single-input.js';

export class BollingerSet extends SingleInputIndicator {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly zScore: Float64Array;
  private readonly window: RollingWindowSet;

  constructor(readonly series: number, readonly period: number, readonly k = 2) {
    super();
    if (!(k > 0)) throw new Error(`Bollinger: k must be > 0, got ${k}`);
    this.window = new RollingWindowSet(series, period);
    this.middle = new Float64Array(series);
    this.upper = new Float64Array(series);
    this.lower = new Float64Array(series);
    this.zScore = new Float64Array(series);
  }

  protected step(s: number): void {
    const x = this.arg[0];
    const w = this.window;
    w.pushFrom(s, this.arg, 0);
    const mean = w.mean[s];
    // The window's variance, from its public sums rather than variance(): a double returned from
    // a call the compiler does not inline is boxed.
    const variance = w.m2[s] / w.filled[s];
    const sd = variance > 0 ? Math.sqrt(variance) : 0;
    this.middle[s] = mean;
    this.upper[s] = mean + this.k * sd;
    this.lower[s] = mean - this.k * sd;
    this.zScore[s] = sd > 0 ? (x - mean) / sd : 0;
  }

  ready(s: number): boolean {
    return this.window.full(s);
  }
}
