/**
 * Binance's spot trading API for the simulated exchange, for its one account: exchangeInfo, new
 * order / cancel / query (`/api/v3/order`), openOrders, myTrades and the user-data stream, with
 * Binance's request security (binance-sim-request-auth.ts), filters and error codes, so an
 * unmodified Binance client (ccxt) trades against it exactly as against the venue.
 *
 * Matching:
 * - The marketable part of an order takes liquidity at once, walking the symbol's SimDepthBook
 *   on the opposite side best level first (a limit order only through levels at or better than
 *   its price). Our fills are NOT taken out of the market model's book: our orders are small
 *   beside the simulated market, and a book that reacted to them would also change the public
 *   market data every other client sees, which should depend on the seed alone.
 * - What the visible book cannot fill: a market order's rest expires (Binance expires a market
 *   order whose liquidity runs out), an IOC limit's rest expires, a FOK that cannot fill
 *   entirely expires with nothing filled, a GTC limit rests.
 * - Resting orders fill as the market trades through them (`marketTrade`): a buy at limit p when a
 *   trade prints at or below p, a sell at or above, at the order's own price, as maker. Orders
 *   are served in time priority and share the trade's size.
 *
 * The account has no balances: every order is funded (a test of order handling, not of margin).
 * Times in answers and reports are the market's virtual clock, like the market data; request
 * timestamps are checked against the wall clock (the client's clock).
 *
 * Every change of an order is reported on the user-data stream as an `executionReport` (NEW,
 * one TRADE per fill, then CANCELED or EXPIRED when it ends), sent right after the REST answer
 * that caused it has been written, so the order of what a client sees is deterministic.
 */

import type http from 'node:http';
import type { WebSocket } from 'ws';
import { BookSide, type SimDepthBook } from './sim-depth-book.js';
import { apiKeyRefusal, checkSignedRequest, type BinanceRefusal, type SimAccount } from './binance-sim-request-auth.js';
import {
  exchangeInfoBody, lotSizeFailure, notionalFailure, priceFilterFailure, symbolRules, wholeSteps, type SymbolRules,
} from './binance-sim-symbol-rules.js';
import {
  accountTrade, cancelOrderBody, executionReportFrame, isOpen, newOrderBody, queriedOrder, type SimFill, type SimOrder,
} from './binance-sim-order-frames.js';
import { BinanceSimUserStreams } from './binance-sim-user-streams.js';
import { readBody } from './request-body.js';

export interface BinanceSimTradingOptions {
  /** Unified symbols (`BTC/USDT`), in the exchange's order. */
  symbols: readonly string[];
  startPrices: readonly number[];
  /** The market model's books, read (never written) to fill taker orders. */
  books: readonly SimDepthBook[];
  /** The one account whose key is accepted; null refuses every private request (-2015). */
  account: SimAccount | null;
  takerFeeRate: number;
  makerFeeRate: number;
  /** The market's virtual clock in epoch ms. */
  nowMs: () => number;
}

interface Answer {
  status: number;
  body: string;
}

/** A level the taker walk takes from: price and whole lot steps. */
interface Take {
  price: number;
  units: number;
}

const TRADING_PATHS = new Set(['/api/v3/exchangeInfo', '/api/v3/order', '/api/v3/openOrders', '/api/v3/myTrades', '/api/v3/userDataStream']);
const DECIMAL = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

