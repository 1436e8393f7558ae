/**
 * Alpaca stock market data for L0: one v2 stream websocket (`${wsBase}/v2/{iex|sip|test}`),
 * trades and quotes for every symbol, turned into MarketEvents. The same code reads the real
 * venue and the simulated Alpaca exchange; only `endpoints.wsBase` differs.
 *
 * Session: WsFeed opens the socket (no frames of its own); AlpacaStreamProtocol reads every
 * frame and says what to do next: on `connected` we send auth, on `authenticated` the
 * subscription, and a reconnect resets the machine so auth and subscription are sent again.
 *
 * Per frame: one JSON.parse (Alpaca is not the latency-critical path), then the decoder's trades
 * and quotes are handed to `onEvent` merged in time order (a tie goes to the quote), from one
 * reused Float64Array in MarketEvent slots; that part allocates nothing. `ts` is the message's
 * own time in integer microseconds. Stock trades carry no aggressor: side 0 (the feature engine
 * signs them by the quote rule).
 *
 * Reliability:
 * - A terminal refusal (402 bad keys, 401, 405, 406, 408, 409...) stops the feed for good with
 *   `feed.fail(reason)` and one log line: reconnecting on bad keys is the retry storm that gets an
 *   account throttled. Recoverable errors (404 auth timeout, 407 slow client, 500) and dropped
 *   or silent sockets reconnect through the feed's backoff.
 * - Bad messages are counted by reason (frame-level and data-level) and logged at most once per
 *   `logEveryMs` per reason; the connection carries on.
 * - A symbol with no trade or quote for `staleAfterMs` is flagged stale (and unflagged when data
 *   returns).
 * - Credentials never reach a log: every line is built from the protocol's credential-free
 *   messages, and frame previews go through `protocol.redact`.
 */

import { WS_FEED_COUNTERS, WsFeed } from '../ws-feed.js';
import { ALPACA_STREAM_BASE } from '../market-data-endpoints.js';
import { framePreview, RateLimitedLog } from '../feed-log.js';
import { StaleSymbols } from '../stale-symbols.js';
import { ALPACA_FEED_COUNTERS, AlpacaFeedCounter } from './alpaca-feed-counters.js';
import type { BackoffOptions } from '../reconnect-backoff.js';
import { ALPACA_DATA_REJECT_REASONS } from './alpaca-message-decoder.js';
import {
  ALPACA_COUNT_NAMES, ALPACA_FRAME_REJECT_REASONS, AlpacaAction, AlpacaState, AlpacaStreamProtocol, type AlpacaSubscription,
} from './alpaca-stream-protocol.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../../synthetic-market.js';
import { BookTop, Tick } from '../../../shm/records.js';

export type AlpacaStockFeed = 'iex' | 'sip' | 'delayed_sip' | 'test';
const STOCK_FEEDS: readonly string[] = ['iex', 'sip', 'delayed_sip', 'test'];

/** Where the stream is: `wss://stream.data.alpaca.markets`, or the simulated exchange's `ws://127.0.0.1:PORT`. */
export interface AlpacaMarketDataEndpoints {
  wsBase: string;
}

export const ALPACA_STREAM_ENDPOINTS: AlpacaMarketDataEndpoints = { wsBase: ALPACA_STREAM_BASE };

export { ALPACA_FEED_COUNTERS, AlpacaFeedCounter, ALPACA_TOTAL_NAMES } from './alpaca-feed-counters.js';

export interface AlpacaMarketDataOptions {
  endpoints: AlpacaMarketDataEndpoints;
  feed: AlpacaStockFeed;
  /** Tickers (AAPL); their index is the symbol id in every MarketEvent. */
  symbols: readonly string[];
  /** Required unless `replayed`: from the environment only (APCA_API_KEY_ID / APCA_API_SECRET_KEY). */
  keyId?: string;
  secretKey?: string;
  /** Receives each trade and quote (MarketEvent slots), synchronously. */
  onEvent: (event: Float64Array) => void;
  /** After each frame's events: a chance to publish a batch. */
  onFrameDone?: () => void;
  log: (message: string) => void;
  staleAfterMs?: number;
  /**
   * No frame for this long drops and reconnects the socket, ms (default 30 s; 0 = never). The
   * live stream is quiet outside the US session: a long value (or 0, leaving dead sockets to
   * the ping check) avoids reconnecting all night.
   */
  idleTimeoutMs?: number;
  logEveryMs?: number;
  backoff?: BackoffOptions;
  /** Messages of one kind one frame may carry (default 4096). */
  batchCapacity?: number;
  now?: () => number;
  /**
   * Frames come from a recording (`tradebot record`), not a socket: `start()` is never called,
   * the feed is driven through `connectionOpened` / `receiveFrame`, nothing is ever sent, and no
   * key is needed: the recorded `connected` and `authenticated` replies move the session state
   * along as they did live.
   */
  replayed?: boolean;
}

