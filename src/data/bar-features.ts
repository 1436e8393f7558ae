/**
 * BarFeatureSet: the time-based features of many symbols, from time bars of the mid.
 *
 * The rest of the feature engine counts its windows in quote updates, which makes "20 updates" mean
 * a few milliseconds on a busy crypto book and minutes on a quiet stock. A model whose horizon is a
 * minute or more wants clock time instead, so this keeps 1 s, 1 min and 5 min bars of the mid
 * (event time, epoch-aligned; see indicators/time-bars.ts) and derives from them:
 * - return1s / return1m / return5m: the log return from the previous closed bar's close to the
 *   last closed bar's close, bps (NaN until two bars of that size have closed);
 * - atr1m: ATR(ATR_PERIOD) of the 1 min bars in bps of the last 1 min close (NaN until warm);
 * - trend1m: (EMA(TREND_FAST) - EMA(TREND_SLOW)) of the 1 min closes, bps of the slow EMA (NaN
 *   until the slow EMA is warm);
 * - volatility1s: sqrt of an EWMA (VOL_WINDOW bars) of r^2 / dt over consecutive closed 1 s bars,
 *   r their close-to-close log return and dt the seconds between their starts, in bps per
 *   sqrt(second): a variance rate, so a quiet book whose bars are minutes apart is not read as
 *   a wild one (NaN until two bars).
 *
 * Why bars of the mid and not of trades: every source has quotes (a candle replay, the synthetic
 * market, every venue), trades are sparse on some books, and the mid has no bid-ask bounce to
 * inflate the ATR. A bar closes when the first update of a later interval arrives, so values
 * change only on an update, never on the wall clock (replays give the same features).
 *
 * Hot path: `onMidFrom` and `writeTo` allocate nothing (indicator inputs go through a scratch
 * typed array, and `writeTo` stores straight into the record: the getters return doubles, which a
 * call V8 does not inline boxes, so they are for tests and tools, not the per-tick path).
 */

import { AtrSet } from './indicators/atr.js';
import { EmaSet } from './indicators/ema.js';
import { TimeBarSet } from './indicators/time-bars.js';
import { Features } from '../shm/records.js';

export const ATR_PERIOD = 14;
export const TREND_FAST = 8;
export const TREND_SLOW = 21;
/** 1 s bars in the EWMA of the variance rate. */
export const VOL_WINDOW = 120;

const US_PER_SECOND = 1_000_000;

/** Bar sizes kept, and their slot in the per-size arrays. */
const BarSize = { s1: 0, m1: 1, m5: 2 } as const;

export class BarFeatureSet {
  private readonly bars: readonly TimeBarSet[];
  /** Per bar size and symbol: the log return of the last closed bar, bps (NaN until two bars). */
  private readonly lastReturnBps: Float64Array;
  /** Per symbol: EWMA of r^2 / dt over 1 s bars (fraction^2 per second; NaN before the first). */
  private readonly varianceRate1s: Float64Array;
  /** Per symbol: the start (µs) of the last closed 1 s bar. */
  private readonly lastStart1s: Float64Array;
  private readonly atr: AtrSet;
  private readonly fast: EmaSet;
  private readonly slow: EmaSet;
  /** Per bar size and symbol: the close of the last closed bar (NaN before the first). */
  private readonly prevClose: Float64Array;
  /** Scratch inputs: (ts, mid, size 0) for the bars, (high, low, close) for ATR and EMAs. */
  private readonly input = new Float64Array(3);
  private readonly hlc = new Float64Array(3);

  constructor(readonly symbolCount: number) {
    this.bars = [
      new TimeBarSet(symbolCount, US_PER_SECOND),
      new TimeBarSet(symbolCount, 60 * US_PER_SECOND),
      new TimeBarSet(symbolCount, 300 * US_PER_SECOND),
    ];
    this.lastReturnBps = new Float64Array(this.bars.length * symbolCount).fill(NaN);
    this.prevClose = new Float64Array(this.bars.length * symbolCount).fill(NaN);
    this.varianceRate1s = new Float64Array(symbolCount).fill(NaN);
    this.lastStart1s = new Float64Array(symbolCount).fill(NaN);
    this.atr = new AtrSet(symbolCount, ATR_PERIOD);
    this.fast = new EmaSet(symbolCount, TREND_FAST);
    this.slow = new EmaSet(symbolCount, TREND_SLOW);
  }

