/**
 * L0's per-event step, shared by every market-data source (the in-process synthetic market and
 * the venue connectors): a quote or trade in MarketEvent slots goes through the feature engine,
 * and the symbol's Features record goes to the L0 -> L1 ring.
 *
 * Full ring: with `tickPolicy: conflate` the latest features of a symbol replace any unsent ones
 * for that symbol (counted as conflated); with `block` the caller must wait for space before
 * ingesting (only the synthetic source can; a socket cannot be told to wait).
 *
 * Every accepted quote also marks its instrument: the latest touch per instrument goes to the
 * `marks` ring, which L5 values the book at, at most once per MARK_INTERVAL_US of event time
 * (older marks are superseded, never queued). A source that waits for ring space (a replay)
 * sends each due mark as its event is ingested, waiting for room like the other rings: which
 * marks L5 gets then depends on the events alone, never on when the batches were published, and
 * none is lost (L5 may hold marks back until the fills before them are booked: risk-stage.ts).
 * Marks wake L5's thread, which on a small machine
 * takes a core from the tick-to-order path: sent at every publish they cost the layered
 * pipeline about a tenth of its peak throughput. Ten a second per instrument is plenty to value
 * a book, and all VaR can use (it pools returns over gaps shorter than a second). A full marks
 * ring keeps them for the next publish; the source's end sends the last of each.
 *
 * Every published event also goes to execution as a MarketState record on the `market` ring: the
 * instrument's book (the touch from the features, deeper levels from the shared book-depth block
 * when the source keeps a book) and the trade if the event was one. Paper fills are made against
 * these, in the order L0 saw the market: every record L0 writes for one event carries the same
 * `origin` (its count of published events). A full market ring waits like the features ring
 * (replay, block) or conflates per instrument (a socket), keeping the latest book.
 *
 * The event time and `t0` travel in typed arrays (the event scratch and the runtime's batch
 * times), never as arguments: V8 boxes a double passed to a call it does not inline.
 */
import { FeatureEngine } from '../../data/feature-engine.js';
import { EventKind, MarketEvent } from '../../data/synthetic-market.js';
import { BookTop, copyHeader, Features, Header, MARKET_STATE_LEVELS, MarketState, RecordKind } from '../../shm/records.js';
import { BookDepth } from '../../data/book/book-depth-block.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';
import type { SpscRing } from '../../shm/spsc-ring.js';
import { Counter } from '../../pipeline/telemetry.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';

/** Shortest event time between two marks of one instrument (see the header comment). */
export const MARK_INTERVAL_US = 100_000;

export class IngestStage {
  private readonly features: FeatureEngine;
  private readonly symbolCount: number;
  /** Per-symbol features waiting for ring space (conflation buffer). */
  private readonly pending: Float64Array;
  private readonly dirty: Uint8Array;
  private readonly conflate: boolean;
  private readonly marks: SpscRing;
  /** Per instrument: its newest touch as a BookTop record, and whether it is unsent. */
  private readonly markPending: Float64Array;
  private readonly markDirty: Uint8Array;
  /** Per instrument: event time of the last mark sent. */
  private readonly markSentTs: Float64Array;
  private readonly market: SpscRing;
  /** Conflating sources: per instrument, its newest MarketState waiting for ring space. */
  private readonly marketPending: Float64Array;
  private readonly marketDirty: Uint8Array;
  /**
   * The shared book-depth blocks (L0 writes them when a source keeps a book) and a read scratch;
   * no blocks for a source that never keeps one, which then pays no shared-memory read per event.
   */
  private readonly depthBlocks: readonly SeqlockBlock[];
  private readonly depth: Float64Array;
  /** [L0's count of published events (the `origin` of the records it writes)] */
  private readonly originCounter = new Float64Array(1);
  /** `publish`, bound once: what a full features ring runs before its wait (see LayerRuntime.claimOne). */
  private readonly publishClaimed = (): void => { this.publish(); };

