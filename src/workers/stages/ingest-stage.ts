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
 * (older marks are superseded, never queued). Marks wake L5's thread, which on a small machine
 * takes a core from the tick-to-order path: sent at every publish they cost the layered
 * pipeline about a tenth of its peak throughput. Ten a second per instrument is plenty to value
 * a book, and all VaR can use (it pools returns over gaps shorter than a second). A full marks
 * ring keeps them for the next publish; the source's end sends the last of each.
 *
 * The event time and `t0` travel in typed arrays (the event scratch and the runtime's batch
 * times), never as arguments: V8 boxes a double passed to a call it does not inline.
 */
import { FeatureEngine } from '../../data/feature-engine.js';
import { EventKind, MarketEvent } from '../../data/synthetic-market.js';
import { BookTop, copyHeader, Features, RecordKind } from '../../shm/records.js';
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

  /**
   * `fullRing`: what to do when the ring is full. `config` follows pipeline.tickPolicy (a source
   * that can pause, the synthetic one); `conflate` always (a socket cannot be told to wait);
   * `wait` always (a replay must lose nothing, or two replays would differ). `venues`: per symbol,
   * the venue code its records carry (the same for all but in a session on several venues).
   */
  constructor(
    private readonly rt: LayerRuntime, private readonly out: SpscRing, private readonly venues: Int32Array,
    fullRing: 'config' | 'conflate' | 'wait',
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
    // strategy.shortWindow / longWindow are reloadable: the averages take the new windows.
    rt.onParamsChange(() => {
      this.features.setWindows(rt.params[RuntimeParam.shortWindow], rt.params[RuntimeParam.longWindow]);
    });
  }

  /** Ingest one event (MarketEvent slots at `base`), stamped with `rt.times[batchIn]` as t0. */
  ingest(event: Float64Array, base: number): void {
    const counters = this.rt.telemetry.counters;
    const s = event[base + MarketEvent.symbol];
    const ok = event[base + MarketEvent.kind] === EventKind.Trade
      ? this.features.onTrade(s, event[base + MarketEvent.ts], event[base + MarketEvent.price], event[base + MarketEvent.size], event[base + MarketEvent.side])
      : this.features.onQuote(s, event[base + MarketEvent.ts], event[base + MarketEvent.bid], event[base + MarketEvent.bidSize], event[base + MarketEvent.ask], event[base + MarketEvent.askSize]);
    if (!ok) { counters.inc(Counter.bad_input); return; }
    counters.inc(Counter.records_in);
    this.rt.clock.advanceFrom(event, base + MarketEvent.ts);
    const t0 = this.rt.times[BatchTime.batchIn];
    // write() refuses (writes nothing) until the symbol has a quote: a trade alone has no book.
    const out = this.out;
    if (!this.conflate) {
      const base = this.rt.claimOne(out);
      if (this.features.write(s, t0, this.venues[s], out.f64, base)) this.noteMark(s, out.f64, base);
      else out.unclaim(1);
      return;
    }
    if (!this.features.write(s, t0, this.venues[s], this.pending, s * Features.f64)) return;
    this.noteMark(s, this.pending, s * Features.f64);
    if (this.dirty[s] === 1) counters.inc(Counter.conflated);
    this.dirty[s] = 1;
    this.flushPending();
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
   * Move pending marks that are due (all of them when `all`) into the marks ring while it has
   * room, and publish them.
   */
  private publishMarks(all: boolean): void {
    const ring = this.marks;
    const pending = this.markPending;
    for (let s = 0; s < this.symbolCount; s++) {
      if (this.markDirty[s] === 0) continue;
      const src = s * BookTop.f64;
      const ts = pending[src + BookTop.ts];
      // A clock that went back (a venue's correction) sends at once rather than going quiet.
      if (!all && ts - this.markSentTs[s] < MARK_INTERVAL_US && ts >= this.markSentTs[s]) continue;
      if (ring.tryClaim(1) === 0) break;
      const dst = ring.claimIndex(ring.pendingClaims() - 1);
      for (let k = 0; k < BookTop.f64; k++) ring.f64[dst + k] = pending[src + k];
      this.markDirty[s] = 0;
      this.markSentTs[s] = ts;
    }
    ring.publish();
  }

  /** The source is done: publish what is left and close both output rings. */
  close(): void {
    this.publishMarks(true);
    this.out.close();
    this.marks.close();
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
    const n = this.out.pendingClaims();
    this.out.publish();
    this.rt.telemetry.counters.inc(Counter.records_out, n);
    this.rt.noteFill(this.out);
    this.publishMarks(false);
    this.afterPublish?.();
    return n;
  }

  /** True while conflated features still wait for ring space. */
  hasPending(): boolean {
    return this.dirty.includes(1);
  }

  /** Move conflated features into the ring while it has room. */
  flushPending(): void {
    const out = this.out;
    for (let s = 0; s < this.symbolCount; s++) {
      if (this.dirty[s] === 0) continue;
      if (out.tryClaim(1) === 0) return;
      const dst = out.claimIndex(out.pendingClaims() - 1);
      const src = s * Features.f64;
      for (let k = 0; k < Features.f64; k++) out.f64[dst + k] = this.pending[src + k];
      this.dirty[s] = 0;
    }
  }
}
