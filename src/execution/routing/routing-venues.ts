/**
 * What the smart order router knows about each venue quoting one unified symbol: its visible
 * depth (best first, one price and one quantity array per side, the layout book-depth-block.ts
 * publishes), its fees and trading rules, and whether its book may be traded on.
 *
 * Everything is sized at construction (max venues x max levels) and refreshed in place, so the
 * per-intent allocation reads it without allocating. Each venue's side is its own Float64Array
 * view (made once here) because the taker walk reads a side from index 0.
 */
import { BookDepth } from '../../data/book/book-depth-block.js';

/** Per-venue fee and trading-rule slots of `RoutingVenues.params` (venue v at v * VENUE_PARAM_SLOTS). */
export const VenueParam = {
  takerFeeBps: 0,
  /** Negative for a rebate. */
  makerFeeBps: 1,
  /** Smallest child notional (price x quantity, quote currency) the venue accepts. */
  minNotional: 2,
  /** Quantity step: children are whole multiples of it. */
  lotSize: 3,
  /** Price step. */
  tickSize: 4,
  /** 1 while the book is synced (a snapshot applied and diffs in sequence), 0 while it waits for one. */
  synced: 5,
  /** 1 while trading is halted on the venue (set by whoever watches its status), 0 otherwise. */
  halted: 6,
  /** Event time (µs since epoch) of the depth last loaded; older than the stale limit = not traded on. */
  bookTsUs: 7,
  /**
   * Most the venue may be given of the next allocation (Infinity: no cap). The caller sets it per
   * request, e.g. to what the account holds there when the order only reduces a position.
   */
  maxQuantity: 8,
} as const;
export const VENUE_PARAM_SLOTS = 9;

/** Fees and trading rules of one venue, as the router config gives them. */
export interface VenueRules {
  readonly name: string;
  readonly takerFeeBps: number;
  readonly makerFeeBps: number;
  readonly minNotional: number;
  readonly lotSize: number;
  readonly tickSize: number;
}

export class RoutingVenues {
  readonly venueCount: number;
  readonly maxLevels: number;
  readonly names: readonly string[];
  readonly params: Float64Array;
  /** Per venue, best first: asks ascending, bids descending. Rows past the level count are NaN / 0. */
  readonly askPrices: Float64Array[];
  readonly askQuantities: Float64Array[];
  readonly bidPrices: Float64Array[];
  readonly bidQuantities: Float64Array[];
  /** Per venue, the valid leading levels of each side. */
  readonly askLevels: Int32Array;
  readonly bidLevels: Int32Array;

  constructor(venues: readonly VenueRules[], maxLevels: number) {
    if (venues.length === 0) throw new Error('routing venues: at least one venue is needed');
    if (!(Number.isInteger(maxLevels) && maxLevels > 0)) throw new Error(`routing venues: maxLevels must be a positive integer, got ${maxLevels}`);
    this.venueCount = venues.length;
    this.maxLevels = maxLevels;
    this.names = venues.map((v) => v.name);
    this.params = new Float64Array(venues.length * VENUE_PARAM_SLOTS);
    const side = (): Float64Array[] => venues.map(() => new Float64Array(maxLevels));
    this.askPrices = side();
    this.askQuantities = side();
    this.bidPrices = side();
    this.bidQuantities = side();
    this.askLevels = new Int32Array(venues.length);
    this.bidLevels = new Int32Array(venues.length);
    venues.forEach((rules, v) => {
      const at = v * VENUE_PARAM_SLOTS;
      this.params[at + VenueParam.takerFeeBps] = rules.takerFeeBps;
      this.params[at + VenueParam.makerFeeBps] = rules.makerFeeBps;
      this.params[at + VenueParam.minNotional] = rules.minNotional;
      this.params[at + VenueParam.lotSize] = rules.lotSize;
      this.params[at + VenueParam.tickSize] = rules.tickSize;
      // Nothing is traded on a venue until its first depth arrives.
      this.params[at + VenueParam.bookTsUs] = NaN;
      this.params[at + VenueParam.maxQuantity] = Infinity;
      this.clearSide(this.askPrices[v], this.askQuantities[v], 0);
      this.clearSide(this.bidPrices[v], this.bidQuantities[v], 0);
    });
  }

  /** Venue index by name, -1 if the router does not know it. */
  indexOf(name: string): number {
    return this.names.indexOf(name);
  }

  /**
   * Copy a venue's depth from a BookDepth block (a consistent copy: the caller reads the seqlock).
   * The block's own `synced` flag and timestamp come along: an unsynced book is skipped by the router.
   */
  loadDepth(venue: number, depth: Float64Array): void {
    const at = venue * VENUE_PARAM_SLOTS;
    this.params[at + VenueParam.synced] = depth[BookDepth.synced] === 1 ? 1 : 0;
    this.params[at + VenueParam.bookTsUs] = depth[BookDepth.tsMicros];
    const published = depth[BookDepth.levels];
    const levels = published < this.maxLevels ? published : this.maxLevels;
    const askPrices = this.askPrices[venue];
    const askQuantities = this.askQuantities[venue];
    const bidPrices = this.bidPrices[venue];
    const bidQuantities = this.bidQuantities[venue];
    let asks = 0;
    let bids = 0;
    for (let i = 0; i < levels; i++) {
      const row = BookDepth.level(i);
      const askPrice = depth[row + BookDepth.askPrice];
      const askQuantity = depth[row + BookDepth.askQty];
      // A side ends at its first empty row (the publisher pads short sides with NaN / 0).
      if (asks === i && askPrice > 0 && askQuantity > 0) {
        askPrices[i] = askPrice;
        askQuantities[i] = askQuantity;
        asks++;
      }
      const bidPrice = depth[row + BookDepth.bidPrice];
      const bidQuantity = depth[row + BookDepth.bidQty];
      if (bids === i && bidPrice > 0 && bidQuantity > 0) {
        bidPrices[i] = bidPrice;
        bidQuantities[i] = bidQuantity;
        bids++;
      }
    }
    this.clearSide(askPrices, askQuantities, asks);
    this.clearSide(bidPrices, bidQuantities, bids);
    this.askLevels[venue] = asks;
    this.bidLevels[venue] = bids;
  }

  /** Halt or resume a venue (exchange status, maintenance, a connector that lost its session). */
  setHalted(venue: number, halted: boolean): void {
    this.params[venue * VENUE_PARAM_SLOTS + VenueParam.halted] = halted ? 1 : 0;
  }

  private clearSide(prices: Float64Array, quantities: Float64Array, from: number): void {
    for (let i = from; i < prices.length; i++) {
      prices[i] = NaN;
      quantities[i] = 0;
    }
  }
}
