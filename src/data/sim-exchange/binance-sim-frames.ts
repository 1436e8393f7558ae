/**
 * Binance spot market-data messages as the venue writes them, for the simulated exchange: the
 * combined-stream envelope, `trade`, `bookTicker` (spot form, no `e`/`E`), `depthUpdate`,
 * `kline` and the REST depth snapshot. Field names, order and number formats (prices and quantities as strings
 * with 8 decimals, ids and times as bare integers) follow the real captures in the tests, so the
 * connector reads the simulation with exactly the code that reads Binance.
 */

import type { DepthLevel } from './sim-depth-book.js';
import type { BinanceSimKlines } from './binance-sim-klines.js';

/** `BTC/USDT` -> `BTCUSDT`, the venue's symbol. */
export function binanceSymbol(unified: string): string {
  return unified.replace('/', '');
}

/** Stream names are the lower-case symbol: `btcusdt@trade`. */
export function binanceStream(unified: string, channel: 'trade' | 'aggTrade' | 'bookTicker' | 'depth@100ms' | 'depth' | 'kline_1m'): string {
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

/**
 * Symbol `s`'s 1-minute kline starting at `startMs`, as of `eventMs`; `closed` is Binance's `x`
 * (the minute is over and the values final). `B` is a field Binance documents as ignored.
 */
export function klineFrame(symbol: string, s: number, klines: BinanceSimKlines, eventMs: number, startMs: number, closed: boolean): string {
  return `{"e":"kline","E":${eventMs},"s":"${symbol}","k":{"t":${startMs},"T":${startMs + 59_999},"s":"${symbol}","i":"1m",`
    + `"f":${klines.firstTradeId[s]},"L":${klines.lastTradeId[s]},"o":"${decimal(klines.open[s])}","c":"${decimal(klines.close[s])}",`
    + `"h":"${decimal(klines.high[s])}","l":"${decimal(klines.low[s])}","v":"${decimal(klines.volume[s])}","n":${klines.trades[s]},"x":${closed},`
    + `"q":"${decimal(klines.quoteVolume[s])}","V":"${decimal(klines.takerBuyVolume[s])}","Q":"${decimal(klines.takerBuyQuoteVolume[s])}","B":"0"}}`;
}

export function depthSnapshotBody(lastUpdateId: number, bids: DepthLevel[], asks: DepthLevel[]): string {
  return `{"lastUpdateId":${lastUpdateId},"bids":${levels(bids)},"asks":${levels(asks)}}`;
}