  /** One accepted mid of `symbol` at `src[at]`, its event time (µs) at `src[at + 1]`. */
  onMidFrom(symbol: number, src: Float64Array, at: number): void {
    const input = this.input;
    input[0] = src[at + 1];
    input[1] = src[at];
    input[2] = 0;
    for (let size = 0; size < this.bars.length; size++) {
      const bars = this.bars[size];
      if (!bars.updateFrom(symbol, input, 0)) continue;
      const close = bars.closedClose[symbol];
      const slot = size * this.symbolCount + symbol;
      const prev = this.prevClose[slot];
      this.lastReturnBps[slot] = prev === prev ? Math.log(close / prev) * 1e4 : NaN;
      this.prevClose[slot] = close;
      if (size === BarSize.s1) this.onSecondClosed(symbol, bars, close, prev);
      if (size === BarSize.m1) this.onMinuteClosed(symbol, bars);
    }
  }

  private onSecondClosed(symbol: number, bars: TimeBarSet, close: number, prev: number): void {
    const start = bars.closedStart[symbol];
    const lastStart = this.lastStart1s[symbol];
    this.lastStart1s[symbol] = start;
    if (!(prev === prev && lastStart === lastStart && start > lastStart)) return;
    const r = Math.log(close / prev);
    const rate = (r * r) / ((start - lastStart) / US_PER_SECOND);
    const old = this.varianceRate1s[symbol];
    this.varianceRate1s[symbol] = old === old ? old + (2 / (VOL_WINDOW + 1)) * (rate - old) : rate;
  }

  private onMinuteClosed(symbol: number, bars: TimeBarSet): void {
    const hlc = this.hlc;
    hlc[0] = bars.closedHigh[symbol];
    hlc[1] = bars.closedLow[symbol];
    hlc[2] = bars.closedClose[symbol];
    this.atr.updateFrom(symbol, hlc, 0);
    this.fast.updateFrom(symbol, hlc, 2);
    this.slow.updateFrom(symbol, hlc, 2);
  }

  /** Write the time-bar features of `symbol` into a Features record at `out[base..]`. */
  writeTo(symbol: number, out: Float64Array, base: number): void {
    const n = this.symbolCount;
    out[base + Features.return1s] = this.lastReturnBps[BarSize.s1 * n + symbol];
    out[base + Features.return1m] = this.lastReturnBps[BarSize.m1 * n + symbol];
    out[base + Features.return5m] = this.lastReturnBps[BarSize.m5 * n + symbol];
    const close = this.prevClose[BarSize.m1 * n + symbol];
    out[base + Features.atr1m] = this.atr.ready(symbol) ? (this.atr.value[symbol] / close) * 1e4 : NaN;
    const slow = this.slow.value[symbol];
    out[base + Features.trend1m] = this.slow.ready(symbol) ? ((this.fast.value[symbol] - slow) / slow) * 1e4 : NaN;
    out[base + Features.volatility1s] = Math.sqrt(this.varianceRate1s[symbol]) * 1e4;
  }

  // Single values, for tests and tools: read through a scratch record so the formulas live in
  // `writeTo` only.
  return1s(symbol: number): number { return this.read(symbol, Features.return1s); }
  return1m(symbol: number): number { return this.read(symbol, Features.return1m); }
  return5m(symbol: number): number { return this.read(symbol, Features.return5m); }
  atr1m(symbol: number): number { return this.read(symbol, Features.atr1m); }
  trend1m(symbol: number): number { return this.read(symbol, Features.trend1m); }
  volatility1s(symbol: number): number { return this.read(symbol, Features.volatility1s); }

  private readonly scratch = new Float64Array(Features.f64);

  private read(symbol: number, slot: number): number {
    this.writeTo(symbol, this.scratch, 0);
    return this.scratch[slot];
  }
}
