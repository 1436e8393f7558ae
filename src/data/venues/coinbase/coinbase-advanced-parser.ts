/**
 * Coinbase Advanced Trade websocket messages -> preallocated typed arrays: level-2 book
 * operations, trades as Tick records, tickers as BookTop records, candles, heartbeats, with the
 * per-connection `sequence_num` check.
 *
 * One JSON.parse per frame is accepted here: Coinbase is not the latency-critical venue, and its
 * frames are JSON text. Everything after the parse writes into arrays owned by the parser and
 * allocates nothing (proved by coinbase-advanced-allocation.test.ts on pre-parsed frames).
 *
 * Contract: `parseFrame(text)` (or `handle(parsedValue)`) decodes one envelope
 * `{channel, client_id, timestamp, sequence_num, events: [...]}` and returns the
 * CoinbaseAdvancedKind of its last accepted event, or 0 when the whole frame was refused
 * (`rejects[reason]` +1, `lastReject`). Items inside an event (one trade, one ticker, one candle)
 * are refused one by one, each counted, and the rest of the event still counts. Nothing throws.
 * Records are written with `t0 = 0` (the caller stamps its receive clock) and `seq` = the
 * frame's sequence_num.
 *
 * Sequence: `sequence_num` counts every frame of the connection, all channels together, from 0.
 * Lower than expected -> stale, the frame is dropped. Higher -> a gap: frames were lost, and any
 * of them may have been a level-2 update, so every live book of the connection is marked
 * NeedsResync, `needsResync()` turns true and level-2 updates are refused (`book_not_synced`)
 * until a snapshot for that product arrives (the caller resubscribes level2 on this connection,
 * or reconnects and calls `resetConnection()`). The frame that reveals the gap is still decoded.
 * A frame refused before its sequence is accepted (unreadable JSON or envelope) does not advance
 * the expected number, so the next frame shows the gap: what could not be read may have been an
 * update.
 *
 * Venue facts the decoding relies on (checked against the 2026 capture in the tests):
 * - market_trades `side` is the MAKER's side (trades marked SELL print at the ask); records.ts
 *   wants the aggressor, so SELL -> Side.Buy.
 * - `l2_data` sides are `bid` / `offer`; `new_quantity` 0 removes the level.
 * - tickers carry no time of their own: their `ts` is the envelope `timestamp`.
 * - candle `start` is unix seconds as text.
 *
 * Books: every accepted l2_data event is applied to `books[symbol]` (book/l2-book.ts, one per
 * product, `bookCapacity` levels per side); the same changes stay readable in `levels` for a
 * consumer that wants the diffs. A book left crossed (best bid >= best ask) can only come from
 * lost or misapplied data: the event is refused (`crossed_book`) and the product needs a resync.
 */

import { BookTop, Side, Tick, VenueId } from '../../../shm/records.js';
import { DEFAULT_BOOK_CAPACITY, L2Book } from '../../book/l2-book.js';
import { BookLevelOps, BookOp, BookSync } from '../book-level-ops.js';
import { readDecimal, readNonNegativeDecimal as readNonNegative, readPositiveDecimal as readPositive, readWholeNumber } from '../decimal-text.js';
import { NOT_JSON, parseJsonFrame } from '../frame-text.js';
import { readIsoMicros } from '../iso-time.js';
import { coinbaseProductIndex } from './coinbase-product-ids.js';
import { COINBASE_ADVANCED_CHANNELS } from './coinbase-advanced-subscribe.js';
import { BAR_FIELDS, BarBatch, BarField, BarProblem } from '../bar-batch.js';

export { COINBASE_ADVANCED_CHANNELS, COINBASE_ADVANCED_WS_URL, coinbaseAdvancedSubscribe } from './coinbase-advanced-subscribe.js';
export type { CoinbaseAdvancedChannel } from './coinbase-advanced-subscribe.js';

