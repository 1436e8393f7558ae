/**
 * Serving-side model inputs: the same rows src/ml/candle-features.ts computes for training, built
 * live from the Features records L1 receives.
 *
 * Per symbol, the mid of every record is folded into a time bar of the model's interval (aligned
 * to the epoch, in event time). When a record opens the next bar, the finished bar goes through a
 * private FeatureEngine exactly as a replayed candle does (CandleEventSource's four points
 * open-low-high-close or open-high-low-close, a quote at 1 bp spread and a trade at each, sizes
 * volume / 4, trade side from the previous point), the engine's Features record is sampled and
 * turned into one row of FEATURE_NAMES, and the row enters the symbol's window (a circular
 * buffer). test/alpha/deep/bar-feature-builder.test.ts checks the rows equal training's.
 * Differences from training that remain: bars are of the mid, not of trades, and volume is the
 * number of records in the bar (only vwap_gap_bps depends on volume).
 *
 * Hot path: `onRecord` allocates nothing; all state is in typed arrays made in the constructor.
 */
import { FeatureEngine } from '../../data/feature-engine.js';
import { Features } from '../../shm/records.js';

export const DEEP_FEATURE_COUNT = 8;
export const DEEP_FEATURE_NAMES = [
  'bar_return_bps', 'volatility_bps', 'ma_short_gap_bps', 'ma_long_gap_bps',
  'rsi_centered', 'mid_zscore', 'vwap_gap_bps', 'range_bps',
] as const;
/** Feature engine windows in quote updates (4 per bar): about 5 and 20 bars; training uses the same. */
export const DEEP_ENGINE_WINDOWS = { shortWindow: 20, longWindow: 80 } as const;

// 1 bp quoted spread, computed as CandleEventSource does so the quotes are bit-identical.
const HALF_SPREAD = 1 * 1e-4 * 0.5;
const S = { start: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, previousPoint: 6, previousMid: 7, rows: 8, head: 9 } as const;
const STATE = 10;

export class BarFeatureBuilder {
  private readonly engine: FeatureEngine;
  private readonly state: Float64Array;
  /** Per symbol a circular window of rows: [symbol][window][feature]. */
  private readonly rows: Float64Array;
  private readonly record = new Float64Array(Features.f64);
  private readonly point = new Float64Array(4);

  constructor(readonly symbolCount: number, readonly intervalUs: number, readonly window: number, engineWindows: { shortWindow: number; longWindow: number }) {
    if (!(intervalUs > 0) || !Number.isInteger(window) || window < 1) throw new Error(`BarFeatureBuilder: bad interval ${intervalUs} or window ${window}`);
    this.engine = new FeatureEngine(symbolCount, engineWindows);
    this.state = new Float64Array(symbolCount * STATE);
    for (let s = 0; s < symbolCount; s++) {
      this.state[s * STATE + S.start] = NaN;
      this.state[s * STATE + S.previousPoint] = NaN;
      this.state[s * STATE + S.previousMid] = NaN;
    }
    this.rows = new Float64Array(symbolCount * window * DEEP_FEATURE_COUNT);
  }

  /** Rows in `symbol`'s window so far (at most `window`). */
  filled(symbol: number): number {
    return Math.min(this.state[symbol * STATE + S.rows], this.window);
  }

  /**
   * Fold one Features record in; true when it closed a bar and `symbol`'s window is full (a new
   * prediction is due). The caller has checked symbol and touch.
   */
  onRecord(f64: Float64Array, base: number): boolean {
    const symbol = f64[base + Features.instrument];
    const ts = f64[base + Features.ts];
    const mid = (f64[base + Features.bid] + f64[base + Features.ask]) * 0.5;
    const o = symbol * STATE;
    const st = this.state;
    const barStart = Math.floor(ts / this.intervalUs) * this.intervalUs;
    let due = false;
    if (st[o + S.start] === st[o + S.start] && barStart > st[o + S.start]) {
      due = this.closeBar(symbol) && st[o + S.rows] >= this.window;
    }
    if (!(st[o + S.start] === st[o + S.start]) || barStart > st[o + S.start]) {
      st[o + S.start] = barStart;
      st[o + S.open] = mid;
      st[o + S.high] = mid;
      st[o + S.low] = mid;
      st[o + S.volume] = 0;
    }
    if (mid > st[o + S.high]) st[o + S.high] = mid;
    if (mid < st[o + S.low]) st[o + S.low] = mid;
    st[o + S.close] = mid;
    st[o + S.volume] += 1;
    return due;
  }

