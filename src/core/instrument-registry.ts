/**
 * Instruments: a unified symbol (`BTC/USDT`, `AAPL`) on one venue is one instrument, with a dense
 * index that every record carries in its header (`instrument`), and the facts trading needs about
 * it: the venue's own spelling of the symbol, tick and lot size, fees, asset class. Positions and
 * limits are kept per instrument; `instrumentsOf(symbol)` and `instrumentsIn(assetClass)` give the
 * groups that per-symbol and per-asset-class limits aggregate over, so BTC/USDT on two venues
 * never merges into one position.
 *
 * Venues come from the config: the session's source decides where its market data and paper
 * fills come from (the simulated exchange, the in-process synthetic market, a replay, or a live
 * venue for the asset class; a live crypto session on several venues has each symbol's venue in
 * source.consolidatedSymbols, and symbol names are unique across its venues). Venue ids are the `VenueId` codes the decoders stamp on records.
 *
 * Built once from the config in every thread that needs it (it is plain data, cheap to build).
 * A live session also passes the venue's market metadata (loaded before the session starts,
 * see data/venues/market-metadata/session-markets.ts, and handed to every worker as
 * `LayerWorkerData.venueMarkets`): tick, lot, min notional and the venue's id then come from
 * the venue instead of the built-in guesses.
 */
import type { AssetClass, PipelineConfig } from '../pipeline/config-schema.js';
import { VenueId } from '../shm/records.js';
import { defaultStartPrice, defaultTickSize } from '../data/start-prices.js';
import type { VenueMarket } from '../data/venues/market-metadata/venue-markets.js';
import { multiVenuesOf, symbolVenues } from '../pipeline/venue-symbols-config.js';
import { feesOf } from '../pipeline/venue-fees-config.js';

export type VenueName = 'sim' | 'synthetic' | 'replay' | 'binance' | 'coinbase' | 'alpaca';

export const VENUE_IDS: Readonly<Record<VenueName, number>> = {
  sim: VenueId.Sim, synthetic: VenueId.Synthetic, replay: VenueId.Replay,
  binance: VenueId.Binance, coinbase: VenueId.Coinbase, alpaca: VenueId.Alpaca,
};

export interface Instrument {
  /** Dense index: the `instrument` slot of every record about it. */
  readonly index: number;
  /** `BTC/USDT@sim`: unique per instrument. */
  readonly key: string;
  /** The unified symbol, as in the config. */
  readonly symbol: string;
  readonly venue: VenueName;
  readonly venueId: number;
  /** The venue's spelling (`BTCUSDT` on Binance, `BTC-USD` style on Coinbase, `AAPL` on Alpaca). */
  readonly venueSymbol: string;
  readonly assetClass: AssetClass;
  /** Smallest price increment and quantity increment. */
  readonly tickSize: number;
  readonly lotSize: number;
  /** Smallest order value the venue accepts, in the quote currency (USD or a USD stablecoin); 0 = none known. */
  readonly minNotionalUsd: number;
  readonly takerFeeBps: number;
  readonly makerFeeBps: number;
}

/** The venue a session's market data and paper fills come from, by source kind and asset class. */
export function sessionVenue(cfg: PipelineConfig): VenueName {
  switch (cfg.source.kind) {
    case 'sim': return 'sim';
    case 'synthetic': return 'synthetic';
    case 'replay': return 'replay';
    // Advanced Trade is another API onto Coinbase's own books: the instruments are Coinbase's.
    case 'live': return cfg.assetClass !== 'crypto' ? 'alpaca' : cfg.source.cryptoVenue === 'coinbase_advanced' ? 'coinbase' : cfg.source.cryptoVenue;
  }
}

/**
 * The venue of each configured symbol, in `symbols` order: the session's venue, or in a live
 * crypto session on several venues (source.cryptoVenues) the one its mapping names.
 */
export function symbolVenueNames(cfg: PipelineConfig): VenueName[] {
  if (multiVenuesOf(cfg).length === 0) return cfg.symbols.map(() => sessionVenue(cfg));
  return symbolVenues(cfg.symbols, cfg.source).map((v) => (v === 'coinbase_advanced' ? 'coinbase' : v));
}

function venueSymbol(venue: VenueName, symbol: string): string {
  if (venue === 'coinbase') return symbol.replace('/', '-');
  return symbol.replace('/', '');
}

export class InstrumentRegistry {
  readonly instruments: readonly Instrument[];
  private readonly byKey: ReadonlyMap<string, number>;

  constructor(instruments: readonly Omit<Instrument, 'index' | 'key'>[]) {
    const list = instruments.map((i, index) => Object.freeze({ ...i, index, key: `${i.symbol}@${i.venue}` }));
    const byKey = new Map<string, number>();
    for (const i of list) {
      if (byKey.has(i.key)) throw new Error(`instrument registry: ${i.key} is listed twice`);
      byKey.set(i.key, i.index);
    }
    this.instruments = Object.freeze(list);
    this.byKey = byKey;
  }

  /**
   * One instrument per configured symbol on the session's venue, in `symbols` order. Without
   * venue metadata for a symbol (sim, synthetic and replay sessions, or a live venue that could
   * not be reached and left no cache), tick and lot are guessed and min notional is 0. Fees
   * stay the config's in every case: `execution.feeBps` / `makerFeeBps` (or the venue's line of
   * `execution.venueFees`) are the operator's own tier, the venue's listing only knows the base one.
   */
  static fromConfig(cfg: PipelineConfig, venueMarkets: Readonly<Record<string, VenueMarket>> | null = null): InstrumentRegistry {
    const venues = symbolVenueNames(cfg);
    return new InstrumentRegistry(cfg.symbols.map((symbol, s) => {
      const venue = venues[s];
      const market = venueMarkets?.[symbol];
      return {
        symbol, venue, venueId: VENUE_IDS[venue], venueSymbol: market?.venueId ?? venueSymbol(venue, symbol), assetClass: cfg.assetClass,
        tickSize: market?.tickSize ?? defaultTickSize(cfg.source.startPrices[symbol] ?? defaultStartPrice(symbol)),
        lotSize: market?.amountStep ?? (cfg.assetClass === 'crypto' ? 1e-8 : 1),
        minNotionalUsd: market?.minNotional ?? 0,
        ...feesOf(cfg.execution, venue),
      };
    }));
  }

  get size(): number {
    return this.instruments.length;
  }

  /** The index of `symbol@venue`, or -1. */
  indexOf(key: string): number {
    return this.byKey.get(key) ?? -1;
  }

  get(index: number): Instrument {
    const i = this.instruments[index];
    if (i === undefined) throw new Error(`instrument registry: no instrument ${index} (have ${this.instruments.length})`);
    return i;
  }

  /** Every instrument of a unified symbol, across venues. */
  instrumentsOf(symbol: string): Instrument[] {
    return this.instruments.filter((i) => i.symbol === symbol);
  }

  instrumentsIn(assetClass: AssetClass): Instrument[] {
    return this.instruments.filter((i) => i.assetClass === assetClass);
  }

  /** The venues that appear, each once. */
  venues(): VenueName[] {
    return [...new Set(this.instruments.map((i) => i.venue))];
  }
}
