/**
 * A simulated crypto exchange on loopback that speaks Binance's spot market-data protocol: a
 * websocket server for combined streams (`/stream?streams=btcusdt@trade/btcusdt@bookTicker/
 * btcusdt@depth@100ms/btcusdt@kline_1m`, plus live `SUBSCRIBE`/`UNSUBSCRIBE` requests) and the REST depth snapshot
 * (`GET /api/v3/depth?symbol=BTCUSDT&limit=100`), on one ephemeral port of 127.0.0.1.
 *
 * The market is the seeded SyntheticMarket (volatility clustering, jumps, spreads that widen
 * with volatility) with a SimDepthBook per symbol for depth that reacts to trades. Events are
 * generated at `eventsPerSecond` of wall time and stamped with the model's virtual clock;
 * depth diffs are cut every 100 ms of virtual time and klines built from the trades are pushed
 * every 2 s of it (as Binance pushes kline_1m), the closing one (`x: true`) as each virtual minute
 * ends, so the same seed gives the same messages whatever the pacing did. The exchange runs whether anyone listens or not, like a real one.
 *
 * A client that falls more than `maxBufferedBytes` behind is disconnected (code 1008), as venues
 * do with slow consumers, instead of the exchange buffering without bound.
 *
 * With an `account`, it also serves Binance's spot trading API for that one key (orders, cancels,
 * queries, fills on the user-data stream at `/ws/<listenKey>`): see binance-sim-trading.ts.
 *
 * Fault hooks (`dropClients`, `silence`, `sendGarbage`, `skipNextDiff`) let tests break the
 * stream the ways real venues do, through the same sockets.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { SyntheticMarket, MarketEvent, EventKind, MARKET_EVENT_F64 } from '../synthetic-market.js';
import { SimDepthBook, BookSide } from './sim-depth-book.js';
import { BinanceSimKlines, KLINE_INTERVAL_US } from './binance-sim-klines.js';
import { WallClockPacer } from './wall-clock-pacer.js';
import { defaultStartPrice, defaultTickSize } from '../start-prices.js';
import {
  binanceStream, binanceSymbol, bookTickerFrame, depthSnapshotBody, depthUpdateFrame, envelope, aggTradeFrame, klineFrame, tradeFrame,
} from './binance-sim-frames.js';
import { BinanceSimTrading } from './binance-sim-trading.js';
import type { SimAccount } from './binance-sim-request-auth.js';

export interface SimExchangeOptions {
  symbols: readonly string[];
  startPrices: Readonly<Record<string, number>>;
  annualVol: number;
  seed: number;
  /** Market events per second of wall time (0 = 100,000). */
  eventsPerSecond: number;
  /** Epoch µs the virtual clock starts at (default: now). */
  startEpochUs?: number;
  /** Levels per side the simulated book holds (default 100). */
  depthLevels?: number;
  host?: string;
  maxBufferedBytes?: number;
  /** The one API key the trading endpoints accept; none (the default) refuses them all (-2015). */
  account?: SimAccount | null;
  /** Commission on taken liquidity, as a fraction of the quote notional (default 0.001). */
  takerFeeRate?: number;
  /** Commission on resting orders' fills (default 0.001). */
  makerFeeRate?: number;
}

export interface SimExchangeEndpoints {
  port: number;
  /** Base websocket URL; streams are at `${wsUrl}/stream?streams=...`. */
  wsUrl: string;
  /** Base REST URL; `${restUrl}/api/v3/depth?symbol=...`. */
  restUrl: string;
}

const DIFF_INTERVAL_US = 100_000;
/** How often Binance pushes the open kline of an interval longer than a second. */
const KLINE_UPDATE_US = 2_000_000;

interface Client {
  ws: WebSocket;
  streams: Set<string>;
}

export class SimExchange {
  readonly stats = { events: 0, frames: 0, clients: 0, slowConsumersDropped: 0, snapshots: 0, closedKlines: 0 };
  private readonly market: SyntheticMarket;
  private readonly books: SimDepthBook[];
  private readonly venueSymbols: string[];
  private readonly clients = new Set<Client>();
  private readonly event = new Float64Array(MARKET_EVENT_F64);
  private server: http.Server | null = null;
  private wss: WebSocketServer | null = null;
  private readonly pacer: WallClockPacer;
  private nextDiffUs = 0;
  private readonly klines: BinanceSimKlines;
  /** Start of the current kline minute, and when the open klines are next pushed (virtual µs). */
  private minuteStartUs = 0;
  private nextKlineUpdateUs = 0;
  private tradeId = 1;
  private silentUntil = 0;
  private skipDiff = false;
  private readonly trading: BinanceSimTrading;

