/**
 * Stock order gateway for Alpaca's trading API v2: POST /v2/orders, DELETE /v2/orders/{id},
 * GET /v2/orders/{id} and GET /v2/orders:by_client_order_id. Paper account by default (see
 * alpaca-trading-client.ts for the endpoints and the live guard).
 *
 * Idempotency: every order carries client_order_id "<prefix><our id>". Alpaca refuses a reused one
 * (422 "client_order_id must be unique"); the gateway then answers with the order that id already
 * names, so a resubmission after a lost answer never becomes a second order.
 *
 * Rejections: Alpaca answers 403 (buying power, shorting not allowed, account restrictions) or 422
 * (invalid order) with {code, message}; that message becomes the OrderRejected reason. 401 is a key
 * problem and is thrown, not turned into a rejection.
 */
import { OrderType, Side, TimeInForce } from '../../shm/records.js';
import { AlpacaTradingClient, alpacaTradingBase, type AlpacaAnswer, type FetchLike } from './alpaca-trading-client.js';
import { LiveGatewayError, mentionsDuplicateClientOrderId } from './gateway-error.js';
import type { VenueCredentials } from './live-credentials.js';
import { checkClientOrderIdPrefix, clientOrderIdFromVenue, liveOrderProblem, venueClientOrderId, type LiveOrder } from './live-order.js';
import type { CancelResult, OrderGateway, SubmitResult } from './order-gateway.js';
import { SecretScrubber } from './secret-scrubber.js';
import { orderEventsBetween, type VenueOrderSnapshot, type VenueOrderStatus } from './venue-order-events.js';

export interface AlpacaGatewayConfig {
  credentials: VenueCredentials;
  /** Required (true) for the live account; the default is paper trading. */
  live?: boolean;
  /** Replaces the trading API base URL (else TRADEBOT_ALPACA_TRADING_URL, else paper or live). */
  baseUrl?: string;
  /** Where TRADEBOT_ALPACA_TRADING_URL is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  clientOrderIdPrefix?: string;
  timeoutMs?: number;
  /** Replaces global fetch (tests). */
  fetch?: FetchLike;
}

/** Alpaca's order JSON, the fields read here. */
interface AlpacaOrder {
  id?: unknown;
  client_order_id?: unknown;
  status?: unknown;
  filled_qty?: unknown;
  filled_avg_price?: unknown;
}

/** Alpaca's order statuses as ours; anything not listed (held, stopped, suspended, calculated, ...) is a working order. */
const STATUSES: Readonly<Record<string, VenueOrderStatus>> = {
  filled: 'closed', canceled: 'canceled', expired: 'expired', rejected: 'rejected',
  // Replaced by another order: this one will not fill any more.
  replaced: 'canceled',
};

export class AlpacaOrderGateway implements OrderGateway {
  readonly venue = 'alpaca' as const;
  readonly live: boolean;
  readonly clientOrderIdPrefix: string;
  readonly baseUrl: string;
  private readonly client: AlpacaTradingClient;

  constructor(config: AlpacaGatewayConfig) {
    if (config.credentials?.venue !== 'alpaca') throw new Error(`AlpacaOrderGateway needs alpaca credentials (credentialsFromEnv('alpaca')), got ${config.credentials?.venue ?? 'none'}`);
    const timeout = config.timeoutMs ?? 10_000;
    if (!(Number.isInteger(timeout) && timeout > 0)) throw new Error(`AlpacaOrderGateway: timeoutMs must be a positive integer, got ${config.timeoutMs}`);
    this.live = config.live === true;
    this.baseUrl = alpacaTradingBase(this.live, config.baseUrl, config.env ?? process.env);
    this.clientOrderIdPrefix = checkClientOrderIdPrefix(config.clientOrderIdPrefix ?? 'tb-');
    const scrubber = new SecretScrubber(config.credentials.secretValues());
    this.client = new AlpacaTradingClient(this.baseUrl, config.credentials, scrubber, timeout, config.fetch);
  }

