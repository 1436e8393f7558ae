/**
 * The consolidated top of book of unified symbols quoted on several venues: each venue's best bid
 * and ask per symbol, and across them the best bid and the best ask, each with the venue that
 * shows it (Binance's BTC/USDT and Coinbase's BTC/USD are one unified symbol when the config maps
 * them so; see consolidated-symbol-map.ts).
 *
 * Cost: `update` is O(1) unless it worsens the side a venue was best on, which rescans that
 * side's venues (a handful); reads are O(1). All state is typed arrays sized at construction:
 * nothing is allocated after it. Prices go in and out through Float64Array slots (`update` reads
 * a VenueQuote, `readTop` writes a ConsolidatedTop), because a double passed to or returned from
 * a call V8 does not inline is boxed: that is the hot-path interface; the single-value getters
 * are for everything else.
 *
 * Which quote counts:
 * - A venue's quote is live from its first accepted update until `withdraw` (its book was reset,
 *   its connection dropped) or until `expire` finds it older than `staleAfterUs` in event time:
 *   a stale venue drops out of the consolidated top, and comes back with its next update.
 * - Better price wins; at an equal price the quote that got there first (in the order updates
 *   arrived here) keeps it: time priority, a venue matching the best does not take it over.
 * - The consolidated top may be crossed (one venue's bid above another's ask): that is the market,
 *   not an error, and `isCrossed` says so. A venue's own crossed quote is an error.
 *
 * Bad input: a price that is not finite and > 0, a size that is not finite and >= 0, a venue's bid
 * at or above its own ask, a time older than the venue's last one, or a symbol or venue out of
 * range is refused (nothing changes), counted in `rejects` by ConsolidatedReject, and said by the
 * return value, so the caller can count and log it where its logging lives.
 */

export const ConsolidatedReject = {
  None: 0, BadSymbol: 1, BadVenue: 2, BadPrice: 3, BadSize: 4, CrossedQuote: 5, OldQuote: 6,
} as const;
export const CONSOLIDATED_REJECT_REASONS = ['none', 'bad_symbol', 'bad_venue', 'bad_price', 'bad_size', 'crossed_quote', 'old_quote'] as const;

/** Slots of the quote `update` reads: one venue's top of book for one symbol, at event time `ts` (µs). */
export const VenueQuote = { bid: 0, bidSize: 1, ask: 2, askSize: 3, ts: 4 } as const;
export const VENUE_QUOTE_F64 = 5;

/** Slots `readTop` writes: the consolidated best bid and ask, each with its size and venue (-1 and NaN when none). */
export const ConsolidatedTop = { bid: 0, bidSize: 1, bidVenue: 2, ask: 3, askSize: 4, askVenue: 5 } as const;
export const CONSOLIDATED_TOP_F64 = 6;

export interface ConsolidatedTopOfBookOptions {
  /** A venue quote older than this (event time, µs) drops out at the next `expire`. */
  staleAfterUs: number;
}

export class ConsolidatedTopOfBook {
  readonly symbolCount: number;
  readonly venueCount: number;
  /** Refused updates by ConsolidatedReject. */
  readonly rejects = new Float64Array(CONSOLIDATED_REJECT_REASONS.length);
  /** Per (symbol, venue), at `symbol * venueCount + venue`: the venue's last accepted quote. */
  private readonly bid: Float64Array;
  private readonly bidSize: Float64Array;
  private readonly ask: Float64Array;
  private readonly askSize: Float64Array;
  /** Event time of the venue's last accepted quote, µs. */
  private readonly ts: Float64Array;
  /**
   * When the venue took its current price, per side, as an arrival number (time priority). Not
   * the event time: two venues can stamp the same microsecond, and a tie must not depend on which
   * venue was looked at first.
   */
  private readonly bidSince: Float64Array;
  private readonly askSince: Float64Array;
  /** 1 while the venue's quote counts. */
  private readonly live: Uint8Array;
  /** Per symbol: the venue of the best bid and of the best ask, -1 when no venue quotes it. */
  private readonly bestBidAt: Int32Array;
  private readonly bestAskAt: Int32Array;
  private readonly staleAfterUs: number;
  private arrivals = 0;

