/**
 * FeatureEngine: L0's per-symbol rolling state, turned into a Features record on demand.
 *
 * Feed it every quote (`onQuote`) and trade (`onTrade`) of a symbol; `write` then emits the
 * symbol's Features record. Definitions (all windows are counted in events, not time):
 * - bid/ask/bidSize/askSize: the last accepted quote.
 * - lastPrice/lastSize: the last accepted trade (0 / 0 until the first trade).
 * - return1s, return1m, return5m, atr1m, trend1m: from 1 s, 1 min and 5 min time bars of the mid
 *   (bar-features.ts: clock time, not update counts), NaN until warmed up.
 * - volatility: EWMA standard deviation of the quote-to-quote log mid returns, in bps per quote
 *   update, with alpha = 2/(volWindow+1) (default volWindow = longWindow); the first return
 *   initialises the variance to its square. Units matter downstream: the momentum alpha compares
 *   its MA gap (bps) against this per-update volatility.
 * - maShort/maLong: EMAs of the mid with alpha = 2/(window+1), initialised to the first mid.
 * - microprice: (bid*askSize + ask*bidSize)/(bidSize+askSize); the mid if both sizes are 0.
 * - tradeImbalance: EMA (alpha = 2/(tradeWindow+1), default tradeWindow = shortWindow, starting at
 *   0) of the signed trade size side*size. A trade with unknown side (0) is signed by the quote
 *   rule: above the mid a buy, below a sell, at the mid 0.
 * - rsi: Wilder's RSI(RSI_PERIOD) of the mid, per quote update; midZScore: the mid's z-score in
 *   its Bollinger(BANDS_PERIOD) window (population sd); both NaN until warmed up.
 * - vwap: volume-weighted price of the trades since the UTC day of the event time began (a
 *   session for crypto, which never closes); NaN before the day's first trade.
 *
 * Bad input (DESIGN.md "Bad input"): an update with an unknown symbol, a non-finite timestamp, a
 * NaN/infinite/<=0 price, a crossed or locked book (bid >= ask), a negative or non-finite size, or
 * a trade side outside {-1, 0, 1} is rejected: the method returns false, `rejects[reason]` is
 * incremented, and the symbol's state is left exactly as it was (every check runs before any
 * write). Nothing throws.
 *
 * Input: argument-style `onQuote`/`onTrade`, or the values read from a typed array by index,
 * `onQuoteFrom`/`onTradeFrom` (what the ingest stage calls with its MarketEvent records), or the
 * ring records directly, `onBookTop`/`onTick` (BookTop and Tick layouts of records.ts); likewise
 * `write` and `writeFrom`. The array forms pass no double through a call, so they allocate nothing
 * whether or not the compiler inlines them; the argument forms rely on being inlined (see below).
 *
 * Hot path: all of these and `write` allocate nothing and never read the clock (`t0` is passed in).
 */

import { BookTop, Features, RecordKind, Tick } from '../shm/records.js';
import { RsiSet } from './indicators/rsi.js';
import { BollingerSet } from './indicators/bollinger.js';
import { VwapSet } from './indicators/vwap.js';
import { BarFeatureSet } from './bar-features.js';

/** Quote updates in the RSI and in the Bollinger window of the mid. */
export const RSI_PERIOD = 14;
export const BANDS_PERIOD = 20;
const US_PER_DAY = 86_400_000_000;

/** Indices into `FeatureEngine.rejects`. */
export const FeatureReject = {
  UnknownSymbol: 0,
  BadTimestamp: 1,
  BadPrice: 2,
  CrossedBook: 3,
  BadSize: 4,
  BadSide: 5,
} as const;
/** Reason names, by index, for metrics and logs. */
export const FEATURE_REJECT_REASONS = ['unknown_symbol', 'bad_timestamp', 'bad_price', 'crossed_book', 'bad_size', 'bad_side'] as const;

export interface FeatureEngineOptions {
  /** Short mid EMA window, in quote updates. */
  shortWindow: number;
  /** Long mid EMA window, in quote updates. */
  longWindow: number;
  /** Volatility EWMA window, in quote updates (default longWindow). */
  volWindow?: number;
  /** Trade imbalance EMA window, in trades (default shortWindow). */
  tradeWindow?: number;
  /** Count rejects here (one slot per FEATURE_REJECT_REASONS entry, e.g. shared memory). */
  rejects?: Float64Array;
}

export class FeatureEngine {
  readonly symbolCount: number;
  /** Rejected updates by FeatureReject reason. */
  readonly rejects: Float64Array;
  /** Scratch for the double arguments of the public shims (see below). */
  private readonly args = new Float64Array(8);