  /**
   * `fullRing`: what to do when the ring is full. `config` follows pipeline.tickPolicy (a source
   * that can pause, the synthetic one); `conflate` always (a socket cannot be told to wait);
   * `wait` always (a replay must lose nothing, or two replays would differ). `venues`: per symbol,
   * the venue code its records carry (the same for all but in a session on several venues).
   * `bookDepth`: the source may keep order books and publish their depth (venue feeds and their
   * recordings); candle replays and the synthetic market have only a touch.
   */
  constructor(
    private readonly rt: LayerRuntime, private readonly out: SpscRing, private readonly venues: Int32Array,
    fullRing: 'config' | 'conflate' | 'wait', bookDepth: boolean,
  ) {
    const cfg = rt.config;
    this.symbolCount = cfg.symbols.length;
    this.features = new FeatureEngine(this.symbolCount, {
      shortWindow: cfg.strategy.shortWindow, longWindow: cfg.strategy.longWindow, rejects: rt.telemetry.refusals.view(0),
    });
    this.pending = new Float64Array(this.symbolCount * Features.f64);
    this.dirty = new Uint8Array(this.symbolCount);
    this.conflate = fullRing === 'config' ? cfg.pipeline.tickPolicy === 'conflate' : fullRing === 'conflate';
    this.marks = rt.ring('marks');
    this.markPending = new Float64Array(this.symbolCount * BookTop.f64);
    this.markDirty = new Uint8Array(this.symbolCount);
    this.markSentTs = new Float64Array(this.symbolCount).fill(-Infinity);
    this.market = rt.ring('market');
    this.marketPending = new Float64Array(this.symbolCount * MarketState.f64);
    this.marketDirty = new Uint8Array(this.symbolCount);
    this.depthBlocks = bookDepth ? cfg.symbols.map((_, sym) => rt.bookDepthBlock(sym)) : [];
    this.depth = new Float64Array(BookDepth.fieldCount(cfg.source.bookLevels));
    // Origins keep increasing across restarts of L0: execution orders the market by them, and a
    // predecessor's last records may still be on the rings.
    this.originCounter[0] = Math.max(lastOrigin(out), lastOrigin(this.market));
    // strategy.shortWindow / longWindow are reloadable: the averages take the new windows.
    rt.onParamsChange(() => {
      this.features.setWindows(rt.params[RuntimeParam.shortWindow], rt.params[RuntimeParam.longWindow]);
    });
  }

  /** Ingest one event (MarketEvent slots at `base`), stamped with `rt.times[batchIn]` as t0. */
  ingest(event: Float64Array, base: number): void {
    const counters = this.rt.telemetry.counters;
    const s = event[base + MarketEvent.symbol];
    // The *From forms read the event's doubles by index: passed as arguments they would be boxed
    // wherever the compiler does not inline the call.
    const ok = event[base + MarketEvent.kind] === EventKind.Trade
      ? this.features.onTradeFrom(s, event, base + MarketEvent.ts, base + MarketEvent.price, base + MarketEvent.size, base + MarketEvent.side)
      : this.features.onQuoteFrom(s, event, base + MarketEvent.ts, base + MarketEvent.bid, base + MarketEvent.bidSize, base + MarketEvent.ask, base + MarketEvent.askSize);
    if (!ok) { counters.inc(Counter.bad_input); return; }
    counters.inc(Counter.records_in);
    this.rt.clock.advanceFrom(event, base + MarketEvent.ts);
    const times = this.rt.times;
    // write() refuses (writes nothing) until the symbol has a quote: a trade alone has no book.
    const out = this.out;
    if (!this.conflate) {
      const f = this.rt.claimOne(out, this.publishClaimed);
      if (!this.features.writeFrom(s, times, BatchTime.batchIn, this.venues[s], out.f64, f)) { out.unclaim(1); return; }
      out.f64[f + Header.origin] = ++this.originCounter[0];
      this.noteMark(s, out.f64, f);
      const market = this.market;
      const m = this.rt.claimOne(market);
      this.writeMarketState(s, out.f64, f, event, base, market.f64, m);
      this.sendMarkIfDue(s);
      return;
    }
    const p = s * Features.f64;
    if (!this.features.writeFrom(s, times, BatchTime.batchIn, this.venues[s], this.pending, p)) return;
    this.pending[p + Header.origin] = ++this.originCounter[0];
    this.noteMark(s, this.pending, p);
    if (this.dirty[s] === 1) counters.inc(Counter.conflated);
    this.dirty[s] = 1;
    this.writeMarketState(s, this.pending, p, event, base, this.marketPending, s * MarketState.f64);
    this.marketDirty[s] = 1;
    this.flushPending();
  }

