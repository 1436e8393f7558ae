/**
 * Crypto order gateway through ccxt: Binance spot (its testnet by default), Coinbase Advanced
 * Trade (`coinbase`) and Coinbase Exchange (`coinbaseexchange`, its sandbox by default).
 *
 * Every order carries a client order id derived from ours (live-order.ts), in the field each venue
 * reads (Binance newClientOrderId, Coinbase client_order_id, Coinbase Exchange client_oid), so a
 * resubmission cannot open a second order: Coinbase answers with the first order, Binance refuses
 * a duplicate and the gateway then returns the order it already has.
 *
 * A gateway on a real account is refused unless built with `live: true`; sandbox is the default
 * where the venue has one (Coinbase Advanced Trade has none, so it always needs `live: true`).
 * Nothing the gateway throws or returns contains a key: ccxt's errors are classified and rebuilt
 * from scrubbed text (ccxt-error-map.ts), and ccxt's verbose logging stays off.
 */
import ccxt, { type Exchange, type Order } from 'ccxt';
import { OrderType, Side, TimeInForce } from '../../shm/records.js';
import { ccxtErrorMeaning } from './ccxt-error-map.js';
import { LiveGatewayError } from './gateway-error.js';
import type { VenueCredentials } from './live-credentials.js';
import {
  checkClientOrderIdPrefix, clientOrderIdFromVenue, liveOrderProblem, TIME_IN_FORCE_NAMES, venueClientOrderId,
  venueClientOrderUuid, type LiveOrder,
} from './live-order.js';
import { liveRefusal, type CancelResult, type OrderGateway, type SubmitResult } from './order-gateway.js';
import { SecretScrubber } from './secret-scrubber.js';
import { orderEventsBetween, type VenueOrderSnapshot, type VenueOrderStatus } from './venue-order-events.js';

export type CcxtVenue = 'binance' | 'coinbase' | 'coinbaseexchange';

/** A fetch-shaped HTTP client; ccxt calls it with (url, {method, headers, body, signal, ...}). */
export type HttpTransport = (url: string, init: RequestInit) => Promise<Response>;

export interface CcxtGatewayConfig {
  venue: CcxtVenue;
  credentials: VenueCredentials;
  /** The venue's test environment (default: true where there is one). */
  sandbox?: boolean;
  /** Required (true) for a gateway on a real account. */
  live?: boolean;
  /** Start of every client order id this gateway sends (default "tb-"). */
  clientOrderIdPrefix?: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Replaces ccxt's HTTP client: loopback servers and recorded answers in tests. */
  transport?: HttpTransport;
  /**
   * Send every request to this origin instead of the venue's (e.g. `http://127.0.0.1:PORT`, the
   * simulated exchange, which serves the venue's own REST paths): path, query, body and signature
   * are exactly what ccxt builds for the venue.
   */
  restBase?: string;
}

const HAS_SANDBOX: Readonly<Record<CcxtVenue, boolean>> = { binance: true, coinbase: false, coinbaseexchange: true };

/** Orders whose venue id this gateway remembers for lookups by client order id (Coinbase Advanced has no such lookup). */
const REMEMBERED_ORDERS = 100_000;

export class CcxtOrderGateway implements OrderGateway {
  readonly venue: CcxtVenue;
  readonly live: boolean;
  readonly clientOrderIdPrefix: string;
  private readonly exchange: Exchange;
  private readonly scrubber: SecretScrubber;
  private marketsLoaded: Promise<void> | null = null;
  /** Our client order id -> the venue's order id, for orders submitted here. */
  private readonly venueIds = new Map<number, string>();

