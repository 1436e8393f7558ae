/**
 * Binance market data for L0, spot or USD-M futures: one combined-stream websocket (trade or
 * aggTrade, bookTicker, depth@100ms and kline_1m per symbol; futures depth@0ms), REST depth
 * snapshots, and a local order book per symbol kept by the documented procedure. The same code
 * reads the real venue and the simulated exchange; only the endpoints differ.
 *
 * Per frame: the zero-allocation decoder turns the Buffer into numbers; a trade or a bookTicker
 * becomes one MarketEvent handed to `onEvent`; a depth diff goes to the symbol's BinanceBookSync;
 * a closed kline (`x: true`) is counted as a bar and handed to `onBar`. A bar is not turned into
 * market events: the trades it summarises already arrived one by one on the trade stream.
 *
 * Reliability:
 * - Every (re)connect resets every book: the next snapshot rebuilds it from scratch, it is never
 *   merged into what was there (merging is how ghost levels survive a reconnect).
 * - A gap, a crossed book or a buffer overflow marks the book for resync; a new snapshot is
 *   fetched without dropping the socket. Snapshots are paced by REST weight (a token bucket well
 *   under Binance's 6,000 per minute), at most one in flight per symbol.
 * - Bad frames are counted by reason and logged at most once per `logEveryMs` per reason, naming
 *   venue, stream and reason; the connection carries on.
 * - A symbol with no data for `staleAfterMs` is flagged stale (and unflagged when data returns).
 */

import { WS_FEED_COUNTERS, WsFeed } from '../ws-feed.js';
import { framePreview, RateLimitedLog } from '../feed-log.js';
import { StaleSymbols } from '../stale-symbols.js';
import { httpGetBuffer } from '../http-get.js';
import type { BinanceTradeStream, MarketDataEndpoints } from '../market-data-endpoints.js';
import { BinanceFrameDecoder } from './binance-frame-decoder.js';
import { BINANCE_REJECT_REASONS, BinanceField as F, MessageKind } from './binance-message-layout.js';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, SNAPSHOT_OUTCOME_NAMES, SnapshotOutcome, SYNC_COUNTER_NAMES,
  SYNC_REJECT_FEED_REASONS, SYNC_REJECT_REASONS,
} from './binance-book-sync.js';
import { EventKind, MarketEvent, MARKET_EVENT_F64 } from '../../synthetic-market.js';
import { BINANCE_FEED_COUNTERS, BinanceFeedCounter } from './binance-feed-counters.js';
import { applyDecodedDiff, applyDecodedSnapshot } from './binance-decoded-book.js';
import { BAR_FIELDS, BarField } from '../bar-batch.js';

export interface BinanceMarketDataOptions {
  endpoints: MarketDataEndpoints;
  /** Default `trade`. */
  tradeStream?: BinanceTradeStream;
  /** Unified symbols (`BTC/USDT`); their index is the symbol id in every MarketEvent. */
  symbols: readonly string[];
  /** Receives each trade and top-of-book change (MarketEvent slots), synchronously. */
  onEvent: (event: Float64Array) => void;
  /** After each frame's events: a chance to publish a batch. */
  onFrameDone?: () => void;
  /** A symbol's order book changed (a diff applied, a snapshot loaded, or it went invalid). */
  onBookChanged?: (symbol: number) => void;
  /**
   * A minute closed: the symbol's kline_1m bar in BarField order (start in µs, open, high, low,
   * close, base volume, trades, VWAP from the quote volume or 0), valid during the call only.
   */
  onBar?: (symbol: number, bar: Float64Array) => void;
  /**
   * Fed from a recording instead of a socket: `start()` is not called, frames and snapshots come
   * through `receiveFrame` / `applySnapshotBody`, and no snapshot is ever requested.
   */
  replayed?: boolean;
  log: (message: string) => void;
  /** Levels per side of each REST snapshot (default 1000). */
  snapshotLimit?: number;
  staleAfterMs?: number;
  idleTimeoutMs?: number;
  logEveryMs?: number;
  now?: () => number;
}

/**
 * What differs between Binance's spot and USD-M futures market data, as this connector uses it:
 * the streams (futures diffs at 0 ms, whose `pu` chains each diff to the previous one), the REST
 * depth path, and that path's request weight by limit (spot /api/v3/depth; futures /fapi/v1/depth).
 */
