/**
 * L0's consolidated top of book in a session that reads several venues: each venue connector
 * reports its book of a consolidated symbol here when it changes (the same moments its depth goes
 * to shared memory, never per trade), and the unified symbol's ConsolidatedBlock is rewritten for
 * whoever reads it (see data/book/consolidated-top-block.ts).
 *
 * A book that is not live (waiting for a snapshot, resyncing, disconnected) withdraws its venue,
 * and so does a symbol its connector flags stale (nothing received for `source.staleAfterMs`):
 * a consolidated best is only ever made of quotes that still stand. Staleness is the connectors'
 * receipt-time flag, not ConsolidatedTopOfBook's event-time `expire`: each venue stamps its own
 * clock, and comparing one venue's event time with another's would let a skewed clock (or a
 * replayed capture from another day) push a live venue out.
 *
 * Refused quotes (a book's own crossed top, a time going back, ...) are counted per venue and
 * reason in a shared block (`rejects`, CONSOLIDATED_REJECT_REASONS per venue), so /metrics can
 * say which feed sent them. Nothing here allocates after construction.
 */
import {
  CONSOLIDATED_REJECT_REASONS, CONSOLIDATED_TOP_F64, ConsolidatedReject, ConsolidatedTop, ConsolidatedTopOfBook, VENUE_QUOTE_F64, VenueQuote,
} from '../../data/book/consolidated-top-of-book.js';
import { ConsolidatedBlock } from '../../data/book/consolidated-top-block.js';
import { Touch, type L2Book } from '../../data/book/l2-book.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';

export class ConsolidatedPublisher {
  private readonly top: ConsolidatedTopOfBook;
  private readonly venueCount: number;
  private readonly quote = new Float64Array(VENUE_QUOTE_F64);
  private readonly best = new Float64Array(CONSOLIDATED_TOP_F64);
  /** Per unified symbol, the block's own fields between writes (counts live here, not in shared memory). */
  private readonly state: Float64Array[];
  /** Newest venue quote time seen, µs (the block's `tsMicros`). */
  private latestTs = 0;

  constructor(
    private readonly blocks: readonly SeqlockBlock[], venueCount: number,
    /** Float64 per (venue, reason) at venue * CONSOLIDATED_REJECT_REASONS.length + reason. */
    private readonly rejects: Float64Array,
  ) {
    this.venueCount = venueCount;
    // Never expired by event time (see the header): withdrawals come from the connectors.
    this.top = new ConsolidatedTopOfBook(Math.max(1, blocks.length), venueCount, { staleAfterUs: Number.MAX_VALUE });
    this.state = blocks.map((block) => {
      const s = new Float64Array(ConsolidatedBlock.fieldCount(venueCount));
      // A restarted L0 carries on from its predecessor's counts; the quotes start over with the
      // books, which its connectors rebuild from fresh snapshots.
      if (block.read(s) < 0) s.fill(0);
      s[ConsolidatedBlock.crossed] = 0;
      s[ConsolidatedBlock.bidSize] = NaN;
      s[ConsolidatedBlock.askSize] = NaN;
      s[ConsolidatedBlock.bid] = NaN;
      s[ConsolidatedBlock.ask] = NaN;
      s[ConsolidatedBlock.bidVenue] = -1;
      s[ConsolidatedBlock.askVenue] = -1;
      return s;
    });
    blocks.forEach((b, u) => b.write(this.state[u]));
  }

  /** Venue `venue`'s book of unified symbol `symbol` changed; `live` false withdraws its quote. */
  onBook(symbol: number, venue: number, book: L2Book, live: boolean, tsMicros: number): void {
    if (!live || !(book.depth(0) > 0 && book.depth(1) > 0)) {
      if (this.top.isLive(symbol, venue)) { this.top.withdraw(symbol, venue); this.publish(symbol, false); }
      return;
    }
    const q = this.quote;
    // Copied from the book's touch array: its best* getters return doubles, boxed wherever the
    // compiler does not inline them.
    const top = book.touch;
    q[VenueQuote.bid] = top[Touch.Bid];
    q[VenueQuote.bidSize] = top[Touch.BidQty];
    q[VenueQuote.ask] = top[Touch.Ask];
    q[VenueQuote.askSize] = top[Touch.AskQty];
    q[VenueQuote.ts] = tsMicros;
    const reason = this.top.update(symbol, venue, q, 0);
    if (reason !== ConsolidatedReject.None) {
      if (venue >= 0 && venue < this.venueCount) this.rejects[venue * CONSOLIDATED_REJECT_REASONS.length + reason]++;
      return;
    }
    if (tsMicros > this.latestTs) this.latestTs = tsMicros;
    this.publish(symbol, true);
  }

  /** Venue `venue` no longer quotes unified symbol `symbol` (its connector flags it stale). */
  withdraw(symbol: number, venue: number): void {
    if (!this.top.isLive(symbol, venue)) return;
    this.top.withdraw(symbol, venue);
    this.publish(symbol, false);
  }

  /** Rewrite `symbol`'s block; `counted` for a taken quote (held and update counts move). */
  private publish(symbol: number, counted: boolean): void {
    const s = this.state[symbol];
    const best = this.best;
    this.top.readTop(symbol, best, 0);
    const bidVenue = best[ConsolidatedTop.bidVenue];
    const askVenue = best[ConsolidatedTop.askVenue];
    const crossed = this.top.isCrossed(symbol) ? 1 : 0;
    if (crossed === 1 && s[ConsolidatedBlock.crossed] === 0) s[ConsolidatedBlock.crossings]++;
    s[ConsolidatedBlock.crossed] = crossed;
    s[ConsolidatedBlock.tsMicros] = this.latestTs;
    s[ConsolidatedBlock.bid] = best[ConsolidatedTop.bid];
    s[ConsolidatedBlock.bidSize] = best[ConsolidatedTop.bidSize];
    s[ConsolidatedBlock.bidVenue] = bidVenue;
    s[ConsolidatedBlock.ask] = best[ConsolidatedTop.ask];
    s[ConsolidatedBlock.askSize] = best[ConsolidatedTop.askSize];
    s[ConsolidatedBlock.askVenue] = askVenue;
    if (counted) {
      s[ConsolidatedBlock.updates]++;
      if (bidVenue >= 0) s[ConsolidatedBlock.bidHeld(bidVenue)]++;
      if (askVenue >= 0) s[ConsolidatedBlock.askHeld(askVenue, this.venueCount)]++;
    }
    this.blocks[symbol].write(s);
  }
}
