/**
 * The simulated exchange's orders and fills, and the JSON Binance spot writes for them: the
 * `POST /api/v3/order` answer (ACK, RESULT, FULL), the cancel answer, the order query shape
 * (`GET /api/v3/order`, `openOrders`), a `myTrades` row and the user-data stream's
 * `executionReport`. Field names and order follow Binance's API documentation; prices and
 * quantities are strings with 8 decimals, ids and times bare integers, as Binance writes them.
 */

export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED';

export interface SimOrder {
  /** Index of the symbol in the exchange's list. */
  s: number;
  symbol: string;
  quoteAsset: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'LIMIT_MAKER' | 'MARKET';
  timeInForce: 'GTC' | 'IOC' | 'FOK';
  /** Limit price; 0 for a market order. */
  price: number;
  stepSize: number;
  /** Quantities in whole lot steps (see binance-sim-symbol-rules.ts). */
  origUnits: number;
  executedUnits: number;
  cumQuote: number;
  /** Quote amount of a market order sized in quote currency, else 0. */
  origQuoteOrderQty: number;
  status: OrderStatus;
  timeMs: number;
  updateMs: number;
}

export interface SimFill {
  tradeId: number;
  orderId: number;
  symbol: string;
  price: number;
  qty: number;
  quoteQty: number;
  commission: number;
  commissionAsset: string;
  timeMs: number;
  isBuyer: boolean;
  isMaker: boolean;
}

const decimal = (v: number): string => v.toFixed(8);
const ZERO = '0.00000000';

export const origQty = (o: SimOrder): number => o.origUnits * o.stepSize;
export const executedQty = (o: SimOrder): number => o.executedUnits * o.stepSize;
export const isOpen = (o: SimOrder): boolean => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';

/** What the new-order and cancel answers say of the order itself, in Binance's field order. */
function orderState(o: SimOrder): Record<string, unknown> {
  return {
    price: decimal(o.price),
    origQty: decimal(origQty(o)),
    executedQty: decimal(executedQty(o)),
    origQuoteOrderQty: decimal(o.origQuoteOrderQty),
    cummulativeQuoteQty: decimal(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
  };
}

/** The new-order answer in the response type the client asked for. */
export function newOrderBody(o: SimOrder, fills: readonly SimFill[], respType: 'ACK' | 'RESULT' | 'FULL'): string {
  const ack = { symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.timeMs };
  if (respType === 'ACK') return JSON.stringify(ack);
  const result = {
    ...ack,
    ...orderState(o),
    workingTime: o.timeMs,
  };
  if (respType === 'RESULT') return JSON.stringify({ ...result, selfTradePreventionMode: 'NONE' });
  return JSON.stringify({
    ...result,
    fills: fills.map((f) => ({ price: decimal(f.price), qty: decimal(f.qty), commission: decimal(f.commission), commissionAsset: f.commissionAsset, tradeId: f.tradeId })),
    selfTradePreventionMode: 'NONE',
  });
}

export function cancelOrderBody(o: SimOrder, cancelClientOrderId: string, transactMs: number): string {
  return JSON.stringify({
    symbol: o.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelClientOrderId,
    transactTime: transactMs,
    ...orderState(o),
    selfTradePreventionMode: 'NONE',
  });
}

/** One order as `GET /api/v3/order` and `GET /api/v3/openOrders` describe it. */
export function queriedOrder(o: SimOrder): Record<string, unknown> {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: decimal(o.price),
    origQty: decimal(origQty(o)),
    executedQty: decimal(executedQty(o)),
    cummulativeQuoteQty: decimal(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: ZERO,
    icebergQty: ZERO,
    time: o.timeMs,
    updateTime: o.updateMs,
    isWorking: true,
    workingTime: o.timeMs,
    origQuoteOrderQty: decimal(o.origQuoteOrderQty),
    selfTradePreventionMode: 'NONE',
  };
}

/** One `GET /api/v3/myTrades` row. */
export function accountTrade(f: SimFill): Record<string, unknown> {
  return {
    symbol: f.symbol,
    id: f.tradeId,
    orderId: f.orderId,
    orderListId: -1,
    price: decimal(f.price),
    qty: decimal(f.qty),
    quoteQty: decimal(f.quoteQty),
    commission: decimal(f.commission),
    commissionAsset: f.commissionAsset,
    time: f.timeMs,
    isBuyer: f.isBuyer,
    isMaker: f.isMaker,
    isBestMatch: true,
  };
}

/**
 * The user-data stream's report of one change to `o` (already updated to its state after the
 * change). `fill` is the trade of a TRADE report; `cancelClientOrderId` the id of the cancel
 * request of a CANCELED one, which Binance reports as `c` with the order's own id moved to `C`.
 */
export function executionReportFrame(
  o: SimOrder, x: ExecutionType, eventMs: number, fill: SimFill | null, cancelClientOrderId: string | null,
): string {
  return JSON.stringify({
    e: 'executionReport',
    E: eventMs,
    s: o.symbol,
    c: cancelClientOrderId ?? o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: decimal(origQty(o)),
    p: decimal(o.price),
    P: ZERO,
    F: ZERO,
    g: -1,
    C: cancelClientOrderId === null ? '' : o.clientOrderId,
    x,
    X: o.status,
    r: 'NONE',
    i: o.orderId,
    l: decimal(fill?.qty ?? 0),
    z: decimal(executedQty(o)),
    L: decimal(fill?.price ?? 0),
    n: fill === null ? '0' : decimal(fill.commission),
    N: fill === null ? null : fill.commissionAsset,
    T: fill?.timeMs ?? eventMs,
    t: fill?.tradeId ?? -1,
    I: 0,
    w: isOpen(o),
    m: fill?.isMaker ?? false,
    M: false,
    O: o.timeMs,
    Z: decimal(o.cumQuote),
    Y: decimal(fill?.quoteQty ?? 0),
    Q: decimal(o.origQuoteOrderQty),
    W: o.timeMs,
    V: 'NONE',
  });
}
