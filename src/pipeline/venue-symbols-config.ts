/**
 * A live crypto session on several venues at once: `source.cryptoVenues` lists the venues, and
 * `source.consolidatedSymbols` maps each unified symbol to its spelling on each venue, e.g.
 *
 *   cryptoVenues: [binance, coinbase]
 *   consolidatedSymbols:
 *     BTC/USD: {binance: BTC/USDT, coinbase: BTC/USD}
 *
 * The mapping is also what says which venue reads which session symbol: every entry of `symbols`
 * must be one venue's symbol in it, exactly once, so a symbol name stays unique across the session
 * (per-symbol series, limits and start prices keep their one label) and no symbol is read twice.
 * A symbol quoted on one venue only is a unified symbol with one venue. With `cryptoVenues` empty
 * (the default) the session reads `cryptoVenue` alone and the mapping must be empty.
 *
 * Checked here rather than in the generic field table because the rules span fields (symbols,
 * venues, mapping); each problem names the field path, as every other config problem does.
 */
import { CRYPTO_VENUES, type CryptoVenue } from '../data/venues/market-data-endpoints.js';
import type { AssetClass, FieldPath } from './config-schema.js';
import { symbolProblem } from '../core/symbols.js';

/** Unified symbol -> venue -> the venue's symbol (as in `symbols`). */
export type ConsolidatedSymbols = Readonly<Record<string, Readonly<Partial<Record<CryptoVenue, string>>>>>;

type Add = (path: FieldPath, msg: string) => void;
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `source.cryptoVenues` as given: a list of distinct venues; the parsed list, or undefined after a problem. */
export function parseCryptoVenues(v: unknown, add: Add): CryptoVenue[] | undefined {
  const path = ['source', 'cryptoVenues'];
  if (!Array.isArray(v)) { add(path, `must be a list of venues (${CRYPTO_VENUES.join(' | ')}), got ${show(v)}`); return undefined; }
  let ok = true;
  v.forEach((venue: unknown, i) => {
    if (typeof venue !== 'string' || !(CRYPTO_VENUES as readonly string[]).includes(venue)) {
      add([...path, i], `must be one of ${CRYPTO_VENUES.join(' | ')}, got ${show(venue)}`); ok = false;
    } else if (v.indexOf(venue) !== i) {
      add([...path, i], `duplicates source.cryptoVenues[${v.indexOf(venue)}]: ${show(venue)}`); ok = false;
    }
  });
  // Advanced Trade is another API onto Coinbase's own books: both would read the same market twice.
  if (ok && v.includes('coinbase') && v.includes('coinbase_advanced')) {
    add(path, 'names both coinbase and coinbase_advanced, two APIs onto the same Coinbase books: keep one'); ok = false;
  }
  if (ok && v.length === 1) {
    add(path, `lists one venue (${show(v[0])}): a session on one venue sets source.cryptoVenue instead, and cryptoVenues lists two or more`); ok = false;
  }
  return ok ? [...v] as CryptoVenue[] : undefined;
}

/** `source.consolidatedSymbols` as given: the shape only (the cross-field rules are in checkVenueSymbols). */
export function parseConsolidatedSymbols(v: unknown, add: Add): ConsolidatedSymbols | undefined {
  const path = ['source', 'consolidatedSymbols'];
  if (!isMapping(v)) { add(path, `must be a mapping of unified symbol to {venue: venue symbol}, got ${show(v)}`); return undefined; }
  let ok = true;
  for (const [unified, venues] of Object.entries(v)) {
    // A unified symbol names series and summary entries: the same BASE/QUOTE form as `symbols`.
    const problem = symbolProblem('crypto', unified);
    if (problem !== undefined) { add([...path, unified], `is a unified symbol and ${problem}`); ok = false; }
    if (!isMapping(venues) || Object.keys(venues).length === 0) {
      add([...path, unified], `must be a non-empty mapping of venue to that venue's symbol, e.g. {binance: BTC/USDT, coinbase: BTC/USD}, got ${show(venues)}`);
      ok = false;
      continue;
    }
    for (const [venue, symbol] of Object.entries(venues)) {
      if (!(CRYPTO_VENUES as readonly string[]).includes(venue)) { add([...path, unified, venue], `is not a venue (${CRYPTO_VENUES.join(' | ')})`); ok = false; }
      else if (typeof symbol !== 'string' || symbol === '') { add([...path, unified, venue], `must be the venue's symbol as in symbols, got ${show(symbol)}`); ok = false; }
    }
  }
  return ok ? structuredClone(v) as ConsolidatedSymbols : undefined;
}

