/**
 * Alpaca's trading API v2 (orders only) for the simulated stock exchange, for its one account:
 * `POST /v2/orders`, `GET /v2/orders` (status open|closed|all, limit, direction, symbols),
 * `GET /v2/orders/{id}`, `GET /v2/orders:by_client_order_id`, `DELETE /v2/orders/{id}` and
 * `DELETE /v2/orders` (cancel all, 207), with Alpaca's key headers, validation
 * (alpaca-sim-order-request.ts), error bodies ({code, message}) and Order JSON
 * (alpaca-sim-order-json.ts), so the project's AlpacaOrderGateway trades against it unchanged.
 * Every change of an order goes out on the trading stream (alpaca-sim-trade-updates.ts) right
 * after the REST answer that caused it has been written: `new`, then fills, then the end.
 *
 * Matching (the market model is fed in by `marketQuote` / `marketTrade`):
 * - A market order, or a limit order whose price reaches the touch, fills at once and in full at
 *   the touch (the model's best ask for a buy, best bid for a sell). Alpaca's own IEX quotes are
 *   thin and its paper account fills whole orders at the quote, so no depth is walked. Our fills
 *   never move the model's market: public market data depends on the seed alone.
 * - What cannot fill at once: IOC and FOK orders end `canceled` with nothing filled; DAY and GTC
 *   limits rest; a DAY or GTC market order waits (status `new`) for the symbol's next quote. That
 *   wait happens only while the symbol has no touch: before its first quote, and at the start of
 *   a session, when the previous session's touch is stale. The model's virtual clock never
 *   stands outside a regular session (it jumps from close to the next open), so there is no
 *   closed-market case beyond that.
 * - Resting limits fill when a market trade prints at or through their price (a buy at or below
 *   it, a sell at or above), at the limit price, for min(remaining, trade size), oldest first.
 * - When the virtual session closes, open DAY orders expire (event `expired`); GTC orders stay.
 *
 * The account has no balances or buying power: every order is funded, and position_qty in fills
 * is the net of the account's fills in the symbol. Times are the market's virtual clock.
 */

import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { WebSocket } from 'ws';
import { nextUsEquitySession } from '../us-equity-session.js';
import {
  assetIdOf, isOpenOrder, orderJson, remainingQty, roundQty, tradeUpdateText,
  type AlpacaSimOrder, type AlpacaTradeEvent, type FillDetail,
} from './alpaca-sim-order-json.js';
import { keysMatch, parseOrderRequest, type AlpacaSimAccount } from './alpaca-sim-order-request.js';
import { AlpacaSimTradeUpdates } from './alpaca-sim-trade-updates.js';
import { readBody } from './request-body.js';

export interface AlpacaSimTradingOptions {
  /** Tickers, in the exchange's order (the model's symbol ids). */
  symbols: readonly string[];
  /** The one account whose keys are accepted; null refuses every trading request (401). */
  account: AlpacaSimAccount | null;
  /** The market's virtual clock, epoch µs. */
  nowUs: () => number;
}

interface Answer {
  status: number;
  /** Empty for a 204. */
  body: string;
}

const ORDERS = '/v2/orders';
const BY_CLIENT_ID = '/v2/orders:by_client_order_id';

const ok = (value: unknown, status = 200): Answer => ({ status, body: JSON.stringify(value) });
const fail = (status: number, code: number, message: string): Answer => ({ status, body: JSON.stringify({ code, message }) });
const UNAUTHORIZED = fail(401, 40110000, 'request is not authorized');
const NOT_FOUND = fail(404, 40410000, 'order not found');
const NOT_CANCELABLE = fail(422, 42210000, 'order is not cancelable');
const unprocessable = (message: string): Answer => fail(422, 40010001, message);

