/**
 * The OHLCV bars (candles) decoded from one venue frame, in preallocated typed arrays, one
 * column per field; `count` rows are valid after a frame.
 *
 * A decoder reads one bar's fields into a Float64Array in BarField order and calls `push`, which
 * checks the bar as a whole before keeping it: prices finite and > 0, low <= open, close <= high,
 * volume, trade count and VWAP finite and >= 0 (a VWAP of 0 means the venue sent none). A bar
 * that fails is not kept and the reason is returned, so a NaN never reaches a column.
 */

/** Order of a bar's fields in the values passed to `push`. */
export const BarField = { start: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, trades: 6, vwap: 7 } as const;
export const BAR_FIELDS = 8;

export const BarProblem = { None: 0, BadPrice: 1, BadVolume: 2, Full: 3 } as const;

export class BarBatch {
  readonly capacity: number;
  readonly symbol: Int32Array;
  /** Caller-defined kind per bar (e.g. minute / daily / updated). */
  readonly kind: Int8Array;
  /** Bar start, microseconds since the epoch. */
  readonly start: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Trades in the bar; 0 when the venue does not say. */
  readonly trades: Float64Array;
  /** Volume-weighted average price; 0 when the venue does not say. */
  readonly vwap: Float64Array;
  count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error(`BarBatch: bad capacity ${capacity}`);
    this.capacity = capacity;
    this.symbol = new Int32Array(capacity);
    this.kind = new Int8Array(capacity);
    this.start = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
    this.trades = new Float64Array(capacity);
    this.vwap = new Float64Array(capacity);
  }

  /** Keep the bar in `values[at .. at + BAR_FIELDS)`; BarProblem.None when kept. */
  push(symbol: number, kind: number, values: Float64Array, at: number): number {
    if (this.count >= this.capacity) return BarProblem.Full;
    const open = values[at + BarField.open];
    const high = values[at + BarField.high];
    const low = values[at + BarField.low];
    const close = values[at + BarField.close];
    if (!(low > 0 && high < Infinity && low <= open && low <= close && open <= high && close <= high)) return BarProblem.BadPrice;
    const volume = values[at + BarField.volume];
    const trades = values[at + BarField.trades];
    const vwap = values[at + BarField.vwap];
    if (!(volume >= 0 && volume < Infinity && trades >= 0 && trades < Infinity && vwap >= 0 && vwap < Infinity)) return BarProblem.BadVolume;
    const k = this.count++;
    this.symbol[k] = symbol;
    this.kind[k] = kind;
    this.start[k] = values[at + BarField.start];
    this.open[k] = open;
    this.high[k] = high;
    this.low[k] = low;
    this.close[k] = close;
    this.volume[k] = volume;
    this.trades[k] = trades;
    this.vwap[k] = vwap;
    return BarProblem.None;
  }
}