  async submit(order: LiveOrder): Promise<SubmitResult> {
    const problem = liveOrderProblem(order) ?? (order.postOnly === true ? 'Alpaca has no post-only orders' : null);
    if (problem !== null) throw new LiveGatewayError('alpaca', 'unsupported', `order ${order.clientOrderId} not sent: ${problem}`);
    const answer = await this.client.request('POST', '/v2/orders', this.orderBody(order));
    if (answer.status === 200 || answer.status === 201) {
      const snapshot = this.snapshot(answer, 'POST /v2/orders');
      return { venueOrderId: snapshot.venueOrderId, duplicate: false, snapshot, events: orderEventsBetween(order.clientOrderId, order.quantity, null, snapshot) };
    }
    const message = this.client.message(answer);
    if (answer.status === 422 && mentionsDuplicateClientOrderId(message)) {
      const snapshot = await this.fetchOrder(order.clientOrderId, order.symbol);
      return { venueOrderId: snapshot.venueOrderId, duplicate: true, snapshot, events: orderEventsBetween(order.clientOrderId, order.quantity, null, snapshot) };
    }
    if (answer.status === 403 || (answer.status >= 400 && answer.status < 500 && answer.status !== 401 && answer.status !== 429)) {
      const rejected: VenueOrderSnapshot = {
        venueOrderId: '', venueClientOrderId: venueClientOrderId(this.clientOrderIdPrefix, order.clientOrderId), status: 'rejected', filled: 0, averagePrice: NaN, reason: message,
      };
      return { venueOrderId: null, duplicate: false, snapshot: null, events: orderEventsBetween(order.clientOrderId, order.quantity, null, rejected) };
    }
    throw this.failure(answer, 'POST /v2/orders', true);
  }

  async cancel(id: number | string, symbol: string): Promise<CancelResult> {
    const venueOrderId = typeof id === 'string' ? this.checkVenueId(id) : (await this.fetchOrder(id, symbol)).venueOrderId;
    const path = `/v2/orders/${encodeURIComponent(venueOrderId)}`;
    const answer = await this.client.request('DELETE', path);
    // 204: Alpaca takes the request and cancels asynchronously; the order shows canceled later.
    if (answer.status === 204 || answer.status === 200) return { venueOrderId, outcome: 'requested', snapshot: null, reason: '' };
    // 422: "order is not cancelable" (filled, already canceled); 404: no such order.
    if (answer.status === 422 || answer.status === 404) return { venueOrderId, outcome: 'refused', snapshot: null, reason: this.client.message(answer) };
    throw this.failure(answer, `DELETE ${path}`, true);
  }

  async fetchOrder(id: number | string, _symbol: string): Promise<VenueOrderSnapshot> {
    const path = typeof id === 'string'
      ? `/v2/orders/${encodeURIComponent(this.checkVenueId(id))}`
      : `/v2/orders:by_client_order_id?client_order_id=${encodeURIComponent(venueClientOrderId(this.clientOrderIdPrefix, this.checkClientId(id)))}`;
    const answer = await this.client.request('GET', path);
    if (answer.status === 200) return this.snapshot(answer, `GET ${path}`);
    if (answer.status === 404) throw new LiveGatewayError('alpaca', 'not_found', `order ${typeof id === 'number' ? `with client order id ${id}` : id} not found: ${this.client.message(answer)}`);
    throw this.failure(answer, `GET ${path}`, false);
  }

  async close(): Promise<void> {
    // Nothing held open: each request is one fetch.
  }

  /** Our client order id from Alpaca's client_order_id, when it was made with this gateway's prefix. */
  clientOrderIdOf(venueClientOrderIdText: string | undefined): number | undefined {
    return clientOrderIdFromVenue(this.clientOrderIdPrefix, venueClientOrderIdText);
  }

