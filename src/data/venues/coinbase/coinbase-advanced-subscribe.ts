/**
 * Coinbase Advanced Trade websocket: the endpoint, its channels and the subscribe message (one
 * channel per message, as the venue requires). The channel list's order defines the bits of
 * CoinbaseAdvancedParser.subscribed.
 */

import { coinbaseProductId } from './coinbase-product-ids.js';

export const COINBASE_ADVANCED_WS_URL = 'wss://advanced-trade-ws.coinbase.com';

/** Subscribable channels; bit k of `subscribed[symbol]` is channel k. */
export const COINBASE_ADVANCED_CHANNELS = ['level2', 'market_trades', 'ticker', 'ticker_batch', 'candles', 'heartbeats', 'status'] as const;
export type CoinbaseAdvancedChannel = typeof COINBASE_ADVANCED_CHANNELS[number];

/**
 * `{"type":"subscribe","product_ids":[...],"channel":"..."}` for unified symbols (BTC/USD); one
 * channel per message, as the venue requires. `jwt` is added when given (authenticated use).
 */
export function coinbaseAdvancedSubscribe(
  symbols: readonly string[], channel: CoinbaseAdvancedChannel, type: 'subscribe' | 'unsubscribe' = 'subscribe', jwt?: string,
): string {
  if (!COINBASE_ADVANCED_CHANNELS.includes(channel)) throw new Error(`Coinbase Advanced subscribe: unknown channel ${channel}`);
  if (symbols.length === 0 && channel !== 'heartbeats') throw new Error('Coinbase Advanced subscribe: need at least one symbol');
  const message: Record<string, unknown> = { type, product_ids: symbols.map(coinbaseProductId), channel };
  if (jwt !== undefined) message.jwt = jwt;
  return JSON.stringify(message);
}
