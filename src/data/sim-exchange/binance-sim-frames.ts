/**
 * Binance spot market-data messages as the venue writes them, for the simulated exchange: the
 * combined-stream envelope, `trade`, `bookTicker` (spot form, no `e`/`E`), `depthUpdate` and the
 * REST depth snapshot. Field names, order and number formats (prices and quantities as strings
 * with 8 decimals, ids and times as bare integers) follow the real captures in the tests, so the
 * connector reads the simulation with exactly the code that reads Binance.
 */

import type { DepthLevel } from './sim-depth-book.js';

/** `BTC/USDT` -> `BTCUSDT`, the venue's symbol. */
export function binanceSymbol(unified: string): string {
  return unified.replace('/', '');
}

/** Stream names are the lower-case symbol: `btcusdt@trade`. */
export function binanceStream(unified: string, channel: 'trade' | 'aggTrade' | 'bookTicker' | 'depth@100ms' | 'depth'): string {
  return `${binanceSymbol(unified).toLowerCase()}@${channel}`;
}

const decimal = (v: number): string => v.toFixed(8);
const levels = (ls: DepthLevel[]): string => `[${ls.map((l) => `["${decimal(l.price)}","${decimal(l.qty)}"]`).join(',')}]`;

export function envelope(stream: string, data: string): string {
  return `{"stream":"${stream}","data":${data}}`;
}

export function tradeFrame(symbol: string, eventMs: number, tradeId: number, price: number, qty: number, tradeMs: number, buyerIsMaker: boolean): string {
  return `{"e":"trade","E":${eventMs},"s":"${symbol}","t":${tradeId},"p":"${decimal(price)}","q":"${decimal(qty)}","T":${tradeMs},"m":${buyerIsMaker},"M":true}`;
}

/**
 * The aggregate-trade form of one trade: each simulated trade is one taker order at one price, so
 * it is an aggregate of itself (first and last trade id equal).
 */
export function aggTradeFrame(symbol: string, eventMs: number, tradeId: number, price: number, qty: number, tradeMs: number, buyerIsMaker: boolean): string {
  return `{"e":"aggTrade","E":${eventMs},"s":"${symbol}","a":${tradeId},"p":"${decimal(price)}","q":"${decimal(qty)}","f":${tradeId},"l":${tradeId},"T":${tradeMs},"m":${buyerIsMaker},"M":true}`;
}

export function bookTickerFrame(symbol: string, updateId: number, bid: DepthLevel, ask: DepthLevel): string {
  return `{"u":${updateId},"s":"${symbol}","b":"${decimal(bid.price)}","B":"${decimal(bid.qty)}","a":"${decimal(ask.price)}","A":"${decimal(ask.qty)}"}`;
}

export function depthUpdateFrame(symbol: string, eventMs: number, firstUpdateId: number, finalUpdateId: number, bids: DepthLevel[], asks: DepthLevel[]): string {
  return `{"e":"depthUpdate","E":${eventMs},"s":"${symbol}","U":${firstUpdateId},"u":${finalUpdateId},"b":${levels(bids)},"a":${levels(asks)}}`;
}

export function depthSnapshotBody(lastUpdateId: number, bids: DepthLevel[], asks: DepthLevel[]): string {
  return `{"lastUpdateId":${lastUpdateId},"bids":${levels(bids)},"asks":${levels(asks)}}`;
}