const MARKETS = {
  spot: {
    streams: (s: string, trades: BinanceTradeStream) => [`${s}@${trades}`, `${s}@bookTicker`, `${s}@depth@100ms`, `${s}@kline_1m`],
    depthPath: '/api/v3/depth',
    depthWeight: (limit: number) => (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250),
  },
  usdm: {
    streams: (s: string, trades: BinanceTradeStream) => [`${s}@${trades}`, `${s}@bookTicker`, `${s}@depth@0ms`, `${s}@kline_1m`],
    depthPath: '/fapi/v1/depth',
    depthWeight: (limit: number) => (limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20),
  },
} as const;

export class BinanceMarketData {
  readonly counters = new Float64Array(BINANCE_FEED_COUNTERS.length);
  readonly decoder: BinanceFrameDecoder;
  readonly feed: WsFeed;
  /** The combined-stream URL, with every stream this connector subscribes. */
  readonly streamUrl: string;
  readonly books: BinanceBookSync[];
  /** 1 while a symbol is flagged stale. */
  readonly stale: Uint8Array;
  private readonly staleness: StaleSymbols;
  private readonly venueSymbols: string[];
  private readonly event = new Float64Array(MARKET_EVENT_F64);
  private readonly bar = new Float64Array(BAR_FIELDS);
  private readonly snapshotInFlight: Uint8Array;
  private readonly now: () => number;
  private readonly logLimited: RateLimitedLog;
  private weightTokens = 600;
  private weightAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Aborts snapshot requests in flight when the connector stops. */
  private readonly requests = new AbortController();
  private readonly market: (typeof MARKETS)[keyof typeof MARKETS];

  constructor(private readonly options: BinanceMarketDataOptions) {
    const n = options.symbols.length;
    this.venueSymbols = options.symbols.map((s) => s.replace('/', ''));
    // A busy 100 ms diff can name thousands of levels; 5,000 matches the deepest REST snapshot.
    this.decoder = new BinanceFrameDecoder(this.venueSymbols, { maxLevels: 5000 });
    const usdm = options.endpoints.market === 'usdm';
    this.books = options.symbols.map(() => new BinanceBookSync({ market: usdm ? BinanceMarket.UsdM : BinanceMarket.Spot }));
    this.snapshotInFlight = new Uint8Array(n);
    this.now = options.now ?? Date.now;
    this.logLimited = new RateLimitedLog(options.log, options.logEveryMs ?? 10_000, this.now);
    this.staleness = new StaleSymbols('binance', options.symbols, options.staleAfterMs ?? 5000, options.log);
    this.stale = this.staleness.flags;
    this.market = MARKETS[options.endpoints.market ?? 'spot'];
    const streams = this.venueSymbols.flatMap((v) => this.market.streams(v.toLowerCase(), options.tradeStream ?? 'trade'));
    this.streamUrl = `${options.endpoints.wsBase}/stream?streams=${streams.join('/')}`;
    this.feed = new WsFeed({
      name: 'binance', url: this.streamUrl,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    });
    this.feed.on('open', () => this.connectionOpened());
    this.feed.on('frame', (data, at) => this.receiveFrame(data, at));
    this.feed.on('close', (why, retryIn) => {
      if (retryIn !== null) options.log(`binance: market data disconnected (${why}); reconnecting in ${retryIn} ms`);
    });
  }

  start(): void {
    this.weightAt = this.now();
    this.staleness.reset(this.now());
    this.feed.start();
    this.timer = setInterval(() => this.checkStale(), 250);
  }

  stop(): void {
    this.stopped = true;
    this.requests.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.feed.stop();
  }

