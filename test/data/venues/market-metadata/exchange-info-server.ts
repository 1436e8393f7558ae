// A loopback Binance spot REST endpoint answering `/api/v3/exchangeInfo` with a body written by
// hand, and every other path either from `forwardTo` (the simulated exchange's REST, so a whole
// live session can run against it) or with 404.
//
// None of ccxt's static response tests holds an exchangeInfo answer (they cover tickers, trades,
// books, orders and balances), so the body follows the layout of Binance's documented
// GET /api/v3/exchangeInfo example (the same layout ccxt quotes in its fetchMarkets comment):
// `symbols[]` with `symbol`, `status`, `baseAsset`, `quoteAsset`, the precisions, `permissions`
// and `filters[]` of `PRICE_FILTER` (`tickSize`), `LOT_SIZE` (`stepSize`, `minQty`) and the
// minimum order value as `NOTIONAL` (`minNotional`, the current filter) or `MIN_NOTIONAL` (the
// older one still on some symbols). The numbers are of the kind Binance spot publishes (0.01 USDT
// tick, 5 USDT minimum order value), not a recording.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface SymbolSpec { symbol: string; base: string; quote: string; tickSize: string; stepSize: string; minQty: string; notional: string; filter: 'NOTIONAL' | 'MIN_NOTIONAL' }

export const EXCHANGE_INFO_SYMBOLS: readonly SymbolSpec[] = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01000000', stepSize: '0.00001000', minQty: '0.00001000', notional: '5.00000000', filter: 'NOTIONAL' },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: '0.01000000', stepSize: '0.00010000', minQty: '0.00010000', notional: '5.00000000', filter: 'NOTIONAL' },
  { symbol: 'BTCUSDC', base: 'BTC', quote: 'USDC', tickSize: '0.01000000', stepSize: '0.00001000', minQty: '0.00001000', notional: '5.00000000', filter: 'NOTIONAL' },
  { symbol: 'ETHBTC', base: 'ETH', quote: 'BTC', tickSize: '0.00001000', stepSize: '0.00010000', minQty: '0.00010000', notional: '0.00010000', filter: 'MIN_NOTIONAL' },
];

export function exchangeInfoBody(symbols: readonly SymbolSpec[] = EXCHANGE_INFO_SYMBOLS): string {
  return JSON.stringify({
    timezone: 'UTC',
    serverTime: 1_700_000_000_000,
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    exchangeFilters: [],
    symbols: symbols.map((s) => ({
      symbol: s.symbol, status: 'TRADING', baseAsset: s.base, baseAssetPrecision: 8, quoteAsset: s.quote, quotePrecision: 8,
      quoteAssetPrecision: 8, baseCommissionPrecision: 8, quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true, ocoAllowed: true, quoteOrderQtyMarketAllowed: true, allowTrailingStop: true,
      isSpotTradingAllowed: true, isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '1000000.00000000', tickSize: s.tickSize },
        { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: '9000.00000000', stepSize: s.stepSize },
        s.filter === 'NOTIONAL'
          ? { filterType: 'NOTIONAL', minNotional: s.notional, applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 }
          : { filterType: 'MIN_NOTIONAL', minNotional: s.notional, applyToMarket: true, avgPriceMins: 5 },
      ],
      permissions: ['SPOT'],
    })),
  });
}

export interface ExchangeInfoServer {
  restBase: string;
  /** Request paths, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startExchangeInfoServer(body = exchangeInfoBody(), forwardTo?: string): Promise<ExchangeInfoServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    if (url.split('?')[0] === '/api/v3/exchangeInfo') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (forwardTo === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":-1000,"msg":"Not found."}');
      return;
    }
    fetch(forwardTo + url, { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()); })
      .catch(() => { res.writeHead(502).end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    restBase: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