  private orderBody(order: LiveOrder): Record<string, string> {
    const body: Record<string, string> = {
      symbol: order.symbol,
      qty: String(order.quantity),
      side: order.side === Side.Buy ? 'buy' : 'sell',
      type: order.orderType === OrderType.Limit ? 'limit' : 'market',
      // Alpaca takes fractional quantities as day orders only; a whole-share GTC order stays GTC.
      time_in_force: order.timeInForce === TimeInForce.IOC ? 'ioc' : order.timeInForce === TimeInForce.FOK ? 'fok'
        : Number.isInteger(order.quantity) ? 'gtc' : 'day',
      client_order_id: venueClientOrderId(this.clientOrderIdPrefix, order.clientOrderId),
    };
    if (order.orderType === OrderType.Limit) body['limit_price'] = alpacaLimitPrice(order.limitPrice, order.side);
    return body;
  }

  private snapshot(answer: AlpacaAnswer, what: string): VenueOrderSnapshot {
    const snapshot = alpacaOrderSnapshot(answer.body);
    if (snapshot === null) {
      throw new LiveGatewayError('alpaca', 'bad_response', `${what} answered ${answer.status} without an order (id and status)`, what.startsWith('POST'));
    }
    return snapshot;
  }

  private failure(answer: AlpacaAnswer, what: string, mayHaveActed: boolean): LiveGatewayError {
    const message = `${what} answered ${answer.status}: ${this.client.message(answer)}`;
    if (answer.status === 401 || answer.status === 403) return new LiveGatewayError('alpaca', 'auth', message);
    if (answer.status === 429) return new LiveGatewayError('alpaca', 'rate_limited', message);
    if (answer.status >= 500) return new LiveGatewayError('alpaca', 'venue', message, mayHaveActed);
    return new LiveGatewayError('alpaca', 'bad_response', message, mayHaveActed);
  }

  private checkVenueId(id: string): string {
    if (id === '') throw new LiveGatewayError('alpaca', 'unsupported', 'an empty venue order id');
    return id;
  }

  private checkClientId(id: number): number {
    if (!(Number.isSafeInteger(id) && id > 0)) throw new LiveGatewayError('alpaca', 'unsupported', `client order id must be a positive integer, got ${id}`);
    return id;
  }
}

/** Alpaca's order JSON (a REST answer, or the `order` of a trade update) as a snapshot; null without id and status. */
export function alpacaOrderSnapshot(body: unknown): VenueOrderSnapshot | null {
  const order = body as AlpacaOrder | undefined;
  if (typeof order !== 'object' || order === null || typeof order.id !== 'string' || order.id === '' || typeof order.status !== 'string') return null;
  const filled = Number(order.filled_qty ?? 0);
  const average = order.filled_avg_price === null || order.filled_avg_price === undefined ? NaN : Number(order.filled_avg_price);
  return {
    venueOrderId: order.id,
    venueClientOrderId: typeof order.client_order_id === 'string' ? order.client_order_id : undefined,
    status: STATUSES[order.status] ?? 'open',
    filled: Number.isFinite(filled) && filled > 0 ? filled : 0,
    averagePrice: average > 0 ? average : NaN,
    reason: '',
  };
}

/**
 * A limit price on Alpaca's increments (a cent at $1 and above, 1/100 of a cent below: it refuses
 * sub-penny prices), rounded away from the market so the order is never more aggressive than
 * asked: a buy down, a sell up. A price already on the grid (up to float noise) stays.
 */
export function alpacaLimitPrice(price: number, side: number): string {
  const decimals = price >= 1 ? 2 : 4;
  const scale = 10 ** decimals;
  const ticks = price * scale;
  const nearest = Math.round(ticks);
  const onGrid = Math.abs(ticks - nearest) < 1e-6;
  const rounded = onGrid ? nearest : side === Side.Buy ? Math.floor(ticks) : Math.ceil(ticks);
  return String(rounded / scale);
}
