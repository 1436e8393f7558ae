/**
 * Loads a venue's markets with ccxt (`loadMarkets`) and turns ccxt's unified market objects into
 * VenueMarket records. Binance and Coinbase list their markets on public endpoints; Alpaca only
 * on its trading API (`GET /v2/assets`), with the account's keys, read from the environment
 * (APCA_API_KEY_ID / APCA_API_SECRET_KEY) as for its market data and orders.
 *
 * The REST base follows the same environment overrides as the market-data side (proxies,
 * regional endpoints, loopback servers in tests): every `urls.api` entry of the exchange that
 * points at the venue's default host is re-rooted at the override, path kept, so ccxt's own
 * endpoint paths (`/api/v3/exchangeInfo`, `/fapi/v1/exchangeInfo`, `/products`, `/v2/assets`)
 * are unchanged. Alpaca's assets come from the trading API the session's orders would use: the
 * paper host unless `execution.venueSandbox` is false, or TRADEBOT_ALPACA_TRADING_URL.
 */
import ccxt from 'ccxt';
import { ALPACA_KEY_VARS, ENDPOINT_OVERRIDES } from '../market-data-endpoints.js';
import { ALPACA_LIVE_TRADING_URL, ALPACA_PAPER_TRADING_URL, ALPACA_TRADING_URL_VAR } from '../../../execution/live/alpaca-trading-client.js';
import type { MetadataVenue, VenueMarket, VenueMarkets } from './venue-markets.js';

/** ccxt's own default is 10 s; a session start should not wait longer than that for metadata. */
export const METADATA_TIMEOUT_MS = 10_000;

interface VenueSpec {
  readonly create: (config: Record<string, unknown>) => InstanceType<typeof ccxt.Exchange>;
  /** The environment variable that re-roots the REST base. */
  readonly override: string;
  /** Origin of the `urls.api` entries the override replaces (`{hostname}` already filled in). */
  readonly defaultOrigin: string;
  /** The origin for a session whose orders go to the venue's live (not test) environment, when it differs. */
  readonly liveOrigin?: string;
  /** The one `urls.api` entry the listing is read from, set to the REST base outright (its default host differs by environment). */
  readonly listingApi?: string;
  /** Environment variables of the key and secret the listing needs; none for a public listing. */
  readonly keyVars?: readonly [string, string];
  /** Parameters of ccxt's fetchMarkets request. */
  readonly listingParams?: Record<string, string>;
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
  // ccxt lists Alpaca's assets through the trading API's /v2/assets, authenticated, and asks for
  // crypto unless told otherwise: a stocks session asks for US equities. Its parseMarket keys an
  // equity `AAPL/USD` with id `AAPL`; toVenueMarket keys it `AAPL`, as sessions write it.
  alpaca: {
    create: (c) => new ccxt.alpaca(c), override: ALPACA_TRADING_URL_VAR, defaultOrigin: ALPACA_PAPER_TRADING_URL,
    liveOrigin: ALPACA_LIVE_TRADING_URL, listingApi: 'trader', keyVars: ALPACA_KEY_VARS, listingParams: { asset_class: 'us_equity' },
  },
};

export interface LoadOptions {
  /** The session's orders go to the venue's live environment (`execution.venueSandbox: false`). */
  liveTrading?: boolean;
}

/** The REST base the metadata of `venue` is read from: the override, or the venue's default. */
export function metadataRestBase(venue: MetadataVenue, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): string {
  const spec = VENUES[venue];
  const value = env[spec.override];
  if (value === undefined || value === '') return options.liveTrading === true ? spec.liveOrigin ?? spec.defaultOrigin : spec.defaultOrigin;
  if (!/^https?:\/\/[^/]/.test(value)) throw new Error(`${spec.override}=${JSON.stringify(value)} is not a http:// or https:// URL`);
  return value.replace(/\/+$/, '');
}

