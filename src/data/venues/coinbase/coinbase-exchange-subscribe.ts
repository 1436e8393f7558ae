/**
 * Coinbase Exchange `ws-feed`: the endpoint, its channels and the subscribe message the client
 * sends. The channel list's order defines the bits of CoinbaseExchangeParser.subscribed.
 */

import { coinbaseProductId } from './coinbase-product-ids.js';

export const COINBASE_EXCHANGE_WS_URL = 'wss://ws-feed.exchange.coinbase.com';

export const COINBASE_EXCHANGE_CHANNELS = ['level2', 'level2_batch', 'ticker', 'matches', 'full', 'heartbeat'] as const;
export type CoinbaseExchangeChannel = typeof COINBASE_EXCHANGE_CHANNELS[number];

/**
 * `{"type":"subscribe","product_ids":[...],"channels":[...]}` for unified symbols (BTC/USD).
 * Unsigned: the venue's current documentation requires an authenticated subscribe for `level2`
 * and `full`; `level2_batch`, `ticker`, `matches` and `heartbeat` work without.
 */
export function coinbaseExchangeSubscribe(
  symbols: readonly string[], channels: readonly CoinbaseExchangeChannel[], type: 'subscribe' | 'unsubscribe' = 'subscribe',
): string {
  if (symbols.length === 0 || channels.length === 0) throw new Error('Coinbase subscribe: need at least one symbol and one channel');
  for (const c of channels) if (!COINBASE_EXCHANGE_CHANNELS.includes(c)) throw new Error(`Coinbase subscribe: unknown channel ${c}`);
  return JSON.stringify({ type, product_ids: symbols.map(coinbaseProductId), channels });
}