  constructor(private readonly options: SimExchangeOptions) {
    const start = options.startEpochUs ?? Date.now() * 1000;
    this.market = new SyntheticMarket({
      symbols: options.symbols.map((s) => ({ startPrice: this.startPrice(s), annualVol: options.annualVol, tickSize: defaultTickSize(this.startPrice(s)) })),
      seed: options.seed,
      assetClass: 'crypto',
      startEpochUs: start,
      eventsPerSecond: options.eventsPerSecond > 0 ? options.eventsPerSecond : 100_000,
    });
    this.books = options.symbols.map((s, i) => new SimDepthBook(
      defaultTickSize(this.startPrice(s)), options.depthLevels ?? 100, 20_000 / this.startPrice(s), options.seed + 101 * (i + 1),
    ));
    this.venueSymbols = options.symbols.map(binanceSymbol);
    this.nextDiffUs = Math.ceil(start / DIFF_INTERVAL_US) * DIFF_INTERVAL_US;
    this.klines = new BinanceSimKlines(options.symbols.length);
    this.minuteStartUs = Math.floor(start / KLINE_INTERVAL_US) * KLINE_INTERVAL_US;
    this.nextKlineUpdateUs = Math.ceil(start / KLINE_UPDATE_US) * KLINE_UPDATE_US;
    this.trading = new BinanceSimTrading({
      symbols: options.symbols,
      startPrices: options.symbols.map((s) => this.startPrice(s)),
      books: this.books,
      account: options.account ?? null,
      takerFeeRate: options.takerFeeRate ?? 0.001,
      makerFeeRate: options.makerFeeRate ?? 0.001,
      nowMs: () => Math.floor(this.market.nowUs() / 1000),
    });
    this.pacer = new WallClockPacer(options.eventsPerSecond, () => this.step());
  }

  /** Orders, fills, cancels and refused requests of the trading API, for a session summary. */
  get tradingStats(): Readonly<BinanceSimTrading['stats']> {
    return this.trading.stats;
  }

  private startPrice(symbol: string): number {
    return this.options.startPrices[symbol] ?? defaultStartPrice(symbol);
  }

  async start(): Promise<SimExchangeEndpoints> {
    const server = http.createServer((req, res) => this.rest(req, res));
    const wss = new WebSocketServer({ server, perMessageDeflate: false });
    wss.on('connection', (ws, req) => this.accept(ws, req));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.wss = wss;
    const { port } = server.address() as AddressInfo;
    const host = this.options.host ?? '127.0.0.1';
    this.pacer.start();
    return { port, wsUrl: `ws://${host}:${port}`, restUrl: `http://${host}:${port}` };
  }

  async stop(): Promise<void> {
    this.pacer.stop();
    this.trading.stop();
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    this.wss?.close();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  }

