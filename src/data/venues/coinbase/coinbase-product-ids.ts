/**
 * Coinbase product ids (`BTC-USD`, both Exchange and Advanced Trade) <-> unified symbols
 * (`BTC/USD`, see core/symbols.ts) <-> the dense symbol ids a parser writes into records.
 *
 * The dense id of a symbol is its index in the list the parser is constructed with, so the
 * caller decides the numbering (usually the order of the session's instrument registry). The
 * lookup table is built once at construction; per message the parser does one Map lookup on the
 * product id string JSON.parse already produced.
 */

import { symbolProblem } from '../../../core/symbols.js';

/** `BTC/USD` -> `BTC-USD`. */
export function coinbaseProductId(symbol: string): string {
  return symbol.replace('/', '-');
}

/** `BTC-USD` -> `BTC/USD`; undefined when the id is not `BASE-QUOTE`. */
export function unifiedFromCoinbaseProduct(productId: string): string | undefined {
  const symbol = productId.replace('-', '/');
  return symbolProblem('crypto', symbol) === undefined ? symbol : undefined;
}

/**
 * Product id -> dense id for `symbols` (unified form; index = dense id). Throws on a symbol that
 * is not a crypto pair or appears twice: that is a configuration error, found at startup.
 */
export function coinbaseProductIndex(symbols: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  symbols.forEach((symbol, id) => {
    const problem = symbolProblem('crypto', symbol);
    if (problem !== undefined) throw new Error(`Coinbase symbol ${id} ${problem}`);
    const productId = coinbaseProductId(symbol);
    if (index.has(productId)) throw new Error(`Coinbase symbol ${symbol} is listed twice`);
    index.set(productId, id);
  });
  return index;
}
