// An in-process stand-in for a crypto venue's REST API, plugged into ccxt as its HTTP client
// (CcxtGatewayConfig.transport): it answers the market listings ccxt loads before trading with a
// few markets, records every other request, and answers those with whatever the test scripts
// (an empty JSON object by default). No socket is opened.
import type { CapturedRequest } from './ccxt-static-cases.js';

export type ScriptedAnswer = { status?: number; body: unknown } | Response;
/** Scripts the answer to a request; throwing (or rejecting) stands for a transport failure. */
export type Answerer = (request: CapturedRequest, init: RequestInit) => ScriptedAnswer | undefined | Promise<ScriptedAnswer | undefined>;

export interface VenueTransport {
  transport: (url: string, init: RequestInit) => Promise<Response>;
  /** Every request that was not a market listing, in order. */
  requests: CapturedRequest[];
}

export const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Binance spot symbols: [id, base, quote, tick size, lot step]. */
const BINANCE_SYMBOLS: readonly [string, string, string, string, string][] = [
  ['LTCUSDT', 'LTC', 'USDT', '0.01', '0.001'],
  ['BTCUSDT', 'BTC', 'USDT', '0.01', '0.00001'],
  ['SOLUSDT', 'SOL', 'USDT', '0.01', '0.001'],
];

/** Coinbase products: [id, base, quote, price increment, base increment]. */
const COINBASE_PRODUCTS: readonly [string, string, string, string, string][] = [
  ['ADA-USDT', 'ADA', 'USDT', '0.0001', '0.00000001'],
  ['DOGE-USDT', 'DOGE', 'USDT', '0.00001', '0.1'],
  ['XRP-USDC', 'XRP', 'USDC', '0.0001', '0.000001'],
  ['BTC-USDC', 'BTC', 'USDC', '0.01', '0.00000001'],
  ['XRP-USDT', 'XRP', 'USDT', '0.0001', '0.000001'],
];

function marketListing(venue: string, url: URL): Response | undefined {
  if (venue === 'binance' && url.pathname === '/api/v3/exchangeInfo') {
    return json({
      timezone: 'UTC', serverTime: 0,
      symbols: BINANCE_SYMBOLS.map(([symbol, baseAsset, quoteAsset, tickSize, stepSize]) => ({
        symbol, status: 'TRADING', baseAsset, quoteAsset, baseAssetPrecision: 8, quoteAssetPrecision: 8, quotePrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        isSpotTradingAllowed: true, isMarginTradingAllowed: false, permissions: ['SPOT'],
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: tickSize, maxPrice: '1000000', tickSize },
          { filterType: 'LOT_SIZE', minQty: stepSize, maxQty: '900000', stepSize },
        ],
      })),
    });
  }
  if (venue === 'coinbase' && url.pathname === '/api/v3/brokerage/market/products') {
    const spot = url.searchParams.get('product_type') === null;
    return json({
      products: !spot ? [] : COINBASE_PRODUCTS.map(([product_id, base, quote, price_increment, base_increment]) => ({
        product_id, base_currency_id: base, quote_currency_id: quote, price_increment, quote_increment: price_increment, base_increment,
        base_min_size: base_increment, quote_min_size: '1', product_type: 'SPOT', trading_disabled: false, status: 'online',
      })),
    });
  }
  if (venue === 'coinbase' && url.pathname === '/api/v3/brokerage/transaction_summary') {
    return json({ fee_tier: { pricing_tier: 'Advanced 1', maker_fee_rate: '0.004', taker_fee_rate: '0.006' } });
  }
  if (venue === 'coinbaseexchange' && url.pathname === '/products') {
    return json(COINBASE_PRODUCTS.map(([id, base, quote, quote_increment, base_increment]) => ({
      id, base_currency: base, quote_currency: quote, quote_increment, base_increment, display_name: `${base}/${quote}`,
      min_market_funds: '1', margin_enabled: false, status: 'online', trading_disabled: false,
    })));
  }
  return undefined;
}

export function venueTransport(venue: 'binance' | 'coinbase' | 'coinbaseexchange', answer: Answerer = () => undefined): VenueTransport {
  const requests: CapturedRequest[] = [];
  const transport = async (url: string, init: RequestInit): Promise<Response> => {
    const listing = marketListing(venue, new URL(url));
    if (listing !== undefined) return listing;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = String(v);
    const request: CapturedRequest = { url, method: init.method ?? 'GET', body: typeof init.body === 'string' ? init.body : undefined, headers };
    requests.push(request);
    const scripted = await answer(request, init);
    if (scripted === undefined) return json({});
    return scripted instanceof Response ? scripted : json(scripted.body, scripted.status ?? 200);
  };
  return { transport, requests };
}