/** What a session subscribes to for its symbols; `tradebot record` subscribes the same. */
export function alpacaSessionSubscription(symbols: readonly string[]): AlpacaSubscription {
  return { trades: [...symbols], quotes: [...symbols] };
}

/** Stands in for the keys on a replay: the protocol wants some, and nothing is ever sent. */
const REPLAY_CREDENTIAL = 'replayed-without-keys';

export class AlpacaMarketData {
  readonly counters = new Float64Array(ALPACA_FEED_COUNTERS.length);
  readonly protocol: AlpacaStreamProtocol;
  readonly feed: WsFeed;
  /** 1 while a symbol is flagged stale. */
  readonly stale: Uint8Array;
  private readonly staleness: StaleSymbols;
  readonly url: string;
  private readonly event = new Float64Array(MARKET_EVENT_F64);
  /** Reject counts (frame reasons, then data reasons) already logged about. */
  private readonly seenRejects = new Float64Array(ALPACA_FRAME_REJECT_REASONS.length + ALPACA_DATA_REJECT_REASONS.length);
  private readonly now: () => number;
  private readonly logLimited: RateLimitedLog;
  private timer: NodeJS.Timeout | null = null;
  private streamingLogged = false;

  constructor(private readonly options: AlpacaMarketDataOptions) {
    if (!STOCK_FEEDS.includes(options.feed)) throw new Error(`Alpaca stocks: unknown feed ${String(options.feed)} (iex, sip, delayed_sip or test)`);
    if (options.symbols.length === 0) throw new Error('Alpaca stocks: at least one symbol is required');
    this.protocol = new AlpacaStreamProtocol({
      feed: options.feed,
      keyId: options.replayed ? REPLAY_CREDENTIAL : options.keyId ?? '',
      secretKey: options.replayed ? REPLAY_CREDENTIAL : options.secretKey ?? '',
      symbols: options.symbols,
      subscription: alpacaSessionSubscription(options.symbols),
      batchCapacity: options.batchCapacity,
    });
    this.now = options.now ?? Date.now;
    this.logLimited = new RateLimitedLog(options.log, options.logEveryMs ?? 10_000, this.now);
    this.staleness = new StaleSymbols('alpaca', options.symbols, options.staleAfterMs ?? 5000, options.log);
    this.stale = this.staleness.flags;
    this.url = `${options.endpoints.wsBase.replace(/\/+$/, '')}/v2/${options.feed}`;
    this.feed = new WsFeed({
      name: `alpaca-${options.feed}`, url: this.url, subscribeFrames: () => [],
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000, backoff: options.backoff,
    });
    this.feed.on('open', () => this.connectionOpened());
    this.feed.on('frame', (data, at) => this.receiveFrame(data, at));
    this.feed.on('close', (why, retryIn) => {
      this.protocol.onClose();
      this.streamingLogged = false;
      if (retryIn !== null) options.log(this.protocol.redact(`alpaca: market data disconnected (${why}); reconnecting in ${retryIn} ms`));
    });
  }

  /** Authenticated and subscribed: data is flowing (or will as soon as the venue has any). */
  get streaming(): boolean {
    return this.protocol.state === AlpacaState.Streaming;
  }

  /** Why the feed stopped for good, or null while it runs. */
  get failure(): string | null {
    return this.feed.failure;
  }

  start(): void {
    this.staleness.reset(this.now());
    this.feed.start();
    this.timer = setInterval(() => this.checkStale(), 250);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.feed.stop();
    this.protocol.onClose();
  }

