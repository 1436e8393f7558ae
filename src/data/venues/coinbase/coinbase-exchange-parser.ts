/**
 * Coinbase Exchange `ws-feed` messages -> preallocated typed arrays: level-2 book operations,
 * trades as Tick records, tickers as BookTop records, with per-product sequence checks.
 *
 * One JSON.parse per frame is accepted here: Coinbase is not the latency-critical venue, and its
 * frames are JSON text. Everything after the parse (validation, number and time decoding,
 * sequence checks) writes into arrays owned by the parser and allocates nothing (proved by
 * test/data/venues/coinbase/coinbase-exchange-allocation.test.ts on pre-parsed messages).
 *
 * Contract: `parseFrame(text)` (or `handle(parsedValue)`) returns a CoinbaseExchangeKind > 0 for
 * an accepted message, with its content in `tick` / `top` / `levels` / `out`, or 0 when it was
 * refused, with `rejects[reason]` incremented and `lastReject` set. Nothing throws on any input.
 * Records are written with `t0 = 0`: the caller stamps its own receive clock.
 *
 * Message notes (what the venue documents and the 2021 capture confirms):
 * - `match.side` is the MAKER's side; records.ts wants the aggressor, so `buy` -> Side.Sell.
 * - `sequence` is the product's order-book sequence, shared by every channel and advanced by every
 *   order event. On `ticker` and `matches` it therefore jumps by more than one between messages as
 *   a matter of course (in the capture, every one of the 97 match-to-match steps), so a jump there is NOT a loss: it is only
 *   counted in `sequenceSkips`. What those channels do guarantee is order, so a repeated or lower
 *   sequence is refused as stale (this also drops a match received twice, through `matches` and
 *   `full`).
 * - A lost trade is detected by `trade_id`, which is consecutive per product: a match whose
 *   trade_id is not last+1 counts a gap (`gaps[symbol]`, `out[ExchangeOut.missedTrades]`).
 *   `last_match` (sent on subscribe) sets the baseline. The ticker channel may batch trades, so
 *   a skipped trade_id there is not a gap and is not checked.
 * - With `fullChannel: true` every order event of the `full` channel (received/open/done/change/
 *   activate/match) must advance the product sequence by exactly one; a jump is a gap.
 * - `level2`/`level2_batch` carry no sequence at all: a loss there cannot be seen. An l2update
 *   before the product's snapshot, or one that fails validation, leaves the book unknowable, so
 *   the product is marked for resync (`needsResync()`) and its updates are refused
 *   (`book_not_synced`) until the next snapshot (the caller resubscribes).
 * - `ticker` has best_bid_size/best_ask_size only in recent feeds: when absent, the BookTop
 *   sizes are 0 and `out[ExchangeOut.hasSizes]` is 0.
 *
 * Books: every accepted snapshot/update is applied to `books[symbol]` (book/l2-book.ts, one per
 * product, `bookCapacity` levels per side); the same changes stay readable in `levels` for a
 * consumer that wants the diffs. A book left crossed (best bid >= best ask) by an update can only
 * come from lost or misapplied data: the message is refused (`crossed_book`) and the product
 * needs a resync.
 */

import { BookTop, Side, Tick, VenueId } from '../../../shm/records.js';
import { DEFAULT_BOOK_CAPACITY, L2Book } from '../../book/l2-book.js';
import { BookLevelOps, BookOp, BookSync } from '../book-level-ops.js';
import { readDecimal, readNonNegativeDecimal as readNonNegative, readPositiveDecimal as readPositive, readWholeNumber } from '../decimal-text.js';
import { NOT_JSON, parseJsonFrame } from '../frame-text.js';
import { readIsoMicros } from '../iso-time.js';
import { coinbaseProductIndex } from './coinbase-product-ids.js';
import { COINBASE_EXCHANGE_CHANNELS, type CoinbaseExchangeChannel } from './coinbase-exchange-subscribe.js';
import { ExchangeSequenceTracker } from './coinbase-exchange-sequences.js';

export { COINBASE_EXCHANGE_CHANNELS, COINBASE_EXCHANGE_WS_URL, coinbaseExchangeSubscribe } from './coinbase-exchange-subscribe.js';
export type { CoinbaseExchangeChannel } from './coinbase-exchange-subscribe.js';

export const CoinbaseExchangeKind = {
  Refused: 0, Subscriptions: 1, Snapshot: 2, L2Update: 3, Ticker: 4, Match: 5, LastMatch: 6,
  Heartbeat: 7, Error: 8, FullEvent: 9,
} as const;
export const COINBASE_EXCHANGE_KINDS = [
  'refused', 'subscriptions', 'snapshot', 'l2update', 'ticker', 'match', 'last_match', 'heartbeat', 'error', 'full',
] as const;

