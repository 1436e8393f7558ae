/**
 * Unified symbols, as ccxt and the venues' own docs write them: a crypto pair is `BASE/QUOTE`
 * (`BTC/USDT`), a US stock is its ticker (`AAPL`, `BRK.B`). The asset class decides which form
 * is valid, so `run crypto --symbols AAPL` or a stocks session given `BTC/USDT` is refused with a
 * hint instead of trading a made-up instrument at a made-up price.
 */

import type { AssetClass } from '../pipeline/config-schema.js';

const CRYPTO_PAIR = /^[A-Z0-9]{1,12}\/[A-Z0-9]{1,12}$/;
/** NYSE/Nasdaq tickers: 1-5 letters, optionally a share-class suffix (`BRK.B`). */
const STOCK_TICKER = /^[A-Z]{1,5}(\.[A-Z])?$/;

/** Quote currencies a concatenated venue id (`BTCUSDT`) most likely ends with, longest first. */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'DAI', 'USD', 'EUR', 'GBP', 'JPY', 'TRY', 'BTC', 'ETH', 'BNB'];

/**
 * What is wrong with `symbol` for this asset class, phrased to follow a field name
 * ("must be ..., got ..."), or undefined when it is fine.
 */
export function symbolProblem(assetClass: AssetClass, symbol: unknown): string | undefined {
  const got = typeof symbol === 'string' ? JSON.stringify(symbol) : String(symbol);
  if (assetClass === 'crypto') {
    const want = 'must be a crypto pair written BASE/QUOTE, e.g. BTC/USDT';
    if (typeof symbol !== 'string') return `${want}, got ${got}`;
    if (CRYPTO_PAIR.test(symbol)) return undefined;
    const upper = symbol.toUpperCase();
    const hint = CRYPTO_PAIR.test(upper) ? upper : pairFromVenueId(symbol);
    if (hint) return `${want}, got ${got} (did you mean "${hint}"?)`;
    if (STOCK_TICKER.test(symbol)) return `${want}, got ${got}, which looks like a stock ticker (stocks run with \`run stocks\`)`;
    return `${want}, got ${got}`;
  }
  const want = 'must be a stock ticker (1-5 capital letters, optional class suffix), e.g. AAPL or BRK.B';
  if (typeof symbol !== 'string') return `${want}, got ${got}`;
  if (STOCK_TICKER.test(symbol)) return undefined;
  if (CRYPTO_PAIR.test(symbol.toUpperCase())) return `${want}, got ${got}, which is a crypto pair (crypto runs with \`run crypto\`)`;
  const upper = symbol.toUpperCase();
  return `${want}, got ${got}${STOCK_TICKER.test(upper) ? ` (did you mean "${upper}"?)` : ''}`;
}

/** `BTCUSDT`, `btc-usdt`, `BTC_USDT` -> `BTC/USDT`; undefined when no known quote fits. */
export function pairFromVenueId(id: string): string | undefined {
  const s = id.toUpperCase().replace(/[-_:]/g, '');
  for (const q of QUOTES) {
    if (s.length > q.length && s.endsWith(q)) {
      const base = s.slice(0, -q.length);
      if (/^[A-Z0-9]{1,12}$/.test(base)) return `${base}/${q}`;
    }
  }
  return undefined;
}