export const CoinbaseAdvancedKind = {
  Refused: 0, L2Snapshot: 1, L2Update: 2, TradesSnapshot: 3, TradesUpdate: 4, TickerSnapshot: 5,
  TickerUpdate: 6, CandlesSnapshot: 7, CandlesUpdate: 8, Heartbeats: 9, Subscriptions: 10, Error: 11,
} as const;
export const COINBASE_ADVANCED_KINDS = [
  'refused', 'l2_data/snapshot', 'l2_data/update', 'market_trades/snapshot', 'market_trades/update',
  'ticker/snapshot', 'ticker/update', 'candles/snapshot', 'candles/update', 'heartbeats', 'subscriptions', 'error',
] as const;

export const AdvancedReject = {
  MalformedJson: 0, NotAnObject: 1, UnknownChannel: 2, MissingField: 3, BadSequence: 4, StaleSequence: 5,
  UnknownProduct: 6, BadPrice: 7, BadSize: 8, BadSide: 9, BadTime: 10, UnknownEventType: 11,
  TooManyLevels: 12, BookNotSynced: 13, BatchFull: 14, CrossedTop: 15, CrossedBook: 16,
} as const;
export const COINBASE_ADVANCED_REJECT_REASONS = [
  'malformed_json', 'not_an_object', 'unknown_channel', 'missing_field', 'bad_sequence', 'stale_sequence',
  'unknown_product', 'bad_price', 'bad_size', 'bad_side', 'bad_time', 'unknown_event_type',
  'too_many_levels', 'book_not_synced', 'batch_full', 'crossed_top', 'crossed_book',
] as const;

/** Slots of `frame`: values of the last accepted frame. */
export const AdvancedFrame = { sequence: 0, ts: 1, missedFrames: 2, heartbeatCounter: 3, levelsTs: 4 } as const;


export interface CoinbaseAdvancedParserOptions {
  /** Book operations one frame may carry (the BTC-USD snapshot in the capture has 46,000). */
  levelCapacity?: number;
  /** Levels per side each product's L2Book keeps (default DEFAULT_BOOK_CAPACITY; deeper ones are evicted). */
  bookCapacity?: number;
  /** Trades, tickers and candles one frame may carry (snapshots hold 100 of each). */
  batchCapacity?: number;
}

type Rec = Record<string, unknown>;

export class CoinbaseAdvancedParser {
  /** Unified symbols by dense id (the constructor's list). */
  readonly symbols: readonly string[];
  readonly symbolCount: number;
  readonly rejects = new Float64Array(COINBASE_ADVANCED_REJECT_REASONS.length);
  /** Accepted events by CoinbaseAdvancedKind. */
  readonly counts = new Float64Array(COINBASE_ADVANCED_KINDS.length);
  readonly frame = new Float64Array(5);
  readonly levels: BookLevelOps;
  /** Trades of the last frame, `tradeCount` Tick records (side = aggressor). */
  readonly trades: Float64Array;
  readonly tradeIds: Float64Array;
  tradeCount = 0;
  /** Tickers of the last frame, `topCount` BookTop records; last trade price in `tickerPrice`. */
  readonly tops: Float64Array;
  readonly tickerPrice: Float64Array;
  topCount = 0;
  /** Candles of the last frame (`start` in µs; kind 0 = snapshot, 1 = update). */
  readonly candles: BarBatch;
  /** Per product: its level-2 book, maintained from snapshots and updates. */
  readonly books: readonly L2Book[];
  /** Per product: BookSync state of its level-2 book. */
  readonly bookSync: Uint8Array;
  /** Per product: bit k set when the last `subscriptions` listed COINBASE_ADVANCED_CHANNELS[k]. */
  readonly subscribed: Uint8Array;
  /** Sequence gaps seen, and frames lost in them. */
  gaps = 0;
  missedFrames = 0;
  lastReject = -1;
  /** Refusals counted while reading the last frame (items of an accepted frame included). */
  frameRejects = 0;
  lastErrorMessage = '';