export const ExchangeReject = {
  MalformedJson: 0, NotAnObject: 1, UnknownType: 2, MissingField: 3, UnknownProduct: 4, BadPrice: 5,
  BadSize: 6, BadSide: 7, BadTime: 8, BadSequence: 9, StaleSequence: 10, CrossedTop: 11,
  TooManyLevels: 12, BookNotSynced: 13, CrossedBook: 14,
} as const;
export const COINBASE_EXCHANGE_REJECT_REASONS = [
  'malformed_json', 'not_an_object', 'unknown_type', 'missing_field', 'unknown_product', 'bad_price',
  'bad_size', 'bad_side', 'bad_time', 'bad_sequence', 'stale_sequence', 'crossed_top',
  'too_many_levels', 'book_not_synced', 'crossed_book',
] as const;

/** Slots of `out`: the last accepted message's values that the Tick/BookTop records do not carry. */
export const ExchangeOut = {
  symbol: 0, ts: 1, sequence: 2, tradeId: 3, lastPrice: 4, lastSize: 5, hasSizes: 6,
  gap: 7, missedTrades: 8, heartbeatLastTradeId: 9,
} as const;
const OUT_SLOTS = 10;

export interface CoinbaseExchangeParserOptions {
  /** Book operations one frame may carry (a full-depth snapshot can hold tens of thousands). */
  levelCapacity?: number;
  /** Levels per side each product's L2Book keeps (default DEFAULT_BOOK_CAPACITY; deeper ones are evicted). */
  bookCapacity?: number;
  /** Check the `full` channel's per-product sequence for contiguity. */
  fullChannel?: boolean;
}

type Rec = Record<string, unknown>;
const FULL_TYPES = ['received', 'open', 'done', 'change', 'activate'];

export class CoinbaseExchangeParser {
  /** Unified symbols by dense id (the constructor's list). */
  readonly symbols: readonly string[];
  readonly symbolCount: number;
  readonly rejects = new Float64Array(COINBASE_EXCHANGE_REJECT_REASONS.length);
  /** Accepted messages by CoinbaseExchangeKind. */
  readonly counts = new Float64Array(COINBASE_EXCHANGE_KINDS.length);
  /** The last match/last_match (Tick layout; side = aggressor). */
  readonly tick = new Float64Array(Tick.f64);
  /** The last ticker (BookTop layout). */
  readonly top = new Float64Array(BookTop.f64);
  readonly out = new Float64Array(OUT_SLOTS);
  /** Book operations of the current message (empty unless it was an accepted snapshot/l2update). */
  readonly levels: BookLevelOps;
  readonly sequences: ExchangeSequenceTracker;
  /** Per product: its level-2 book, maintained from snapshots and updates. */
  readonly books: readonly L2Book[];
  /** Per product: BookSync state of its level-2 book. */
  readonly bookSync: Uint8Array;
  /** Per product: bit k set when the last `subscriptions` listed COINBASE_EXCHANGE_CHANNELS[k]. */
  readonly subscribed: Uint8Array;
  lastReject = -1;
  /** Text of the last `error` message (the venue's own strings, kept by reference). */
  lastErrorMessage = '';
  lastErrorReason = '';

  private readonly products: Map<string, number>;
  private readonly fullChannel: boolean;
  private readonly scratch = new Float64Array(8);

  constructor(symbols: readonly string[], options: CoinbaseExchangeParserOptions = {}) {
    this.products = coinbaseProductIndex(symbols);
    this.symbols = [...symbols];
    this.symbolCount = symbols.length;
    this.levels = new BookLevelOps(options.levelCapacity ?? 65_536);
    this.sequences = new ExchangeSequenceTracker(symbols.length);
    const bookCapacity = options.bookCapacity ?? DEFAULT_BOOK_CAPACITY;
    this.books = symbols.map(() => new L2Book(bookCapacity));
    this.bookSync = new Uint8Array(symbols.length);
    this.subscribed = new Uint8Array(symbols.length);
    this.fullChannel = options.fullChannel ?? false;
  }

  /** Some product's book cannot be trusted until its next snapshot (resubscribe level2). */
  needsResync(): boolean {
    for (let s = 0; s < this.symbolCount; s++) if (this.bookSync[s] === BookSync.NeedsResync) return true;
    return false;
  }

