/**
 * The on-disk copy of a venue's markets, one JSON file per venue (`markets-<venue>.json`) with
 * its fetch time, so a session start does not depend on the venue's REST API being up and an
 * unreachable venue still leaves the last known precision.
 *
 * The folder is `TRADEBOT_CACHE_DIR`, else `$XDG_CACHE_HOME/tradebot`, else `~/.cache/tradebot`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { MetadataVenue, VenueMarkets } from './venue-markets.js';

export const CACHE_DIR_VAR = 'TRADEBOT_CACHE_DIR';

/** How long a cached listing counts as current: listings and precision change rarely, and not intraday. */
export const FRESH_FOR_MS = 24 * 3600_000;

export function marketCacheFile(venue: MetadataVenue, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[CACHE_DIR_VAR] || path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'tradebot');
  return path.join(dir, `markets-${venue}.json`);
}

/** The cached listing of `venue`, or null when there is none or it is unreadable (then it is just reloaded). */
export function readMarketCache(file: string, venue: MetadataVenue): VenueMarkets | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const c = parsed as Partial<VenueMarkets> | null;
  if (c === null || typeof c !== 'object' || c.venue !== venue || typeof c.fetchedAt !== 'number'
    || typeof c.markets !== 'object' || c.markets === null) return null;
  return { venue, fetchedAt: c.fetchedAt, restBase: typeof c.restBase === 'string' ? c.restBase : '', markets: c.markets };
}

/** Write through a temporary file and rename, so a concurrent session never reads half a file. */
export function writeMarketCache(file: string, markets: VenueMarkets): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(markets)}\n`);
  renameSync(tmp, file);
}