  private readonly products: Map<string, number>;
  private readonly batchCapacity: number;
  /** Next expected sequence_num. */
  private expected = 0;
  private readonly scratch = new Float64Array(8);
  private readonly bar = new Float64Array(BAR_FIELDS);

  constructor(symbols: readonly string[], options: CoinbaseAdvancedParserOptions = {}) {
    this.products = coinbaseProductIndex(symbols);
    this.symbols = [...symbols];
    this.symbolCount = symbols.length;
    this.levels = new BookLevelOps(options.levelCapacity ?? 131_072);
    const batch = options.batchCapacity ?? 1024;
    if (!Number.isInteger(batch) || batch <= 0) throw new Error(`CoinbaseAdvancedParser: bad batchCapacity ${batch}`);
    this.batchCapacity = batch;
    this.trades = new Float64Array(Tick.f64 * batch);
    this.tradeIds = new Float64Array(batch);
    this.tops = new Float64Array(BookTop.f64 * batch);
    this.tickerPrice = new Float64Array(batch);
    this.candles = new BarBatch(batch);
    const bookCapacity = options.bookCapacity ?? DEFAULT_BOOK_CAPACITY;
    this.books = symbols.map(() => new L2Book(bookCapacity));
    this.bookSync = new Uint8Array(symbols.length);
    this.subscribed = new Uint8Array(symbols.length);
  }

  /** A gap (or a refused level-2 event) left some book unknowable: resubscribe level2. */
  needsResync(): boolean {
    for (let s = 0; s < this.symbolCount; s++) if (this.bookSync[s] === BookSync.NeedsResync) return true;
    return false;
  }

  /** A new connection: its sequence_num starts at `firstSequence`, books await snapshots. */
  resetConnection(firstSequence = 0): void {
    this.expected = firstSequence;
    this.bookSync.fill(BookSync.AwaitingSnapshot);
    for (const book of this.books) book.clear();
    this.subscribed.fill(0);
  }

  /** Decode one frame, as text or as the UTF-8 bytes a websocket delivers. */
  parseFrame(text: unknown): number {
    this.frameRejects = 0;
    const value = parseJsonFrame(text);
    return value === NOT_JSON ? this.reject(AdvancedReject.MalformedJson) : this.handle(value);
  }