  constructor(config: CcxtGatewayConfig) {
    const venue = config.venue;
    if (!(venue in HAS_SANDBOX)) throw new Error(`CcxtOrderGateway: venue must be one of ${Object.keys(HAS_SANDBOX).join(', ')}, got ${JSON.stringify(venue)}`);
    if (config.credentials?.venue !== venue) throw new Error(`CcxtOrderGateway: ${venue} needs ${venue} credentials (credentialsFromEnv('${venue}')), got ${config.credentials?.venue ?? 'none'}`);
    const sandbox = config.sandbox ?? HAS_SANDBOX[venue];
    if (sandbox && !HAS_SANDBOX[venue]) throw new Error(`CcxtOrderGateway: ${venue} has no sandbox in ccxt; every ${venue} gateway is live (pass live: true)`);
    if (sandbox && config.live === true) throw new Error(`CcxtOrderGateway: live: true and sandbox: true contradict each other for ${venue}`);
    if (!sandbox && config.live !== true) throw liveRefusal(venue, HAS_SANDBOX[venue] ? `sandbox: true (the ${venue} test environment)` : 'the paper execution path');
    const timeout = config.timeoutMs ?? 10_000;
    if (!(Number.isInteger(timeout) && timeout > 0)) throw new Error(`CcxtOrderGateway: timeoutMs must be a positive integer, got ${config.timeoutMs}`);
    this.venue = venue;
    this.live = !sandbox;
    this.clientOrderIdPrefix = checkClientOrderIdPrefix(config.clientOrderIdPrefix ?? 'tb-');
    this.scrubber = new SecretScrubber(config.credentials.secretValues());

    const keys = { apiKey: config.credentials.apiKey, secret: config.credentials.secret, password: config.credentials.passphrase };
    const common = { ...keys, timeout, enableRateLimit: true, verbose: false };
    this.exchange = venue === 'binance'
      // Spot only: ccxt otherwise lists the futures and options markets too, from hosts a spot account
      // may not reach, and (with keys) asks the margin endpoints which pairs can be borrowed against.
      ? new ccxt.binance({ ...common, options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false } })
      : venue === 'coinbase' ? new ccxt.coinbase(common) : new ccxt.coinbaseexchange(common);
    // Currencies are not needed to trade, and on Binance they are a signed request of their own.
    this.exchange.has['fetchCurrencies'] = false;
    if (sandbox) this.exchange.setSandboxMode(true);
    const transport = config.transport ?? (config.restBase === undefined ? undefined : fetch);
    if (transport !== undefined) this.exchange.fetchImplementation = config.restBase === undefined ? transport : redirected(config.restBase, transport);
  }

  async submit(order: LiveOrder): Promise<SubmitResult> {
    const problem = liveOrderProblem(order);
    if (problem !== null) throw new LiveGatewayError(this.venue, 'unsupported', `order ${order.clientOrderId} not sent: ${problem}`);
    await this.ready().catch((error: LiveGatewayError) => {
      // Nothing has left for the venue yet, so the outcome is known: not placed (a 'network'
      // failure would send the executor looking for an order that cannot exist).
      const failure = error.failure === 'network' ? 'venue' : error.failure;
      throw new LiveGatewayError(this.venue, failure, `order ${order.clientOrderId} not sent: ${error.detail}`);
    });
    const [price, params] = this.orderArguments(order);
    const type = order.orderType === OrderType.Limit ? 'limit' : 'market';
    const side = order.side === Side.Buy ? 'buy' : 'sell';
    try {
      const placed = await this.exchange.createOrder(order.symbol, type, side, order.quantity, price, params);
      // An acknowledgement without a status (Coinbase answers with ids only) is an accepted order.
      const snapshot = this.snapshot(placed, 'open');
      this.remember(order.clientOrderId, snapshot.venueOrderId);
      return { venueOrderId: snapshot.venueOrderId, duplicate: false, snapshot, events: orderEventsBetween(order.clientOrderId, order.quantity, null, snapshot) };
    } catch (error) {
      const meaning = ccxtErrorMeaning(this.venue, error, this.scrubber);
      if (meaning.kind === 'duplicate') {
        const snapshot = await this.fetchOrder(order.clientOrderId, order.symbol);
        return { venueOrderId: snapshot.venueOrderId, duplicate: true, snapshot, events: orderEventsBetween(order.clientOrderId, order.quantity, null, snapshot) };
      }
      if (meaning.kind === 'rejected' || meaning.kind === 'not_found') {
        const rejected: VenueOrderSnapshot = { venueOrderId: '', venueClientOrderId: this.venueClientId(order.clientOrderId), status: 'rejected', filled: 0, averagePrice: NaN, reason: meaning.message };
        return { venueOrderId: null, duplicate: false, snapshot: null, events: orderEventsBetween(order.clientOrderId, order.quantity, null, rejected) };
      }
      throw meaning.error;
    }
  }

  async cancel(id: number | string, symbol: string): Promise<CancelResult> {
    await this.ready();
    const [venueOrderId, params] = this.lookupArguments(id);
    try {
      const answer = await this.exchange.cancelOrder(venueOrderId, symbol, params);
      // Coinbase answers a cancel with the id only: the request is taken, the order not yet cancelled.
      const snapshot = this.snapshot(answer, 'unknown', venueOrderId);
      const outcome = snapshot.status === 'canceled' || snapshot.status === 'expired' ? 'cancelled' : 'requested';
      return { venueOrderId: snapshot.venueOrderId || null, outcome, snapshot: snapshot.status === 'unknown' ? null : snapshot, reason: '' };
    } catch (error) {
      const meaning = ccxtErrorMeaning(this.venue, error, this.scrubber);
      if (meaning.kind === 'failure') throw meaning.error;
      return { venueOrderId: venueOrderId || null, outcome: 'refused', snapshot: null, reason: meaning.message };
    }
  }

  async fetchOrder(id: number | string, symbol: string): Promise<VenueOrderSnapshot> {
    await this.ready();
    const [venueOrderId, params] = this.lookupArguments(id);
    try {
      return this.snapshot(await this.exchange.fetchOrder(venueOrderId, symbol, params), 'unknown', venueOrderId);
    } catch (error) {
      const meaning = ccxtErrorMeaning(this.venue, error, this.scrubber);
      if (meaning.kind === 'failure') throw meaning.error;
      throw new LiveGatewayError(this.venue, 'not_found', `order ${typeof id === 'number' ? `with client order id ${id}` : id} not found: ${meaning.message}`);
    }
  }

  async close(): Promise<void> {
    await this.exchange.close();
  }

  /** Our client order id from a venue's client order id, when this gateway (or one with its prefix) made it. */
  clientOrderIdOf(venueClientOrderIdText: string | undefined): number | undefined {
    return clientOrderIdFromVenue(this.clientOrderIdPrefix, venueClientOrderIdText);
  }

  private ready(): Promise<void> {
    this.marketsLoaded ??= this.exchange.loadMarkets().then(() => undefined, (error: unknown) => {
      this.marketsLoaded = null; // the next call tries again
      const meaning = ccxtErrorMeaning(this.venue, error, this.scrubber);
      throw meaning.kind === 'failure' ? meaning.error : new LiveGatewayError(this.venue, 'venue', `markets could not be loaded: ${meaning.message}`);
    });
    return this.marketsLoaded;
  }

  /** createOrder's price and venue parameters for `order`. */
  private orderArguments(order: LiveOrder): [number | undefined, Record<string, unknown>] {
    const params: Record<string, unknown> = {};
    const clientId = this.venueClientId(order.clientOrderId);
    if (this.venue === 'binance') params['newClientOrderId'] = clientId;
    else if (this.venue === 'coinbase') params['client_order_id'] = clientId;
    else params['client_oid'] = clientId;
    if (order.orderType === OrderType.Limit) {
      if (order.timeInForce !== TimeInForce.GTC) params['timeInForce'] = TIME_IN_FORCE_NAMES[order.timeInForce];
      if (order.postOnly === true) params['postOnly'] = true;
      return [order.limitPrice, params];
    }
    // Coinbase Advanced Trade takes a market buy as an amount of quote currency to spend (quantity
    // x the price it was sized at); everywhere else a market order is sized in base, without price.
    if (this.venue === 'coinbase' && order.side === Side.Buy) {
      if (!(order.limitPrice > 0 && order.limitPrice < Infinity)) {
        throw new LiveGatewayError(this.venue, 'unsupported', `order ${order.clientOrderId} not sent: a coinbase market buy needs limitPrice (the price it was sized at) to set the amount to spend`);
      }
      return [order.limitPrice, params];
    }
    return [undefined, params];
  }

  /** fetchOrder/cancelOrder's id and parameters: by the venue's id, or by our client order id. */
  private lookupArguments(id: number | string): [string, Record<string, unknown>] {
    if (typeof id === 'string') {
      if (id === '') throw new LiveGatewayError(this.venue, 'unsupported', 'an empty venue order id');
      return [id, {}];
    }
    if (!(Number.isSafeInteger(id) && id > 0)) throw new LiveGatewayError(this.venue, 'unsupported', `client order id must be a positive integer, got ${id}`);
    const clientId = this.venueClientId(id);
    if (this.venue === 'binance') return ['', { origClientOrderId: clientId }];
    if (this.venue === 'coinbaseexchange') return ['', { client_oid: clientId }];
    // Coinbase Advanced Trade looks orders up by its own id only.
    const known = this.venueIds.get(id);
    if (known === undefined) {
      throw new LiveGatewayError(this.venue, 'unsupported', `coinbase looks orders up by its own order id only, and client order id ${id} was not submitted through this gateway; pass the venue order id`);
    }
    return [known, {}];
  }

  private venueClientId(clientOrderId: number): string {
    return this.venue === 'coinbaseexchange'
      ? venueClientOrderUuid(this.clientOrderIdPrefix, clientOrderId)
      : venueClientOrderId(this.clientOrderIdPrefix, clientOrderId);
  }

  private remember(clientOrderId: number, venueOrderId: string): void {
    if (venueOrderId === '') return;
    if (this.venueIds.size >= REMEMBERED_ORDERS) this.venueIds.delete(this.venueIds.keys().next().value as number);
    this.venueIds.set(clientOrderId, venueOrderId);
  }

  private snapshot(order: Order, missingStatus: VenueOrderStatus, fallbackId = ''): VenueOrderSnapshot {
    const filled = typeof order.filled === 'number' && Number.isFinite(order.filled) ? order.filled : 0;
    const average = typeof order.average === 'number' && order.average > 0 ? order.average
      : typeof order.cost === 'number' && filled > 0 ? order.cost / filled : NaN;
    const feeQuote = feeInQuote(order);
    return {
      venueOrderId: order.id ?? fallbackId,
      venueClientOrderId: order.clientOrderId ?? undefined,
      status: unifiedStatus(order.status, missingStatus),
      filled,
      averagePrice: average,
      reason: '',
      ...(feeQuote === undefined ? {} : { feeQuote }),
    };
  }
}