  /** Counters of this feed as name -> value (keys: ALPACA_TOTAL_NAMES). */
  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    ALPACA_FEED_COUNTERS.forEach((name, i) => { out[name] = this.counters[i]; });
    WS_FEED_COUNTERS.forEach((name, i) => { out[name] = this.feed.counters[i]; });
    ALPACA_FRAME_REJECT_REASONS.forEach((r, i) => { out[`reject_${r}`] = this.protocol.rejects[i]; });
    ALPACA_DATA_REJECT_REASONS.forEach((r, i) => { out[`reject_${r}`] = this.protocol.decoder.rejects[i]; });
    ALPACA_COUNT_NAMES.forEach((n, i) => { out[`msg_${n}`] = this.protocol.counts[i]; });
    return out;
  }

  /**
   * Hand the decoder's current trades and quotes to `onEvent` in time order, marking their
   * symbols fresh at `atMs`; returns how many went. Called once per frame; allocates nothing.
   */
  deliverDecoded(atMs: number): number {
    const d = this.protocol.decoder;
    const nt = d.tradeCount;
    const nq = d.quoteCount;
    const trades = d.trades;
    const quotes = d.quotes;
    let i = 0;
    let j = 0;
    while (i < nt || j < nq) {
      if (j < nq && (i >= nt || quotes[j * BookTop.f64 + BookTop.ts] <= trades[i * Tick.f64 + Tick.ts])) this.emitQuote(j++, atMs);
      else this.emitTrade(i++, atMs);
    }
    return nt + nq;
  }

  private emitTrade(k: number, atMs: number): void {
    const t = this.protocol.decoder.trades;
    const b = k * Tick.f64;
    const e = this.event;
    const s = t[b + Tick.instrument];
    e[MarketEvent.kind] = EventKind.Trade;
    e[MarketEvent.symbol] = s;
    e[MarketEvent.ts] = t[b + Tick.ts];
    e[MarketEvent.price] = t[b + Tick.price];
    e[MarketEvent.size] = t[b + Tick.size];
    e[MarketEvent.side] = t[b + Tick.side];
    this.counters[AlpacaFeedCounter.trades]++;
    this.staleness.seen(s, atMs);
    this.options.onEvent(e);
  }

  private emitQuote(k: number, atMs: number): void {
    const q = this.protocol.decoder.quotes;
    const b = k * BookTop.f64;
    const e = this.event;
    const s = q[b + BookTop.instrument];
    const bid = q[b + BookTop.bidPrice];
    const ask = q[b + BookTop.askPrice];
    e[MarketEvent.kind] = EventKind.Quote;
    e[MarketEvent.symbol] = s;
    e[MarketEvent.ts] = q[b + BookTop.ts];
    e[MarketEvent.bid] = bid;
    e[MarketEvent.bidSize] = q[b + BookTop.bidSize];
    e[MarketEvent.ask] = ask;
    e[MarketEvent.askSize] = q[b + BookTop.askSize];
    e[MarketEvent.price] = (bid + ask) * 0.5;
    e[MarketEvent.size] = 0;
    e[MarketEvent.side] = 0;
    this.counters[AlpacaFeedCounter.quotes]++;
    this.staleness.seen(s, atMs);
    this.options.onEvent(e);
  }

  /** A (re)connection: the session starts over at `connected` -> auth -> subscribe. */
  connectionOpened(): void {
    this.protocol.onOpen();
    this.streamingLogged = false;
    const symbols = this.options.symbols.join(', ');
    this.options.log(this.options.replayed
      ? `alpaca: replaying a recording of ${this.url} (${symbols})`
      : `alpaca: market data connected to ${this.url} (${symbols}); authenticating`);
  }

  /** One websocket frame as received at `atMs` (epoch ms). */
  receiveFrame(data: Buffer, atMs: number): void {
    const p = this.protocol;
    const action = p.onFrame(data);
    this.deliverDecoded(atMs);
    this.noteRejects(data);
    // A replay sends nothing: the recorder's auth and subscribe went out when it was recorded,
    // and the replies to them are the frames that follow.
    const replayed = this.options.replayed === true;
    switch (action) {
      case AlpacaAction.SendAuth:
        if (!replayed && this.feed.send(p.authMessage())) this.counters[AlpacaFeedCounter.auth_sent]++;
        break;
      case AlpacaAction.SendSubscribe:
        if (!replayed && this.feed.send(p.subscribeMessage())) this.counters[AlpacaFeedCounter.subscribe_sent]++;
        break;
      case AlpacaAction.Reconnect:
        this.counters[AlpacaFeedCounter.error_reconnects]++;
        this.feed.reconnect(p.failureMessage);
        break;
      case AlpacaAction.Stop:
        this.counters[AlpacaFeedCounter.terminal_failures]++;
        this.options.log(p.failureMessage);
        this.feed.fail(p.failureMessage);
        break;
      default:
        break;
    }
    if (!this.streamingLogged && p.state === AlpacaState.Streaming) {
      this.streamingLogged = true;
      this.options.log(`alpaca: subscribed to trades and quotes of ${this.options.symbols.length} symbols on ${p.feed}`);
    }
    this.options.onFrameDone?.();
  }

  /** Log (rate-limited) the reason of any reject this frame added. */
  private noteRejects(data: Buffer): void {
    const frame = this.protocol.rejects;
    const messages = this.protocol.decoder.rejects;
    const seen = this.seenRejects;
    let reason = -1;
    for (let i = 0; i < frame.length; i++) if (frame[i] !== seen[i]) { seen[i] = frame[i]; reason = i; }
    for (let i = 0; i < messages.length; i++) {
      const k = frame.length + i;
      if (messages[i] !== seen[k]) { seen[k] = messages[i]; reason = k; }
    }
    if (reason < 0) return;
    const name = reason < frame.length ? ALPACA_FRAME_REJECT_REASONS[reason] : ALPACA_DATA_REJECT_REASONS[reason - frame.length];
    const what = reason < frame.length ? 'a frame' : 'a message';
    this.logLimited.write(`reject:${name}`, () => `alpaca: skipped ${what} (${name}): ${this.protocol.redact(framePreview(data))}`);
  }

  private checkStale(): void {
    this.counters[AlpacaFeedCounter.stale_symbols] += this.staleness.check(this.now());
  }

}
