/**
 * Coinbase Advanced Trade market data for L0: one public websocket subscribed (unsigned) to
 * `level2`, `market_trades`, `ticker` and `heartbeats` for the session's products (one subscribe
 * frame per channel, as the venue requires), a level-2 book per product kept by
 * CoinbaseAdvancedParser, and MarketEvents for L0's IngestStage.
 *
 * Per frame: the parser's one JSON.parse, then typed arrays only. An `l2_data` snapshot or update
 * that moves a product's top of book becomes one quote; each `market_trades` update trade becomes
 * one trade with the aggressor side, oldest first (the venue lists them newest first), each trade
 * id once. Trade snapshots (the 100 trades before the subscription) are history, not market
 * events: they only set the last trade id. Tickers keep a product fresh; heartbeats keep the
 * connection itself alive (the venue closes a quiet subscription within a minute or so).
 *
 * Reliability:
 * - Every (re)connect resets every book and the expected `sequence_num`: the new connection's
 *   snapshots rebuild the books from scratch, never merged into what was there.
 * - `sequence_num` counts every frame of the connection. A jump means frames were lost, any of
 *   them perhaps a level-2 update: the parser marks every live book NeedsResync, and each is
 *   repaired by resubscribing that product's `level2` on the same socket (unsubscribe +
 *   subscribe), which makes the venue send a fresh snapshot that replaces the book. Updates in
 *   between are refused (`book_not_synced`). The same repair follows a refused or crossing
 *   update. At most once per product per `resubscribeEveryMs`, retried by the timer while the
 *   snapshot does not come.
 * - Bad frames are counted by reason (the parser's rejects) and logged at most once per
 *   `logEveryMs` per reason, naming venue, channel and reason; the connection carries on.
 * - A product with no data for `staleAfterMs` is flagged stale (and unflagged when data returns).
 */

import { WS_FEED_COUNTERS, WsFeed } from '../ws-feed.js';
import { framePreview, RateLimitedLog } from '../feed-log.js';
import { StaleSymbols } from '../stale-symbols.js';
import { BookSync } from '../book-level-ops.js';
import { Touch } from '../../book/l2-book.js';
import type { BackoffOptions } from '../reconnect-backoff.js';
import type { MarketDataEndpoints } from '../market-data-endpoints.js';
import {
  AdvancedFrame, COINBASE_ADVANCED_KINDS, COINBASE_ADVANCED_REJECT_REASONS, CoinbaseAdvancedKind as Kind, CoinbaseAdvancedParser,
  coinbaseAdvancedSubscribe, type CoinbaseAdvancedChannel,
} from './coinbase-advanced-parser.js';
import {
  COINBASE_ADVANCED_FEED_COUNTERS, COINBASE_ADVANCED_MESSAGE_NAMES, CoinbaseAdvancedFeedCounter as Counter,
} from './coinbase-advanced-feed-counters.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../../synthetic-market.js';
import { BookTop, Tick } from '../../../shm/records.js';

/** Public channels a session subscribes, each in a frame of its own; none needs a signed subscribe. */
export const COINBASE_ADVANCED_SESSION_CHANNELS: readonly CoinbaseAdvancedChannel[] = ['level2', 'market_trades', 'ticker', 'heartbeats'];

/** The subscribe frames a session sends on every (re)connect; `tradebot record` sends the same. */
export function coinbaseAdvancedSessionSubscribes(symbols: readonly string[]): string[] {
  return COINBASE_ADVANCED_SESSION_CHANNELS.map((channel) => coinbaseAdvancedSubscribe(symbols, channel));
}

