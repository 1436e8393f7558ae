/**
 * Relative Strength Index of many series (Wilder): the up-moves and down-moves between
 * consecutive inputs, each smoothed with Wilder's average over `period`, then
 * RSI = 100 - 100 / (1 + avgGain / avgLoss), 100 when there was no loss at all. Ready after
 * `period` moves, i.e. `period + 1` inputs. Results in `value`.
 */
import { WilderAverageSet } from './wilder-average.js';
import { SingleInputIndicator } from './single-input.js';

export class RsiSet extends SingleInputIndicator {
  readonly value: Float64Array;
  private readonly gain: WilderAverageSet;
  private readonly loss: WilderAverageSet;
  private readonly last: Float64Array;
  private readonly seen: Uint8Array;

  constructor(readonly series: number, readonly period: number) {
    super();
    this.gain = new WilderAverageSet(series, period);
    this.loss = new WilderAverageSet(series, period);
    this.value = new Float64Array(series);
    this.last = new Float64Array(series);
    this.seen = new Uint8Array(series);
  }

  protected step(s: number): void {
    const x = this.arg[0];
    if (this.seen[s] === 0) {
      this.seen[s] = 1;
      this.last[s] = x;
      return;
    }
    const move = x - this.last[s];
    this.last[s] = x;
    const a = this.arg;
    a[0] = move > 0 ? move : 0;
    a[1] = move > 0 ? 0 : -move;
    this.gain.updateFrom(s, a, 0);
    this.loss.updateFrom(s, a, 1);
    if (!this.gain.ready(s)) return;
    const loss = this.loss.value[s];
    this.value[s] = loss === 0 ? 100 : 100 - 100 / (1 + this.gain.value[s] / loss);
  }

  ready(s: number): boolean {
    return this.gain.ready(s);
  }
}