export class AlpacaSimTrading {
  readonly stats = { orders: 0, fills: 0, cancels: 0, expired: 0, rejectedRequests: 0, tradeUpdates: 0, streamConnections: 0 };
  private readonly symbolIds: Map<string, number>;
  private readonly assetIds: string[];
  /** Every order by id, in submission order. */
  private readonly orders = new Map<string, AlpacaSimOrder>();
  private readonly byClientId = new Map<string, AlpacaSimOrder>();
  /** Per symbol, resting limit orders in time priority. */
  private readonly resting: AlpacaSimOrder[][];
  /** Per symbol, market orders waiting for a touch. */
  private readonly waiting: AlpacaSimOrder[][];
  /** The touch per symbol; NaN while there is none this session. */
  private readonly bid: Float64Array;
  private readonly ask: Float64Array;
  private readonly position: Float64Array;
  private readonly updates: AlpacaSimTradeUpdates;
  private readonly session = new Float64Array(2);
  private sessionCloseUs: number;

  constructor(private readonly options: AlpacaSimTradingOptions) {
    const n = options.symbols.length;
    this.symbolIds = new Map(options.symbols.map((s, i) => [s.toUpperCase(), i]));
    this.assetIds = options.symbols.map(assetIdOf);
    this.resting = options.symbols.map(() => []);
    this.waiting = options.symbols.map(() => []);
    this.bid = new Float64Array(n).fill(NaN);
    this.ask = new Float64Array(n).fill(NaN);
    this.position = new Float64Array(n);
    this.updates = new AlpacaSimTradeUpdates(options.account);
    nextUsEquitySession(options.nowUs(), this.session);
    this.sessionCloseUs = this.session[1];
  }

  /** True for the REST paths this module answers. */
  serves(pathname: string): boolean {
    return pathname === ORDERS || pathname === BY_CLIENT_ID || pathname.startsWith(`${ORDERS}/`);
  }