/**
 * The cross-field rules: venues only with crypto, the mapping only with venues, each mapped venue
 * among them, and every session symbol read by exactly one venue (and nothing mapped outside them).
 */
export function checkVenueSymbols(
  assetClass: AssetClass, symbols: readonly string[], venues: readonly CryptoVenue[], mapping: ConsolidatedSymbols, add: Add,
): void {
  const unifiedNames = Object.keys(mapping);
  if (venues.length === 0) {
    if (unifiedNames.length > 0) add(['source', 'consolidatedSymbols'], 'needs source.cryptoVenues: it maps symbols across the venues that list names');
    return;
  }
  if (assetClass !== 'crypto') { add(['source', 'cryptoVenues'], `is for crypto sessions only (stocks read Alpaca), got ${show(venues)}`); return; }
  const readBy = new Map<string, string>();
  for (const unified of unifiedNames) {
    for (const [venue, symbol] of Object.entries(mapping[unified]) as [CryptoVenue, string][]) {
      const path = ['source', 'consolidatedSymbols', unified, venue];
      if (!venues.includes(venue)) { add(path, `names a venue that is not in source.cryptoVenues (${venues.join(', ')})`); continue; }
      if (!symbols.includes(symbol)) { add(path, `is ${show(symbol)}, which is not one of symbols (${symbols.join(', ')})`); continue; }
      const other = readBy.get(symbol);
      if (other !== undefined) { add(path, `maps ${symbol}, already mapped at ${other}: a symbol is read by one venue, once`); continue; }
      readBy.set(symbol, `source.consolidatedSymbols["${unified}"].${venue}`);
    }
  }
  symbols.forEach((symbol, i) => {
    if (!readBy.has(symbol)) {
      add(['symbols', i], `${symbol} is read by no venue: with source.cryptoVenues, source.consolidatedSymbols must map every symbol (e.g. "${symbol}": {${venues[0]}: ${symbol}})`);
    }
  });
}

/**
 * Per session symbol (in `symbols` order), the venue that reads it: the mapping's venue with
 * `cryptoVenues`, else `cryptoVenue` for all. Only meaningful for a validated crypto config.
 */
export function symbolVenues(symbols: readonly string[], source: { cryptoVenue: CryptoVenue; cryptoVenues: readonly CryptoVenue[]; consolidatedSymbols: ConsolidatedSymbols }): CryptoVenue[] {
  if (source.cryptoVenues.length === 0) return symbols.map(() => source.cryptoVenue);
  const venueOf = new Map<string, CryptoVenue>();
  for (const venues of Object.values(source.consolidatedSymbols)) {
    for (const [venue, symbol] of Object.entries(venues) as [CryptoVenue, string][]) venueOf.set(symbol, venue);
  }
  return symbols.map((s) => venueOf.get(s) ?? source.cryptoVenue);
}

/**
 * The venues a session reads at once (`cryptoVenues` of a live crypto session), or [] for a
 * session on one venue or none: each gets its own connector, feed counters and consolidated slot.
 */
export function multiVenuesOf(cfg: { assetClass: AssetClass; source: { kind: string; cryptoVenues: readonly CryptoVenue[] } }): readonly CryptoVenue[] {
  return cfg.assetClass === 'crypto' && cfg.source.kind === 'live' ? cfg.source.cryptoVenues : [];
}