  /** Counters of this feed as name -> value (websocket, decoder rejects, books, connector). */
  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    BINANCE_FEED_COUNTERS.forEach((name, i) => { out[name] = this.counters[i]; });
    const ws = this.feed.counters;
    WS_FEED_COUNTERS.forEach((name, i) => { out[name] = ws[i]; });
    BINANCE_REJECT_REASONS.forEach((reason, i) => { out[`reject_${reason}`] = this.decoder.rejects[i]; });
    // Diffs and snapshots the decoder read but the book procedure refused are rejects too.
    SYNC_REJECT_FEED_REASONS.forEach((reason, i) => {
      let sum = 0;
      for (const b of this.books) sum += b.rejects[i];
      out[`reject_${reason}`] = (out[`reject_${reason}`] ?? 0) + sum;
    });
    SYNC_COUNTER_NAMES.forEach((name, i) => {
      let sum = 0;
      for (const b of this.books) sum += b.counters[i];
      out[`book_${name}`] = sum;
    });
    return out;
  }

  /** A (re)connection: every book starts again from nothing. */
  connectionOpened(): void {
    // A new connection starts every book from nothing: diffs buffer until a fresh snapshot.
    for (const b of this.books) b.reset();
    for (let s = 0; s < this.books.length; s++) this.options.onBookChanged?.(s);
    this.options.log(this.options.replayed
      ? `binance: replaying a recorded connection to ${this.options.endpoints.wsBase} (${this.options.symbols.join(', ')})`
      : `binance: market data connected to ${this.options.endpoints.wsBase} (${this.options.symbols.join(', ')})`);
  }

  /** One websocket frame as received at `atMs` (epoch ms). */
  receiveFrame(data: Buffer, atMs: number): void {
    const d = this.decoder;
    const kind = d.decode(data, data.length);
    const f = d.fields;
    const s = f[F.symbol];
    if (s >= 0 && kind !== MessageKind.Rejected) this.staleness.seen(s, atMs);
    const e = this.event;
    switch (kind) {
      case MessageKind.Trade:
      case MessageKind.AggTrade:
        this.counters[BinanceFeedCounter.trades]++;
        e[MarketEvent.kind] = EventKind.Trade;
        e[MarketEvent.symbol] = s;
        e[MarketEvent.ts] = f[F.tsMicros] >= 0 ? f[F.tsMicros] : atMs * 1000;
        e[MarketEvent.price] = f[F.price];
        e[MarketEvent.size] = f[F.qty];
        e[MarketEvent.side] = f[F.buyerIsMaker] === 1 ? -1 : 1;
        this.options.onEvent(e);
        break;
      case MessageKind.BookTicker:
        this.counters[BinanceFeedCounter.book_tickers]++;
        e[MarketEvent.kind] = EventKind.Quote;
        e[MarketEvent.symbol] = s;
        // Spot bookTicker carries no time: stamp it with when it arrived.
        e[MarketEvent.ts] = f[F.tsMicros] >= 0 ? f[F.tsMicros] : atMs * 1000;
        e[MarketEvent.bid] = f[F.bidPrice];
        e[MarketEvent.bidSize] = f[F.bidQty];
        e[MarketEvent.ask] = f[F.askPrice];
        e[MarketEvent.askSize] = f[F.askQty];
        e[MarketEvent.price] = (f[F.bidPrice] + f[F.askPrice]) * 0.5;
        e[MarketEvent.size] = 0;
        e[MarketEvent.side] = 0;
        this.options.onEvent(e);
        break;
      case MessageKind.DepthUpdate:
        this.counters[BinanceFeedCounter.depth_updates]++;
        this.onDepth(s, data);
        break;
      case MessageKind.Kline:
        this.counters[BinanceFeedCounter.klines]++;
        if (f[F.klineClosed] === 1) this.closedBar(s);
        break;
      case MessageKind.Control:
        this.counters[BinanceFeedCounter.control_messages]++;
        break;
      case MessageKind.Rejected:
        this.logLimited.write(`reject:${f[F.rejectReason]}`, () =>
          `binance: skipped a frame (${BINANCE_REJECT_REASONS[f[F.rejectReason]] ?? 'unknown reason'}): ${framePreview(data)}`);
        break;
      default:
        this.counters[BinanceFeedCounter.unknown_messages]++;
        this.unknownFrame(data);
    }
    this.options.onFrameDone?.();
  }

  /** Valid JSON of no kind the connector reads: skipped like a refused frame, so logged like one (its own method: no closure per frame). */
  private unknownFrame(data: Buffer): void {
    this.logLimited.write('unknown', () => `binance: skipped a frame (unknown message): ${framePreview(data)}`);
  }

  /** A kline with `x: true`: its minute is over and its values final. */
  private closedBar(s: number): void {
    this.counters[BinanceFeedCounter.bars]++;
    const f = this.decoder.fields;
    const b = this.bar;
    b[BarField.start] = f[F.klineOpenTimeMs] * 1000;
    b[BarField.open] = f[F.klineOpen];
    b[BarField.high] = f[F.klineHigh];
    b[BarField.low] = f[F.klineLow];
    b[BarField.close] = f[F.klineClose];
    b[BarField.volume] = f[F.klineVolume];
    b[BarField.trades] = f[F.klineTrades];
    b[BarField.vwap] = f[F.klineQuoteVolume] > 0 && f[F.klineVolume] > 0 ? f[F.klineQuoteVolume] / f[F.klineVolume] : 0;
    this.options.onBar?.(s, b);
  }

  private onDepth(s: number, data: Buffer): void {
    const book = this.books[s];
    const outcome = applyDecodedDiff(this.decoder, book);
    if (outcome === DiffOutcome.Gap || outcome === DiffOutcome.Crossed || outcome === DiffOutcome.Overflow) {
      if (outcome === DiffOutcome.Gap) this.counters[BinanceFeedCounter.gaps]++;
      this.counters[BinanceFeedCounter.resyncs]++;
      this.logLimited.write(`resync:${s}`, () => `binance: ${this.options.symbols[s]} book ${['', '', '', 'has a sequence gap', 'buffer overflowed', 'came out crossed'][outcome]}: resyncing from a new snapshot`);
    } else if (outcome === DiffOutcome.Rejected) {
      this.refusedDiff(s, data);
    }
    if (book.needsSnapshot()) this.requestSnapshot(s);
    if (outcome !== DiffOutcome.Buffered && outcome !== DiffOutcome.Stale) this.options.onBookChanged?.(s);
  }

  /**
   * A diff the decoder read but the book procedure refused (ids out of order or not whole): logged
   * here, in a method of its own, so the closure is only created when it is needed.
   */
  private refusedDiff(s: number, data: Buffer): void {
    const reason = SYNC_REJECT_REASONS[this.books[s].lastReject] ?? 'refused';
    this.logLimited.write(`book-reject:${reason}`, () =>
      `binance: skipped a depth diff of ${this.options.symbols[s]} (${reason}): resyncing from a new snapshot: ${framePreview(data)}`);
  }

  /** A REST depth snapshot body for symbol `s` (fetched, or read back from a recording). */
  applySnapshotBody(s: number, body: Buffer): void {
    const d = this.decoder;
    if (d.decode(body, body.length, s) !== MessageKind.DepthSnapshot) {
      this.counters[BinanceFeedCounter.snapshot_failures]++;
      this.logLimited.write(`snapshot:${s}`, () => `binance: depth snapshot for ${this.options.symbols[s]} is not a depth snapshot: ${framePreview(body)}`);
      return;
    }
    const outcome = applyDecodedSnapshot(d, this.books[s]);
    this.options.onBookChanged?.(s);
    if (outcome === SnapshotOutcome.Synced || outcome === SnapshotOutcome.AwaitingBridge) this.counters[BinanceFeedCounter.snapshots_applied]++;
    else this.logLimited.write(`snapshot:${s}`, () => `binance: depth snapshot for ${this.options.symbols[s]} not usable (${SNAPSHOT_OUTCOME_NAMES[outcome]}); fetching another`);
  }

  private requestSnapshot(s: number): void {
    if (this.snapshotInFlight[s] === 1 || this.stopped || this.options.replayed) return;
    const limit = this.options.snapshotLimit ?? 1000;
    const weight = this.market.depthWeight(limit);
    const now = this.now();
    // 20 weight per second of refill (1,200 a minute, a fifth of Binance's limit), 600 burst.
    this.weightTokens = Math.min(600, this.weightTokens + ((now - this.weightAt) / 1000) * 20);
    this.weightAt = now;
    if (this.weightTokens < weight) return; // the next diff asks again
    this.weightTokens -= weight;
    this.snapshotInFlight[s] = 1;
    this.counters[BinanceFeedCounter.snapshot_requests]++;
    const url = `${this.options.endpoints.restBase}${this.market.depthPath}?symbol=${this.venueSymbols[s]}&limit=${limit}`;
    void httpGetBuffer(url, 10_000, this.requests.signal)
      .then((body) => {
        this.snapshotInFlight[s] = 0;
        if (!this.stopped) this.applySnapshotBody(s, body);
      })
      .catch((err: Error) => {
        this.snapshotInFlight[s] = 0;
        if (this.stopped) return;
        this.counters[BinanceFeedCounter.snapshot_failures]++;
        this.logLimited.write(`snapshot:${s}`, () => `binance: depth snapshot for ${this.options.symbols[s]} failed (${err.message}); retrying on the next diff`);
      });
  }

  private checkStale(): void {
    this.counters[BinanceFeedCounter.stale_symbols] += this.staleness.check(this.now());
  }

}
