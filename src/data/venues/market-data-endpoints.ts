/**
 * Where L0 fetches market data: a venue's websocket and REST base URLs. The simulated exchange
 * and the real venue differ only here, so the same connector code reads both.
 */
export interface MarketDataEndpoints {
  /** Wire protocol spoken at these URLs. */
  protocol: 'binance' | 'alpaca';
  /** e.g. `wss://stream.binance.com:9443` or the simulated exchange's `ws://127.0.0.1:PORT`. */
  wsBase: string;
  /** e.g. `https://api.binance.com` or `http://127.0.0.1:PORT` (unused by Alpaca's stream). */
  restBase: string;
}

/** Binance spot's public market-data endpoints. */
export const BINANCE_SPOT_ENDPOINTS: MarketDataEndpoints = {
  protocol: 'binance', wsBase: 'wss://stream.binance.com:9443', restBase: 'https://api.binance.com',
};
