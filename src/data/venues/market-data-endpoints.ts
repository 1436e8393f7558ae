/**
 * Where L0 fetches market data: a venue's websocket and REST base URLs. The simulated exchange
 * and the real venue differ only here, so the same connector code reads both.
 */
export interface MarketDataEndpoints {
  /** Wire protocol spoken at these URLs. */
  protocol: 'binance' | 'alpaca' | 'coinbase' | 'coinbase_advanced';
  /** e.g. `wss://stream.binance.com:9443` or the simulated exchange's `ws://127.0.0.1:PORT`. */
  wsBase: string;
  /** e.g. `https://api.binance.com` or `http://127.0.0.1:PORT` (unused by Alpaca's and Coinbase's streams; the simulated Alpaca exchange serves its trading API there). */
  restBase: string;
  /** Binance: spot (default) or USD-M perpetual futures, which differ in streams and REST paths. */
  market?: BinanceMarket;
}

export const BINANCE_MARKETS = ['spot', 'usdm'] as const;
export type BinanceMarket = (typeof BINANCE_MARKETS)[number];

/**
 * Which Binance trade stream to read: `trade` (every trade, the default) or `aggTrade` (the
 * trades of one taker order at one price merged into one message: fewer messages on a busy
 * symbol, and the only trade stream some Binance data products keep).
 */
export const BINANCE_TRADE_STREAMS = ['trade', 'aggTrade'] as const;
export type BinanceTradeStream = (typeof BINANCE_TRADE_STREAMS)[number];

/** Binance spot's public market-data endpoints. */
export const BINANCE_SPOT_ENDPOINTS: MarketDataEndpoints = {
  protocol: 'binance', wsBase: 'wss://stream.binance.com:9443', restBase: 'https://api.binance.com', market: 'spot',
};

/** Binance USD-M futures' public market-data endpoints. */
export const BINANCE_USDM_ENDPOINTS: MarketDataEndpoints = {
  protocol: 'binance', wsBase: 'wss://fstream.binance.com', restBase: 'https://fapi.binance.com', market: 'usdm',
};

/**
 * The crypto venues a live session can read market data from: Binance, Coinbase Exchange's
 * ws-feed (`coinbase`), or Coinbase's Advanced Trade websocket (`coinbase_advanced`: the same
 * Coinbase order books through the Advanced Trade API, whose frames carry a per-connection
 * sequence number).
 */
export const CRYPTO_VENUES = ['binance', 'coinbase', 'coinbase_advanced'] as const;
export type CryptoVenue = (typeof CRYPTO_VENUES)[number];

/** Coinbase Exchange's public `ws-feed` (level2_batch, ticker, matches, heartbeat need no keys). */
export const COINBASE_EXCHANGE_WS_BASE = 'wss://ws-feed.exchange.coinbase.com';

/** Coinbase Advanced Trade's public market-data websocket (level2, market_trades, ticker, heartbeats need no keys). */
export const COINBASE_ADVANCED_WS_BASE = 'wss://advanced-trade-ws.coinbase.com';

/** Alpaca's market-data stream (feeds at `/v2/iex`, `/v2/sip`). */
export const ALPACA_STREAM_BASE = 'wss://stream.data.alpaca.markets';

/**
 * Environment variables that point a live session's market data somewhere else: a proxy, a
 * regional endpoint (Binance's `data-stream.binance.vision`), or a loopback server in tests.
 */
export const ENDPOINT_OVERRIDES = {
  binanceWs: 'TRADEBOT_BINANCE_WS_URL',
  binanceRest: 'TRADEBOT_BINANCE_REST_URL',
  alpacaWs: 'TRADEBOT_ALPACA_WS_URL',
  coinbaseWs: 'TRADEBOT_COINBASE_WS_URL',
  coinbaseAdvancedWs: 'TRADEBOT_COINBASE_ADVANCED_WS_URL',
  /**
   * REST bases read only for market metadata (see market-metadata/ccxt-market-loader.ts; Alpaca's
   * is its trading API's, TRADEBOT_ALPACA_TRADING_URL, shared with the order gateway).
   */
  coinbaseRest: 'TRADEBOT_COINBASE_REST_URL',
} as const;

/** The keys Alpaca's stream authenticates with; read from the environment only, never logged. */
export const ALPACA_KEY_VARS = ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'] as const;

/**
 * The real venue's market-data endpoints for `--source live`: Binance (spot or USD-M futures) or
 * Coinbase (Exchange or Advanced Trade) for crypto (`cryptoVenue`), Alpaca for stocks, each
 * overridable from the environment. An override must be a ws(s) or http(s) URL; anything else is refused by name
 * rather than failing at connect time.
 */
/**
 * The URL environment variable `name` holds, or null when it is unset or empty; throws, naming the
 * variable, when it holds something that is not a `scheme`:// or `scheme`s:// URL.
 */
export function urlOverride(env: NodeJS.ProcessEnv, name: string, scheme: 'ws' | 'http'): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  if (!new RegExp(`^${scheme}s?://[^/]`).test(value)) {
    throw new Error(`${name}=${JSON.stringify(value)} is not a ${scheme}:// or ${scheme}s:// URL`);
  }
  return value;
}

export function liveEndpoints(
  assetClass: 'crypto' | 'stocks', env: NodeJS.ProcessEnv = process.env, cryptoVenue: CryptoVenue = 'binance',
  binanceMarket: BinanceMarket = 'spot',
): MarketDataEndpoints {
  const pick = (name: string, fallback: string, scheme: 'ws' | 'http'): string => {
    return urlOverride(env, name, scheme) ?? fallback;
  };
  if (assetClass === 'crypto' && cryptoVenue === 'coinbase_advanced') {
    return { protocol: 'coinbase_advanced', wsBase: pick(ENDPOINT_OVERRIDES.coinbaseAdvancedWs, COINBASE_ADVANCED_WS_BASE, 'ws'), restBase: '' };
  }
  if (assetClass === 'crypto' && cryptoVenue === 'coinbase') {
    return { protocol: 'coinbase', wsBase: pick(ENDPOINT_OVERRIDES.coinbaseWs, COINBASE_EXCHANGE_WS_BASE, 'ws'), restBase: '' };
  }
  if (assetClass === 'crypto') {
    const venue = binanceMarket === 'usdm' ? BINANCE_USDM_ENDPOINTS : BINANCE_SPOT_ENDPOINTS;
    return {
      protocol: 'binance',
      wsBase: pick(ENDPOINT_OVERRIDES.binanceWs, venue.wsBase, 'ws'),
      restBase: pick(ENDPOINT_OVERRIDES.binanceRest, venue.restBase, 'http'),
      market: binanceMarket,
    };
  }
  return { protocol: 'alpaca', wsBase: pick(ENDPOINT_OVERRIDES.alpacaWs, ALPACA_STREAM_BASE, 'ws'), restBase: '' };
}

/** The Alpaca key variables that are missing or empty (none: the stream can authenticate). */
export function missingAlpacaKeys(env: NodeJS.ProcessEnv = process.env): string[] {
  return ALPACA_KEY_VARS.filter((name) => !(env[name] ?? '').trim());
}
