/**
 * The market metadata of a live session, decided once before anything starts:
 *
 * 1. a cache younger than FRESH_FOR_MS that lists every session symbol is used as is;
 * 2. otherwise the venue is asked through ccxt and the answer cached (Alpaca: its trading API,
 *    paper or live as the session's `execution.venueSandbox` says, with the account's keys);
 * 3. a venue that cannot be reached falls back to the stale cache, with a warning;
 * 4. with no cache either, to the registry's built-in guesses (tick from the start price, lot
 *    1e-8 or 1 share), with a warning that precision and min notional are unknown. The session
 *    still starts: market data needs neither, only order sizing does.
 *
 * A symbol the listing does not hold is refused (UnlistedSymbolError) with close matches, since
 * the session would subscribe to a stream that never sends anything.
 *
 * Only `--source live` comes here: sim, synthetic and replay sessions trade made-up or recorded
 * markets, for which the built-in guesses are the right values.
 */
import type { PipelineConfig } from '../../../pipeline/config-schema.js';
import { loadVenueMarkets, METADATA_TIMEOUT_MS, type LoadOptions } from './ccxt-market-loader.js';
import { FRESH_FOR_MS, marketCacheFile, readMarketCache, writeMarketCache } from './market-cache.js';
import { closeMatches } from './symbol-matches.js';
import { metadataVenueOf, type MetadataVenue, type VenueMarket, type VenueMarkets } from './venue-markets.js';

export type MetadataOrigin = 'cache' | 'venue' | 'stale-cache' | 'defaults';

export interface SessionMarkets {
  readonly venue: MetadataVenue;
  readonly origin: MetadataOrigin;
  /** The session's symbols only (empty with origin 'defaults'); passed to every worker. */
  readonly markets: Readonly<Record<string, VenueMarket>>;
  /** Operator log lines saying where the metadata came from; warnings start with `WARNING`. */
  readonly notes: readonly string[];
}

export class UnlistedSymbolError extends Error {}

export interface PrepareOptions {
  env?: NodeJS.ProcessEnv;
  now?: number;
  /** The venue load (tests substitute one). */
  load?: (venue: MetadataVenue, env: NodeJS.ProcessEnv, loadOptions: LoadOptions) => Promise<VenueMarkets>;
}

export async function prepareSessionMarkets(cfg: PipelineConfig, options: PrepareOptions = {}): Promise<SessionMarkets> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now();
  const load = options.load ?? ((venue, e, o) => loadVenueMarkets(venue, e, METADATA_TIMEOUT_MS, o));
  const venue = metadataVenueOf(cfg);
  const file = marketCacheFile(venue, env);
  const cached = readMarketCache(file, venue);
  const listsAll = (m: VenueMarkets): boolean => cfg.symbols.every((s) => s in m.markets);

  if (cached !== null && now - cached.fetchedAt < FRESH_FOR_MS && listsAll(cached)) {
    return pick(cfg, cached, 'cache', [`market metadata: ${venue} from cache ${file} (fetched ${age(now - cached.fetchedAt)} ago)`]);
  }
  let loaded: VenueMarkets;
  try {
    loaded = await load(venue, env, { liveTrading: cfg.execution.venueSandbox === false });
  } catch (err) {
    const why = oneLine(err);
    if (cached !== null) {
      return pick(cfg, cached, 'stale-cache', [`WARNING market metadata: ${venue} could not be loaded (${why}); `
        + `using the cache ${file} from ${new Date(cached.fetchedAt).toISOString()} (${age(now - cached.fetchedAt)} old)`]);
    }
    return {
      venue, origin: 'defaults', markets: {},
      notes: [`WARNING market metadata: ${venue} could not be loaded (${why}) and there is no cache at ${file}: `
        + 'price tick and lot size are built-in guesses and min notional is unknown; '
        + 'the session starts anyway (market data does not need them, order sizing does)'],
    };
  }
  const notes = [`market metadata: ${venue}, ${Object.keys(loaded.markets).length} markets loaded from ${loaded.restBase} via ccxt`];
  try {
    writeMarketCache(file, loaded);
    notes[0] += `, cached in ${file}`;
  } catch (err) {
    notes.push(`WARNING market metadata: could not write the cache ${file} (${oneLine(err)}); the next session loads again`);
  }
  return pick(cfg, loaded, 'venue', notes);
}

/** The session's symbols out of a listing, refusing the ones it does not hold. */
function pick(cfg: PipelineConfig, listing: VenueMarkets, origin: MetadataOrigin, notes: string[]): SessionMarkets {
  const unlisted = cfg.symbols.filter((s) => !(s in listing.markets));
  if (unlisted.length > 0) {
    const listed = Object.keys(listing.markets);
    throw new UnlistedSymbolError(unlisted.map((s) => {
      const near = closeMatches(s, listed);
      return `${s} is not listed on ${listing.venue}${near.length > 0 ? ` (close matches: ${near.join(', ')})` : ''}`;
    }).join('; '));
  }
  const markets: Record<string, VenueMarket> = {};
  for (const s of cfg.symbols) {
    markets[s] = listing.markets[s];
    if (!listing.markets[s].active) notes.push(`WARNING market metadata: ${s} is listed on ${listing.venue} but not trading`);
  }
  return { venue: listing.venue, origin, markets, notes };
}

function age(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
  return message.replace(/\s+/g, ' ').slice(0, 200);
}