const ok = (body: string): Answer => ({ status: 200, body });
const fail = (code: number, msg: string, status = 400): Answer => ({ status, body: JSON.stringify({ code, msg }) });
const refused = (r: BinanceRefusal): Answer => fail(r.code, r.msg, r.status);
const missing = (name: string): Answer => fail(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
const illegal = (name: string): Answer => fail(-1100, `Illegal characters found in parameter '${name}'; legal range is '${DECIMAL.source}'.`);
const notRequired = (name: string): Answer => fail(-1106, `Parameter '${name}' sent when not required.`);

export class BinanceSimTrading {
  readonly stats = { orders: 0, fills: 0, cancels: 0, expired: 0, rejectedRequests: 0, executionReports: 0, userStreamConnections: 0 };
  private readonly rules: SymbolRules[];
  private readonly orders = new Map<number, SimOrder>();
  /** The latest order with each client order id (Binance looks ids up the same way). */
  private readonly byClientId = new Map<string, SimOrder>();
  /** Per symbol, the open orders in time priority (orderId order). */
  private readonly resting: SimOrder[][];
  private readonly fills: SimFill[] = [];
  private readonly streams = new BinanceSimUserStreams();
  private nextOrderId = 1;
  private nextTradeId = 1;

  constructor(private readonly options: BinanceSimTradingOptions) {
    this.rules = options.symbols.map((s, i) => symbolRules(s, options.startPrices[i]));
    this.resting = options.symbols.map(() => []);
  }

  /** True for the REST paths this module answers. */
  serves(pathname: string): boolean {
    return TRADING_PATHS.has(pathname);
  }

  async rest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    let answer: Answer;
    const reports: string[] = [];
    try {
      answer = this.route(req.method ?? 'GET', pathname, req.headers, rawQuery, await readBody(req), reports);
    } catch {
      answer = fail(-1000, 'An unknown error occurred while processing the request.');
    }
    if (answer.status !== 200) this.stats.rejectedRequests++;
    if (!res.destroyed) {
      res.writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    }
    this.publish(reports);
  }

  /** A websocket on `/ws/<listenKey>`; closed with 1008 when the key is unknown. */
  acceptUserStream(listenKey: string, ws: WebSocket): void {
    if (this.streams.attach(listenKey, ws)) this.stats.userStreamConnections++;
  }

  /** A market trade of symbol `s`: resting orders it trades through fill (see the header). */
  marketTrade(s: number, price: number, size: number): void {
    const queue = this.resting[s];
    if (queue.length === 0) return;
    const eps = this.rules[s].tickSize * 1e-6;
    let left = Math.floor(size / this.rules[s].stepSize + 1e-9);
    const reports: string[] = [];
    for (const o of queue) {
      if (left <= 0) break;
      if (o.side === 'BUY' ? price > o.price + eps : price < o.price - eps) continue;
      const units = Math.min(o.origUnits - o.executedUnits, left);
      left -= units;
      this.fill(o, o.price, units, true, reports);
    }
    if (reports.length === 0) return;
    this.resting[s] = queue.filter(isOpen);
    this.publish(reports);
  }

  /** Fault: drop every user-data stream socket (reports sent meanwhile reach no one). */
  dropUserStreams(): void {
    this.streams.dropSockets();
  }

  stop(): void {
    this.streams.closeAll();
  }

  private route(method: string, path: string, headers: http.IncomingHttpHeaders, rawQuery: string, rawBody: string, reports: string[]): Answer {
    if (path === '/api/v3/exchangeInfo') return method === 'GET' ? ok(exchangeInfoBody(this.rules, this.options.nowMs())) : fail(-1000, 'Method not allowed.', 405);
    if (path === '/api/v3/userDataStream') return this.userDataStream(method, headers, new URLSearchParams(rawQuery + (rawQuery && rawBody ? '&' : '') + rawBody));
    const checked = checkSignedRequest(headers, rawQuery, rawBody, this.options.account, Date.now());
    if ('refusal' in checked) return refused(checked.refusal);
    const p = checked.params;
    if (path === '/api/v3/order' && method === 'POST') return this.placeOrder(p, reports);
    if (path === '/api/v3/order' && method === 'DELETE') return this.cancelOrder(p, reports);
    if (path === '/api/v3/order' && method === 'GET') return this.queryOrder(p);
    if (path === '/api/v3/openOrders' && method === 'GET') return this.openOrders(p);
    if (path === '/api/v3/myTrades' && method === 'GET') return this.myTrades(p);
    return fail(-1000, 'Method not allowed.', 405);
  }

  private placeOrder(p: URLSearchParams, reports: string[]): Answer {
    const s = this.symbolOf(p);
    if (typeof s !== 'number') return s;
    const rules = this.rules[s];
    const side = p.get('side');
    const type = p.get('type');
    if (!side) return missing('side');
    if (!type) return missing('type');
    if (side !== 'BUY' && side !== 'SELL') return fail(-1117, 'Invalid side.');
    if (type !== 'LIMIT' && type !== 'LIMIT_MAKER' && type !== 'MARKET') return fail(-1116, 'Invalid orderType.');
    const respType = p.get('newOrderRespType') ?? (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL');
    if (respType !== 'ACK' && respType !== 'RESULT' && respType !== 'FULL') return fail(-1116, 'Invalid newOrderRespType.');

    let timeInForce: SimOrder['timeInForce'] = 'GTC';
    const tif = p.get('timeInForce');
    if (type === 'LIMIT') {
      if (!tif) return missing('timeInForce');
      if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') return fail(-1115, 'Invalid timeInForce.');
      timeInForce = tif;
    } else if (tif !== null) {
      return notRequired('timeInForce');
    }
    let price = 0;
    if (type !== 'MARKET') {
      const text = p.get('price');
      if (!text) return missing('price');
      if (!DECIMAL.test(text)) return illegal('price');
      price = Number(text);
      const failure = priceFilterFailure(rules, price);
      if (failure !== null) return fail(-1013, failure);
    } else if (p.has('price')) {
      return notRequired('price');
    }

    const qtyText = p.get('quantity');
    const quoteText = p.get('quoteOrderQty');
    if (qtyText === null && quoteText === null) return type === 'MARKET' ? fail(-1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!") : missing('quantity');
    if (qtyText !== null && quoteText !== null) return notRequired('quoteOrderQty');
    if (type !== 'MARKET' && quoteText !== null) return notRequired('quoteOrderQty');
    let units = 0;
    let quoteBudget = 0;
    if (qtyText !== null) {
      if (!DECIMAL.test(qtyText)) return illegal('quantity');
      const lot = lotSizeFailure(rules, Number(qtyText));
      if (lot !== null) return fail(-1013, lot);
      units = wholeSteps(Number(qtyText), rules.stepSize);
    } else {
      if (!DECIMAL.test(quoteText!)) return illegal('quoteOrderQty');
      quoteBudget = Number(quoteText);
    }
    // A market order's worth is judged at the current touch (Binance uses a recent average price).
    const book = this.options.books[s];
    const touch = book.best(side === 'BUY' ? BookSide.Ask : BookSide.Bid)?.price;
    const notional = quoteBudget > 0 ? quoteBudget : units * rules.stepSize * (type === 'MARKET' ? touch ?? NaN : price);
    const tooSmall = Number.isNaN(notional) ? null : notionalFailure(rules, notional, type === 'MARKET');
    if (tooSmall !== null) return fail(-1013, tooSmall);

    const orderId = this.nextOrderId;
    const clientOrderId = p.get('newClientOrderId') || `sim-${orderId}`;
    if (!CLIENT_ORDER_ID.test(clientOrderId)) return fail(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
    const previous = this.byClientId.get(clientOrderId);
    if (previous !== undefined && isOpen(previous)) return fail(-2010, 'Duplicate order sent.');
    if (type === 'LIMIT_MAKER') {
      const opposite = touch;
      if (opposite !== undefined && (side === 'BUY' ? opposite <= price : opposite >= price)) return fail(-2010, 'Order would immediately match and take.');
    }

    // Plan the taker part before anything is reported: a quote-sized market order's quantity,
    // and whether a FOK can fill at all, are known only from the walk.
    const walk = type === 'LIMIT_MAKER' ? { takes: [], short: true } : this.takerWalk(s, side, price, units, quoteBudget);
    if (quoteBudget > 0) units = walk.takes.reduce((sum, t) => sum + t.units, 0);
    const now = this.options.nowMs();
    const o: SimOrder = {
      s, symbol: rules.symbol, quoteAsset: rules.quoteAsset, orderId, clientOrderId, side, type, timeInForce, price,
      stepSize: rules.stepSize, origUnits: units, executedUnits: 0, cumQuote: 0, origQuoteOrderQty: quoteBudget,
      status: 'NEW', timeMs: now, updateMs: now,
    };
    this.nextOrderId++;
    this.orders.set(orderId, o);
    this.byClientId.set(clientOrderId, o);
    this.stats.orders++;
    reports.push(executionReportFrame(o, 'NEW', now, null, null));

    const fills: SimFill[] = [];
    if (!(timeInForce === 'FOK' && walk.short)) for (const t of walk.takes) fills.push(this.fill(o, t.price, t.units, false, reports));
    if (isOpen(o)) {
      if (type === 'MARKET' || timeInForce !== 'GTC' || o.origUnits === 0) {
        o.status = 'EXPIRED';
        this.stats.expired++;
        reports.push(executionReportFrame(o, 'EXPIRED', now, null, null));
      } else {
        this.resting[s].push(o);
      }
    }
    return ok(newOrderBody(o, fills, respType));
  }

  /**
   * What a taker order can take from the book now: levels best first, at or better than `limit`
   * (0 = a market order), up to `units` (or, sized in quote, up to `quoteBudget`). `short` when
   * the book could not fill the whole order.
   */
  private takerWalk(s: number, side: 'BUY' | 'SELL', limit: number, units: number, quoteBudget: number): { takes: Take[]; short: boolean } {
    const book = this.options.books[s];
    const { stepSize, tickSize } = this.rules[s];
    const eps = tickSize * 1e-6;
    const takes: Take[] = [];
    let left = units;
    let budget = quoteBudget;
    for (const level of book.top(side === 'BUY' ? BookSide.Ask : BookSide.Bid, book.levels)) {
      if (limit > 0 && (side === 'BUY' ? level.price > limit + eps : level.price < limit - eps)) break;
      const available = Math.floor(level.qty / stepSize + 1e-9);
      const wanted = quoteBudget > 0 ? Math.floor(budget / (level.price * stepSize) + 1e-9) : left;
      const take = Math.min(available, wanted);
      if (take > 0) takes.push({ price: level.price, units: take });
      left -= take;
      budget -= take * stepSize * level.price;
      // Sized in quote, the budget is spent once a level is not taken whole.
      if (quoteBudget > 0 ? take < available : left === 0) return { takes, short: false };
    }
    return { takes, short: true };
  }

  private fill(o: SimOrder, price: number, units: number, isMaker: boolean, reports: string[]): SimFill {
    const now = this.options.nowMs();
    const qty = units * o.stepSize;
    const quoteQty = qty * price;
    const f: SimFill = {
      tradeId: this.nextTradeId++, orderId: o.orderId, symbol: o.symbol, price, qty, quoteQty,
      commission: quoteQty * (isMaker ? this.options.makerFeeRate : this.options.takerFeeRate), commissionAsset: o.quoteAsset,
      timeMs: now, isBuyer: o.side === 'BUY', isMaker,
    };
    o.executedUnits += units;
    o.cumQuote += quoteQty;
    o.updateMs = now;
    o.status = o.executedUnits >= o.origUnits ? 'FILLED' : 'PARTIALLY_FILLED';
    this.fills.push(f);
    this.stats.fills++;
    reports.push(executionReportFrame(o, 'TRADE', now, f, null));
    return f;
  }

  private cancelOrder(p: URLSearchParams, reports: string[]): Answer {
    const o = this.orderOf(p, () => fail(-2011, 'Unknown order sent.'));
    if (!('orderId' in o)) return o;
    if (!isOpen(o)) return fail(-2011, 'Unknown order sent.');
    const cancelId = p.get('newClientOrderId') || `sim-cancel-${o.orderId}`;
    const now = this.options.nowMs();
    o.status = 'CANCELED';
    o.updateMs = now;
    this.resting[o.s] = this.resting[o.s].filter((r) => r !== o);
    this.stats.cancels++;
    reports.push(executionReportFrame(o, 'CANCELED', now, null, cancelId));
    return ok(cancelOrderBody(o, cancelId, now));
  }

  private queryOrder(p: URLSearchParams): Answer {
    const o = this.orderOf(p, () => fail(-2013, 'Order does not exist.'));
    return 'orderId' in o ? ok(JSON.stringify(queriedOrder(o))) : o;
  }

  private openOrders(p: URLSearchParams): Answer {
    let s: number | null = null;
    if (p.has('symbol')) {
      const found = this.symbolOf(p);
      if (typeof found !== 'number') return found;
      s = found;
    }
    const open = s === null ? [...this.resting.flat()].sort((a, b) => a.orderId - b.orderId) : this.resting[s];
    return ok(JSON.stringify(open.map(queriedOrder)));
  }

  private myTrades(p: URLSearchParams): Answer {
    const s = this.symbolOf(p);
    if (typeof s !== 'number') return s;
    const symbol = this.rules[s].symbol;
    const limit = p.has('limit') ? Number(p.get('limit')) : 500;
    if (!(Number.isInteger(limit) && limit > 0)) return illegal('limit');
    const orderId = p.has('orderId') ? Number(p.get('orderId')) : null;
    const fromId = p.has('fromId') ? Number(p.get('fromId')) : null;
    const mine = this.fills.filter((f) => f.symbol === symbol && (orderId === null || f.orderId === orderId) && (fromId === null || f.tradeId >= fromId));
    const n = Math.min(limit, 1000);
    // From an id, the oldest `limit` from there; otherwise the most recent `limit`, oldest first.
    const page = fromId !== null ? mine.slice(0, n) : mine.slice(Math.max(0, mine.length - n));
    return ok(JSON.stringify(page.map(accountTrade)));
  }

  private userDataStream(method: string, headers: http.IncomingHttpHeaders, p: URLSearchParams): Answer {
    const refusal = apiKeyRefusal(headers, this.options.account);
    if (refusal !== null) return refused(refusal);
    if (method === 'POST') return ok(JSON.stringify({ listenKey: this.streams.create() }));
    if (method !== 'PUT' && method !== 'DELETE') return fail(-1000, 'Method not allowed.', 405);
    const key = p.get('listenKey');
    if (!key) return missing('listenKey');
    const known = method === 'PUT' ? this.streams.has(key) : this.streams.remove(key);
    return known ? ok('{}') : fail(-1125, 'This listenKey does not exist.');
  }

  /** The symbol index a request names, or the refusal. */
  private symbolOf(p: URLSearchParams): number | Answer {
    const symbol = p.get('symbol');
    if (!symbol) return missing('symbol');
    const s = this.rules.findIndex((r) => r.symbol === symbol);
    return s < 0 ? fail(-1121, 'Invalid symbol.') : s;
  }

  /** The order a cancel or query names (orderId first, as Binance), or `unknown()`. */
  private orderOf(p: URLSearchParams, unknown: () => Answer): SimOrder | Answer {
    const s = this.symbolOf(p);
    if (typeof s !== 'number') return s;
    const id = p.get('orderId');
    const clientId = p.get('origClientOrderId');
    if (!id && !clientId) return fail(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    const o = id ? this.orders.get(Number(id)) : this.byClientId.get(clientId!);
    return o === undefined || o.s !== s ? unknown() : o;
  }

  private publish(reports: string[]): void {
    for (const r of reports) this.streams.publish(r);
    this.stats.executionReports += reports.length;
  }
}