/** `transport`, with every URL's origin replaced by `base`'s. */
function redirected(base: string, transport: HttpTransport): HttpTransport {
  const origin = new URL(base).origin;
  return (url, init) => {
    const target = new URL(url);
    return transport(origin + target.pathname + target.search, init);
  };
}

/**
 * The commission ccxt parsed from the venue's answer (its fills' fees), when all of it is in the
 * market's quote currency; undefined when the answer has none or charged another asset.
 */
function feeInQuote(order: Order): number | undefined {
  const quote = typeof order.symbol === 'string' ? order.symbol.split('/')[1]?.split(':')[0] : undefined;
  // ccxt's types know `fee` only; its parsed orders carry every fill's in `fees` too.
  const all = (order as Order & { fees?: Array<{ cost?: number; currency?: string }> }).fees;
  const fees = Array.isArray(all) && all.length > 0 ? all : order.fee !== undefined && order.fee !== null ? [order.fee] : [];
  if (quote === undefined || fees.length === 0) return undefined;
  let total = 0;
  for (const fee of fees) {
    const cost = Number(fee?.cost ?? 0);
    if (cost === 0) continue;
    if (fee?.currency !== quote || !(cost > 0 && cost < Infinity)) return undefined;
    total += cost;
  }
  return total;
}

/** ccxt's unified order status as ours ("canceling" is still open: it can fill until the venue confirms). */
function unifiedStatus(status: string | undefined, missing: VenueOrderStatus): VenueOrderStatus {
  switch (status) {
    case 'open': case 'canceling': return 'open';
    case 'closed': return 'closed';
    case 'canceled': case 'cancelled': return 'canceled';
    case 'expired': return 'expired';
    case 'rejected': return 'rejected';
    case undefined: case null: case '': return missing;
    default: return 'unknown';
  }
}