  /**
   * A new connection: books wait for fresh snapshots. Sequences and trade ids are kept, so trades
   * missed while disconnected show up as a gap at the next last_match/match.
   */
  resetConnection(): void {
    this.bookSync.fill(BookSync.AwaitingSnapshot);
    for (const book of this.books) book.clear();
    this.subscribed.fill(0);
    this.levels.reset();
  }

  /** Decode one frame, as text or as the UTF-8 bytes a websocket delivers. */
  parseFrame(text: unknown): number {
    const value = parseJsonFrame(text);
    return value === NOT_JSON ? this.reject(ExchangeReject.MalformedJson) : this.handle(value);
  }

  /** Decode one already-parsed message. */
  handle(value: unknown): number {
    this.levels.reset();
    this.out[ExchangeOut.gap] = 0;
    this.out[ExchangeOut.missedTrades] = 0;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.reject(ExchangeReject.NotAnObject);
    const msg = value as Rec;
    const type = msg.type;
    if (typeof type !== 'string') return this.reject(ExchangeReject.MissingField);
    let kind: number;
    switch (type) {
      case 'l2update': kind = this.onL2Update(msg); break;
      case 'snapshot': kind = this.onSnapshot(msg); break;
      case 'ticker': kind = this.onTicker(msg); break;
      case 'match': kind = this.onMatch(msg, CoinbaseExchangeKind.Match); break;
      case 'last_match': kind = this.onMatch(msg, CoinbaseExchangeKind.LastMatch); break;
      case 'heartbeat': kind = this.onHeartbeat(msg); break;
      case 'subscriptions': kind = this.onSubscriptions(msg); break;
      case 'error': kind = this.onError(msg); break;
      default:
        kind = this.fullChannel && FULL_TYPES.includes(type) ? this.onFullEvent(msg) : this.reject(ExchangeReject.UnknownType);
    }
    if (kind > 0) this.counts[kind] += 1;
    return kind;
  }

  private onSnapshot(msg: Rec): number {
    const symbol = this.product(msg);
    if (symbol < 0) return 0;
    const bids = msg.bids;
    const asks = msg.asks;
    if (!Array.isArray(bids) || !Array.isArray(asks)) return this.reject(ExchangeReject.MissingField);
    if (!this.levels.hasRoom(bids.length + asks.length + 1)) return this.breakBook(symbol, ExchangeReject.TooManyLevels);
    this.levels.pushClear(symbol);
    const reason = this.pushPairs(symbol, BookOp.Bid, bids);
    const reasonAsks = reason < 0 ? this.pushPairs(symbol, BookOp.Ask, asks) : reason;
    if (reasonAsks >= 0) return this.breakBook(symbol, reasonAsks);
    if (!this.applyLevels(symbol)) return 0;
    this.out[ExchangeOut.symbol] = symbol;
    // The 2021 feed sent snapshots without a time.
    this.out[ExchangeOut.ts] = readIsoMicros(msg.time, this.scratch, 0) ? this.scratch[0] : 0;
    return CoinbaseExchangeKind.Snapshot;
  }

