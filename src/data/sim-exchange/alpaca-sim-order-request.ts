/**
 * Reads and checks a `POST /v2/orders` body the way Alpaca's trading API v2 does, answering what
 * is wrong in Alpaca's words ({code: 40010001, message} with HTTP 422), so a client sees the same
 * refusals as from the venue. Also the account check of every trading request: the two key
 * headers, compared in constant time.
 *
 * What the simulator does not serve is refused with a 422 that says so rather than accepted and
 * mishandled: notional (dollar) orders, stop / stop_limit / trailing_stop types, order classes
 * (bracket, oco, oto) and the opg / cls times in force.
 */

import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { AlpacaTimeInForce } from './alpaca-sim-order-json.js';

export interface AlpacaSimAccount {
  apiKey: string;
  secret: string;
}

/** An order request that passed every check. */
export interface AlpacaOrderRequest {
  s: number;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  timeInForce: AlpacaTimeInForce;
  qty: number;
  /** NaN for a market order. */
  limitPrice: number;
  extendedHours: boolean;
  /** Empty when the client sent none (the exchange then makes one). */
  clientOrderId: string;
}

const DECIMAL = /^[0-9]{1,12}(\.[0-9]{1,9})?$/;
const MAX_CLIENT_ORDER_ID = 128;

/** True when both key headers name `account` (false without an account). */
export function keysMatch(headers: http.IncomingHttpHeaders, account: AlpacaSimAccount | null): boolean {
  const key = headers['apca-api-key-id'];
  const secret = headers['apca-api-secret-key'];
  if (account === null || typeof key !== 'string' || typeof secret !== 'string') return false;
  return sameText(key, account.apiKey) && sameText(secret, account.secret);
}

/** Constant-time equality of two strings (both compared even when the first differs). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A decimal given as a JSON string or number ("10", 10, "0.5"), or NaN when it is neither. */
function decimalField(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v !== 'string' || !DECIMAL.test(v.trim())) return NaN;
  return Number(v.trim());
}

/** The order `body` asks for, or the message of Alpaca's 422 refusal. */
export function parseOrderRequest(body: unknown, symbolIds: ReadonlyMap<string, number>): AlpacaOrderRequest | { refusal: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { refusal: 'request body format is invalid' };
  const b = body as Record<string, unknown>;
  const refuse = (refusal: string): { refusal: string } => ({ refusal });

  if (typeof b.symbol !== 'string' || b.symbol === '') return refuse('symbol is required');
  const s = symbolIds.get(b.symbol.toUpperCase());
  if (s === undefined) return refuse(`asset "${b.symbol}" not found`);
  if (b.side !== 'buy' && b.side !== 'sell') return refuse(b.side === undefined ? 'side is required' : `invalid side: ${String(b.side)}`);
  const type = b.type ?? b.order_type;
  if (type === undefined) return refuse('type is required');
  if (type === 'stop' || type === 'stop_limit' || type === 'trailing_stop') return refuse(`order type ${type} is not supported by the simulated exchange`);
  if (type !== 'market' && type !== 'limit') return refuse(`invalid order type: ${String(type)}`);
  if (b.order_class !== undefined && b.order_class !== '' && b.order_class !== 'simple') return refuse(`order_class ${String(b.order_class)} is not supported by the simulated exchange`);
  const tif = b.time_in_force;
  if (tif === undefined) return refuse('time_in_force is required');
  if (tif === 'opg' || tif === 'cls') return refuse(`time_in_force ${tif} is not supported by the simulated exchange`);
  if (tif !== 'day' && tif !== 'gtc' && tif !== 'ioc' && tif !== 'fok') return refuse(`invalid time_in_force: ${String(tif)}`);

  if (b.notional !== undefined && b.notional !== null) return refuse('notional orders are not supported by the simulated exchange; send qty');
  if (b.qty === undefined || b.qty === null) return refuse('qty is required');
  const qty = decimalField(b.qty);
  if (Number.isNaN(qty)) return refuse(`invalid qty: ${String(b.qty)}`);
  if (!(qty > 0)) return refuse('qty must be > 0');
  if (!Number.isInteger(qty) && tif !== 'day') return refuse('fractional orders must be DAY orders');

  let limitPrice = NaN;
  if (type === 'limit') {
    if (b.limit_price === undefined || b.limit_price === null || b.limit_price === '') return refuse('limit_price is required for limit orders');
    limitPrice = decimalField(b.limit_price);
    if (Number.isNaN(limitPrice)) return refuse(`invalid limit_price: ${String(b.limit_price)}`);
    if (!(limitPrice > 0)) return refuse('limit_price must be > 0');
    // US equities: pennies from $1.00, hundredths of a penny below.
    const increment = limitPrice >= 1 ? 100 : 10_000;
    if (Math.abs(limitPrice * increment - Math.round(limitPrice * increment)) > 1e-6) {
      return refuse(`invalid limit_price ${String(b.limit_price)}. sub-penny increment does not fulfill minimum pricing criteria`);
    }
  } else if (b.limit_price !== undefined && b.limit_price !== null) {
    return refuse('limit_price must not be set for market orders');
  }

  const extendedHours = b.extended_hours === true;
  if (b.extended_hours !== undefined && typeof b.extended_hours !== 'boolean') return refuse('extended_hours must be a boolean');
  if (extendedHours && (type !== 'limit' || tif !== 'day')) return refuse('extended hours order must be DAY limit orders');

  let clientOrderId = '';
  if (b.client_order_id !== undefined && b.client_order_id !== null) {
    if (typeof b.client_order_id !== 'string') return refuse('client_order_id must be a string');
    if (b.client_order_id.length > MAX_CLIENT_ORDER_ID) return refuse(`client_order_id must be no more than ${MAX_CLIENT_ORDER_ID} characters`);
    clientOrderId = b.client_order_id;
  }
  return { s, symbol: b.symbol.toUpperCase(), side: b.side, type, timeInForce: tif, qty, limitPrice, extendedHours, clientOrderId };
}
