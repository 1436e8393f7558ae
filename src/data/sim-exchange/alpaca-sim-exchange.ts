/**
 * A simulated Alpaca market-data v2 stock stream on loopback: a websocket server on an ephemeral
 * port of 127.0.0.1 serving `/v2/iex`, `/v2/sip` and `/v2/test` with the documented session
 * (alpaca-sim-client.ts: connected, auth, subscribe, errors) and, once subscribed, trades `t`,
 * quotes `q` and minute bars `b` in JSON-array frames, as the venue sends them.
 *
 * The market is the seeded SyntheticMarket for stocks: it trades only in US regular sessions of
 * its virtual clock and jumps to the next open when a session closes. The clock starts at
 * `startEpochUs`, by default alpacaSimStartUs(now) (now during a session, else the last open), so
 * a session at any wall-clock time sees trading at once. Events are generated at
 * `eventsPerSecond` of wall time and stamped with the virtual clock; a tick that cannot make all
 * that is due within its work budget skips the rest (like SimExchange), so sockets and control
 * messages stay responsive at any rate.
 *
 * Determinism: frames are cut on the virtual clock (every `batchWindowUs` of virtual time, and
 * every `maxBatchMessages` messages), bars at each virtual minute boundary, trade ids count
 * from 1 and exchange codes rotate by count, so the same seed and start give the same messages
 * in the same frames whatever the pacing did. `t` has nine fractional digits: the event's
 * microsecond plus the sub-microsecond part of the model's clock.
 *
 * Feeds: `iex` quotes and trades carry exchange V (IEX) only; `sip` rotates through the listed
 * exchanges; `test` serves the same market as `iex` (the venue's test stream is a fake symbol).
 *
 * A client that falls more than `maxBufferedBytes` behind gets error 407 (slow client) and is
 * disconnected, as the venue does. Fault hooks (`dropClients`, `silence`, `sendGarbage`) break
 * the stream the ways real venues do, through the same sockets.
 *
 * With an `account`, the same HTTP server also serves Alpaca's trading API v2 for that one key
 * (orders at `/v2/orders...`, fills pushed on the trading stream at `/stream`): see
 * alpaca-sim-trading.ts. Every market trade and quote of the model is fed to it; `tradingStats`
 * counts its work and `dropTradeStreams` breaks the trading stream's sockets. The same key also
 * reads the Assets API (`/v2/assets`, alpaca-sim-assets.ts), where a live session's metadata comes from.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EventKind, MARKET_EVENT_F64, MarketEvent, SyntheticMarket } from '../synthetic-market.js';
import { WallClockPacer } from './wall-clock-pacer.js';
import { defaultStartPrice, defaultTickSize } from '../start-prices.js';
import { AlpacaSimBars } from './alpaca-sim-bars.js';
import { AlpacaSimClient, type AlpacaSimClientStats, type AlpacaSimFeed, type AlpacaSimPolicy } from './alpaca-sim-client.js';
import {
  AlpacaTimestampText, IEX_EXCHANGE, ODD_LOT_CONDITIONS, ROUND_LOT_CONDITIONS, SIP_EXCHANGES,
  alpacaBarMessage, alpacaErrorFrame, alpacaMinuteText, alpacaQuoteMessage, alpacaTape, alpacaTradeMessage,
} from './alpaca-sim-frames.js';
import { alpacaSimStartUs } from './alpaca-sim-start-time.js';
import type { AlpacaSimAccount } from './alpaca-sim-order-request.js';
import { AlpacaSimAssets } from './alpaca-sim-assets.js';
import { AlpacaSimTrading } from './alpaca-sim-trading.js';

export interface AlpacaSimExchangeOptions {
  /** Tickers (AAPL); their index is the symbol id of the model. */
  symbols: readonly string[];
  startPrices?: Readonly<Record<string, number>>;
  annualVol: number;
  seed: number;
  /** Market events per second of wall time (0 = 100,000). */
  eventsPerSecond: number;
  /** Epoch µs the virtual clock starts at (default alpacaSimStartUs(now)). */
  startEpochUs?: number;
  /** When set, only these credentials authenticate (others get 402). */
  credentials?: { key: string; secret: string };
  /** Deadline for a valid auth after connecting, ms (default 10,000, the venue's). */
  authTimeoutMs?: number;
  /** Most distinct symbols per connection (405 beyond); unlimited when unset. */
  symbolLimit?: number;
  /** Virtual time a frame collects messages for, µs (default 10,000; divides a minute). */
  batchWindowUs?: number;
  /** Most messages in one frame (default 500). */
  maxBatchMessages?: number;
  host?: string;
  maxBufferedBytes?: number;
  /** The one account the trading API and stream accept; none (the default) refuses them all (401). */
  account?: AlpacaSimAccount | null;
}