  /**
   * Instrument `s`'s MarketState from its Features record at `src[at...]` (header and touch),
   * the shared depth block (deeper levels) and the event at `event[eventBase...]` (a trade).
   */
  private writeMarketState(s: number, src: Float64Array, at: number, event: Float64Array, eventBase: number, dst: Float64Array, d: number): void {
    copyHeader(src, at, dst, d, RecordKind.MarketState);
    const bid = src[at + Features.bid];
    const ask = src[at + Features.ask];
    dst[d + MarketState.bidPrice] = bid;
    dst[d + MarketState.bidQty] = src[at + Features.bidSize];
    dst[d + MarketState.askPrice] = ask;
    dst[d + MarketState.askQty] = src[at + Features.askSize];
    for (let i = 1; i < MARKET_STATE_LEVELS; i++) {
      dst[d + MarketState.bidPrice + i] = NaN;
      dst[d + MarketState.bidQty + i] = 0;
      dst[d + MarketState.askPrice + i] = NaN;
      dst[d + MarketState.askQty + i] = 0;
    }
    this.copyDeeperLevels(s, bid, ask, dst, d);
    const trade = event[eventBase + MarketEvent.kind] === EventKind.Trade;
    dst[d + MarketState.tradePrice] = trade ? event[eventBase + MarketEvent.price] : 0;
    dst[d + MarketState.tradeSize] = trade ? event[eventBase + MarketEvent.size] : 0;
    dst[d + MarketState.tradeSide] = trade ? event[eventBase + MarketEvent.side] : 0;
  }

  /**
   * Levels beyond the touch from the symbol's shared depth block, when its source keeps a synced
   * book: only those strictly worse than the touch the features hold, so a block a little behind
   * or ahead of this event never contradicts the touch.
   */
  private copyDeeperLevels(s: number, bid: number, ask: number, dst: Float64Array, d: number): void {
    if (this.depthBlocks.length === 0) return;
    const block = this.depthBlocks[s];
    if (block.version() === 0) return;
    const depth = this.depth;
    if (block.read(depth) < 0 || depth[BookDepth.synced] !== 1) return;
    const levels = depth[BookDepth.levels];
    let nb = 1;
    let na = 1;
    for (let i = 0; i < levels; i++) {
      const at = BookDepth.level(i);
      const bp = depth[at + BookDepth.bidPrice];
      if (nb < MARKET_STATE_LEVELS && bp < bid && bp > 0) {
        dst[d + MarketState.bidPrice + nb] = bp;
        dst[d + MarketState.bidQty + nb++] = depth[at + BookDepth.bidQty];
      }
      const ap = depth[at + BookDepth.askPrice];
      if (na < MARKET_STATE_LEVELS && ap > ask && ap < Infinity) {
        dst[d + MarketState.askPrice + na] = ap;
        dst[d + MarketState.askQty + na++] = depth[at + BookDepth.askQty];
      }
    }
  }

  /** The touch of the Features record at `src[base...]` becomes instrument `s`'s pending mark. */
  private noteMark(s: number, src: Float64Array, base: number): void {
    const mark = this.markPending;
    const m = s * BookTop.f64;
    copyHeader(src, base, mark, m, RecordKind.BookTop);
    mark[m + BookTop.bidPrice] = src[base + Features.bid];
    mark[m + BookTop.bidSize] = src[base + Features.bidSize];
    mark[m + BookTop.askPrice] = src[base + Features.ask];
    mark[m + BookTop.askSize] = src[base + Features.askSize];
    this.markDirty[s] = 1;
  }

  /**
   * Waiting sources: instrument `s`'s pending mark into the marks ring now if it is due, waiting
   * for room. The event's features and market state are published first when it must wait: L5
   * may be holding marks until execution has applied the market up to them, which it can only do
   * once it sees the events.
   */
  private sendMarkIfDue(s: number): void {
    if (!this.markDue(s)) return;
    const ring = this.marks;
    let dst: number;
    if (ring.tryClaim(1) > 0) {
      dst = ring.claimIndex(ring.pendingClaims() - 1);
    } else {
      this.publish();
      // The publish moves due marks itself (publishMarks), and risk may have made room on the
      // ring meanwhile: this mark may be on its way already, and must not go twice.
      if (this.markDirty[s] === 0) return;
      dst = this.rt.claimOne(ring);
    }
    this.moveMark(s, dst);
  }