  /** Push `[price, size]` pairs; -1 when all were valid, else the reject reason. */
  private pushPairs(symbol: number, side: number, pairs: unknown[]): number {
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (!Array.isArray(pair) || pair.length < 2) return ExchangeReject.MissingField;
      const reason = this.readLevel(pair[0], pair[1]);
      if (reason >= 0) return reason;
      this.levels.pushLevel(symbol, side, this.scratch, 2);
    }
    return -1;
  }

  /** Price into scratch[2], quantity into scratch[3]; -1 when valid, else the reject reason. */
  private readLevel(priceText: unknown, qtyText: unknown): number {
    if (!readDecimal(priceText, this.scratch, 2) || !(this.scratch[2] > 0 && this.scratch[2] < Infinity)) return ExchangeReject.BadPrice;
    if (!readDecimal(qtyText, this.scratch, 3) || !(this.scratch[3] >= 0 && this.scratch[3] < Infinity)) return ExchangeReject.BadSize;
    return -1;
  }

  private onL2Update(msg: Rec): number {
    const symbol = this.product(msg);
    if (symbol < 0) return 0;
    if (this.bookSync[symbol] !== BookSync.Live) return this.breakBook(symbol, ExchangeReject.BookNotSynced);
    const changes = msg.changes;
    if (!Array.isArray(changes)) return this.breakBook(symbol, ExchangeReject.MissingField);
    if (!readIsoMicros(msg.time, this.scratch, 0)) return this.breakBook(symbol, ExchangeReject.BadTime);
    if (!this.levels.hasRoom(changes.length)) return this.breakBook(symbol, ExchangeReject.TooManyLevels);
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i];
      if (!Array.isArray(change) || change.length < 3) return this.breakBook(symbol, ExchangeReject.MissingField);
      const sideText = change[0];
      const side = sideText === 'buy' ? BookOp.Bid : sideText === 'sell' ? BookOp.Ask : BookOp.Clear;
      if (side === BookOp.Clear) return this.breakBook(symbol, ExchangeReject.BadSide);
      const reason = this.readLevel(change[1], change[2]);
      if (reason >= 0) return this.breakBook(symbol, reason);
      this.levels.pushLevel(symbol, side, this.scratch, 2);
    }
    if (!this.applyLevels(symbol)) return 0;
    this.out[ExchangeOut.symbol] = symbol;
    this.out[ExchangeOut.ts] = this.scratch[0];
    return CoinbaseExchangeKind.L2Update;
  }

  private onTicker(msg: Rec): number {
    const symbol = this.product(msg);
    if (symbol < 0) return 0;
    const s = this.scratch;
    if (!readWholeNumber(msg.sequence, s, 0)) return this.reject(ExchangeReject.BadSequence);
    if (!readIsoMicros(msg.time, s, 1)) return this.reject(ExchangeReject.BadTime);
    if (!readPositive(msg.price, s, 2) || !readPositive(msg.best_bid, s, 3) || !readPositive(msg.best_ask, s, 4)) {
      return this.reject(ExchangeReject.BadPrice);
    }
    if (s[3] > s[4]) return this.reject(ExchangeReject.CrossedTop);
    const hasSizes = msg.best_bid_size !== undefined || msg.best_ask_size !== undefined;
    s[5] = 0; s[6] = 0; s[7] = 0;
    if (hasSizes && (!readNonNegative(msg.best_bid_size, s, 5) || !readNonNegative(msg.best_ask_size, s, 6))) {
      return this.reject(ExchangeReject.BadSize);
    }
    if (msg.last_size !== undefined && !readNonNegative(msg.last_size, s, 7)) return this.reject(ExchangeReject.BadSize);
    if (!this.sequences.acceptTicker(symbol, s, 0)) return this.reject(ExchangeReject.StaleSequence);

    const top = this.top;
    top[BookTop.t0] = 0;
    top[BookTop.ts] = s[1];
    top[BookTop.instrument] = symbol;
    top[BookTop.venue] = VenueId.Coinbase;
    top[BookTop.bidPrice] = s[3];
    top[BookTop.bidSize] = s[5];
    top[BookTop.askPrice] = s[4];
    top[BookTop.askSize] = s[6];
    const out = this.out;
    out[ExchangeOut.symbol] = symbol;
    out[ExchangeOut.ts] = s[1];
    out[ExchangeOut.sequence] = s[0];
    out[ExchangeOut.tradeId] = readWholeNumber(msg.trade_id, s, 0) ? s[0] : -1;
    out[ExchangeOut.lastPrice] = s[2];
    out[ExchangeOut.lastSize] = s[7];
    out[ExchangeOut.hasSizes] = hasSizes ? 1 : 0;
    return CoinbaseExchangeKind.Ticker;
  }

  private onMatch(msg: Rec, kind: number): number {
    const symbol = this.product(msg);
    if (symbol < 0) return 0;
    const s = this.scratch;
    if (!readWholeNumber(msg.sequence, s, 0) || !readWholeNumber(msg.trade_id, s, 1)) return this.reject(ExchangeReject.BadSequence);
    if (!readIsoMicros(msg.time, s, 2)) return this.reject(ExchangeReject.BadTime);
    if (!readPositive(msg.price, s, 3)) return this.reject(ExchangeReject.BadPrice);
    if (!readPositive(msg.size, s, 4)) return this.reject(ExchangeReject.BadSize);
    const makerSide = msg.side;
    if (makerSide !== 'buy' && makerSide !== 'sell') return this.reject(ExchangeReject.BadSide);
    if (this.fullChannel && !this.sequences.acceptFull(symbol, s, 0)) return this.reject(ExchangeReject.StaleSequence);
    const fullGap = this.fullChannel ? this.sequences.lastGaps[0] : 0;
    if (!this.sequences.acceptMatch(symbol, s, 0, 1)) return this.reject(ExchangeReject.StaleSequence);
    const missed = this.sequences.lastGaps[1];

    const tick = this.tick;
    tick[Tick.t0] = 0;
    tick[Tick.ts] = s[2];
    tick[Tick.instrument] = symbol;
    tick[Tick.venue] = VenueId.Coinbase;
    tick[Tick.price] = s[3];
    tick[Tick.size] = s[4];
    tick[Tick.side] = makerSide === 'buy' ? Side.Sell : Side.Buy;
    tick[Tick.seq] = s[0];
    const out = this.out;
    out[ExchangeOut.symbol] = symbol;
    out[ExchangeOut.ts] = s[2];
    out[ExchangeOut.sequence] = s[0];
    out[ExchangeOut.tradeId] = s[1];
    out[ExchangeOut.lastPrice] = s[3];
    out[ExchangeOut.lastSize] = s[4];
    out[ExchangeOut.gap] = missed > 0 || fullGap > 0 ? 1 : 0;
    out[ExchangeOut.missedTrades] = missed;
    return kind;
  }

  private onFullEvent(msg: Rec): number {
    const symbol = this.product(msg);
    if (symbol < 0) return 0;
    if (!readWholeNumber(msg.sequence, this.scratch, 0)) return this.reject(ExchangeReject.BadSequence);
    if (!this.sequences.acceptFull(symbol, this.scratch, 0)) return this.reject(ExchangeReject.StaleSequence);
    this.out[ExchangeOut.symbol] = symbol;
    this.out[ExchangeOut.sequence] = this.scratch[0];
    this.out[ExchangeOut.gap] = this.sequences.lastGaps[0] > 0 ? 1 : 0;
    this.out[ExchangeOut.ts] = readIsoMicros(msg.time, this.scratch, 1) ? this.scratch[1] : 0;
    return CoinbaseExchangeKind.FullEvent;
  }

  private onHeartbeat(msg: Rec): number {
    const symbol = this.product(msg);
    if (symbol < 0) return 0;
    const s = this.scratch;
    if (!readWholeNumber(msg.sequence, s, 0)) return this.reject(ExchangeReject.BadSequence);
    if (!readIsoMicros(msg.time, s, 1)) return this.reject(ExchangeReject.BadTime);
    this.out[ExchangeOut.symbol] = symbol;
    this.out[ExchangeOut.sequence] = s[0];
    this.out[ExchangeOut.ts] = s[1];
    this.out[ExchangeOut.heartbeatLastTradeId] = readWholeNumber(msg.last_trade_id, s, 2) ? s[2] : -1;
    return CoinbaseExchangeKind.Heartbeat;
  }

  private onSubscriptions(msg: Rec): number {
    const channels = msg.channels;
    if (!Array.isArray(channels)) return this.reject(ExchangeReject.MissingField);
    this.subscribed.fill(0);
    for (let i = 0; i < channels.length; i++) {
      const channel = channels[i] as Rec | null;
      if (channel === null || typeof channel !== 'object') continue;
      const bit = COINBASE_EXCHANGE_CHANNELS.indexOf(channel.name as CoinbaseExchangeChannel);
      const ids = channel.product_ids;
      if (bit < 0 || !Array.isArray(ids)) continue;
      for (let k = 0; k < ids.length; k++) {
        const symbol = typeof ids[k] === 'string' ? this.products.get(ids[k] as string) : undefined;
        if (symbol !== undefined) this.subscribed[symbol] |= 1 << bit;
      }
    }
    return CoinbaseExchangeKind.Subscriptions;
  }

  private onError(msg: Rec): number {
    this.lastErrorMessage = typeof msg.message === 'string' ? msg.message : '';
    this.lastErrorReason = typeof msg.reason === 'string' ? msg.reason : '';
    return CoinbaseExchangeKind.Error;
  }

  /** Dense id of the message's product_id, or -1 after counting the refusal. */
  private product(msg: Rec): number {
    const id = msg.product_id;
    if (typeof id !== 'string') return this.reject(ExchangeReject.MissingField) - 1;
    const symbol = this.products.get(id);
    if (symbol === undefined) return this.reject(ExchangeReject.UnknownProduct) - 1;
    return symbol;
  }

  /** Apply the validated levels to the book; false (refused, resync) when that leaves it crossed. */
  private applyLevels(symbol: number): boolean {
    this.levels.applyTo(this.books, 0);
    if (this.books[symbol].isCrossed()) {
      this.breakBook(symbol, ExchangeReject.CrossedBook);
      return false;
    }
    this.bookSync[symbol] = BookSync.Live;
    return true;
  }

  /** Refuse a level-2 message: its book can no longer be trusted. */
  private breakBook(symbol: number, reason: number): number {
    this.levels.reset();
    this.bookSync[symbol] = BookSync.NeedsResync;
    return this.reject(reason);
  }

  private reject(reason: number): number {
    this.rejects[reason] += 1;
    this.lastReject = reason;
    return 0;
  }
}
