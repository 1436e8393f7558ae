/**
 * Exponential moving averages of many series at once (one per instrument, say), with
 * alpha = 2 / (period + 1), seeded with the series' first value. A value is `ready` once the
 * series has seen `period` inputs, the convention trading-signals uses, so the two agree from
 * the first ready value on.
 *
 * Zero allocation per update, which in V8 means no double crosses a call that is not inlined
 * (it would be boxed on the heap). So results live in typed arrays indexed by series (`value`)
 * rather than being returned, and every indicator in this folder takes its inputs two ways:
 * - `update(s, x, ...)`: convenient, and allocation-free while V8 inlines it into the caller,
 *   which it stops doing once a caller has inlined enough (seven indicators in one function was
 *   enough to box some arguments);
 * - `updateFrom(s, src, at)`: the inputs are read from `src[at...]`; only a series index and an
 *   offset cross the call, so it allocates nothing however the caller is compiled. The hot path
 *   uses this one (inputs already sit in typed arrays there).
 */
import { SingleInputIndicator } from './single-input.js';

export class EmaSet extends SingleInputIndicator {
  readonly value: Float64Array;
  /** Inputs seen per series. */
  readonly count: Float64Array;
  private readonly alpha: number;

  constructor(readonly series: number, readonly period: number) {
    super();
    if (!Number.isInteger(period) || period < 1) throw new Error(`EMA: period must be an integer >= 1, got ${period}`);
    if (!Number.isInteger(series) || series < 1) throw new Error(`EMA: series must be an integer >= 1, got ${series}`);
    this.alpha = 2 / (period + 1);
    this.value = new Float64Array(series);
    this.count = new Float64Array(series);
  }

  protected step(s: number): void {
    const x = this.arg[0];
    const n = this.count[s];
    this.value[s] = n === 0 ? x : this.value[s] + this.alpha * (x - this.value[s]);
    this.count[s] = n + 1;
  }

  ready(s: number): boolean {
    return this.count[s] >= this.period;
  }

  reset(s: number): void {
    this.value[s] = 0;
    this.count[s] = 0;
  }
}
