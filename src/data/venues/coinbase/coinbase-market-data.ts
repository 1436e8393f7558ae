/**
 * Coinbase Exchange market data for L0: one `ws-feed` websocket subscribed (unsigned) to
 * `level2_batch`, `ticker`, `matches` and `heartbeat` for the session's products, a level-2 book
 * per product kept by CoinbaseExchangeParser, and MarketEvents for L0's IngestStage.
 *
 * Per frame: the parser's one JSON.parse, then typed arrays only. A snapshot or l2update that
 * moves the top of the book becomes one quote (best bid/ask with sizes); a match becomes one
 * trade with the aggressor side the parser derived from the maker side. Tickers and heartbeats
 * only keep the product fresh: the book and the matches already say what they say. Events carry
 * the venue's event time in microseconds.
 *
 * Reliability:
 * - Every (re)connect resets every book: the new connection's snapshot rebuilds it from scratch,
 *   it is never merged into what was there (merging is how ghost levels survive a reconnect).
 * - level2 carries no sequence, so a book is only known broken when the parser sees it: an update
 *   before the snapshot, a refused update, an update that crosses the book. The product is then
 *   resubscribed on the same socket (unsubscribe + subscribe of its level2_batch), which makes the
 *   venue send a fresh snapshot; at most once per product per `resubscribeEveryMs`, retried by
 *   the timer while the snapshot does not come.
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
  COINBASE_EXCHANGE_KINDS, COINBASE_EXCHANGE_REJECT_REASONS, CoinbaseExchangeKind as Kind, CoinbaseExchangeParser,
  coinbaseExchangeSubscribe, ExchangeOut,
} from './coinbase-exchange-parser.js';
import type { CoinbaseExchangeChannel } from './coinbase-exchange-subscribe.js';
import { COINBASE_FEED_COUNTERS, CoinbaseFeedCounter } from './coinbase-feed-counters.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../../synthetic-market.js';
import { Tick } from '../../../shm/records.js';

export { COINBASE_FEED_COUNTERS, CoinbaseFeedCounter, COINBASE_TOTAL_NAMES } from './coinbase-feed-counters.js';

/** Public channels that need no signed subscribe. */
export const COINBASE_SESSION_CHANNELS: readonly CoinbaseExchangeChannel[] = ['level2_batch', 'ticker', 'matches', 'heartbeat'];

/** The subscribe frame a session sends on every (re)connect; `tradebot record` sends the same. */
export function coinbaseSessionSubscribe(symbols: readonly string[]): string {
  return coinbaseExchangeSubscribe(symbols, COINBASE_SESSION_CHANNELS);
}

export interface CoinbaseMarketDataOptions {
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
  /** Book operations one frame may carry: a full-depth BTC-USD snapshot holds tens of thousands. */
  levelCapacity?: number;
  /** Levels per side each book keeps (deeper ones are evicted). */
  bookCapacity?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  /**
   * Frames come from a recording (`tradebot record`), not a socket: `start()` is never called,
   * the feed is driven through `connectionOpened` / `receiveFrame`, and nothing is ever sent
   * (a broken book waits for the recorded snapshot that follows, if the recorder asked for one).
   */
  replayed?: boolean;
}

/** Rate-limit keys of the reject log lines, built once. */
const REJECT_LOG_KEYS = COINBASE_EXCHANGE_REJECT_REASONS.map((reason) => `reject:${reason}`);

/** The channel a refused frame was on, from its `type` (only ever computed for a log line). */
function channelOf(preview: string): string {
  const type = /"type"\s*:\s*"([a-z0-9_]+)"/.exec(preview)?.[1];
  switch (type) {
    case undefined: return 'unknown channel';
    case 'snapshot': case 'l2update': return 'level2_batch';
    case 'match': case 'last_match': return 'matches';
    case 'ticker': case 'heartbeat': return type;
    default: return `message type ${type}`;
  }
}

