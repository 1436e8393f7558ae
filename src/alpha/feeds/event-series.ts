/**
 * Timed events per symbol, as flat typed arrays: what an alpha model reads from an external feed
 * (news scores, on-chain flows) on the hot path. Built once from a file; the models walk it with
 * a cursor per symbol and never allocate.
 *
 * Events of symbol s occupy [first[s], first[s + 1]) and are in ascending time, ties in file
 * order (a stable sort), so "every event at or before t" is always a prefix of the symbol's run.
 */

export interface EventSeries {
  readonly symbolCount: number;
  /** symbolCount + 1 offsets into `timeUs` / `value`. */
  readonly first: Int32Array;
  /** Event time, microseconds since the Unix epoch (the unit of the records' `ts`). */
  readonly timeUs: Float64Array;
  readonly value: Float64Array;
}

export function emptySeries(symbolCount: number): EventSeries {
  return { symbolCount, first: new Int32Array(symbolCount + 1), timeUs: new Float64Array(0), value: new Float64Array(0) };
}

/** Collects events in any order (load time only), then lays them out by symbol and time. */
export class EventSeriesBuilder {
  private readonly symbols: number[] = [];
  private readonly times: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly symbolCount: number) {}

  get count(): number {
    return this.symbols.length;
  }

  add(symbol: number, timeUs: number, value: number): void {
    if (!(Number.isInteger(symbol) && symbol >= 0 && symbol < this.symbolCount)) throw new Error(`EventSeries: symbol ${symbol} out of range`);
    this.symbols.push(symbol);
    this.times.push(timeUs);
    this.values.push(value);
  }

  build(): EventSeries {
    const n = this.symbols.length;
    const order = Array.from({ length: n }, (_, i) => i);
    // Array.prototype.sort is stable: equal (symbol, time) keep their file order.
    order.sort((a, b) => this.symbols[a] - this.symbols[b] || this.times[a] - this.times[b]);
    const first = new Int32Array(this.symbolCount + 1);
    const timeUs = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = order[i];
      timeUs[i] = this.times[j];
      value[i] = this.values[j];
      first[this.symbols[j] + 1]++;
    }
    for (let s = 0; s < this.symbolCount; s++) first[s + 1] += first[s];
    return { symbolCount: this.symbolCount, first, timeUs, value };
  }
}