  constructor(symbolCount: number, venueCount: number, options: ConsolidatedTopOfBookOptions) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`ConsolidatedTopOfBook: bad symbol count ${symbolCount}`);
    if (!Number.isInteger(venueCount) || venueCount <= 0) throw new Error(`ConsolidatedTopOfBook: bad venue count ${venueCount}`);
    if (!(options.staleAfterUs > 0)) throw new Error(`ConsolidatedTopOfBook: staleAfterUs must be > 0, got ${options.staleAfterUs}`);
    this.symbolCount = symbolCount;
    this.venueCount = venueCount;
    this.staleAfterUs = options.staleAfterUs;
    const n = symbolCount * venueCount;
    this.bid = new Float64Array(n);
    this.bidSize = new Float64Array(n);
    this.ask = new Float64Array(n);
    this.askSize = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.bidSince = new Float64Array(n);
    this.askSince = new Float64Array(n);
    this.live = new Uint8Array(n);
    this.bestBidAt = new Int32Array(symbolCount).fill(-1);
    this.bestAskAt = new Int32Array(symbolCount).fill(-1);
  }

  /** Venue `venue`'s top of book for `symbol`, read from `quote[at + VenueQuote.*]`; ConsolidatedReject.None when accepted. */
  update(symbol: number, venue: number, quote: Float64Array, at = 0): number {
    const bid = quote[at + VenueQuote.bid];
    const bidSize = quote[at + VenueQuote.bidSize];
    const ask = quote[at + VenueQuote.ask];
    const askSize = quote[at + VenueQuote.askSize];
    const tsUs = quote[at + VenueQuote.ts];
    if (!(symbol >= 0 && symbol < this.symbolCount)) return this.refuse(ConsolidatedReject.BadSymbol);
    if (!(venue >= 0 && venue < this.venueCount)) return this.refuse(ConsolidatedReject.BadVenue);
    if (!(bid > 0 && bid < Infinity && ask > 0 && ask < Infinity)) return this.refuse(ConsolidatedReject.BadPrice);
    if (!(bidSize >= 0 && bidSize < Infinity && askSize >= 0 && askSize < Infinity)) return this.refuse(ConsolidatedReject.BadSize);
    if (bid >= ask) return this.refuse(ConsolidatedReject.CrossedQuote);
    const i = symbol * this.venueCount + venue;
    if (this.live[i] === 1 && tsUs < this.ts[i]) return this.refuse(ConsolidatedReject.OldQuote);
    const wasLive = this.live[i] === 1;
    const arrival = ++this.arrivals;
    if (!wasLive || bid !== this.bid[i]) this.bidSince[i] = arrival;
    if (!wasLive || ask !== this.ask[i]) this.askSince[i] = arrival;
    const oldBid = wasLive ? this.bid[i] : 0;
    const oldAsk = wasLive ? this.ask[i] : Infinity;
    this.bid[i] = bid;
    this.bidSize[i] = bidSize;
    this.ask[i] = ask;
    this.askSize[i] = askSize;
    this.ts[i] = tsUs;
    this.live[i] = 1;

    const bestBid = this.bestBidAt[symbol];
    if (bestBid === venue) {
      if (bid < oldBid) this.rescanBid(symbol); // it was the best and got worse: another may be better now
    } else if (bestBid < 0 || bid > this.bid[symbol * this.venueCount + bestBid]) {
      this.bestBidAt[symbol] = venue;
    }
    const bestAsk = this.bestAskAt[symbol];
    if (bestAsk === venue) {
      if (ask > oldAsk) this.rescanAsk(symbol);
    } else if (bestAsk < 0 || ask < this.ask[symbol * this.venueCount + bestAsk]) {
      this.bestAskAt[symbol] = venue;
    }
    return ConsolidatedReject.None;
  }

  /** Venue `venue` no longer quotes `symbol` (its book was reset, its feed dropped). */
  withdraw(symbol: number, venue: number): void {
    const i = symbol * this.venueCount + venue;
    if (this.live[i] === 0) return;
    this.live[i] = 0;
    if (this.bestBidAt[symbol] === venue) this.rescanBid(symbol);
    if (this.bestAskAt[symbol] === venue) this.rescanAsk(symbol);
  }

  /** Withdraw every venue quote last updated more than `staleAfterUs` before `nowUs`; returns how many. */
  expire(nowUs: number): number {
    let dropped = 0;
    const v = this.venueCount;
    for (let s = 0; s < this.symbolCount; s++) {
      for (let k = 0; k < v; k++) {
        const i = s * v + k;
        if (this.live[i] === 1 && nowUs - this.ts[i] > this.staleAfterUs) {
          this.withdraw(s, k);
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** `symbol`'s consolidated top into `out[at + ConsolidatedTop.*]`. */
  readTop(symbol: number, out: Float64Array, at = 0): void {
    const base = symbol * this.venueCount;
    const b = this.bestBidAt[symbol];
    const a = this.bestAskAt[symbol];
    // Typed array to typed array, no double in a local: a NaN-or-price local would be boxed.
    out[at + ConsolidatedTop.bidVenue] = b;
    out[at + ConsolidatedTop.askVenue] = a;
    if (b < 0) {
      out[at + ConsolidatedTop.bid] = NaN;
      out[at + ConsolidatedTop.bidSize] = NaN;
    } else {
      out[at + ConsolidatedTop.bid] = this.bid[base + b];
      out[at + ConsolidatedTop.bidSize] = this.bidSize[base + b];
    }
    if (a < 0) {
      out[at + ConsolidatedTop.ask] = NaN;
      out[at + ConsolidatedTop.askSize] = NaN;
    } else {
      out[at + ConsolidatedTop.ask] = this.ask[base + a];
      out[at + ConsolidatedTop.askSize] = this.askSize[base + a];
    }
  }

  /** Venue `venue` quotes `symbol` and its quote counts (not withdrawn, not expired). */
  isLive(symbol: number, venue: number): boolean {
    return this.live[symbol * this.venueCount + venue] === 1;
  }

  /** The venue showing `symbol`'s best bid, -1 when none quotes it. */
  bestBidVenue(symbol: number): number {
    return this.bestBidAt[symbol];
  }

  bestAskVenue(symbol: number): number {
    return this.bestAskAt[symbol];
  }

  /** `symbol`'s best bid across live venues; NaN when none quotes it. */
  bestBid(symbol: number): number {
    const v = this.bestBidAt[symbol];
    return v < 0 ? NaN : this.bid[symbol * this.venueCount + v];
  }

  bestBidSize(symbol: number): number {
    const v = this.bestBidAt[symbol];
    return v < 0 ? NaN : this.bidSize[symbol * this.venueCount + v];
  }

  bestAsk(symbol: number): number {
    const v = this.bestAskAt[symbol];
    return v < 0 ? NaN : this.ask[symbol * this.venueCount + v];
  }

  bestAskSize(symbol: number): number {
    const v = this.bestAskAt[symbol];
    return v < 0 ? NaN : this.askSize[symbol * this.venueCount + v];
  }

  /** One venue bids at or above another's ask: buying on one and selling on the other pays (before fees). */
  isCrossed(symbol: number): boolean {
    const b = this.bestBidAt[symbol];
    const a = this.bestAskAt[symbol];
    const base = symbol * this.venueCount;
    return b >= 0 && a >= 0 && this.bid[base + b] >= this.ask[base + a];
  }

  /** The best live bid of `symbol`; at an equal price the one that has held it longest. */
  private rescanBid(symbol: number): void {
    const v = this.venueCount;
    const base = symbol * v;
    let best = -1;
    for (let k = 0; k < v; k++) {
      const i = base + k;
      if (this.live[i] === 0) continue;
      if (best < 0 || this.bid[i] > this.bid[base + best] || (this.bid[i] === this.bid[base + best] && this.bidSince[i] < this.bidSince[base + best])) best = k;
    }
    this.bestBidAt[symbol] = best;
  }

  private rescanAsk(symbol: number): void {
    const v = this.venueCount;
    const base = symbol * v;
    let best = -1;
    for (let k = 0; k < v; k++) {
      const i = base + k;
      if (this.live[i] === 0) continue;
      if (best < 0 || this.ask[i] < this.ask[base + best] || (this.ask[i] === this.ask[base + best] && this.askSince[i] < this.askSince[base + best])) best = k;
    }
    this.bestAskAt[symbol] = best;
  }

  private refuse(reason: number): number {
    this.rejects[reason]++;
    return reason;
  }
}