export class CoinbaseMarketData {
  readonly counters = new Float64Array(COINBASE_FEED_COUNTERS.length);
  readonly parser: CoinbaseExchangeParser;
  readonly feed: WsFeed;
  /** 1 while a product is flagged stale. */
  readonly stale: Uint8Array;
  /** Per product: venue time of the last book message applied, µs (0 = none with a time yet). */
  readonly bookTs: Float64Array;
  private readonly staleness: StaleSymbols;
  private readonly event = new Float64Array(MARKET_EVENT_F64);
  /** Per product: the top last sent as a quote (bid, bid size, ask, ask size); NaN = none yet. */
  private readonly sentTop: Float64Array;
  /** Per product: the latest venue event time seen, µs (0 = none yet). */
  private readonly lastEventTs: Float64Array;
  /** Per product: 1 from a broken book's detection until its next snapshot. */
  private readonly resyncing: Uint8Array;
  private readonly lastResubscribeAt: Float64Array;
  private readonly unsubscribeFrames: string[];
  private readonly resubscribeFrames: string[];
  private readonly resubscribeEveryMs: number;
  private readonly now: () => number;
  private readonly logLimited: RateLimitedLog;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: CoinbaseMarketDataOptions) {
    const symbols = options.symbols;
    if (symbols.length === 0) throw new Error('Coinbase: at least one symbol is required');
    const n = symbols.length;
    this.parser = new CoinbaseExchangeParser(symbols, { levelCapacity: options.levelCapacity ?? 131_072, bookCapacity: options.bookCapacity });
    this.sentTop = new Float64Array(4 * n).fill(NaN);
    this.lastEventTs = new Float64Array(n);
    this.bookTs = new Float64Array(n);
    this.resyncing = new Uint8Array(n);
    this.lastResubscribeAt = new Float64Array(n).fill(-Infinity);
    // Built once: a resync sends these prepared strings, nothing is formatted on the way.
    this.unsubscribeFrames = symbols.map((s) => coinbaseExchangeSubscribe([s], ['level2_batch'], 'unsubscribe'));
    this.resubscribeFrames = symbols.map((s) => coinbaseExchangeSubscribe([s], ['level2_batch']));
    this.resubscribeEveryMs = options.resubscribeEveryMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.logLimited = new RateLimitedLog(options.log, options.logEveryMs ?? 10_000, this.now);
    this.staleness = new StaleSymbols('coinbase', symbols, options.staleAfterMs ?? 5000, options.log);
    this.stale = this.staleness.flags;
    const subscribe = coinbaseSessionSubscribe(symbols);
    this.feed = new WsFeed({
      name: 'coinbase', url: options.endpoints.wsBase, subscribeFrames: () => [subscribe],
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000, backoff: options.backoff,
    });
    this.feed.on('open', () => this.connectionOpened());
    this.feed.on('frame', (data, at) => this.receiveFrame(data, at));
    this.feed.on('close', (why, retryIn) => {
      if (retryIn !== null) options.log(`coinbase: market data disconnected (${why}); reconnecting in ${retryIn} ms`);
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

  /** Counters of this feed as name -> value (keys: COINBASE_TOTAL_NAMES). */
  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    const p = this.parser;
    this.counters[CoinbaseFeedCounter.trade_gaps] = p.sequences.gapTotal();
    let missed = 0;
    for (let s = 0; s < p.symbolCount; s++) missed += p.sequences.missedTrades[s];
    this.counters[CoinbaseFeedCounter.missed_trades] = missed;
    COINBASE_FEED_COUNTERS.forEach((name, i) => { out[name] = this.counters[i]; });
    WS_FEED_COUNTERS.forEach((name, i) => { out[name] = this.feed.counters[i]; });
    COINBASE_EXCHANGE_REJECT_REASONS.forEach((r, i) => { out[`reject_${r}`] = p.rejects[i]; });
    COINBASE_EXCHANGE_KINDS.forEach((name, kind) => { if (kind !== Kind.Refused) out[`msg_${name}`] = p.counts[kind]; });
    return out;
  }

  /** A (re)connection: every book starts again from nothing and waits for its snapshot. */
  connectionOpened(): void {
    this.parser.resetConnection();
    this.sentTop.fill(NaN);
    this.bookTs.fill(0);
    this.resyncing.fill(0);
    this.lastResubscribeAt.fill(-Infinity);
    for (let s = 0; s < this.options.symbols.length; s++) this.options.onBookChanged?.(s);
    const symbols = this.options.symbols.join(', ');
    this.options.log(this.options.replayed
      ? `coinbase: replaying a recording of ${this.options.endpoints.wsBase} (${symbols})`
      : `coinbase: market data connected to ${this.options.endpoints.wsBase} (${symbols}); subscribing to ${COINBASE_SESSION_CHANNELS.join(', ')}`);
  }

  /** One websocket frame as received at `atMs` (epoch ms). */
  receiveFrame(data: Buffer, atMs: number): void {
    this.deliver(this.parser.parseFrame(data), data, atMs);
  }

  /** One message already parsed from JSON, as received at `atMs` (epoch ms). */
  receiveMessage(message: unknown, atMs: number): void {
    this.deliver(this.parser.handle(message), null, atMs);
  }

  /** Act on the message the parser just read (`kind`); `data` is its frame, for log lines. */
  private deliver(kind: number, data: Buffer | null, atMs: number): void {
    const p = this.parser;
    // A small integer, not the double the slot holds: passed on, a double would be boxed.
    const s = p.out[ExchangeOut.symbol] | 0;
    switch (kind) {
      case Kind.Snapshot:
      case Kind.L2Update:
        this.bookChanged(kind, s, atMs);
        break;
      case Kind.Match:
        this.trade(s, atMs);
        break;
      case Kind.Ticker:
      case Kind.LastMatch:
        this.noteEventTime(s, p.out, ExchangeOut.ts);
        this.staleness.seen(s, atMs);
        break;
      case Kind.Heartbeat:
        // A heartbeat proves the connection, not the book: a broken book stays stale-able.
        if (p.bookSync[s] === BookSync.Live) this.staleness.seen(s, atMs);
        break;
      case Kind.Error:
        this.venueError();
        break;
      case Kind.Refused:
        this.refused(data);
        break;
      default:
        break;
    }
    this.options.onFrameDone?.();
  }

  private bookChanged(kind: number, s: number, atMs: number): void {
    const p = this.parser;
    if (kind === Kind.Snapshot && this.resyncing[s] === 1) {
      this.resyncing[s] = 0;
      this.options.log(`coinbase: ${this.options.symbols[s]} book rebuilt from a new snapshot`);
    }
    this.noteEventTime(s, p.out, ExchangeOut.ts);
    this.bookTs[s] = this.lastEventTs[s];
    this.staleness.seen(s, atMs);
    this.options.onBookChanged?.(s);
    // The 2021-era feed sent snapshots without a time: such a quote waits for the product's first
    // timed message rather than mixing the receive clock into event time.
    const ts = this.lastEventTs[s];
    if (ts === 0) return;
    const book = p.books[s];
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
    e[MarketEvent.ts] = ts;
    e[MarketEvent.bid] = bid;
    e[MarketEvent.bidSize] = bidSize;
    e[MarketEvent.ask] = ask;
    e[MarketEvent.askSize] = askSize;
    e[MarketEvent.price] = (bid + ask) * 0.5;
    e[MarketEvent.size] = 0;
    e[MarketEvent.side] = 0;
    this.counters[CoinbaseFeedCounter.quotes]++;
    this.options.onEvent(e);
  }

  // Log lines are built in methods of their own: a closure in `deliver` would make V8 allocate a
  // context for its captured variables on every message.
  private venueError(): void {
    const p = this.parser;
    this.logLimited.write(`error:${p.lastErrorMessage}`, () =>
      `coinbase: the venue sent an error: ${p.lastErrorMessage}${p.lastErrorReason ? ` (${p.lastErrorReason})` : ''}`);
  }

  private trade(s: number, atMs: number): void {
    const tick = this.parser.tick;
    this.noteEventTime(s, tick, Tick.ts);
    this.staleness.seen(s, atMs);
    const e = this.event;
    e[MarketEvent.kind] = EventKind.Trade;
    e[MarketEvent.symbol] = s;
    e[MarketEvent.ts] = tick[Tick.ts];
    e[MarketEvent.price] = tick[Tick.price];
    e[MarketEvent.size] = tick[Tick.size];
    e[MarketEvent.side] = tick[Tick.side];
    this.counters[CoinbaseFeedCounter.trades]++;
    this.options.onEvent(e);
  }

  /**
   * Event time only moves forward per product (a snapshot's missing time falls back on it). The
   * time is read from `from[at]` here: a double passed to a call V8 does not inline is boxed.
   */
  private noteEventTime(s: number, from: Float64Array, at: number): void {
    const ts = from[at];
    if (ts > this.lastEventTs[s]) this.lastEventTs[s] = ts;
  }

  private refused(data: Buffer | null): void {
    const p = this.parser;
    const reason = p.lastReject;
    this.logLimited.write(REJECT_LOG_KEYS[reason] ?? 'reject', () => {
      const preview = data === null ? '(parsed message)' : framePreview(data);
      return `coinbase: skipped a frame on ${channelOf(preview)} (${COINBASE_EXCHANGE_REJECT_REASONS[reason] ?? 'unknown reason'}): ${preview}`;
    });
    // Only a refused level-2 message can break a book; the parser says which.
    const now = this.now();
    for (let s = 0; s < p.symbolCount; s++) if (p.bookSync[s] === BookSync.NeedsResync) this.resync(s, now);
  }

  /** Ask the venue for a fresh snapshot of product `s`, paced per product. */
  private resync(s: number, nowMs: number): void {
    if (this.resyncing[s] === 0) {
      this.resyncing[s] = 1;
      this.counters[CoinbaseFeedCounter.resyncs]++;
      const reason = COINBASE_EXCHANGE_REJECT_REASONS[this.parser.lastReject] ?? 'refused update';
      this.logLimited.write(`resync:${s}`, () => `coinbase: ${this.options.symbols[s]} book cannot be trusted (${reason}): resubscribing level2_batch for a new snapshot`);
      this.options.onBookChanged?.(s);
    }
    if (this.options.replayed || nowMs - this.lastResubscribeAt[s] < this.resubscribeEveryMs || !this.feed.isOpen) return;
    this.lastResubscribeAt[s] = nowMs;
    if (this.feed.send(this.unsubscribeFrames[s]) && this.feed.send(this.resubscribeFrames[s])) {
      this.counters[CoinbaseFeedCounter.resubscribes]++;
    }
  }

  private housekeeping(): void {
    const now = this.now();
    this.counters[CoinbaseFeedCounter.stale_symbols] += this.staleness.check(now);
    // A resubscription whose snapshot never came (lost, or refused again) is retried here.
    const sync = this.parser.bookSync;
    for (let s = 0; s < sync.length; s++) if (sync[s] === BookSync.NeedsResync) this.resync(s, now);
  }
}