  /** Fault: close every client connection abruptly. */
  dropClients(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  /** Fault: close every user-data stream connection abruptly. */
  dropUserStreams(): void {
    this.trading.dropUserStreams();
  }

  /** Fault: keep the sockets open but send nothing for `ms` (the market keeps moving). */
  silence(ms: number): void {
    this.silentUntil = performance.now() + ms;
  }

  /** Fault: send a frame that is not JSON to every client. */
  sendGarbage(): void {
    for (const c of this.clients) c.ws.send('{"stream":"btcusdt@trade","data":{"e":"trade",');
  }

  /** Fault: lose the next depth diff of every symbol (clients must detect the gap and resync). */
  skipNextDiff(): void {
    this.skipDiff = true;
  }

  private step(): void {
    const e = this.event;
    const kind = this.market.next(e);
    const s = e[MarketEvent.symbol];
    const ts = e[MarketEvent.ts];
    const book = this.books[s];
    const unified = this.options.symbols[s];
    const sym = this.venueSymbols[s];
    this.stats.events++;
    while (ts >= this.nextDiffUs) this.flushDiffs();
    while (ts >= this.nextKlineUpdateUs) this.pushKlines();
    if (kind === EventKind.Trade) {
      book.trade(e[MarketEvent.side], e[MarketEvent.size]);
      this.klines.add(s, e[MarketEvent.price], e[MarketEvent.size], e[MarketEvent.side], this.tradeId);
      const ms = Math.floor(ts / 1000);
      this.publish(binanceStream(unified, 'trade'), () =>
        tradeFrame(sym, ms, this.tradeId, e[MarketEvent.price], e[MarketEvent.size], ms, e[MarketEvent.side] < 0));
      this.publish(binanceStream(unified, 'aggTrade'), () =>
        aggTradeFrame(sym, ms, this.tradeId, e[MarketEvent.price], e[MarketEvent.size], ms, e[MarketEvent.side] < 0));
      this.tradeId++;
      this.trading.marketTrade(s, e[MarketEvent.price], e[MarketEvent.size]);
    } else {
      book.quote(e[MarketEvent.bid], e[MarketEvent.bidSize], e[MarketEvent.ask], e[MarketEvent.askSize]);
    }
    const bid = book.best(BookSide.Bid);
    const ask = book.best(BookSide.Ask);
    if (bid && ask) this.publish(binanceStream(unified, 'bookTicker'), () => bookTickerFrame(sym, book.updateId, bid, ask));
  }

  private flushDiffs(): void {
    const ms = Math.floor(this.nextDiffUs / 1000);
    const skip = this.skipDiff;
    this.skipDiff = false;
    this.books.forEach((book, s) => {
      const diff = book.takeDiff();
      if (!diff || skip) return;
      const unified = this.options.symbols[s];
      const frame = () => depthUpdateFrame(this.venueSymbols[s], ms, diff.firstUpdateId, diff.finalUpdateId, diff.bids, diff.asks);
      this.publish(binanceStream(unified, 'depth@100ms'), frame);
      this.publish(binanceStream(unified, 'depth'), frame);
    });
    this.nextDiffUs += DIFF_INTERVAL_US;
  }

  /**
   * The klines as of `nextKlineUpdateUs`: when that ends a minute, each symbol's closing kline
   * (`x: true`, its values final) and the next minute begins; otherwise the open ones.
   */
  private pushKlines(): void {
    const at = this.nextKlineUpdateUs;
    const closing = at >= this.minuteStartUs + KLINE_INTERVAL_US;
    const startMs = Math.floor(this.minuteStartUs / 1000);
    for (let s = 0; s < this.venueSymbols.length; s++) {
      if (!this.klines.hasPrice(s)) continue;
      this.publish(binanceStream(this.options.symbols[s], 'kline_1m'), () => klineFrame(this.venueSymbols[s], s, this.klines, Math.floor(at / 1000), startMs, closing));
      if (closing) {
        this.stats.closedKlines++;
        this.klines.startMinute(s);
      }
    }
    if (closing) this.minuteStartUs += KLINE_INTERVAL_US;
    this.nextKlineUpdateUs += KLINE_UPDATE_US;
  }

  /** Send `data()` (built only if someone listens) in a combined-stream envelope to subscribers. */
  private publish(stream: string, data: () => string): void {
    if (this.clients.size === 0 || performance.now() < this.silentUntil) return;
    let frame: string | null = null;
    const limit = this.options.maxBufferedBytes ?? 16 << 20;
    for (const c of this.clients) {
      if (!c.streams.has(stream)) continue;
      if (c.ws.bufferedAmount > limit) {
        this.stats.slowConsumersDropped++;
        c.ws.close(1008, 'slow consumer');
        this.clients.delete(c);
        continue;
      }
      frame ??= envelope(stream, data());
      c.ws.send(frame);
      this.stats.frames++;
    }
  }

  private accept(ws: WebSocket, req: http.IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://sim');
    const streams = new Set<string>();
    if (url.pathname === '/stream') {
      for (const s of (url.searchParams.get('streams') ?? '').split('/')) if (s) streams.add(s);
    } else if (url.pathname.startsWith('/ws/') && !url.pathname.includes('@')) {
      // Stream names always hold an '@' (`btcusdt@trade`); anything else there is a listen key.
      this.trading.acceptUserStream(url.pathname.slice(4), ws);
      return;
    } else if (url.pathname.startsWith('/ws/')) {
      streams.add(url.pathname.slice(4));
    } else {
      ws.close(1008, 'unknown path');
      return;
    }
    const client: Client = { ws, streams };
    this.clients.add(client);
    this.stats.clients++;
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', (raw) => this.control(client, raw.toString()));
  }

  /** SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS, answered as Binance answers them. */
  private control(client: Client, text: string): void {
    let msg: { method?: unknown; params?: unknown; id?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      client.ws.send('{"error":{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"},"id":null}');
      return;
    }
    const id = typeof msg.id === 'number' || typeof msg.id === 'string' ? JSON.stringify(msg.id) : 'null';
    const params = Array.isArray(msg.params) ? msg.params.filter((p): p is string => typeof p === 'string') : [];
    if (msg.method === 'SUBSCRIBE') params.forEach((p) => client.streams.add(p));
    else if (msg.method === 'UNSUBSCRIBE') params.forEach((p) => client.streams.delete(p));
    else if (msg.method === 'LIST_SUBSCRIPTIONS') {
      client.ws.send(`{"result":${JSON.stringify([...client.streams])},"id":${id}}`);
      return;
    } else {
      client.ws.send(`{"error":{"code":2,"msg":"Invalid request: unknown method"},"id":${id}}`);
      return;
    }
    client.ws.send(`{"result":null,"id":${id}}`);
  }

  private rest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://sim');
    const json = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (this.trading.serves(url.pathname)) {
      void this.trading.rest(req, res);
      return;
    }
    if (req.method !== 'GET') return json(405, '{"code":-1000,"msg":"Method not allowed."}');
    if (url.pathname === '/api/v3/ping') return json(200, '{}');
    if (url.pathname === '/api/v3/time') return json(200, `{"serverTime":${Math.floor(this.market.nowUs() / 1000)}}`);
    if (url.pathname === '/api/v3/depth') {
      const s = this.venueSymbols.indexOf(url.searchParams.get('symbol') ?? '');
      if (s < 0) return json(400, '{"code":-1121,"msg":"Invalid symbol."}');
      const limit = Math.min(5000, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
      const book = this.books[s];
      this.stats.snapshots++;
      return json(200, depthSnapshotBody(book.updateId, book.top(BookSide.Bid, limit), book.top(BookSide.Ask, limit)));
    }
    json(404, '{"code":-1000,"msg":"Not found."}');
  }
}