  /**
   * Feed one finished bar (open time, OHLC, volume) of `symbol` through the engine and append its
   * row; returns false while the engine is still warming up (no row appended).
   */
  addBar(symbol: number, startUs: number, open: number, high: number, low: number, close: number, volume: number): boolean {
    const o = symbol * STATE;
    const st = this.state;
    st[o + S.start] = startUs;
    st[o + S.open] = open;
    st[o + S.high] = high;
    st[o + S.low] = low;
    st[o + S.close] = close;
    st[o + S.volume] = volume;
    return this.closeBar(symbol);
  }

  private closeBar(symbol: number): boolean {
    const o = symbol * STATE;
    const st = this.state;
    const p = this.point;
    const up = st[o + S.close] >= st[o + S.open];
    p[0] = st[o + S.open];
    p[1] = up ? st[o + S.low] : st[o + S.high];
    p[2] = up ? st[o + S.high] : st[o + S.low];
    p[3] = st[o + S.close];
    const size = st[o + S.volume] > 0 ? st[o + S.volume] / 4 : 1;
    const engine = this.engine;
    for (let k = 0; k < 4; k++) {
      const t = st[o + S.start] + Math.floor((k * this.intervalUs) / 4);
      const price = p[k];
      const half = price * HALF_SPREAD;
      engine.onQuote(symbol, t, price - half, size, price + half, size);
      const previous = st[o + S.previousPoint];
      const side = previous === previous ? (price > previous ? 1 : price < previous ? -1 : 0) : 0;
      engine.onTrade(symbol, t, price, size, side);
      st[o + S.previousPoint] = price;
    }
    const r = this.record;
    if (!engine.write(symbol, 0, 0, r, 0)) return false;
    const m = (r[Features.bid] + r[Features.ask]) * 0.5;
    const previousMid = st[o + S.previousMid];
    st[o + S.previousMid] = m;
    const f0 = Math.log(m / previousMid) * 1e4;
    const f1 = r[Features.volatility];
    const f2 = (r[Features.maShort] / m - 1) * 1e4;
    const f3 = (r[Features.maLong] / m - 1) * 1e4;
    const f4 = r[Features.rsi] / 100 - 0.5;
    const f5 = r[Features.midZScore];
    const f6 = (r[Features.vwap] / m - 1) * 1e4;
    const f7 = ((st[o + S.high] - st[o + S.low]) / st[o + S.close]) * 1e4;
    // A row with any non-finite value (warm-up) restarts the window: a model never sees one.
    if (!(Number.isFinite(f0) && Number.isFinite(f1) && Number.isFinite(f2) && Number.isFinite(f3)
      && Number.isFinite(f4) && Number.isFinite(f5) && Number.isFinite(f6) && Number.isFinite(f7))) {
      st[o + S.rows] = 0;
      return false;
    }
    const head = st[o + S.head];
    const at = (symbol * this.window + head) * DEEP_FEATURE_COUNT;
    const rows = this.rows;
    rows[at] = f0; rows[at + 1] = f1; rows[at + 2] = f2; rows[at + 3] = f3;
    rows[at + 4] = f4; rows[at + 5] = f5; rows[at + 6] = f6; rows[at + 7] = f7;
    st[o + S.head] = head + 1 === this.window ? 0 : head + 1;
    st[o + S.rows] += 1;
    return true;
  }

  /** Write `symbol`'s window, oldest row first, normalised, into `out[offset..]`. */
  writeWindow(symbol: number, mean: Float64Array, std: Float64Array, out: Float32Array, offset: number): void {
    const head = this.state[symbol * STATE + S.head];
    const w = this.window;
    for (let r = 0; r < w; r++) {
      let slot = head + r;
      if (slot >= w) slot -= w;
      const at = (symbol * w + slot) * DEEP_FEATURE_COUNT;
      for (let k = 0; k < DEEP_FEATURE_COUNT; k++) out[offset + r * DEEP_FEATURE_COUNT + k] = (this.rows[at + k] - mean[k]) / std[k];
    }
  }
}
