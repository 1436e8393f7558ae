/**
 * CandleEventSource: replays a CandleSeries as the quote and trade events the ingest stage reads
 * (MarketEvent slots of synthetic-market.ts), one event per `next()`.
 *
 * A bar becomes four price points, in the order the price most likely travelled:
 *   up bar (close >= open):  open, low,  high, close
 *   down bar (close < open): open, high, low,  close
 * at open time + floor(k * span / 4) µs for k = 0..3, where span is the series' interval
 * (options.intervalUs overrides it), cut to the distance to the next bar when that is shorter so
 * times never run backwards. Each point emits two events with the same ts:
 * 1. a Quote: bid/ask = price -/+ half the spread (spreadBps of the price, default 1 bp);
 *    with a tickSize, each side is rounded to the nearest tick, and when that leaves no spread
 *    the quote becomes the one-tick market around the price (bid = price floored to the grid,
 *    ask = bid + tick); bid is at least one tick. So 0 < bid < ask always, and bid <= price <=
 *    ask up to float rounding. Quote `price` is the point itself (the mid without a tick grid),
 *    `size` 0 and `side` 0, as SyntheticMarket writes its quotes.
 * 2. a Trade at the point's price, size volume / 4 (with volumeInQuote, volume / 4 / price, for
 *    files like FTX's whose volume is in the quote currency). bidSize and askSize of both events
 *    are that same size. A bar with volume 0 (unknown) uses `defaultSize` (default 1) instead,
 *    so no event carries a size the pipeline would refuse.
 *    side: +1 when the point is above the previous point, -1 below, 0 equal. The previous point
 *    of a bar's open is the previous bar's close; the very first trade of the series has side 0.
 * So a bar is exactly 8 events: Q T Q T Q T Q T. Everything is a function of the series and the
 * options: two replays are identical, bit for bit.
 *
 * Hot path: `next()` writes into the caller's Float64Array and allocates nothing; all mutable
 * doubles live in a Float64Array (counters included, so they never leave small-integer range
 * into boxed numbers). `nextEventTs[0]` exposes the next event's time (Infinity when done) for
 * MergedEventSource, which reads it without a call that would return a double.
 */

import { EventKind, MarketEvent } from '../synthetic-market.js';
import type { CandleSeries } from './candle-series.js';

export { MergedEventSource } from './merged-event-source.js';

export interface CandleEventOptions {
  /** Quoted spread in basis points of the price (default 1, must be > 0). */
  spreadBps?: number;
  /** Price grid for bid/ask (default 0: no rounding). */
  tickSize?: number;
  /** Quote and trade size for bars with zero volume (default 1, must be > 0). */
  defaultSize?: number;
  /** The series' volume is in the quote currency: sizes are divided by the price. */
  volumeInQuote?: boolean;
  /** Bar length in µs (default series.intervalUs; required when the series has < 2 bars). */
  intervalUs?: number;
}

/** Events per bar: 4 points x (quote + trade). */
export const EVENTS_PER_BAR = 8;
const POINTS_PER_BAR = 4;

const State = { events: 0, bars: 1, previousPrice: 2, bid: 3, ask: 4, size: 5 } as const;
const STATE_F64 = 6;

export class CandleEventSource {
  /** Slot 0: ts (µs) of the event the next `next()` writes; Infinity when the series is done. */
  readonly nextEventTs = new Float64Array(1);
  private readonly state = new Float64Array(STATE_F64);
  private readonly count: number;
  private readonly openTimeUs: Float64Array;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private readonly volume: Float64Array;
  private readonly intervalUs: number;
  private readonly halfSpread: number; // fraction of price
  private readonly tickSize: number;
  private readonly defaultSize: number;
  private readonly volumeInQuote: boolean;
  private bar = 0;
  /** 0..7 within the bar: even = quote, odd = trade, point = step >> 1. */
  private step = 0;

  constructor(readonly series: CandleSeries, readonly symbol: number, options: CandleEventOptions = {}) {
    if (!Number.isInteger(symbol) || symbol < 0) throw new Error(`symbol must be a non-negative integer, got ${symbol}`);
    const spreadBps = options.spreadBps ?? 1;
    const tickSize = options.tickSize ?? 0;
    const defaultSize = options.defaultSize ?? 1;
    const intervalUs = options.intervalUs ?? series.intervalUs;
    if (!(spreadBps > 0 && Number.isFinite(spreadBps))) throw new Error(`spreadBps must be > 0, got ${spreadBps}`);
    if (!(tickSize >= 0 && Number.isFinite(tickSize))) throw new Error(`tickSize must be >= 0, got ${tickSize}`);
    if (!(defaultSize > 0 && Number.isFinite(defaultSize))) throw new Error(`defaultSize must be > 0, got ${defaultSize}`);
    if (series.count > 0 && !(intervalUs > 0 && Number.isFinite(intervalUs))) {
      throw new Error(`${series.source}: no bar interval (series has ${series.count} bar(s)); pass options.intervalUs`);
    }
    checkSeries(series);
    this.count = series.count;
    this.openTimeUs = series.openTimeUs;
    this.open = series.open;
    this.high = series.high;
    this.low = series.low;
    this.close = series.close;
    this.volume = series.volume;
    this.intervalUs = intervalUs;
    this.halfSpread = spreadBps * 1e-4 * 0.5;
    this.tickSize = tickSize;
    this.defaultSize = defaultSize;
    this.volumeInQuote = options.volumeInQuote === true;
    this.rewind();
  }

