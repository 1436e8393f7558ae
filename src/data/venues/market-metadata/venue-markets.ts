/**
 * What a venue says about the instruments it lists, as plain records per unified symbol: the
 * venue's own id for it, the price tick, the amount step, the minimum amount and notional, and
 * the base-tier fees. Loaded through ccxt (ccxt-market-loader.ts), cached on disk
 * (market-cache.ts) and checked against a live session's symbols (session-markets.ts).
 *
 * Every number is null when the venue does not say: a missing minimum is not a zero minimum.
 */
import type { PipelineConfig } from '../../../pipeline/config-schema.js';

/** The ccxt exchange a live session's metadata comes from. */
export type MetadataVenue = 'binance' | 'binanceusdm' | 'coinbaseexchange' | 'alpaca';

export interface VenueMarket {
  /** Unified symbol as the config writes it: `BTC/USDT` (also on USD-M, whose ccxt symbol is `BTC/USDT:USDT`). */
  readonly symbol: string;
  /** The venue's spelling: `BTCUSDT`, `BTC-USD`. */
  readonly venueId: string;
  /** Smallest price increment, in quote currency. */
  readonly tickSize: number | null;
  /** Smallest amount increment, in base currency. */
  readonly amountStep: number | null;
  readonly minAmount: number | null;
  /** Smallest order value, in quote currency (`limits.cost.min`). */
  readonly minNotional: number | null;
  /** Fractions (0.001 = 10 bps) of the venue's base fee tier. */
  readonly takerFee: number | null;
  readonly makerFee: number | null;
  readonly active: boolean;
}

export interface VenueMarkets {
  readonly venue: MetadataVenue;
  /** Epoch ms of the load. */
  readonly fetchedAt: number;
  /** The REST base the markets were read from. */
  readonly restBase: string;
  readonly markets: Readonly<Record<string, VenueMarket>>;
}

/** The metadata venue of a live session: its crypto venue and Binance market, or Alpaca for stocks. */
export function metadataVenueOf(cfg: PipelineConfig): MetadataVenue {
  if (cfg.assetClass === 'stocks') return 'alpaca';
  // Advanced Trade lists the same products with the same increments as the Exchange; the
  // Exchange's listing needs no keys.
  if (cfg.source.cryptoVenue === 'coinbase' || cfg.source.cryptoVenue === 'coinbase_advanced') return 'coinbaseexchange';
  return cfg.source.binanceMarket === 'usdm' ? 'binanceusdm' : 'binance';
}