  private aShort: number;
  private aLong: number;
  private aVol: number;
  private aTrade: number;
  /** The volatility / trade windows follow long / short unless the options fixed them. */
  private readonly volFollowsLong: boolean;
  private readonly tradeFollowsShort: boolean;

  private readonly bid: Float64Array;
  private readonly ask: Float64Array;
  private readonly bidSize: Float64Array;
  private readonly askSize: Float64Array;
  private readonly mid: Float64Array;
  private readonly lastPrice: Float64Array;
  private readonly lastSize: Float64Array;
  private readonly ts: Float64Array;
  private readonly variance: Float64Array; // of log mid returns (fraction^2)
  private readonly maShort: Float64Array;
  private readonly maLong: Float64Array;
  private readonly tradeImbalance: Float64Array;
  /** Accepted quotes per symbol (0 = no touch yet, 1 = no return yet). */
  private readonly quotes: Float64Array;
  /** From the order book when one is kept (setDepthImbalance); NaN = use the touch. */
  private readonly depthImbalance: Float64Array;
  private readonly rsi: RsiSet;
  private readonly bands: BollingerSet;
  private readonly vwap: VwapSet;
  private readonly bars: BarFeatureSet;
  /** Per symbol: the UTC day (event time) its VWAP session belongs to. */
  private readonly vwapDay: Float64Array;
  /** Inputs of the indicators' `updateFrom` (no double crosses a call; see the shim note below). */
  private readonly indicatorInput = new Float64Array(2);