  /** Instrument `s`'s pending mark is MARK_INTERVAL_US after the last one sent (or the clock went back: sent at once rather than going quiet). */
  private markDue(s: number): boolean {
    const ts = this.markPending[s * BookTop.f64 + BookTop.ts];
    return !(ts - this.markSentTs[s] < MARK_INTERVAL_US && ts >= this.markSentTs[s]);
  }

  /** Instrument `s`'s pending mark into the claimed marks-ring slot `dst`. */
  private moveMark(s: number, dst: number): void {
    const src = s * BookTop.f64;
    const f = this.marks.f64;
    for (let k = 0; k < BookTop.f64; k++) f[dst + k] = this.markPending[src + k];
    this.markDirty[s] = 0;
    this.markSentTs[s] = this.markPending[src + BookTop.ts];
  }

  /**
   * Move pending marks that are due (all of them when `all`) into the marks ring while it has
   * room, and publish them.
   */
  private publishMarks(all: boolean): void {
    const ring = this.marks;
    for (let s = 0; s < this.symbolCount; s++) {
      if (this.markDirty[s] === 0 || (!all && !this.markDue(s))) continue;
      let dst: number;
      if (ring.tryClaim(1) > 0) {
        dst = ring.claimIndex(ring.pendingClaims() - 1);
      } else if (all && !this.conflate) {
        // The source's end, waiting: its last marks are not dropped either.
        ring.publish();
        dst = this.rt.claimOne(ring);
      } else {
        break;
      }
      this.moveMark(s, dst);
    }
    ring.publish();
  }

  /** The source is done: publish what is left and close both output rings. */
  close(): void {
    this.publishMarks(true);
    moveConflated(this.market, this.marketPending, this.marketDirty, MarketState.f64);
    this.market.publish();
    this.out.close();
    this.marks.close();
    this.market.close();
  }

  /** The order book's depth imbalance for a symbol (NaN while its book is invalid). */
  setDepthImbalance(symbol: number, imbalance: number): void {
    this.features.setDepthImbalance(symbol, imbalance);
  }

  /**
   * Called after every publish (single-thread placement: the downstream stages run in this
   * thread and take the published records at once).
   */
  afterPublish: (() => void) | null = null;

  /** Publish what has been claimed; returns how many records went out. */
  publish(): number {
    this.rt.refreshParams(); // one Atomics.load unless a reload landed
    // Market states first: an intent that comes of these features must find its market on the
    // ring when it reaches execution (see execution-stage.ts).
    this.market.publish();
    const n = this.out.pendingClaims();
    this.out.publish();
    this.rt.telemetry.counters.inc(Counter.records_out, n);
    this.rt.noteFill(this.out);
    this.publishMarks(false);
    this.afterPublish?.();
    return n;
  }

  /** True while conflated features or market states still wait for ring space. */
  hasPending(): boolean {
    return this.dirty.includes(1) || this.marketDirty.includes(1);
  }

  /** Move conflated features, then conflated market states, into their rings while they have room. */
  flushPending(): void {
    moveConflated(this.out, this.pending, this.dirty, Features.f64);
    moveConflated(this.market, this.marketPending, this.marketDirty, MarketState.f64);
  }
}

/** Per symbol, the record waiting in `pending` (marked in `dirty`) into `ring` while it has room. */
function moveConflated(ring: SpscRing, pending: Float64Array, dirty: Uint8Array, f64: number): void {
  for (let s = 0; s < dirty.length; s++) {
    if (dirty[s] === 0) continue;
    if (ring.tryClaim(1) === 0) return;
    const dst = ring.claimIndex(ring.pendingClaims() - 1);
    const src = s * f64;
    for (let k = 0; k < f64; k++) ring.f64[dst + k] = pending[src + k];
    dirty[s] = 0;
  }
}

/** The origin on a ring's last published record (0 if none): it stays in its slot once read. */
function lastOrigin(ring: SpscRing): number {
  const last = ring.lastPublishedIndex();
  return last >= 0 ? ring.f64[last + Header.origin] : 0;
}