  /** Bars whose first event has been emitted. */
  get barsRead(): number {
    return this.state[State.bars];
  }

  get eventsEmitted(): number {
    return this.state[State.events];
  }

  /** Start the replay again from the first bar. */
  rewind(): void {
    this.bar = 0;
    this.step = 0;
    this.state.fill(0);
    this.state[State.previousPrice] = NaN;
    this.schedule();
  }

  /**
   * Write the next event into `out` (MarketEvent slots from `base`); false (nothing written) when
   * the series is done.
   */
  next(out: Float64Array, base = 0): boolean {
    const bar = this.bar;
    if (bar >= this.count) return false;
    const step = this.step;
    const point = step >> 1;
    let price: number;
    if (point === 0) price = this.open[bar];
    else if (point === POINTS_PER_BAR - 1) price = this.close[bar];
    else price = (point === 1) === (this.close[bar] >= this.open[bar]) ? this.low[bar] : this.high[bar];
    const state = this.state;
    out[base + MarketEvent.symbol] = this.symbol;
    out[base + MarketEvent.ts] = this.nextEventTs[0];
    if ((step & 1) === 0) {
      if (point === 0) state[State.bars]++;
      this.quoteAround(price, bar);
      out[base + MarketEvent.kind] = EventKind.Quote;
      out[base + MarketEvent.price] = price;
      out[base + MarketEvent.size] = 0;
      out[base + MarketEvent.side] = 0;
    } else {
      const previous = state[State.previousPrice];
      out[base + MarketEvent.kind] = EventKind.Trade;
      out[base + MarketEvent.price] = price;
      out[base + MarketEvent.size] = state[State.size];
      out[base + MarketEvent.side] = price > previous ? 1 : price < previous ? -1 : 0;
      state[State.previousPrice] = price;
    }
    out[base + MarketEvent.bid] = state[State.bid];
    out[base + MarketEvent.ask] = state[State.ask];
    out[base + MarketEvent.bidSize] = state[State.size];
    out[base + MarketEvent.askSize] = state[State.size];
    state[State.events]++;
    if (step === EVENTS_PER_BAR - 1) {
      this.step = 0;
      this.bar = bar + 1;
    } else {
      this.step = step + 1;
    }
    this.schedule();
    return true;
  }

  /** Set bid, ask and size of the quote at `price` of bar `bar`. */
  private quoteAround(price: number, bar: number): void {
    const state = this.state;
    const half = price * this.halfSpread;
    let bid = price - half;
    let ask = price + half;
    const tick = this.tickSize;
    if (tick > 0) {
      bid = Math.round(bid / tick) * tick;
      ask = Math.round(ask / tick) * tick;
      if (!(ask > bid)) {
        bid = Math.floor(price / tick) * tick;
        ask = bid + tick;
      }
      if (bid < tick) {
        bid = tick;
        if (!(ask > bid)) ask = bid + tick;
      }
    }
    state[State.bid] = bid;
    state[State.ask] = ask;
    let volume = this.volume[bar];
    if (this.volumeInQuote) volume /= price;
    state[State.size] = volume > 0 ? volume / POINTS_PER_BAR : this.defaultSize;
  }

  /** nextEventTs[0] for the current bar and step. */
  private schedule(): void {
    const bar = this.bar;
    if (bar >= this.count) {
      this.nextEventTs[0] = Infinity;
      return;
    }
    const openUs = this.openTimeUs[bar];
    let span = this.intervalUs;
    if (bar + 1 < this.count && this.openTimeUs[bar + 1] - openUs < span) span = this.openTimeUs[bar + 1] - openUs;
    this.nextEventTs[0] = openUs + Math.floor(((this.step >> 1) * span) / POINTS_PER_BAR);
  }
}

/** Refuse (at construction, not per event) a series that readCandleFile would never produce. */
function checkSeries(series: CandleSeries): void {
  const columns = [series.openTimeUs, series.open, series.high, series.low, series.close, series.volume];
  if (!Number.isInteger(series.count) || series.count < 0 || columns.some((c) => c.length < series.count)) {
    throw new Error(`${series.source}: series columns are shorter than count ${series.count}`);
  }
  for (let k = 0; k < series.count; k++) {
    const o = series.open[k];
    const c = series.close[k];
    const ok = Number.isInteger(series.openTimeUs[k]) && (k === 0 || series.openTimeUs[k] > series.openTimeUs[k - 1])
      && o > 0 && c > 0 && series.high[k] >= Math.max(o, c) && series.low[k] <= Math.min(o, c) && series.low[k] > 0
      && Number.isFinite(series.high[k]) && series.volume[k] >= 0 && Number.isFinite(series.volume[k]);
    if (!ok) throw new Error(`${series.source}: bar ${k} is not a valid candle (times must increase, prices > 0, low <= open/close <= high)`);
  }
}