  /** Decode one already-parsed frame. */
  handle(value: unknown): number {
    this.frameRejects = 0;
    this.levels.reset();
    this.tradeCount = 0;
    this.topCount = 0;
    this.candles.count = 0;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.reject(AdvancedReject.NotAnObject);
    const msg = value as Rec;
    if (msg.type === 'error') {
      this.lastErrorMessage = typeof msg.message === 'string' ? msg.message : '';
      this.counts[CoinbaseAdvancedKind.Error] += 1;
      return CoinbaseAdvancedKind.Error;
    }
    const channel = msg.channel;
    const events = msg.events;
    if (typeof channel !== 'string' || !Array.isArray(events)) return this.reject(AdvancedReject.MissingField);
    if (!readWholeNumber(msg.sequence_num, this.scratch, 0)) return this.reject(AdvancedReject.BadSequence);
    if (!readIsoMicros(msg.timestamp, this.scratch, 1)) return this.reject(AdvancedReject.BadTime);
    const sequence = this.scratch[0];
    if (sequence < this.expected) return this.reject(AdvancedReject.StaleSequence);
    const frame = this.frame;
    frame[AdvancedFrame.missedFrames] = sequence - this.expected;
    if (sequence > this.expected) this.onGap(sequence - this.expected);
    this.expected = sequence + 1;
    frame[AdvancedFrame.sequence] = sequence;
    frame[AdvancedFrame.ts] = this.scratch[1];

    const decoder = channel === 'l2_data' ? 1 : channel === 'market_trades' ? 2 : channel === 'ticker' || channel === 'ticker_batch' ? 3
      : channel === 'candles' ? 4 : channel === 'heartbeats' ? 5 : channel === 'subscriptions' ? 6 : 0;
    if (decoder === 0) return this.reject(AdvancedReject.UnknownChannel);
    let kind = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Rec | null;
      if (event === null || typeof event !== 'object') { this.reject(AdvancedReject.MissingField); continue; }
      const k = decoder === 1 ? this.onLevels(event) : decoder === 2 ? this.onTrades(event) : decoder === 3 ? this.onTickers(event)
        : decoder === 4 ? this.onCandles(event) : decoder === 5 ? this.onHeartbeat(event) : this.onSubscriptions(event);
      if (k > 0) { this.counts[k] += 1; kind = k; }
    }
    return kind;
  }

  private onGap(missed: number): void {
    this.gaps += 1;
    this.missedFrames += missed;
    for (let s = 0; s < this.symbolCount; s++) if (this.bookSync[s] === BookSync.Live) this.bookSync[s] = BookSync.NeedsResync;
  }

  /** 0 for "snapshot", 1 for "update", -1 otherwise (counted). */
  private eventType(event: Rec): number {
    const type = event.type;
    if (type === 'snapshot') return 0;
    if (type === 'update') return 1;
    this.reject(AdvancedReject.UnknownEventType);
    return -1;
  }

  private onLevels(event: Rec): number {
    const type = this.eventType(event);
    if (type < 0) return 0;
    const symbol = this.product(event.product_id);
    if (symbol < 0) return 0;
    const updates = event.updates;
    if (!Array.isArray(updates)) return this.breakBook(symbol, AdvancedReject.MissingField);
    if (type === 1 && this.bookSync[symbol] !== BookSync.Live) return this.breakBook(symbol, AdvancedReject.BookNotSynced);
    if (!this.levels.hasRoom(updates.length + 1)) return this.breakBook(symbol, AdvancedReject.TooManyLevels);
    const mark = this.levels.count;
    if (type === 0) this.levels.pushClear(symbol);
    const s = this.scratch;
    for (let i = 0; i < updates.length; i++) {
      const level = updates[i] as Rec | null;
      if (level === null || typeof level !== 'object') return this.breakBook(symbol, AdvancedReject.MissingField, mark);
      const sideText = level.side;
      const side = sideText === 'bid' ? BookOp.Bid : sideText === 'offer' ? BookOp.Ask : BookOp.Clear;
      if (side === BookOp.Clear) return this.breakBook(symbol, AdvancedReject.BadSide, mark);
      if (!readDecimal(level.price_level, s, 2) || !(s[2] > 0 && s[2] < Infinity)) return this.breakBook(symbol, AdvancedReject.BadPrice, mark);
      if (!readDecimal(level.new_quantity, s, 3) || !(s[3] >= 0 && s[3] < Infinity)) return this.breakBook(symbol, AdvancedReject.BadSize, mark);
      if (!readIsoMicros(level.event_time, s, 4)) return this.breakBook(symbol, AdvancedReject.BadTime, mark);
      this.levels.pushLevel(symbol, side, s, 2);
    }
    this.levels.applyTo(this.books, mark);
    if (this.books[symbol].isCrossed()) return this.breakBook(symbol, AdvancedReject.CrossedBook, mark);
    if (updates.length > 0) this.frame[AdvancedFrame.levelsTs] = s[4];
    this.bookSync[symbol] = BookSync.Live;
    return type === 0 ? CoinbaseAdvancedKind.L2Snapshot : CoinbaseAdvancedKind.L2Update;
  }

  private onTrades(event: Rec): number {
    const type = this.eventType(event);
    if (type < 0) return 0;
    const trades = event.trades;
    if (!Array.isArray(trades)) return this.reject(AdvancedReject.MissingField);
    const s = this.scratch;
    for (let i = 0; i < trades.length; i++) {
      const trade = trades[i] as Rec | null;
      if (trade === null || typeof trade !== 'object') { this.reject(AdvancedReject.MissingField); continue; }
      if (this.tradeCount >= this.batchCapacity) { this.reject(AdvancedReject.BatchFull); break; }
      const symbol = this.product(trade.product_id);
      if (symbol < 0) continue;
      const maker = trade.side;
      if (maker !== 'BUY' && maker !== 'SELL') { this.reject(AdvancedReject.BadSide); continue; }
      if (!readDecimal(trade.price, s, 2) || !(s[2] > 0 && s[2] < Infinity)) { this.reject(AdvancedReject.BadPrice); continue; }
      if (!readDecimal(trade.size, s, 3) || !(s[3] > 0 && s[3] < Infinity)) { this.reject(AdvancedReject.BadSize); continue; }
      if (!readIsoMicros(trade.time, s, 4)) { this.reject(AdvancedReject.BadTime); continue; }
      if (!readWholeNumber(trade.trade_id, s, 5)) { this.reject(AdvancedReject.MissingField); continue; }
      const k = this.tradeCount++;
      const b = k * Tick.f64;
      const out = this.trades;
      out[b + Tick.t0] = 0;
      out[b + Tick.ts] = s[4];
      out[b + Tick.instrument] = symbol;
      out[b + Tick.venue] = VenueId.Coinbase;
      out[b + Tick.price] = s[2];
      out[b + Tick.size] = s[3];
      out[b + Tick.side] = maker === 'BUY' ? Side.Sell : Side.Buy;
      out[b + Tick.seq] = this.frame[AdvancedFrame.sequence];
      this.tradeIds[k] = s[5];
    }
    return type === 0 ? CoinbaseAdvancedKind.TradesSnapshot : CoinbaseAdvancedKind.TradesUpdate;
  }

  private onTickers(event: Rec): number {
    const type = this.eventType(event);
    if (type < 0) return 0;
    const tickers = event.tickers;
    if (!Array.isArray(tickers)) return this.reject(AdvancedReject.MissingField);
    const s = this.scratch;
    for (let i = 0; i < tickers.length; i++) {
      const ticker = tickers[i] as Rec | null;
      if (ticker === null || typeof ticker !== 'object') { this.reject(AdvancedReject.MissingField); continue; }
      if (this.topCount >= this.batchCapacity) { this.reject(AdvancedReject.BatchFull); break; }
      const symbol = this.product(ticker.product_id);
      if (symbol < 0) continue;
      if (!readPositive(ticker.price, s, 2) || !readPositive(ticker.best_bid, s, 3) || !readPositive(ticker.best_ask, s, 4)) {
        this.reject(AdvancedReject.BadPrice); continue;
      }
      if (s[3] > s[4]) { this.reject(AdvancedReject.CrossedTop); continue; }
      s[5] = 0; s[6] = 0;
      if ((ticker.best_bid_quantity !== undefined && !readNonNegative(ticker.best_bid_quantity, s, 5))
        || (ticker.best_ask_quantity !== undefined && !readNonNegative(ticker.best_ask_quantity, s, 6))) {
        this.reject(AdvancedReject.BadSize); continue;
      }
      const k = this.topCount++;
      const b = k * BookTop.f64;
      const out = this.tops;
      out[b + BookTop.t0] = 0;
      out[b + BookTop.ts] = this.frame[AdvancedFrame.ts];
      out[b + BookTop.instrument] = symbol;
      out[b + BookTop.venue] = VenueId.Coinbase;
      out[b + BookTop.bidPrice] = s[3];
      out[b + BookTop.bidSize] = s[5];
      out[b + BookTop.askPrice] = s[4];
      out[b + BookTop.askSize] = s[6];
      this.tickerPrice[k] = s[2];
    }
    return type === 0 ? CoinbaseAdvancedKind.TickerSnapshot : CoinbaseAdvancedKind.TickerUpdate;
  }

  private onCandles(event: Rec): number {
    const type = this.eventType(event);
    if (type < 0) return 0;
    const candles = event.candles;
    if (!Array.isArray(candles)) return this.reject(AdvancedReject.MissingField);
    for (let i = 0; i < candles.length; i++) {
      const candle = candles[i] as Rec | null;
      if (candle === null || typeof candle !== 'object') { this.reject(AdvancedReject.MissingField); continue; }
      if (this.candles.count >= this.batchCapacity) { this.reject(AdvancedReject.BatchFull); break; }
      const symbol = this.product(candle.product_id);
      if (symbol < 0) continue;
      const bar = this.bar;
      if (!readWholeNumber(candle.start, bar, BarField.start)) { this.reject(AdvancedReject.BadTime); continue; }
      bar[BarField.start] *= 1_000_000;
      if (!readDecimal(candle.open, bar, BarField.open) || !readDecimal(candle.high, bar, BarField.high)
        || !readDecimal(candle.low, bar, BarField.low) || !readDecimal(candle.close, bar, BarField.close)) {
        this.reject(AdvancedReject.BadPrice); continue;
      }
      if (!readDecimal(candle.volume, bar, BarField.volume)) { this.reject(AdvancedReject.BadSize); continue; }
      bar[BarField.trades] = 0;
      bar[BarField.vwap] = 0;
      const problem = this.candles.push(symbol, type, bar, 0);
      if (problem === BarProblem.BadPrice) this.reject(AdvancedReject.BadPrice);
      else if (problem === BarProblem.BadVolume) this.reject(AdvancedReject.BadSize);
      else if (problem === BarProblem.Full) this.reject(AdvancedReject.BatchFull);
    }
    return type === 0 ? CoinbaseAdvancedKind.CandlesSnapshot : CoinbaseAdvancedKind.CandlesUpdate;
  }

  private onHeartbeat(event: Rec): number {
    if (!readWholeNumber(event.heartbeat_counter, this.scratch, 2)) return this.reject(AdvancedReject.MissingField);
    this.frame[AdvancedFrame.heartbeatCounter] = this.scratch[2];
    return CoinbaseAdvancedKind.Heartbeats;
  }

  private onSubscriptions(event: Rec): number {
    const subscriptions = event.subscriptions as Rec | null;
    if (subscriptions === null || typeof subscriptions !== 'object') return this.reject(AdvancedReject.MissingField);
    this.subscribed.fill(0);
    for (let bit = 0; bit < COINBASE_ADVANCED_CHANNELS.length; bit++) {
      const ids = subscriptions[COINBASE_ADVANCED_CHANNELS[bit]];
      if (!Array.isArray(ids)) continue;
      for (let k = 0; k < ids.length; k++) {
        const symbol = typeof ids[k] === 'string' ? this.products.get(ids[k] as string) : undefined;
        if (symbol !== undefined) this.subscribed[symbol] |= 1 << bit;
      }
    }
    return CoinbaseAdvancedKind.Subscriptions;
  }

  /** Dense id of a product_id, or -1 after counting the refusal. */
  private product(id: unknown): number {
    if (typeof id !== 'string') return this.reject(AdvancedReject.MissingField) - 1;
    const symbol = this.products.get(id);
    return symbol === undefined ? this.reject(AdvancedReject.UnknownProduct) - 1 : symbol;
  }

  /** Refuse a level-2 event: drop what it pushed; its book can no longer be trusted. */
  private breakBook(symbol: number, reason: number, mark = -1): number {
    if (mark >= 0) this.levels.rollback(mark);
    this.bookSync[symbol] = BookSync.NeedsResync;
    return this.reject(reason);
  }

  private reject(reason: number): number {
    this.rejects[reason] += 1;
    this.frameRejects += 1;
    this.lastReject = reason;
    return 0;
  }
}