export interface CoinbaseAdvancedMarketDataOptions {
  endpoints: MarketDataEndpoints;
  /** Unified symbols (`BTC/USD`); their index is the symbol id in every MarketEvent. */
  symbols: readonly string[];
  /** Receives each trade and top-of-book change (MarketEvent slots), synchronously. */
  onEvent: (event: Float64Array) => void;
  /** After each frame's events: a chance to publish a batch. */
  onFrameDone?: () => void;
  /** A product's order book changed (a snapshot loaded, an update applied, or it was reset). */
  onBookChanged?: (symbol: number) => void;
  log: (message: string) => void;
  staleAfterMs?: number;
  idleTimeoutMs?: number;
  logEveryMs?: number;
  /** Least time between two resubscriptions of one product, ms (default 1000). */
  resubscribeEveryMs?: number;
  /** Book operations one frame may carry: the BTC-USD snapshot of the capture holds 46,000. */
  levelCapacity?: number;
  /** Levels per side each book keeps (deeper ones are evicted). */
  bookCapacity?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  /**
   * Frames come from a recording (`tradebot record`), not a socket: `start()` is never called,
   * the feed is driven through `connectionOpened` / `receiveFrame`, and nothing is ever sent.
   */
  replayed?: boolean;
}

const VENUE = 'coinbase_advanced';
const REJECT_LOG_KEYS = COINBASE_ADVANCED_REJECT_REASONS.map((reason) => `reject:${reason}`);

/** The channel a refused frame was on (only ever computed for a log line). */
function channelOf(preview: string): string {
  return /"channel"\s*:\s*"([a-z0-9_]+)"/.exec(preview)?.[1] ?? 'unknown channel';
}

