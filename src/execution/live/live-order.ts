/**
 * An order as L4 hands it to a live gateway, in the pipeline's own vocabulary (records.ts: Side,
 * OrderType, TimeInForce; numeric client order ids), and the venue's client order id made from it.
 *
 * The venue client order id is a pure function of our id (prefix + id), so a resubmission after a
 * crash or a lost answer carries the same id and the venue refuses or returns the first order
 * instead of opening a second one.
 */
import { createHash } from 'node:crypto';
import { OrderType, Side, TimeInForce } from '../../shm/records.js';

export interface LiveOrder {
  /** Our client order id (a positive integer, increasing across restarts: see paper-execution.ts). */
  clientOrderId: number;
  /** The venue's unified symbol: "BTC/USDT" on the crypto venues, "AAPL" on Alpaca. */
  symbol: string;
  /** Side.Buy or Side.Sell. */
  side: number;
  /** OrderType.Market or OrderType.Limit. */
  orderType: number;
  /** TimeInForce.GTC, IOC or FOK. */
  timeInForce: number;
  /** Base quantity (shares, coins). */
  quantity: number;
  /**
   * The limit price of a limit order. On a market order, the price the order was sized at (or NaN):
   * venues that take market buys in quote currency (Coinbase) spend quantity x this price.
   */
  limitPrice: number;
  /** Maker only: refused by the venue rather than taking liquidity. */
  postOnly?: boolean;
}

export const TIME_IN_FORCE_NAMES = ['GTC', 'IOC', 'FOK'] as const;

/** Why `order` cannot be sent, or null when it is well formed. */
export function liveOrderProblem(order: LiveOrder): string | null {
  if (!(Number.isSafeInteger(order.clientOrderId) && order.clientOrderId > 0)) return `clientOrderId must be a positive integer, got ${order.clientOrderId}`;
  if (typeof order.symbol !== 'string' || order.symbol.trim() === '') return `symbol must be a non-empty string, got ${JSON.stringify(order.symbol)}`;
  if (order.side !== Side.Buy && order.side !== Side.Sell) return `side must be Side.Buy (1) or Side.Sell (-1), got ${order.side}`;
  if (order.orderType !== OrderType.Market && order.orderType !== OrderType.Limit) return `orderType must be OrderType.Market or OrderType.Limit, got ${order.orderType}`;
  if (TIME_IN_FORCE_NAMES[order.timeInForce] === undefined) return `timeInForce must be TimeInForce.GTC, IOC or FOK, got ${order.timeInForce}`;
  if (!(order.quantity > 0 && order.quantity < Infinity)) return `quantity must be a positive finite number, got ${order.quantity}`;
  if (order.orderType === OrderType.Limit && !(order.limitPrice > 0 && order.limitPrice < Infinity)) return `a limit order needs a positive finite limitPrice, got ${order.limitPrice}`;
  if (order.postOnly === true && order.orderType !== OrderType.Limit) return 'postOnly applies to limit orders only';
  if (order.postOnly === true && order.timeInForce !== TimeInForce.GTC) return 'postOnly needs timeInForce GTC (a post-only order rests on the book)';
  return null;
}

/** Venues allow letters, digits, "-" and "_" in a client order id; the prefix stays well inside every length limit. */
const PREFIX_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

/** Checks a client order id prefix, with a message saying what is allowed. */
export function checkClientOrderIdPrefix(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`clientOrderIdPrefix must be 1-16 letters, digits, "-" or "_", got ${JSON.stringify(prefix)}`);
  return prefix;
}

/** The venue's client order id for our id: "<prefix><id>". */
export function venueClientOrderId(prefix: string, clientOrderId: number): string {
  return `${prefix}${clientOrderId}`;
}

/** Our id back from a venue client order id made by venueClientOrderId, or undefined (another client's order). */
export function clientOrderIdFromVenue(prefix: string, venueId: string | undefined | null): number | undefined {
  if (typeof venueId !== 'string' || !venueId.startsWith(prefix)) return undefined;
  const digits = venueId.slice(prefix.length);
  if (!/^[1-9][0-9]{0,15}$/.test(digits)) return undefined;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : undefined;
}

/**
 * A UUID-shaped client order id for venues that accept nothing else (Coinbase Exchange's
 * client_oid): the first 16 bytes of SHA-256 over "<prefix><id>", with the version (8, custom) and
 * variant bits set. Deterministic, so a resubmission reuses it.
 */
export function venueClientOrderUuid(prefix: string, clientOrderId: number): string {
  const bytes = createHash('sha256').update(venueClientOrderId(prefix, clientOrderId)).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