/** Load every market `venue` lists, as records keyed by unified symbol. */
export async function loadVenueMarkets(
  venue: MetadataVenue, env: NodeJS.ProcessEnv = process.env, timeoutMs = METADATA_TIMEOUT_MS, options: LoadOptions = {},
): Promise<VenueMarkets> {
  const spec = VENUES[venue];
  const restBase = metadataRestBase(venue, env, options);
  const keys = listingKeys(venue, spec, env);
  const exchange = spec.create({ timeout: timeoutMs, enableRateLimit: false, options: spec.options ?? {}, ...keys });
  // Currencies are not needed for precision or limits, and on some venues they are one more
  // request that can fail.
  exchange.has['fetchCurrencies'] = false;
  const api = exchange.urls['api'] as Record<string, unknown>;
  if (spec.listingApi !== undefined) api[spec.listingApi] = restBase;
  else rerootApiUrls(api, exchange.hostname, spec.defaultOrigin, restBase);
  let loaded: Record<string, unknown>;
  try {
    loaded = await exchange.loadMarkets(false, spec.listingParams ?? {});
  } catch (err) {
    throw withoutKeys(err, keys);
  } finally {
    await exchange.close();
  }
  const markets: Record<string, VenueMarket> = {};
  for (const market of Object.values(loaded)) {
    const record = venue === 'alpaca'
      ? toEquityMarket(market as UnifiedMarket)
      : toVenueMarket(market as UnifiedMarket, exchange.precisionMode ?? ccxt.TICK_SIZE, venue === 'binanceusdm');
    if (record !== null) markets[record.symbol] = record;
  }
  // An empty listing is a broken answer (a proxy's error page, a wrong path), not a venue with no markets.
  if (Object.keys(markets).length === 0) throw new Error(`${venue} at ${restBase} listed no markets`);
  return { venue, fetchedAt: Date.now(), restBase, markets };
}

/** The key and secret a listing needs, from the environment; refused by name when either is missing. */
function listingKeys(venue: MetadataVenue, spec: VenueSpec, env: NodeJS.ProcessEnv): { apiKey?: string; secret?: string } {
  if (spec.keyVars === undefined) return {};
  const [keyVar, secretVar] = spec.keyVars;
  const apiKey = env[keyVar] ?? '';
  const secret = env[secretVar] ?? '';
  if (apiKey === '' || secret === '') throw new Error(`${venue} lists its assets only to an account: set ${keyVar} and ${secretVar} in the environment`);
  return { apiKey, secret };
}

/** `err` with the key and secret blanked out of its message and stack: ccxt quotes requests in some errors, and the message is logged. */
function withoutKeys(err: unknown, keys: { apiKey?: string; secret?: string }): unknown {
  if (!(err instanceof Error)) return err;
  for (const value of [keys.apiKey, keys.secret]) {
    if (value === undefined || value === '') continue;
    err.message = err.message.split(value).join('***');
    if (err.stack !== undefined) err.stack = err.stack.split(value).join('***');
  }
  return err;
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
  /** The venue's own record (Alpaca: the Asset object). */
  info?: Record<string, unknown>;
}

/**
 * One of Alpaca's assets as a stocks session's record, or null when it is no US equity. Keyed by
 * ticker (`AAPL`, ccxt's id; its symbol is `AAPL/USD`). Equities trade in whole shares here:
 * Alpaca takes fractional quantities (up to 9 decimals, `fractionable` assets only) as market or
 * day orders only and refuses fractional short sales, so the lot is one share whatever the asset
 * says. The tick is the asset's `price_increment` where it has one (crypto has, equities do not:
 * then it is left to the registry's price-based rule, a cent from $1 up). Alpaca charges no
 * commission on equities. An asset that is listed but not `tradable` counts as inactive.
 */
export function toEquityMarket(market: UnifiedMarket): VenueMarket | null {
  if (market.info?.['class'] !== 'us_equity') return null;
  return {
    symbol: market.id,
    venueId: market.id,
    tickSize: precisionStep(market.precision?.price, ccxt.TICK_SIZE),
    amountStep: 1,
    minAmount: 1,
    minNotional: null,
    takerFee: 0,
    makerFee: 0,
    active: market.active !== false && market.info['tradable'] !== false,
  };
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
