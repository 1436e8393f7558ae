/**
 * What a `--live` session settles before anything starts: whether this build can send its orders
 * (and refuses, naming why, when not), where they go (the simulated exchange's copy of the venue's
 * API with --source sim, the venue's test environment or real account with --source live), the
 * rules its orders must meet, and, when it resumes a session that died, what the venue did with
 * the orders that were working.
 */
import { UsageError } from './exit-codes.js';
import type { PipelineConfig } from './config.js';
import { ENDPOINT_OVERRIDES, type MarketDataEndpoints } from '../data/venues/market-data-endpoints.js';
import { loadVenueMarkets } from '../data/venues/market-metadata/ccxt-market-loader.js';
import type { VenueMarket } from '../data/venues/market-metadata/venue-markets.js';
import { credentialsFromEnv } from '../execution/live/live-credentials.js';
import {
  alpacaOrderEndpoints, binanceOrderEndpoints, coinbaseOrderEndpoints, orderGatewayFor, type OrderVenueEndpoints, type OrderVenueName,
} from '../execution/live/live-order-venue.js';
import { reconcileOrphansAtVenue } from '../compliance/venue-reconcile.js';
import type { RecoveredSession } from '../compliance/session-recovery.js';

/**
 * `--live`: crypto orders go through ccxt to the venue the session reads (`source.cryptoVenue`:
 * Binance spot, Coinbase Exchange or Coinbase Advanced Trade), stock orders to Alpaca's trading
 * API (the simulated exchange's copy of the venue's API with --source sim, which speaks Binance
 * and Alpaca). Said before anything starts: what this build cannot send live, and missing keys
 * (by variable name, never value).
 */
export function checkLiveExecution(config: PipelineConfig): void {
  const refuse = (why: string): never => { throw new UsageError(`--live: ${why}; nothing was started. Run without --live to paper-trade.`); };
  if (config.source.kind !== 'sim' && config.source.kind !== 'live') {
    refuse(`orders need a venue, and --source ${config.source.kind} has none: use --source sim (the simulated exchange's order API) or --source live`);
  }
  if (config.assetClass === 'crypto' && config.source.cryptoVenues.length > 0) {
    refuse('a live session sends its orders to one venue: set source.cryptoVenue (binance, coinbase or coinbase_advanced) and no source.cryptoVenues');
  }
  // The venue's answers arrive between batches; in the single placement L5 runs in the same batch
  // chain as L4 and would book them outside its own batch (uncounted, unsnapshotted).
  if (config.pipeline.topology === 'single') {
    refuse('the single topology runs every stage in the market-data thread, which this build cannot share with a venue\'s order answers: use --topology layered or fused');
  }
  const venue = orderVenueName(config);
  if (venue === 'binance' && config.source.binanceMarket !== 'spot') {
    refuse('live Binance orders go to spot only in this build: set source.binanceMarket: spot');
  }
  if (venue !== 'binance' && venue !== 'alpaca' && config.source.kind === 'sim') {
    refuse(`the simulated exchange takes Binance spot and Alpaca orders, not ${venue}'s: use source.cryptoVenue: binance with --source sim, or --source live`);
  }
  if (venue === 'coinbase' && config.execution.venueSandbox) {
    refuse('Coinbase Advanced Trade has no test environment in ccxt: set execution.venueSandbox: false to trade the real account, or use source.cryptoVenue: coinbase (Coinbase Exchange, whose sandbox ccxt supports)');
  }
  try {
    credentialsFromEnv(orderVenueName(config));
    if (config.source.kind === 'live') orderVenueOf(config, null);
  } catch (err) {
    refuse((err as Error).message);
  }
}

/** Whose keys and order API a live session uses: the venue whose market data it reads. */
export function orderVenueName(config: PipelineConfig): OrderVenueName {
  if (config.assetClass === 'stocks') return 'alpaca';
  const venue = config.source.cryptoVenue;
  return venue === 'coinbase' ? 'coinbaseexchange' : venue === 'coinbase_advanced' ? 'coinbase' : 'binance';
}

/** Where a `--live` session's orders go (null: paper); a sim session's keys are the simulated account's. */
export function orderVenueOf(config: PipelineConfig, simEndpoints: MarketDataEndpoints | null): OrderVenueEndpoints | null {
  if (config.execution.mode !== 'live') return null;
  const venue = orderVenueName(config);
  if (config.source.kind === 'sim' && simEndpoints !== null) {
    return { venue, restBase: simEndpoints.restBase, wsBase: simEndpoints.wsBase, sandbox: true, label: 'the simulated exchange' };
  }
  return venue === 'alpaca' ? alpacaOrderEndpoints(config.execution.venueSandbox)
    : venue === 'binance' ? binanceOrderEndpoints(config.execution.venueSandbox)
      : coinbaseOrderEndpoints(venue, config.execution.venueSandbox);
}

/**
 * The simulated exchange's tick, lot and min notional, read from its exchangeInfo through ccxt as
 * a live session reads the venue's (not cached: the cache holds the real venue's listing).
 */
export async function simMarkets(config: PipelineConfig, sim: MarketDataEndpoints, log: (message: string) => void): Promise<Readonly<Record<string, VenueMarket>>> {
  const listing = await loadVenueMarkets('binance', { ...process.env, [ENDPOINT_OVERRIDES.binanceRest]: sim.restBase });
  const markets: Record<string, VenueMarket> = {};
  for (const s of config.symbols) {
    const market = listing.markets[s];
    if (market === undefined) throw new Error(`the simulated exchange does not list ${s}`);
    markets[s] = market;
  }
  log(`market metadata: the simulated exchange's rules for ${config.symbols.join(', ')} (${Object.keys(listing.markets).length} markets via ccxt)`);
  return markets;
}

/**
 * A resumed live session whose venue outlived the crash: ask it about the orders the trail shows
 * working and append what it says to the trail (venue-reconcile.ts). True when the trail changed
 * and the book must be rebuilt from it; refuses the start (UsageError) when the venue cannot answer.
 */
export async function reconcileResumeWithVenue(config: PipelineConfig, recovered: RecoveredSession, log: (message: string) => void): Promise<boolean> {
  if (recovered.orphaned.length === 0 || config.execution.mode !== 'live' || config.source.kind !== 'live') return false;
  const gateway = orderGatewayFor(orderVenueOf(config, null)!);
  try {
    const r = await reconcileOrphansAtVenue(recovered, gateway, config.execution.feeBps);
    log(`--resume: asked the venue about ${r.asked} orders working at the crash: ${r.fills} fills the trail did not hold, `
      + `${r.ended} ended, ${r.unknown} unknown to it`);
  } catch (err) {
    throw new UsageError(`--resume: ${(err as Error).message}; nothing was started`);
  } finally {
    await gateway.close();
  }
  return true;
}