  constructor(symbolCount: number, opts: FeatureEngineOptions) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`FeatureEngine: bad symbolCount ${symbolCount}`);
    const volWindow = opts.volWindow ?? opts.longWindow;
    const tradeWindow = opts.tradeWindow ?? opts.shortWindow;
    for (const [name, w] of [['shortWindow', opts.shortWindow], ['longWindow', opts.longWindow], ['volWindow', volWindow], ['tradeWindow', tradeWindow]] as const) {
      if (!(w >= 1) || !Number.isFinite(w)) throw new Error(`FeatureEngine: ${name} must be >= 1, got ${w}`);
    }
    this.symbolCount = symbolCount;
    if (opts.rejects && opts.rejects.length < FEATURE_REJECT_REASONS.length) throw new Error(`FeatureEngine: rejects needs ${FEATURE_REJECT_REASONS.length} slots, got ${opts.rejects.length}`);
    this.rejects = opts.rejects ?? new Float64Array(FEATURE_REJECT_REASONS.length);
    this.aShort = 2 / (opts.shortWindow + 1);
    this.aLong = 2 / (opts.longWindow + 1);
    this.aVol = 2 / (volWindow + 1);
    this.aTrade = 2 / (tradeWindow + 1);
    this.volFollowsLong = opts.volWindow === undefined;
    this.tradeFollowsShort = opts.tradeWindow === undefined;
    const n = symbolCount;
    this.bid = new Float64Array(n);
    this.ask = new Float64Array(n);
    this.bidSize = new Float64Array(n);
    this.askSize = new Float64Array(n);
    this.mid = new Float64Array(n);
    this.lastPrice = new Float64Array(n);
    this.lastSize = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.maShort = new Float64Array(n);
    this.maLong = new Float64Array(n);
    this.tradeImbalance = new Float64Array(n);
    this.bars = new BarFeatureSet(n);
    this.quotes = new Float64Array(n);
    this.depthImbalance = new Float64Array(n).fill(NaN);
    this.rsi = new RsiSet(n, RSI_PERIOD);
    this.bands = new BollingerSet(n, BANDS_PERIOD, 2);
    this.vwap = new VwapSet(n);
    this.vwapDay = new Float64Array(n).fill(NaN);
  }

  /**
   * New averaging windows (a reload of strategy.shortWindow / longWindow). The averages keep
   * their current values and move on with the new weights from the next update: no warm-up
   * restarts, no jump. Values that are not >= 1 and finite are ignored (false).
   */
  setWindows(shortWindow: number, longWindow: number): boolean {
    if (!(shortWindow >= 1 && shortWindow < Infinity) || !(longWindow >= 1 && longWindow < Infinity)) return false;
    this.aShort = 2 / (shortWindow + 1);
    this.aLong = 2 / (longWindow + 1);
    if (this.volFollowsLong) this.aVol = this.aLong;
    if (this.tradeFollowsShort) this.aTrade = this.aShort;
    return true;
  }

  /**
   * The book's depth imbalance for `symbol` (from `args[0]`, see the shim note below), or NaN
   * when its book is not valid; feeds Features.depthImbalance. Called per book update, not per tick.
   */
  setDepthImbalance(symbol: number, imbalance: number): void {
    this.args[2] = imbalance;
    if (!this.known(symbol)) return;
    const v = this.args[2];
    this.depthImbalance[symbol] = v >= -1 && v <= 1 ? v : NaN;
  }

  /** Whether `symbol` is a valid id (NaN and fractions are not). */
  private known(symbol: number): boolean {
    return symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol;
  }

  // Why the argument-style methods are tiny shims over an `args` Float64Array: V8 passes
  // arguments to a call that is not inlined as tagged values, so every non-integer double argument
  // (prices, microsecond timestamps, t0 in ns) would be boxed into a fresh HeapNumber per call. A
  // shim this small is inlined into a hot caller whatever its inlining budget (V8 inlines functions
  // this small regardless), where its stores into the typed array stay unboxed; the real work then
  // runs on integer arguments only. The *From forms and onBookTop/onTick read the caller's arrays
  // and need no shim, so they stay allocation-free even where nothing is inlined.

  /** Apply a top-of-book update. Returns false (and counts why) if it is rejected. */
  onQuote(symbol: number, ts: number, bid: number, bidSize: number, ask: number, askSize: number): boolean {
    const a = this.args;
    a[0] = ts; a[1] = bid; a[2] = bidSize; a[3] = ask; a[4] = askSize;
    return this.onQuoteFrom(symbol, a, 0, 1, 2, 3, 4);
  }

  /** Apply a BookTop record (records.ts) at `f64[base..]`. */
  onBookTop(f64: Float64Array, base: number): boolean {
    return this.onQuoteFrom(f64[base + BookTop.instrument], f64, base + BookTop.ts, base + BookTop.bidPrice,
      base + BookTop.bidSize, base + BookTop.askPrice, base + BookTop.askSize);
  }

  /** Apply a trade print; `side` is the aggressor (+1 buy, -1 sell, 0 unknown). */
  onTrade(symbol: number, ts: number, price: number, size: number, side: number): boolean {
    const a = this.args;
    a[0] = ts; a[1] = price; a[2] = size; a[3] = side;
    return this.onTradeFrom(symbol, a, 0, 1, 2, 3);
  }

  /** Apply a Tick record (records.ts) at `f64[base..]`. */
  onTick(f64: Float64Array, base: number): boolean {
    return this.onTradeFrom(f64[base + Tick.instrument], f64, base + Tick.ts, base + Tick.price, base + Tick.size, base + Tick.side);
  }

  /**
   * Write `symbol`'s Features record at `out[base..]`. Returns false and writes nothing if the
   * symbol is unknown or has had no accepted quote yet (there is no touch to describe).
   */
  write(symbol: number, t0: number, venue: number, out: Float64Array, base: number): boolean {
    const a = this.args;
    a[0] = t0; a[1] = venue;
    return this.writeFeatures(symbol, a, 0, out, base);
  }

  /** write with t0 read from `src[iT0]` (the caller's clock array); `venue` is a small integer id. */
  writeFrom(symbol: number, src: Float64Array, iT0: number, venue: number, out: Float64Array, base: number): boolean {
    this.args[1] = venue;
    return this.writeFeatures(symbol, src, iT0, out, base);
  }

  /** onQuote with its values read from `src` at the given indices. */
  onQuoteFrom(symbol: number, src: Float64Array, iTs: number, iBid: number, iBidSize: number, iAsk: number, iAskSize: number): boolean {
    if (!this.known(symbol)) return this.reject(FeatureReject.UnknownSymbol);
    const ts = src[iTs];
    const bid = src[iBid];
    const ask = src[iAsk];
    const bidSize = src[iBidSize];
    const askSize = src[iAskSize];
    if (!(ts > -Infinity && ts < Infinity)) return this.reject(FeatureReject.BadTimestamp);
    if (!(bid > 0) || !(ask > 0) || bid === Infinity || ask === Infinity) return this.reject(FeatureReject.BadPrice);
    if (bid >= ask) return this.reject(FeatureReject.CrossedBook);
    if (!(bidSize >= 0) || !(askSize >= 0) || bidSize === Infinity || askSize === Infinity) return this.reject(FeatureReject.BadSize);

    const mid = (bid + ask) * 0.5;
    const n = this.quotes[symbol];
    if (n === 0) {
      this.maShort[symbol] = mid;
      this.maLong[symbol] = mid;
    } else {
      const r = Math.log(mid / this.mid[symbol]);
      this.variance[symbol] = n === 1 ? r * r : this.variance[symbol] + this.aVol * (r * r - this.variance[symbol]);
      this.maShort[symbol] += this.aShort * (mid - this.maShort[symbol]);
      this.maLong[symbol] += this.aLong * (mid - this.maLong[symbol]);
    }
    this.quotes[symbol] = n + 1;
    this.indicatorInput[0] = mid;
    this.rsi.updateFrom(symbol, this.indicatorInput, 0);
    this.bands.updateFrom(symbol, this.indicatorInput, 0);
    this.indicatorInput[1] = ts;
    this.bars.onMidFrom(symbol, this.indicatorInput, 0);
    this.mid[symbol] = mid;
    this.bid[symbol] = bid;
    this.ask[symbol] = ask;
    this.bidSize[symbol] = bidSize;
    this.askSize[symbol] = askSize;
    this.ts[symbol] = ts;
    return true;
  }

  /** onTrade with its values read from `src` at the given indices. */
  onTradeFrom(symbol: number, src: Float64Array, iTs: number, iPrice: number, iSize: number, iSide: number): boolean {
    if (!this.known(symbol)) return this.reject(FeatureReject.UnknownSymbol);
    const ts = src[iTs];
    const price = src[iPrice];
    const size = src[iSize];
    const side = src[iSide];
    if (!(ts > -Infinity && ts < Infinity)) return this.reject(FeatureReject.BadTimestamp);
    if (!(price > 0) || price === Infinity) return this.reject(FeatureReject.BadPrice);
    if (!(size >= 0) || size === Infinity) return this.reject(FeatureReject.BadSize);
    if (side !== 1 && side !== -1 && side !== 0) return this.reject(FeatureReject.BadSide);

    let sign = side;
    if (sign === 0 && this.quotes[symbol] > 0) {
      const mid = this.mid[symbol];
      sign = price > mid ? 1 : price < mid ? -1 : 0;
    }
    this.tradeImbalance[symbol] += this.aTrade * (sign * size - this.tradeImbalance[symbol]);
    const day = Math.floor(ts / US_PER_DAY);
    if (day !== this.vwapDay[symbol]) {
      this.vwapDay[symbol] = day;
      this.vwap.resetSession(symbol);
    }
    this.indicatorInput[0] = price;
    this.indicatorInput[1] = size;
    this.vwap.updateFrom(symbol, this.indicatorInput, 0);
    this.lastPrice[symbol] = price;
    this.lastSize[symbol] = size;
    this.ts[symbol] = ts;
    return true;
  }

  /** The Features record, with t0 from `t0Src[iT0]` and the venue from args[1]. */
  private writeFeatures(symbol: number, t0Src: Float64Array, iT0: number, out: Float64Array, base: number): boolean {
    if (!this.known(symbol) || this.quotes[symbol] === 0) return false;
    const bid = this.bid[symbol];
    const ask = this.ask[symbol];
    const bidSize = this.bidSize[symbol];
    const askSize = this.askSize[symbol];
    const depth = bidSize + askSize;
    out[base + Features.t0] = t0Src[iT0];
    out[base + Features.ts] = this.ts[symbol];
    out[base + Features.instrument] = symbol;
    out[base + Features.venue] = this.args[1];
    out[base + Features.seq] = this.quotes[symbol];
    out[base + Features.kind] = RecordKind.Features;
    out[base + Features.flags] = 0;
    out[base + Features.bid] = bid;
    out[base + Features.ask] = ask;
    out[base + Features.bidSize] = bidSize;
    out[base + Features.askSize] = askSize;
    out[base + Features.lastPrice] = this.lastPrice[symbol];
    out[base + Features.lastSize] = this.lastSize[symbol];
    out[base + Features.volatility] = Math.sqrt(this.variance[symbol]) * 1e4;
    out[base + Features.maShort] = this.maShort[symbol];
    out[base + Features.maLong] = this.maLong[symbol];
    out[base + Features.microprice] = depth > 0 ? (bid * askSize + ask * bidSize) / depth : this.mid[symbol];
    out[base + Features.tradeImbalance] = this.tradeImbalance[symbol];
    this.bars.writeTo(symbol, out, base);
    const book = this.depthImbalance[symbol];
    out[base + Features.depthImbalance] = book === book ? book : depth > 0 ? (bidSize - askSize) / depth : 0;
    out[base + Features.rsi] = this.rsi.ready(symbol) ? this.rsi.value[symbol] : NaN;
    out[base + Features.midZScore] = this.bands.ready(symbol) ? this.bands.zScore[symbol] : NaN;
    out[base + Features.vwap] = this.vwap.value[symbol];
    return true;
  }

  /** Total rejected updates, all reasons. */
  rejectCount(): number {
    let total = 0;
    for (let i = 0; i < this.rejects.length; i++) total += this.rejects[i];
    return total;
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