export class CoinbaseAdvancedMarketData {
  readonly counters = new Float64Array(COINBASE_ADVANCED_FEED_COUNTERS.length);
  readonly parser: CoinbaseAdvancedParser;
  readonly feed: WsFeed;
  /** 1 while a product is flagged stale. */
  readonly stale: Uint8Array;
  /** Per product: venue time of the last book message applied, µs (0 = none yet). */
  readonly bookTs: Float64Array;
  private readonly staleness: StaleSymbols;
  private readonly event = new Float64Array(MARKET_EVENT_F64);
  /** Per product: the top last sent as a quote (bid, bid size, ask, ask size); NaN = none yet. */
  private readonly sentTop: Float64Array;
  /** Per product: the latest venue event time seen, µs (0 = none yet). */
  private readonly lastEventTs: Float64Array;
  /** Per product: the highest trade id seen (0 = none yet); trade ids never repeat on a product. */
  private readonly lastTradeId: Float64Array;
  /** Per product: 1 from a broken book's detection until its next snapshot. */
  private readonly resyncing: Uint8Array;
  /** Per product: 1 when the current frame changed its book (scratch, cleared per frame). */
  private readonly touched: Uint8Array;
  private readonly lastResubscribeAt: Float64Array;
  private readonly unsubscribeFrames: string[];
  private readonly resubscribeFrames: string[];
  private readonly resubscribeEveryMs: number;
  private readonly now: () => number;
  private readonly logLimited: RateLimitedLog;
  private lastGaps = 0;
  /** The frame being handled revealed a sequence gap (names the cause in the resync log line). */
  private gapInFrame = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: CoinbaseAdvancedMarketDataOptions) {
    const symbols = options.symbols;
    if (symbols.length === 0) throw new Error('Coinbase Advanced Trade: at least one symbol is required');
    const n = symbols.length;
    this.parser = new CoinbaseAdvancedParser(symbols, { levelCapacity: options.levelCapacity ?? 131_072, bookCapacity: options.bookCapacity });
    this.sentTop = new Float64Array(4 * n).fill(NaN);
    this.lastEventTs = new Float64Array(n);
    this.lastTradeId = new Float64Array(n);
    this.bookTs = new Float64Array(n);
    this.resyncing = new Uint8Array(n);
    this.touched = new Uint8Array(n);
    this.lastResubscribeAt = new Float64Array(n).fill(-Infinity);
    // Built once: a resync sends these prepared strings, nothing is formatted on the way.
    this.unsubscribeFrames = symbols.map((s) => coinbaseAdvancedSubscribe([s], 'level2', 'unsubscribe'));
    this.resubscribeFrames = symbols.map((s) => coinbaseAdvancedSubscribe([s], 'level2'));
    this.resubscribeEveryMs = options.resubscribeEveryMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.logLimited = new RateLimitedLog(options.log, options.logEveryMs ?? 10_000, this.now);
    this.staleness = new StaleSymbols(VENUE, symbols, options.staleAfterMs ?? 5000, options.log);
    this.stale = this.staleness.flags;
    const subscribes = coinbaseAdvancedSessionSubscribes(symbols);
    this.feed = new WsFeed({
      name: VENUE, url: options.endpoints.wsBase, subscribeFrames: () => subscribes,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000, backoff: options.backoff,
    });
    this.feed.on('open', () => this.connectionOpened());
    this.feed.on('frame', (data, at) => this.receiveFrame(data, at));
    this.feed.on('close', (why, retryIn) => {
      if (retryIn !== null) options.log(`${VENUE}: market data disconnected (${why}); reconnecting in ${retryIn} ms`);
    });
  }

  /** Product `s`'s book is built from a snapshot and every update since: safe to read. */
  isBookLive(s: number): boolean {
    return this.parser.bookSync[s] === BookSync.Live;
  }

  start(): void {
    this.staleness.reset(this.now());
    this.feed.start();
    this.timer = setInterval(() => this.housekeeping(), 250);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.feed.stop();
  }

  /** Counters of this feed as name -> value (keys: COINBASE_ADVANCED_TOTAL_NAMES). */
  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    const p = this.parser;
    this.counters[Counter.sequence_gaps] = p.gaps;
    this.counters[Counter.missed_frames] = p.missedFrames;
    COINBASE_ADVANCED_FEED_COUNTERS.forEach((name, i) => { out[name] = this.counters[i]; });
    WS_FEED_COUNTERS.forEach((name, i) => { out[name] = this.feed.counters[i]; });
    COINBASE_ADVANCED_REJECT_REASONS.forEach((r, i) => { out[`reject_${r}`] = p.rejects[i]; });
    COINBASE_ADVANCED_KINDS.forEach((_, kind) => { if (kind !== Kind.Refused) out[COINBASE_ADVANCED_MESSAGE_NAMES[kind]] = p.counts[kind]; });
    return out;
  }

  /** A (re)connection: sequence_num starts again at 0, every book waits for its snapshot. */
  connectionOpened(): void {
    this.parser.resetConnection();
    this.lastGaps = this.parser.gaps;
    this.sentTop.fill(NaN);
    this.bookTs.fill(0);
    this.resyncing.fill(0);
    this.lastResubscribeAt.fill(-Infinity);
    for (let s = 0; s < this.options.symbols.length; s++) this.options.onBookChanged?.(s);
    const symbols = this.options.symbols.join(', ');
    this.options.log(this.options.replayed
      ? `${VENUE}: replaying a recording of ${this.options.endpoints.wsBase} (${symbols})`
      : `${VENUE}: market data connected to ${this.options.endpoints.wsBase} (${symbols}); subscribing to ${COINBASE_ADVANCED_SESSION_CHANNELS.join(', ')}`);
  }

  /** One websocket frame as received at `atMs` (epoch ms). */
  receiveFrame(data: Buffer, atMs: number): void {
    this.deliver(this.parser.parseFrame(data), data, atMs);
  }

  /** One message already parsed from JSON, as received at `atMs` (epoch ms). */
  receiveMessage(message: unknown, atMs: number): void {
    this.deliver(this.parser.handle(message), null, atMs);
  }

  /** Act on the frame the parser just read (`kind`); `data` is its bytes, for log lines. */
  private deliver(kind: number, data: Buffer | null, atMs: number): void {
    switch (kind) {
      case Kind.L2Snapshot:
      case Kind.L2Update:
        this.booksChanged(atMs);
        break;
      case Kind.TradesUpdate:
        this.trades(atMs, true);
        break;
      case Kind.TradesSnapshot:
        this.trades(atMs, false);
        break;
      case Kind.TickerSnapshot:
      case Kind.TickerUpdate:
        this.tickers(atMs);
        break;
      case Kind.Error:
        this.venueError();
        break;
      default:
        break; // heartbeats and subscriptions: the connection is alive, nothing to pass on
    }
    // A bad trade, ticker or candle is refused alone and the rest of its frame still counts: it
    // is logged all the same, or it would only ever show as a counter.
    if (this.parser.frameRejects > 0) this.refused(data, kind === Kind.Refused);
    if (this.parser.gaps !== this.lastGaps) this.sequenceGap();
    this.repairBrokenBooks();
    this.gapInFrame = false;
    this.options.onFrameDone?.();
  }

  /** The books the frame's accepted level-2 events touched: new times, and a quote where the top moved. */
  private booksChanged(atMs: number): void {
    const p = this.parser;
    const ops = p.levels;
    for (let i = 0; i < ops.count; i++) this.touched[ops.symbol[i]] = 1;
    const ts = p.frame[AdvancedFrame.levelsTs] > 0 ? p.frame[AdvancedFrame.levelsTs] : p.frame[AdvancedFrame.ts];
    for (let s = 0; s < this.touched.length; s++) {
      if (this.touched[s] === 0) continue;
      this.touched[s] = 0;
      if (ts > this.lastEventTs[s]) this.lastEventTs[s] = ts;
      this.bookChanged(s, atMs);
    }
  }

  private bookChanged(s: number, atMs: number): void {
    if (this.parser.bookSync[s] !== BookSync.Live) return;
    if (this.resyncing[s] === 1) {
      this.resyncing[s] = 0;
      this.options.log(`${VENUE}: ${this.options.symbols[s]} book rebuilt from a new snapshot`);
    }
    this.bookTs[s] = this.lastEventTs[s];
    this.staleness.seen(s, atMs);
    this.options.onBookChanged?.(s);
    const book = this.parser.books[s];
    // The touch is read from the book's array: its best* getters return doubles, boxed wherever
    // the compiler does not inline them.
    const top = book.touch;
    const bid = top[Touch.Bid];
    const ask = top[Touch.Ask];
    const bidSize = top[Touch.BidQty];
    const askSize = top[Touch.AskQty];
    if (!(bid > 0 && ask > 0)) return; // one side empty: no touch to quote
    const t = this.sentTop;
    const at = 4 * s;
    if (t[at] === bid && t[at + 1] === bidSize && t[at + 2] === ask && t[at + 3] === askSize) return;
    t[at] = bid;
    t[at + 1] = bidSize;
    t[at + 2] = ask;
    t[at + 3] = askSize;
    const e = this.event;
    e[MarketEvent.kind] = EventKind.Quote;
    e[MarketEvent.symbol] = s;
    e[MarketEvent.ts] = this.lastEventTs[s];
    e[MarketEvent.bid] = bid;
    e[MarketEvent.bidSize] = bidSize;
    e[MarketEvent.ask] = ask;
    e[MarketEvent.askSize] = askSize;
    e[MarketEvent.price] = (bid + ask) * 0.5;
    e[MarketEvent.size] = 0;
    e[MarketEvent.side] = 0;
    this.counters[Counter.quotes]++;
    this.options.onEvent(e);
  }

  /**
   * The frame's trades, oldest first. `live` false (a snapshot: trades from before the
   * subscription) only advances the last trade id, so an update repeating one is not counted twice.
   */
  private trades(atMs: number, live: boolean): void {
    const p = this.parser;
    const ticks = p.trades;
    for (let k = p.tradeCount - 1; k >= 0; k--) {
      const b = k * Tick.f64;
      const s = ticks[b + Tick.instrument] | 0;
      const id = p.tradeIds[k];
      const last = this.lastTradeId[s];
      if (id <= last) {
        if (live) this.counters[Counter.duplicate_trades]++;
        continue;
      }
      this.lastTradeId[s] = id;
      if (!live) continue;
      if (last > 0 && id > last + 1) {
        this.counters[Counter.trade_gaps]++;
        this.counters[Counter.missed_trades] += id - last - 1;
      }
      if (ticks[b + Tick.ts] > this.lastEventTs[s]) this.lastEventTs[s] = ticks[b + Tick.ts];
      this.staleness.seen(s, atMs);
      const e = this.event;
      e[MarketEvent.kind] = EventKind.Trade;
      e[MarketEvent.symbol] = s;
      e[MarketEvent.ts] = ticks[b + Tick.ts];
      e[MarketEvent.price] = ticks[b + Tick.price];
      e[MarketEvent.size] = ticks[b + Tick.size];
      e[MarketEvent.side] = ticks[b + Tick.side];
      this.counters[Counter.trades]++;
      this.options.onEvent(e);
    }
  }

  /** A ticker says the product trades; the book and the trades already say the rest. */
  private tickers(atMs: number): void {
    const p = this.parser;
    for (let k = 0; k < p.topCount; k++) this.staleness.seen(p.tops[k * BookTop.f64 + BookTop.instrument] | 0, atMs);
  }

  // Log lines are built in methods of their own: a closure in `receiveFrame` would make V8
  // allocate a context for its captured variables on every message.
  private venueError(): void {
    const p = this.parser;
    this.logLimited.write(`error:${p.lastErrorMessage}`, () => `${VENUE}: the venue sent an error: ${p.lastErrorMessage}`);
  }

  private sequenceGap(): void {
    const p = this.parser;
    this.lastGaps = p.gaps;
    this.gapInFrame = true;
    this.logLimited.write('sequence-gap', () => `${VENUE}: sequence_num jumped to ${p.frame[AdvancedFrame.sequence]} `
      + `(${p.frame[AdvancedFrame.missedFrames]} frames lost): every book is rebuilt from a fresh level2 snapshot`);
  }

  private refused(data: Buffer | null, wholeFrame: boolean): void {
    const reason = this.parser.lastReject;
    this.logLimited.write(REJECT_LOG_KEYS[reason] ?? 'reject', () => {
      const preview = data === null ? '(parsed message)' : framePreview(data);
      return `${VENUE}: skipped ${wholeFrame ? 'a frame' : 'part of a frame'} on ${channelOf(preview)} (${COINBASE_ADVANCED_REJECT_REASONS[reason] ?? 'unknown reason'}): ${preview}`;
    });
  }

  /** Books a gap or a refused level-2 event broke: ask for fresh snapshots. */
  private repairBrokenBooks(): void {
    const sync = this.parser.bookSync;
    let now = -1;
    for (let s = 0; s < sync.length; s++) {
      if (sync[s] !== BookSync.NeedsResync) continue;
      if (now < 0) now = this.now();
      this.resync(s, now);
    }
  }

  /** Ask the venue for a fresh snapshot of product `s`, paced per product. */
  private resync(s: number, nowMs: number): void {
    if (this.resyncing[s] === 0) {
      this.resyncing[s] = 1;
      this.counters[Counter.resyncs]++;
      this.logLimited.write(`resync:${s}`, () => `${VENUE}: ${this.options.symbols[s]} book cannot be trusted `
        + `(${this.gapInFrame ? 'sequence_num gap' : COINBASE_ADVANCED_REJECT_REASONS[this.parser.lastReject] ?? 'refused update'}): `
        + 'resubscribing level2 for a new snapshot');
      this.options.onBookChanged?.(s);
    }
    if (this.options.replayed || nowMs - this.lastResubscribeAt[s] < this.resubscribeEveryMs || !this.feed.isOpen) return;
    this.lastResubscribeAt[s] = nowMs;
    if (this.feed.send(this.unsubscribeFrames[s]) && this.feed.send(this.resubscribeFrames[s])) {
      this.counters[Counter.resubscribes]++;
    }
  }

  private housekeeping(): void {
    this.counters[Counter.stale_symbols] += this.staleness.check(this.now());
    // A resubscription whose snapshot never came (lost, or refused again) is retried here.
    this.repairBrokenBooks();
  }
}
