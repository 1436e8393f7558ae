/**
 * The session summary's account of the consolidated top of book (a live crypto session on
 * several venues): per unified symbol, how many venue quote updates left each venue holding the
 * best bid and the best ask, how many times the venues became crossed (one venue bidding at or
 * above another's ask: a price gap to arbitrage before fees, not an error), and the last best
 * prices. Read from the shared ConsolidatedBlocks at the end, off every hot path.
 */
import { ConsolidatedBlock } from '../data/book/consolidated-top-block.js';
import type { Topology } from './topology.js';
import type { PipelineConfig } from './config.js';
import { multiVenuesOf } from './venue-symbols-config.js';

export interface ConsolidatedSymbolSummary {
  /** Venue quotes taken into the consolidated book. */
  updates: number;
  /** Per venue: the updates after which it held the best bid (ask). */
  best_bid_held: Record<string, number>;
  best_ask_held: Record<string, number>;
  /** Times the venues became crossed (a crossing that lasts counts once). */
  crossings: number;
  crossed_at_end: boolean;
  /** The last consolidated best prices and their venues (null when no venue quoted the side). */
  best_bid: number | null;
  best_bid_venue: string | null;
  best_ask: number | null;
  best_ask_venue: string | null;
}

/** Per unified symbol, or null when the session read one venue (or none). */
export function consolidatedSummary(topology: Topology, config: PipelineConfig): Record<string, ConsolidatedSymbolSummary> | null {
  const venues = multiVenuesOf(config);
  if (venues.length === 0 || topology.consolidatedTop.length === 0) return null;
  const f = new Float64Array(ConsolidatedBlock.fieldCount(venues.length));
  const out: Record<string, ConsolidatedSymbolSummary> = {};
  Object.keys(config.source.consolidatedSymbols).forEach((symbol, u) => {
    // L0 has stopped writing by now: a failed read can only be a writer that died mid-write.
    if (topology.consolidatedTop[u].read(f) < 0) return;
    const venueOf = (code: number): string | null => (code >= 0 ? venues[code] : null);
    const price = (v: number): number | null => (Number.isFinite(v) ? v : null);
    out[symbol] = {
      updates: f[ConsolidatedBlock.updates],
      best_bid_held: Object.fromEntries(venues.map((v, k) => [v, f[ConsolidatedBlock.bidHeld(k)]])),
      best_ask_held: Object.fromEntries(venues.map((v, k) => [v, f[ConsolidatedBlock.askHeld(k, venues.length)]])),
      crossings: f[ConsolidatedBlock.crossings],
      crossed_at_end: f[ConsolidatedBlock.crossed] === 1,
      best_bid: price(f[ConsolidatedBlock.bid]),
      best_bid_venue: venueOf(f[ConsolidatedBlock.bidVenue]),
      best_ask: price(f[ConsolidatedBlock.ask]),
      best_ask_venue: venueOf(f[ConsolidatedBlock.askVenue]),
    };
  });
  return out;
}

/** "BTC/USD: best bid binance 61%, coinbase 39%; best ask coinbase 70%, binance 30%; crossed 3 times (of 1,234 updates)". */
export function formatConsolidated(symbols: Record<string, ConsolidatedSymbolSummary>): string[] {
  const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const shares = (held: Record<string, number>, total: number): string => (total === 0
    ? 'no quotes'
    : Object.entries(held).sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ${Math.round((100 * n) / total)}%`).join(', '));
  return Object.entries(symbols).map(([symbol, s]) => `${symbol}: best bid ${shares(s.best_bid_held, s.updates)}; best ask ${shares(s.best_ask_held, s.updates)}; `
    + `crossed ${int.format(s.crossings)} times (of ${int.format(s.updates)} updates)`);
}