export interface AlpacaSimEndpoints {
  port: number;
  /** Base websocket URL; streams are at `${wsUrl}/v2/iex` (and /v2/sip, /v2/test), the trading stream at `${wsUrl}/stream`. */
  wsUrl: string;
  /** The trading API's origin (`http://127.0.0.1:PORT`), the base URL of an AlpacaOrderGateway. */
  restUrl: string;
}

const MINUTE_US = 60_000_000;
const FEEDS: ReadonlyMap<string, AlpacaSimFeed> = new Map([['/v2/iex', 'iex'], ['/v2/sip', 'sip'], ['/v2/test', 'test']]);
const TRADING_STREAM = '/stream';

export class AlpacaSimExchange {
  readonly stats: AlpacaSimClientStats & { events: number; frames: number; messages: number; bars: number; slowConsumersDropped: number } = {
    events: 0, frames: 0, messages: 0, bars: 0, slowConsumersDropped: 0,
    connections: 0, authentications: 0, authFailures: 0, authTimeouts: 0, subscriptions: 0, errorsSent: 0,
  };
  /** The virtual time the clock started at, epoch µs. */
  readonly startEpochUs: number;
  private readonly market: SyntheticMarket;
  private readonly trading: AlpacaSimTrading;
  private readonly assets: AlpacaSimAssets;
  private readonly hasAccount: boolean;
  private readonly bars: AlpacaSimBars;
  private readonly symbolIds: Map<string, number>;
  private readonly tapes: string[];
  private readonly policy: AlpacaSimPolicy;
  private readonly windowUs: number;
  private readonly maxBatch: number;
  private readonly clients = new Set<AlpacaSimClient>();
  private readonly event = new Float64Array(MARKET_EVENT_F64);
  private readonly time = new AlpacaTimestampText();
  private server: http.Server | null = null;
  private wss: WebSocketServer | null = null;
  private readonly pacer: WallClockPacer;
  private windowEndUs = 0;
  private nextMinuteUs = 0;
  private tradeId = 1;
  private quoteCount = 0;
  private silentUntil = 0;
  private silent = false;

  constructor(private readonly options: AlpacaSimExchangeOptions) {
    if (options.symbols.length === 0) throw new Error('AlpacaSimExchange: at least one symbol is required');
    this.startEpochUs = options.startEpochUs ?? alpacaSimStartUs(Date.now() * 1000);
    const price = (s: string): number => options.startPrices?.[s] ?? defaultStartPrice(s);
    this.market = new SyntheticMarket({
      symbols: options.symbols.map((s) => ({ startPrice: price(s), annualVol: options.annualVol, tickSize: defaultTickSize(price(s)) })),
      seed: options.seed,
      assetClass: 'stocks',
      startEpochUs: this.startEpochUs,
      eventsPerSecond: this.rate(),
    });
    this.bars = new AlpacaSimBars(options.symbols.length);
    this.hasAccount = (options.account ?? null) !== null;
    this.trading = new AlpacaSimTrading({ symbols: options.symbols, account: options.account ?? null, nowUs: () => this.market.nowUs() });
    this.assets = new AlpacaSimAssets(options.symbols, options.account ?? null);
    this.symbolIds = new Map(options.symbols.map((s, i) => [s, i]));
    this.tapes = options.symbols.map(alpacaTape);
    this.policy = { credentials: options.credentials, symbolLimit: options.symbolLimit, authTimeoutMs: options.authTimeoutMs ?? 10_000 };
    this.windowUs = options.batchWindowUs ?? 10_000;
    if (!(this.windowUs > 0) || MINUTE_US % this.windowUs !== 0) throw new Error('AlpacaSimExchange: batchWindowUs must divide a minute');
    this.maxBatch = options.maxBatchMessages ?? 500;
    const first = this.market.nowUs();
    this.windowEndUs = (Math.floor(first / this.windowUs) + 1) * this.windowUs;
    this.nextMinuteUs = (Math.floor(first / MINUTE_US) + 1) * MINUTE_US;
    // Silence is decided once per tick, not per event.
    this.pacer = new WallClockPacer(options.eventsPerSecond, () => this.step(), (nowMs) => { this.silent = nowMs < this.silentUntil; });
  }