  async rest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const updates: string[] = [];
    let answer: Answer;
    try {
      answer = this.route(req.method ?? 'GET', url, req.headers, await readBody(req), updates);
    } catch {
      answer = fail(500, 50010000, 'internal server error');
    }
    if (answer.status >= 300) this.stats.rejectedRequests++;
    if (!res.destroyed) {
      if (answer.body === '') {
        res.writeHead(answer.status);
        res.end();
      } else {
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
      }
    }
    this.publish(updates);
  }

  /** A websocket upgraded on `/stream`. */
  acceptStream(ws: WebSocket): void {
    this.updates.accept(ws);
    this.stats.streamConnections = this.updates.connections;
  }

  /** A quote of symbol `s` at virtual time `tsUs`: the touch moves; waiting market orders fill at it. */
  marketQuote(s: number, tsUs: number, bid: number, ask: number): void {
    if (tsUs >= this.sessionCloseUs) this.closeSession(tsUs);
    this.bid[s] = bid;
    this.ask[s] = ask;
    if (this.waiting[s].length > 0) this.fillWaiting(s, tsUs);
  }

  /** A trade of symbol `s` (with the touch after it): resting limits it reaches fill (see the header). */
  marketTrade(s: number, tsUs: number, price: number, size: number, bid: number, ask: number): void {
    this.marketQuote(s, tsUs, bid, ask);
    const queue = this.resting[s];
    if (queue.length === 0) return;
    const updates: string[] = [];
    let left = size;
    for (const o of queue) {
      if (left <= 0) break;
      const eps = o.limitPrice * 1e-9;
      if (o.side === 'buy' ? price > o.limitPrice + eps : price < o.limitPrice - eps) continue;
      const qty = Math.min(remainingQty(o), left);
      left = roundQty(left - qty);
      this.fill(o, o.limitPrice, qty, tsUs, updates);
    }
    if (updates.length === 0) return;
    this.resting[s] = queue.filter(isOpenOrder);
    this.publish(updates);
  }

  /** Fault: terminate every trading-stream socket. */
  dropStreams(): void {
    this.updates.dropSockets();
  }

  stop(): void {
    this.updates.closeAll();
  }

  private route(method: string, url: URL, headers: http.IncomingHttpHeaders, body: string, updates: string[]): Answer {
    if (!keysMatch(headers, this.options.account)) return UNAUTHORIZED;
    const path = url.pathname;
    if (path === ORDERS) {
      if (method === 'POST') return this.placeOrder(body, updates);
      if (method === 'GET') return this.listOrders(url.searchParams);
      if (method === 'DELETE') return this.cancelAll(updates);
    } else if (path === BY_CLIENT_ID) {
      if (method === 'GET') {
        const id = url.searchParams.get('client_order_id');
        if (!id) return unprocessable('client_order_id is required');
        const o = this.byClientId.get(id);
        return o === undefined ? NOT_FOUND : ok(this.json(o));
      }
    } else {
      const o = this.orders.get(safeDecode(path.slice(ORDERS.length + 1)));
      if (method === 'GET') return o === undefined ? NOT_FOUND : ok(this.json(o));
      if (method === 'DELETE') return o === undefined ? NOT_FOUND : this.cancel(o, updates);
    }
    return fail(405, 40510000, 'method not allowed');
  }

  private placeOrder(body: string, updates: string[]): Answer {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return fail(400, 40010000, 'request body format is invalid');
    }
    const r = parseOrderRequest(parsed, this.symbolIds);
    if ('refusal' in r) return unprocessable(r.refusal);
    if (r.clientOrderId !== '' && this.byClientId.has(r.clientOrderId)) return unprocessable('client_order_id must be unique');
    const now = this.options.nowUs();
    const id = randomUUID();
    const o: AlpacaSimOrder = {
      s: r.s, id, clientOrderId: r.clientOrderId || randomUUID(), symbol: r.symbol, side: r.side, type: r.type,
      timeInForce: r.timeInForce, qty: r.qty, limitPrice: r.limitPrice, extendedHours: r.extendedHours,
      filledQty: 0, filledNotional: 0, status: 'new',
      createdUs: now, updatedUs: now, filledUs: NaN, canceledUs: NaN, expiredUs: NaN,
    };
    this.orders.set(id, o);
    this.byClientId.set(o.clientOrderId, o);
    this.stats.orders++;
    updates.push(this.update('new', o, now, null));
    this.execute(o, now, updates);
    return ok(this.json(o));
  }

  /** A new order against the touch: fill it whole, end it (IOC, FOK) or let it wait (see the header). */
  private execute(o: AlpacaSimOrder, now: number, updates: string[]): void {
    const touch = o.side === 'buy' ? this.ask[o.s] : this.bid[o.s];
    const eps = touch * 1e-9;
    const marketable = !Number.isNaN(touch)
      && (o.type === 'market' || (o.side === 'buy' ? touch <= o.limitPrice + eps : touch >= o.limitPrice - eps));
    if (marketable) {
      this.fill(o, touch, remainingQty(o), now, updates);
    } else if (o.timeInForce === 'ioc' || o.timeInForce === 'fok') {
      this.end(o, 'canceled', now, updates);
    } else {
      (o.type === 'market' ? this.waiting : this.resting)[o.s].push(o);
    }
  }

  private fillWaiting(s: number, tsUs: number): void {
    const updates: string[] = [];
    for (const o of this.waiting[s]) this.fill(o, o.side === 'buy' ? this.ask[s] : this.bid[s], remainingQty(o), tsUs, updates);
    this.waiting[s] = [];
    this.publish(updates);
  }

  private fill(o: AlpacaSimOrder, price: number, qty: number, now: number, updates: string[]): void {
    o.filledQty = roundQty(o.filledQty + qty);
    o.filledNotional += qty * price;
    o.updatedUs = now;
    const done = remainingQty(o) <= 0;
    o.status = done ? 'filled' : 'partially_filled';
    if (done) o.filledUs = now;
    this.position[o.s] = roundQty(this.position[o.s] + (o.side === 'buy' ? qty : -qty));
    this.stats.fills++;
    const detail: FillDetail = { price, qty, positionQty: this.position[o.s] };
    updates.push(this.update(done ? 'fill' : 'partial_fill', o, now, detail));
  }

  private end(o: AlpacaSimOrder, status: 'canceled' | 'expired', now: number, updates: string[]): void {
    o.status = status;
    o.updatedUs = now;
    if (status === 'canceled') {
      o.canceledUs = now;
      this.stats.cancels++;
    } else {
      o.expiredUs = now;
      this.stats.expired++;
    }
    updates.push(this.update(status, o, now, null));
  }

  private cancel(o: AlpacaSimOrder, updates: string[]): Answer {
    if (!isOpenOrder(o)) return NOT_CANCELABLE;
    this.resting[o.s] = this.resting[o.s].filter((r) => r !== o);
    this.waiting[o.s] = this.waiting[o.s].filter((r) => r !== o);
    this.end(o, 'canceled', this.options.nowUs(), updates);
    // Alpaca takes the cancel request with 204 and reports the cancel on the stream.
    return { status: 204, body: '' };
  }

  /** `DELETE /v2/orders`: every open order cancelled; 207 with one entry per order, as Alpaca answers. */
  private cancelAll(updates: string[]): Answer {
    const open = [...this.orders.values()].filter(isOpenOrder);
    const now = this.options.nowUs();
    for (const o of open) this.end(o, 'canceled', now, updates);
    for (let s = 0; s < this.resting.length; s++) {
      this.resting[s] = [];
      this.waiting[s] = [];
    }
    return ok(open.map((o) => ({ id: o.id, status: 200, body: this.json(o) })), 207);
  }

  private listOrders(q: URLSearchParams): Answer {
    const status = q.get('status') ?? 'open';
    if (status !== 'open' && status !== 'closed' && status !== 'all') return unprocessable(`invalid status: ${status}`);
    const limit = q.has('limit') ? Number(q.get('limit')) : 50;
    if (!(Number.isInteger(limit) && limit > 0)) return unprocessable(`invalid limit: ${q.get('limit')}`);
    const direction = q.get('direction') ?? 'desc';
    if (direction !== 'asc' && direction !== 'desc') return unprocessable(`invalid direction: ${direction}`);
    const symbols = q.get('symbols') ? new Set(q.get('symbols')!.split(',').map((s) => s.trim().toUpperCase())) : null;
    const chosen = [...this.orders.values()].filter((o) => (status === 'all' || isOpenOrder(o) === (status === 'open'))
      && (symbols === null || symbols.has(o.symbol)));
    if (direction === 'desc') chosen.reverse();
    return ok(chosen.slice(0, Math.min(limit, 500)).map((o) => this.json(o)));
  }

  /** The virtual session closed (an event of the next one arrived): DAY orders expire, touches go stale. */
  private closeSession(tsUs: number): void {
    const closeUs = this.sessionCloseUs;
    const updates: string[] = [];
    for (const o of this.orders.values()) if (isOpenOrder(o) && o.timeInForce === 'day') this.end(o, 'expired', closeUs, updates);
    for (let s = 0; s < this.resting.length; s++) {
      this.resting[s] = this.resting[s].filter(isOpenOrder);
      this.waiting[s] = this.waiting[s].filter(isOpenOrder);
    }
    this.bid.fill(NaN);
    this.ask.fill(NaN);
    nextUsEquitySession(tsUs, this.session);
    this.sessionCloseUs = this.session[1];
    this.publish(updates);
  }

  private json(o: AlpacaSimOrder): Record<string, unknown> {
    return orderJson(o, this.assetIds[o.s]);
  }

  private update(event: AlpacaTradeEvent, o: AlpacaSimOrder, atUs: number, fill: FillDetail | null): string {
    return tradeUpdateText(event, o, this.assetIds[o.s], atUs, fill);
  }

  private publish(updates: readonly string[]): void {
    for (const text of updates) this.updates.publish(text);
    this.stats.tradeUpdates += updates.length;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
