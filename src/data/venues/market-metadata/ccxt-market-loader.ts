/**
 * Loads a venue's markets with ccxt (`loadMarkets`, public endpoints only, no keys) and turns
 * ccxt's unified market objects into VenueMarket records.
 *
 * The REST base follows the same environment overrides as the market-data side (proxies,
 * regional endpoints, loopback servers in tests): every `urls.api` entry of the exchange that
 * points at the venue's default host is re-rooted at the override, path kept, so ccxt's own
 * endpoint paths (`/api/v3/exchangeInfo`, `/fapi/v1/exchangeInfo`, `/products`) are unchanged.
 */
import ccxt from 'ccxt';
import { ENDPOINT_OVERRIDES } from '../market-data-endpoints.js';
import type { MetadataVenue, VenueMarket, VenueMarkets } from './venue-markets.js';

/** ccxt's own default is 10 s; a session start should not wait longer than that for metadata. */
export const METADATA_TIMEOUT_MS = 10_000;

interface VenueSpec {
  readonly create: (config: Record<string, unknown>) => InstanceType<typeof ccxt.Exchange>;
  /** The environment variable that re-roots the REST base. */
  readonly override: string;
  /** Origin of the `urls.api` entries the override replaces (`{hostname}` already filled in). */
  readonly defaultOrigin: string;
  readonly options?: Record<string, unknown>;
}

const VENUES: Readonly<Record<MetadataVenue, VenueSpec>> = {
  // Spot only: ccxt's binance also asks the futures hosts by default, which a spot session
  // neither needs nor may be able to reach.
  binance: {
    create: (c) => new ccxt.binance(c), override: ENDPOINT_OVERRIDES.binanceRest, defaultOrigin: 'https://api.binance.com',
    options: { fetchMarkets: { types: ['spot'] } },
  },
  binanceusdm: {
    create: (c) => new ccxt.binanceusdm(c), override: ENDPOINT_OVERRIDES.binanceRest, defaultOrigin: 'https://fapi.binance.com',
    options: { fetchMarkets: { types: ['linear'] } },
  },
  coinbaseexchange: {
    create: (c) => new ccxt.coinbaseexchange(c), override: ENDPOINT_OVERRIDES.coinbaseRest, defaultOrigin: 'https://api.exchange.coinbase.com',
  },
  // ccxt lists Alpaca's markets through the trader API's /v2/assets, which is authenticated and
  // asks for crypto only; without keys ccxt refuses before sending anything.
  alpaca: {
    create: (c) => new ccxt.alpaca(c), override: ENDPOINT_OVERRIDES.alpacaRest, defaultOrigin: 'https://api.alpaca.markets',
  },
};

/** The REST base the metadata of `venue` is read from: the override, or the venue's default. */
export function metadataRestBase(venue: MetadataVenue, env: NodeJS.ProcessEnv = process.env): string {
  const spec = VENUES[venue];
  const value = env[spec.override];
  if (value === undefined || value === '') return spec.defaultOrigin;
  if (!/^https?:\/\/[^/]/.test(value)) throw new Error(`${spec.override}=${JSON.stringify(value)} is not a http:// or https:// URL`);
  return value.replace(/\/+$/, '');
}

/** Load every market `venue` lists, as records keyed by unified symbol. */
export async function loadVenueMarkets(
  venue: MetadataVenue, env: NodeJS.ProcessEnv = process.env, timeoutMs = METADATA_TIMEOUT_MS,
): Promise<VenueMarkets> {
  const spec = VENUES[venue];
  const restBase = metadataRestBase(venue, env);
  const exchange = spec.create({ timeout: timeoutMs, enableRateLimit: false, options: spec.options ?? {} });
  // Currencies are not needed for precision or limits, and on some venues they are one more
  // request that can fail.
  exchange.has['fetchCurrencies'] = false;
  rerootApiUrls(exchange.urls['api'] as Record<string, unknown>, exchange.hostname, spec.defaultOrigin, restBase);
  let loaded: Record<string, unknown>;
  try {
    loaded = await exchange.loadMarkets();
  } finally {
    await exchange.close();
  }
  const markets: Record<string, VenueMarket> = {};
  for (const market of Object.values(loaded)) {
    const record = toVenueMarket(market as UnifiedMarket, exchange.precisionMode ?? ccxt.TICK_SIZE, venue === 'binanceusdm');
    if (record !== null) markets[record.symbol] = record;
  }
  // An empty listing is a broken answer (a proxy's error page, a wrong path), not a venue with no markets.
  if (Object.keys(markets).length === 0) throw new Error(`${venue} at ${restBase} listed no markets`);
  return { venue, fetchedAt: Date.now(), restBase, markets };
}

function rerootApiUrls(api: Record<string, unknown>, hostname: string | undefined, defaultOrigin: string, restBase: string): void {
  if (restBase === defaultOrigin) return;
  for (const [key, value] of Object.entries(api)) {
    if (typeof value !== 'string') continue;
    const url = hostname === undefined ? value : value.replace('{hostname}', hostname);
    if (url === defaultOrigin || url.startsWith(`${defaultOrigin}/`)) api[key] = restBase + url.slice(defaultOrigin.length);
  }
}

/** The fields of ccxt's unified market structure read here (ccxt types every one as optional). */
export interface UnifiedMarket {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  spot?: boolean;
  swap?: boolean;
  linear?: boolean | null;
  active?: boolean | null;
  taker?: number | null;
  maker?: number | null;
  precision?: { price?: number | null; amount?: number | null };
  limits?: { amount?: { min?: number | null }; cost?: { min?: number | null } };
}

/**
 * One ccxt market as a record, or null when the session could not trade it: USD-M keeps linear
 * perpetuals only (keyed `BTC/USDT`, as a session writes them), the spot venues keep spot.
 */
export function toVenueMarket(market: UnifiedMarket, precisionMode: number, perpetuals: boolean): VenueMarket | null {
  if (perpetuals ? !(market.swap && market.linear) : !market.spot) return null;
  const symbol = perpetuals ? `${market.base}/${market.quote}` : market.symbol;
  return {
    symbol,
    venueId: market.id,
    tickSize: precisionStep(market.precision?.price, precisionMode),
    amountStep: precisionStep(market.precision?.amount, precisionMode),
    minAmount: finiteOrNull(market.limits?.amount?.min),
    minNotional: finiteOrNull(market.limits?.cost?.min),
    takerFee: finiteOrNull(market.taker),
    makerFee: finiteOrNull(market.maker),
    active: market.active !== false,
  };
}

/**
 * ccxt 4 reports these venues' precision as a step (TICK_SIZE mode); an exchange in
 * DECIMAL_PLACES mode reports a digit count, which is the step 10^-digits. SIGNIFICANT_DIGITS
 * has no fixed step (it depends on the price), so it is unknown here.
 */
export function precisionStep(value: number | null | undefined, precisionMode: number): number | null {
  const v = finiteOrNull(value);
  if (v === null) return null;
  if (precisionMode === ccxt.TICK_SIZE) return v > 0 ? v : null;
  if (precisionMode === ccxt.DECIMAL_PLACES) return Number(`1e${-v}`);
  return null;
}

function finiteOrNull(value: number | undefined | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