  /** The model's virtual time, epoch µs. */
  nowUs(): number {
    return this.market.nowUs();
  }

  /** Orders, fills, cancels, expiries, refused requests and trade updates of the trading API. */
  get tradingStats(): Readonly<AlpacaSimTrading['stats']> {
    return this.trading.stats;
  }

  async start(): Promise<AlpacaSimEndpoints> {
    const host = this.options.host ?? '127.0.0.1';
    const server = http.createServer((req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://sim').pathname;
      if (this.trading.serves(pathname)) {
        void this.trading.rest(req, res);
        return;
      }
      if (this.assets.serves(pathname)) {
        this.assets.rest(req, res);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    });
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      if (path === TRADING_STREAM) {
        wss.handleUpgrade(req, socket, head, (ws) => this.trading.acceptStream(ws));
        return;
      }
      const feed = FEEDS.get(path);
      if (feed === undefined) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, feed));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    this.server = server;
    this.wss = wss;
    const { port } = server.address() as AddressInfo;
    this.pacer.start();
    return { port, wsUrl: `ws://${host}:${port}`, restUrl: `http://${host}:${port}` };
  }

  async stop(): Promise<void> {
    this.pacer.stop();
    this.trading.stop();
    for (const c of this.clients) {
      c.dispose();
      c.ws.terminate();
    }
    this.clients.clear();
    this.wss?.close();
    this.wss = null;
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  }

  /** Fault: close every client connection abruptly. */
  dropClients(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  /** Fault: terminate every trading-stream socket (trade updates sent meanwhile reach no one). */
  dropTradeStreams(): void {
    this.trading.dropStreams();
  }

  /** Fault: send no data for `ms` (control replies still go; the market keeps moving). */
  silence(ms: number): void {
    this.silentUntil = performance.now() + ms;
  }

  /** Fault: send every client a frame that is not JSON (a truncated trade batch). */
  sendGarbage(): void {
    for (const c of this.clients) c.ws.send('[{"T":"t","S":"AAPL","i":1,"x":"V","p":');
  }

  private rate(): number {
    return this.options.eventsPerSecond > 0 ? this.options.eventsPerSecond : 100_000;
  }

  private step(): void {
    const e = this.event;
    const kind = this.market.next(e);
    const ts = e[MarketEvent.ts];
    // Sub-microsecond part of the model's clock (its ulp is ~0.25 µs at today's epoch).
    const nanos = Math.min(999, Math.floor((this.market.nowUs() - ts) * 1000));
    const s = e[MarketEvent.symbol];
    this.stats.events++;
    if (ts >= this.nextMinuteUs) this.closeMinute(ts);
    if (ts >= this.windowEndUs) {
      this.flushAll();
      this.windowEndUs = (Math.floor(ts / this.windowUs) + 1) * this.windowUs;
    }
    if (kind === EventKind.Trade) {
      const price = e[MarketEvent.price];
      const size = e[MarketEvent.size];
      this.bars.add(s, price, size);
      // Without an account nothing trades, and the market stream keeps the pace it had without the API.
      if (this.hasAccount) this.trading.marketTrade(s, ts, price, size, e[MarketEvent.bid], e[MarketEvent.ask]);
      const id = this.tradeId++;
      if (this.clients.size === 0 || this.silent) return;
      const sym = this.options.symbols[s];
      const conditions = size < 100 ? ODD_LOT_CONDITIONS : ROUND_LOT_CONDITIONS;
      let iex: string | null = null;
      let sip: string | null = null;
      for (const c of this.clients) {
        if (c.wantsTrades[s] === 0) continue;
        const message = c.feed === 'sip'
          ? (sip ??= alpacaTradeMessage(sym, id, SIP_EXCHANGES[id % SIP_EXCHANGES.length], price, size, this.time.format(ts, nanos), conditions, this.tapes[s]))
          : (iex ??= alpacaTradeMessage(sym, id, IEX_EXCHANGE, price, size, this.time.format(ts, nanos), conditions, this.tapes[s]));
        this.queue(c, message);
      }
    } else {
      const q = this.quoteCount++;
      if (this.hasAccount) this.trading.marketQuote(s, ts, e[MarketEvent.bid], e[MarketEvent.ask]);
      if (this.clients.size === 0 || this.silent) return;
      const sym = this.options.symbols[s];
      let iex: string | null = null;
      let sip: string | null = null;
      for (const c of this.clients) {
        if (c.wantsQuotes[s] === 0) continue;
        const message = c.feed === 'sip'
          ? (sip ??= alpacaQuoteMessage(sym, SIP_EXCHANGES[q % SIP_EXCHANGES.length], e[MarketEvent.bid], e[MarketEvent.bidSize],
            SIP_EXCHANGES[(q + 3) % SIP_EXCHANGES.length], e[MarketEvent.ask], e[MarketEvent.askSize], this.time.format(ts, nanos), this.tapes[s]))
          : (iex ??= alpacaQuoteMessage(sym, IEX_EXCHANGE, e[MarketEvent.bid], e[MarketEvent.bidSize],
            IEX_EXCHANGE, e[MarketEvent.ask], e[MarketEvent.askSize], this.time.format(ts, nanos), this.tapes[s]));
        this.queue(c, message);
      }
    }
  }

  /** The virtual clock passed a minute boundary: a bar for every symbol that traded in it. */
  private closeMinute(ts: number): void {
    const minuteStart = this.nextMinuteUs - MINUTE_US;
    this.nextMinuteUs = (Math.floor(ts / MINUTE_US) + 1) * MINUTE_US;
    const b = this.bars;
    let time: string | null = null;
    for (let s = 0; s < this.options.symbols.length; s++) {
      if (b.trades[s] === 0) continue;
      this.stats.bars++;
      if (this.clients.size > 0 && !this.silent) {
        let message: string | null = null;
        for (const c of this.clients) {
          if (c.wantsBars[s] === 0) continue;
          time ??= alpacaMinuteText(minuteStart);
          message ??= alpacaBarMessage(this.options.symbols[s], b.open[s], b.high[s], b.low[s], b.close[s], b.volume[s], b.trades[s], b.vwap(s), time);
          this.queue(c, message);
        }
      }
      b.clear(s);
    }
  }

  private queue(client: AlpacaSimClient, message: string): void {
    client.queue(message);
    if (client.pendingCount >= this.maxBatch) this.flush(client);
  }

  private flushAll(): void {
    for (const c of this.clients) if (c.pendingCount > 0) this.flush(c);
  }

  private flush(client: AlpacaSimClient): void {
    if (client.ws.bufferedAmount > (this.options.maxBufferedBytes ?? 16 << 20)) {
      this.stats.slowConsumersDropped++;
      this.clients.delete(client);
      client.dispose();
      client.ws.send(alpacaErrorFrame(407));
      client.ws.close(1008, 'slow client');
      return;
    }
    this.stats.messages += client.flush();
    this.stats.frames++;
  }

  private accept(ws: WebSocket, feed: AlpacaSimFeed): void {
    const client = new AlpacaSimClient(ws, feed, this.symbolIds, this.policy, this.stats);
    this.clients.add(client);
    const gone = (): void => {
      this.clients.delete(client);
      client.dispose();
    };
    ws.on('close', gone);
    ws.on('error', gone);
    ws.on('message', (raw) => client.control(rawText(raw)));
    client.start();
  }
}

/** A client frame as text, however `ws` delivered it (fragmented frames come as a list). */
function rawText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
