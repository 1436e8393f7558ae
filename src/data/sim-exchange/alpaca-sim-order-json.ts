/**
 * The simulated Alpaca account's orders and the JSON Alpaca's trading API v2 writes for them: the
 * Order entity (`POST /v2/orders` answer, `GET /v2/orders...`) and the `trade_updates` event of the
 * trading stream. Field names and types follow Alpaca's documentation: quantities and prices are
 * decimal strings, times RFC 3339 with microseconds (or null), fields the simulator never sets
 * (stop and trailing prices, legs, notional) are null.
 */

import { createHash, randomUUID } from 'node:crypto';

export type AlpacaOrderStatus = 'new' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'rejected';
export type AlpacaTradeEvent = 'new' | 'fill' | 'partial_fill' | 'canceled' | 'expired' | 'rejected';
export type AlpacaTimeInForce = 'day' | 'gtc' | 'ioc' | 'fok';

export interface AlpacaSimOrder {
  /** Index of the symbol in the exchange's list. */
  s: number;
  id: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  timeInForce: AlpacaTimeInForce;
  qty: number;
  /** Limit price; NaN for a market order. */
  limitPrice: number;
  extendedHours: boolean;
  filledQty: number;
  /** Sum of fill qty x price, for the average. */
  filledNotional: number;
  status: AlpacaOrderStatus;
  /** Epoch µs of the virtual clock; NaN while not set. */
  createdUs: number;
  updatedUs: number;
  filledUs: number;
  canceledUs: number;
  expiredUs: number;
}

export const isOpenOrder = (o: AlpacaSimOrder): boolean => o.status === 'new' || o.status === 'partially_filled';
export const remainingQty = (o: AlpacaSimOrder): number => roundQty(o.qty - o.filledQty);

/** Quantities to Alpaca's precision (nine decimals), so sums of fractional fills stay exact in text. */
export function roundQty(q: number): number {
  return Math.round(q * 1e9) / 1e9;
}

/** A decimal string with at most `digits` decimals and no trailing zeros ("150.12", "10", "0.5"). */
export function decimalText(v: number, digits = 9): string {
  const text = v.toFixed(digits);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** RFC 3339 in UTC with microseconds, as Alpaca writes order times ("2024-03-04T14:31:58.500000Z"). */
export function rfc3339Micros(us: number): string {
  const whole = Math.floor(us);
  const ms = Math.floor(whole / 1000);
  const iso = new Date(ms).toISOString(); // 2024-03-04T14:31:58.500Z
  const micros = String(whole - ms * 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${micros}Z`;
}

const timeOrNull = (us: number): string | null => (Number.isNaN(us) ? null : rfc3339Micros(us));

/** A stable asset id per ticker (Alpaca's are UUIDs fixed per asset): a name-based UUID. */
export function assetIdOf(symbol: string): string {
  const h = createHash('sha1').update(`us_equity:${symbol}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Alpaca's Order entity for `o` as it is now. */
export function orderJson(o: AlpacaSimOrder, assetId: string): Record<string, unknown> {
  const created = rfc3339Micros(o.createdUs);
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: created,
    updated_at: rfc3339Micros(o.updatedUs),
    submitted_at: created,
    filled_at: timeOrNull(o.filledUs),
    expired_at: timeOrNull(o.expiredUs),
    canceled_at: timeOrNull(o.canceledUs),
    failed_at: null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: assetId,
    symbol: o.symbol,
    asset_class: 'us_equity',
    notional: null,
    qty: decimalText(o.qty),
    filled_qty: decimalText(o.filledQty),
    filled_avg_price: o.filledQty > 0 ? decimalText(o.filledNotional / o.filledQty, 6) : null,
    order_class: '',
    order_type: o.type,
    type: o.type,
    side: o.side,
    position_intent: o.side === 'buy' ? 'buy_to_open' : 'sell_to_close',
    time_in_force: o.timeInForce,
    limit_price: Number.isNaN(o.limitPrice) ? null : decimalText(o.limitPrice, 6),
    stop_price: null,
    status: o.status,
    extended_hours: o.extendedHours,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
    source: null,
  };
}

/** A fill's part of a trade update: its price and quantity, and the account's position after it. */
export interface FillDetail {
  price: number;
  qty: number;
  positionQty: number;
}

/**
 * One `trade_updates` message, as the text Alpaca sends in a binary frame: the event, a fresh
 * execution id, the order after the change and the time; fills add price, qty and position_qty.
 */
export function tradeUpdateText(event: AlpacaTradeEvent, o: AlpacaSimOrder, assetId: string, atUs: number, fill: FillDetail | null): string {
  const data: Record<string, unknown> = {
    event,
    execution_id: randomUUID(),
    order: orderJson(o, assetId),
    timestamp: rfc3339Micros(atUs),
  };
  if (fill !== null) {
    data['position_qty'] = decimalText(fill.positionQty);
    data['price'] = decimalText(fill.price, 6);
    data['qty'] = decimalText(fill.qty);
  }
  return JSON.stringify({ stream: 'trade_updates', data });
}
