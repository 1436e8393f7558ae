/**
 * The trading rules of one simulated Binance spot symbol (the filters of `/api/v3/exchangeInfo`)
 * and the checks an order must pass against them, with Binance's own failure messages.
 *
 * Quantities are handled as whole multiples of the lot step ("units") everywhere in the
 * simulated exchange: LOT_SIZE guarantees an accepted quantity is one, so fills and remainders
 * are exact integers and never drift the way sums of binary fractions do.
 */

import { defaultTickSize } from '../start-prices.js';
import { binanceSymbol } from './binance-sim-frames.js';

export interface SymbolRules {
  /** `BTCUSDT`. */
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: number;
  minPrice: number;
  maxPrice: number;
  stepSize: number;
  minQty: number;
  maxQty: number;
  minNotional: number;
  maxNotional: number;
}

export const MIN_NOTIONAL = 5;

/**
 * Rules for a unified symbol (`BTC/USDT`) that starts near `startPrice`: the tick the market model
 * quotes in, and a lot step worth at most about one unit of quote currency (1e-5 BTC near 65,000,
 * 1e-4 ETH near 3,400, as on Binance), so the 5-unit minimum order is a handful of steps.
 */
export function symbolRules(unified: string, startPrice: number): SymbolRules {
  const [base, quote = 'USDT'] = unified.toUpperCase().split('/');
  const tickSize = defaultTickSize(startPrice);
  const stepSize = Math.min(1, Math.max(1e-8, 10 ** Math.floor(Math.log10(1 / startPrice))));
  return {
    symbol: binanceSymbol(unified),
    baseAsset: base,
    quoteAsset: quote,
    tickSize,
    minPrice: tickSize,
    maxPrice: 1_000_000,
    stepSize,
    minQty: stepSize,
    maxQty: 9000 * Math.max(1, 10 ** Math.ceil(Math.log10(1000 / startPrice))),
    minNotional: MIN_NOTIONAL,
    maxNotional: 9_000_000,
  };
}

/** `n` as a whole number of `step`s, or NaN when it is not one (beyond float noise). */
export function wholeSteps(n: number, step: number): number {
  const k = Math.round(n / step);
  return Math.abs(n / step - k) < 1e-6 ? k : NaN;
}

/** Binance's `Filter failure: ...` message for a price the symbol cannot take, or null. */
export function priceFilterFailure(rules: SymbolRules, price: number): string | null {
  if (price < rules.minPrice || price > rules.maxPrice || Number.isNaN(wholeSteps(price, rules.tickSize))) return 'Filter failure: PRICE_FILTER';
  return null;
}

/** LOT_SIZE failure for a base quantity, or null. */
export function lotSizeFailure(rules: SymbolRules, qty: number): string | null {
  if (qty < rules.minQty || qty > rules.maxQty || Number.isNaN(wholeSteps(qty, rules.stepSize))) return 'Filter failure: LOT_SIZE';
  return null;
}

/**
 * NOTIONAL failure for an order worth `notional` in quote currency, or null. Market orders are
 * checked too (`applyMinToMarket: true`) but not against the maximum (`applyMaxToMarket: false`).
 */
export function notionalFailure(rules: SymbolRules, notional: number, market: boolean): string | null {
  if (notional < rules.minNotional - 1e-9 || (!market && notional > rules.maxNotional)) return 'Filter failure: NOTIONAL';
  return null;
}

const decimal = (v: number): string => v.toFixed(8);

/** The `GET /api/v3/exchangeInfo` body, in the layout Binance documents (spot only). */
export function exchangeInfoBody(all: readonly SymbolRules[], serverTimeMs: number): string {
  return JSON.stringify({
    timezone: 'UTC',
    serverTime: serverTimeMs,
    rateLimits: [],
    exchangeFilters: [],
    symbols: all.map((r) => ({
      symbol: r.symbol,
      status: 'TRADING',
      baseAsset: r.baseAsset,
      baseAssetPrecision: 8,
      quoteAsset: r.quoteAsset,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
      icebergAllowed: false,
      ocoAllowed: false,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: false,
      cancelReplaceAllowed: false,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: decimal(r.minPrice), maxPrice: decimal(r.maxPrice), tickSize: decimal(r.tickSize) },
        { filterType: 'LOT_SIZE', minQty: decimal(r.minQty), maxQty: decimal(r.maxQty), stepSize: decimal(r.stepSize) },
        {
          filterType: 'NOTIONAL', minNotional: decimal(r.minNotional), applyMinToMarket: true,
          maxNotional: decimal(r.maxNotional), applyMaxToMarket: false, avgPriceMins: 5,
        },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  });
}
