/**
 * BinanceBookSync: Binance's documented "manage a local order book" procedure as a state machine
 * that owns one L2Book. The connector feeds it decoded depth diffs and REST snapshots; this module
 * does no I/O and never throws on input.
 *
 * States (SyncState):
 * - AwaitingSnapshot: no book yet; diffs are buffered.
 * - Bridging: a snapshot (id L) is loaded but no diff after it has arrived yet; the next diff must
 *   bridge it. This is what a "snapshot newer than everything buffered" turns into: not an error,
 *   the live stream simply has not caught up with the REST response.
 * - Synced: diffs are applied as they come, with the continuity rule checked on each.
 * - ResyncNeeded: sync was lost (gap, crossed book, buffer overflow, bad diff, snapshot too old);
 *   the book is cleared so consumers see NaN, and diffs are buffered for the next snapshot.
 * `needsSnapshot()` is true in AwaitingSnapshot and ResyncNeeded.
 *
 * Rules, with U/u the first/final update id of a diff, pu the previous diff's u (USD-M only) and L
 * the snapshot's lastUpdateId. Each market follows its own documentation page:
 *   spot: drop buffered diffs with u <= L; the first applied diff must have U <= L+1 AND
 *         u >= L+1; then each diff must have U == previous u + 1. Following the current wording
 *         ("ignore u <= local id; U > local id + 1 means something went wrong"), a diff that
 *         overlaps the applied range (U <= previous u < u) is applied too: quantities are absolute,
 *         so re-setting levels to their value at u loses nothing.
 *   usdm: drop buffered diffs with u < L (a diff with u == L is kept and bridges); the first
 *         applied diff must have U <= L AND u >= L; then each diff must have pu == previous u
 *         (USD-M ids are not contiguous between diffs, so U is not checked).
 * In both, a diff with u <= the last applied u (a duplicate or a late out-of-order diff) carries
 * nothing new and is dropped as Stale instead of costing a resync.
 *
 * Snapshot handling: the book is cleared completely before the snapshot is loaded. Merging into
 * the old book would keep levels that were deleted while we were out of sync ("ghost levels").
 * If the first buffered diff beyond L starts after the bridge point, the snapshot is too old:
 * the book is cleared again, the buffer is kept (a newer snapshot may still bridge it), and the
 * caller should fetch another. A snapshot received while Synced is ignored (counted).
 *
 * After every applied diff the book must not be crossed (best bid >= best ask); a crossed book
 * means the local copy is wrong, so it counts as `crossed` and forces a resync.
 *
 * Buffer: preallocated storage for `maxBufferedEvents` diffs and `maxBufferedLevels` levels in
 * total; each buffered diff's levels are copied in, so the caller may reuse its arrays. The buffer
 * only ever holds one continuous chain of diffs: a diff that does not continue the chain restarts
 * it (counted as buffer_restarts), because diffs before a break can never be applied. It is always
 * emptied as a whole (applied or discarded), so it needs no ring wrap-around. Overflow drops the
 * buffer, enters ResyncNeeded, and restarts the chain with the diff that overflowed if it fits.
 *
 * Bad input: ids that are not integers >= 0 (or U > u, or a USD-M pu < -1), level counts outside
 * [0, array length], a price NaN/infinite/<= 0 or a quantity NaN/infinite/< 0 refuse the WHOLE
 * diff or snapshot before anything is touched (rejects[reason]). A refused diff means an update
 * was lost, so a Synced or Bridging book goes to ResyncNeeded.
 *
 * Hot path: onDiffFromHeader allocates nothing. Update ids (~5e12 on USD-M) are exact in float64,
 * but they are not small integers, so V8 boxes them when they are passed to a call it does not
 * inline, and whether it inlines depends on what else the process has compiled. So the decoder
 * writes them into `diffHeader` and calls onDiffFromHeader with integer and array arguments only.
 * onDiff is the same with the ids as arguments, for tests and tools; it allocates only when the
 * compiler declines to inline it. Levels reach the book through L2Book.setLevelAt, and the
 * touch is read from `book.touch` when isSynced() (the best* getters here return a double, which
 * is boxed wherever the compiler does not inline them: conveniences for cold callers).
 */

import { BookSide, DEFAULT_BOOK_CAPACITY, L2Book } from '../../book/l2-book.js';

/**
 * NaN, read from a typed array: on Node 20, a result that is a float64 on one path and the NaN
 * constant on another is kept as a tagged (boxed) value even where the getter is inlined.
 */
const NO_VALUE = new Float64Array([NaN]);

export const BinanceMarket = { Spot: 0, UsdM: 1 } as const;

export const SyncState = { AwaitingSnapshot: 0, Bridging: 1, Synced: 2, ResyncNeeded: 3 } as const;
export const SYNC_STATE_NAMES = ['awaiting_snapshot', 'bridging', 'synced', 'resync_needed'] as const;

/** What onDiff did with a diff. */
export const DiffOutcome = { Applied: 0, Buffered: 1, Stale: 2, Gap: 3, Overflow: 4, Crossed: 5, Rejected: 6 } as const;
export const DIFF_OUTCOME_NAMES = ['applied', 'buffered', 'stale', 'gap', 'overflow', 'crossed', 'rejected'] as const;

/** What onSnapshot did with a snapshot. */
export const SnapshotOutcome = { Synced: 0, AwaitingBridge: 1, TooOld: 2, Crossed: 3, Rejected: 4, Ignored: 5 } as const;
export const SNAPSHOT_OUTCOME_NAMES = ['synced', 'awaiting_bridge', 'too_old', 'crossed', 'rejected', 'ignored'] as const;

/** Why the last resync was needed. */
export const ResyncReason = { None: 0, Gap: 1, Crossed: 2, BufferOverflow: 3, BadDiff: 4, SnapshotTooOld: 5 } as const;
export const RESYNC_REASON_NAMES = ['none', 'gap', 'crossed', 'buffer_overflow', 'bad_diff', 'snapshot_too_old'] as const;

/** Indices into `BinanceBookSync.counters`. */
export const SyncCounter = {
  DiffsApplied: 0, DiffsBuffered: 1, StaleDropped: 2, Gaps: 3, Resyncs: 4, BufferOverflows: 5,
  BufferRestarts: 6, Crossed: 7, SnapshotsApplied: 8, SnapshotsTooOld: 9, SnapshotsRejected: 10,
  SnapshotsIgnored: 11, BadDiffs: 12,
} as const;
export const SYNC_COUNTER_NAMES = [
  'diffs_applied', 'diffs_buffered', 'stale_dropped', 'gaps', 'resyncs', 'buffer_overflows',
  'buffer_restarts', 'crossed', 'snapshots_applied', 'snapshots_too_old', 'snapshots_rejected',
  'snapshots_ignored', 'bad_diffs',
] as const;

/** Indices into `BinanceBookSync.rejects`. */
export const SyncReject = { BadUpdateId: 0, BadLevelCount: 1, BadPrice: 2, BadQty: 3 } as const;
export const SYNC_REJECT_REASONS = ['bad_update_id', 'bad_level_count', 'bad_price', 'bad_qty'] as const;
/**
 * The feed reject reason each SyncReject is counted under (`reject_<name>`): the decoder's name
 * where it refuses the same thing, so one reason is one series whichever of the two refused it.
 */
export const SYNC_REJECT_FEED_REASONS = ['bad_update_id', 'too_many_levels', 'bad_price', 'bad_quantity'] as const;

export interface BinanceBookSyncOptions {
  /** BinanceMarket.Spot (default) or BinanceMarket.UsdM: selects the bridge and continuity rules. */
  market?: number;
  /** Levels per side of the owned book (default 5000). */
  bookCapacity?: number;
  /** Diffs the buffer holds while waiting for a snapshot (default 10,000). */
  maxBufferedEvents?: number;
  /** Levels (bids + asks) the buffer holds in total (default 262,144, 4 MiB). */
  maxBufferedLevels?: number;
}

// Slots of `st`.
const ST_STATE = 0;
const ST_LAST_U = 1;      // u of the last applied diff, or L while bridging
const ST_CHAIN_U = 2;     // u of the last buffered diff
const ST_EVENTS = 3;      // buffered diffs
const ST_LEVELS = 4;      // buffered levels
const ST_LAST_TS = 5;     // venue time of the last applied diff, µs
const ST_REASON = 6;
const ST_SNAPSHOT_ID = 7;

/** Slots of `BinanceBookSync.diffHeader`: the ids and time of the diff being processed. */
export const DiffHeader = { First: 0, Final: 1, Prev: 2, TsMicros: 3 } as const;

export class BinanceBookSync {
  readonly market: number;
  readonly book: L2Book;
  readonly counters = new Float64Array(SYNC_COUNTER_NAMES.length);
  readonly rejects = new Float64Array(SYNC_REJECT_REASONS.length);
  /** SyncReject of the last refused diff or snapshot (-1 before any). */
  private readonly lastRejectAt = new Int8Array([-1]);
  readonly maxBufferedEvents: number;
  readonly maxBufferedLevels: number;
  private readonly st = new Float64Array(8);
  /**
   * U, u, pu and time of the diff being processed (DiffHeader slots). A decoder may write them
   * here itself and call onDiffFromHeader, so no id ever travels as a call argument.
   */
  readonly diffHeader = new Float64Array(4);
  private readonly evFirst: Float64Array;
  private readonly evFinal: Float64Array;
  private readonly evTs: Float64Array;
  private readonly evStart: Int32Array;
  private readonly evBids: Int32Array;
  private readonly evAsks: Int32Array;
  private readonly lvPx: Float64Array;
  private readonly lvQty: Float64Array;

  constructor(options: BinanceBookSyncOptions = {}) {
    const market = options.market ?? BinanceMarket.Spot;
    if (market !== BinanceMarket.Spot && market !== BinanceMarket.UsdM) throw new Error(`unknown Binance market ${market}`);
    const events = options.maxBufferedEvents ?? 10_000;
    const levels = options.maxBufferedLevels ?? 262_144;
    if (!Number.isInteger(events) || events < 1) throw new Error(`maxBufferedEvents must be a positive integer, got ${events}`);
    if (!Number.isInteger(levels) || levels < 1) throw new Error(`maxBufferedLevels must be a positive integer, got ${levels}`);
    this.market = market;
    this.book = new L2Book(options.bookCapacity ?? DEFAULT_BOOK_CAPACITY);
    this.maxBufferedEvents = events;
    this.maxBufferedLevels = levels;
    this.evFirst = new Float64Array(events);
    this.evFinal = new Float64Array(events);
    this.evTs = new Float64Array(events);
    this.evStart = new Int32Array(events);
    this.evBids = new Int32Array(events);
    this.evAsks = new Int32Array(events);
    this.lvPx = new Float64Array(levels);
    this.lvQty = new Float64Array(levels);
    this.reset();
  }

  get state(): number { return this.st[ST_STATE]; }
  /** u of the last applied diff (the snapshot id while bridging; -1 before any snapshot). */
  get lastUpdateId(): number { return this.st[ST_LAST_U]; }
  /** Venue event time of the last applied diff, µs (NaN before the first). */
  get lastEventTs(): number { return this.st[ST_LAST_TS]; }
  get resyncReason(): number { return this.st[ST_REASON]; }
  get bufferedEvents(): number { return this.st[ST_EVENTS]; }
  get bufferedLevels(): number { return this.st[ST_LEVELS]; }
  /** SyncReject of the last refused diff or snapshot, -1 when none was refused. */
  get lastReject(): number { return this.lastRejectAt[0]; }

  needsSnapshot(): boolean {
    const s = this.st[ST_STATE];
    return s === SyncState.AwaitingSnapshot || s === SyncState.ResyncNeeded;
  }

  isSynced(): boolean { return this.st[ST_STATE] === SyncState.Synced; }

  /** Touch for consumers: NaN unless Synced. */
  bestBid(): number { return this.isSynced() ? this.book.bestBid() : NO_VALUE[0]; }
  bestAsk(): number { return this.isSynced() ? this.book.bestAsk() : NO_VALUE[0]; }
  bestBidQty(): number { return this.isSynced() ? this.book.bestBidQty() : NO_VALUE[0]; }
  bestAskQty(): number { return this.isSynced() ? this.book.bestAskQty() : NO_VALUE[0]; }

  /** Forget everything (e.g. after a reconnect): empty book and buffer, AwaitingSnapshot. */
  reset(): void {
    this.book.clear();
    this.st[ST_STATE] = SyncState.AwaitingSnapshot;
    this.st[ST_LAST_U] = -1;
    this.st[ST_CHAIN_U] = -1;
    this.st[ST_EVENTS] = 0;
    this.st[ST_LEVELS] = 0;
    this.st[ST_LAST_TS] = NaN;
    this.st[ST_REASON] = ResyncReason.None;
    this.st[ST_SNAPSHOT_ID] = -1;
  }

  /**
   * One depth diff. `pu` is ignored on spot (pass -1). Level arrays are read, never kept.
   * Returns a DiffOutcome.
   */
  onDiff(
    U: number, u: number, pu: number,
    bidPx: Float64Array, bidQty: Float64Array, nBids: number,
    askPx: Float64Array, askQty: Float64Array, nAsks: number,
    tsMicros: number,
  ): number {
    // Ids (~1e12) and times are not small integers: passed on as arguments to a call the compiler
    // does not inline, each would be boxed on the heap. So they go through a typed array, and this
    // wrapper stays small enough to be inlined into the caller (the body is too big to be).
    const d = this.diffHeader;
    d[DiffHeader.First] = U;
    d[DiffHeader.Final] = u;
    d[DiffHeader.Prev] = pu;
    d[DiffHeader.TsMicros] = tsMicros;
    return this.onDiffFromHeader(bidPx, bidQty, nBids, askPx, askQty, nAsks);
  }

  /** A REST depth snapshot with its lastUpdateId, levels best first. Returns a SnapshotOutcome. */
  onSnapshot(
    lastUpdateId: number,
    bidPx: Float64Array, bidQty: Float64Array, nBids: number,
    askPx: Float64Array, askQty: Float64Array, nAsks: number,
  ): number {
    if (this.st[ST_STATE] === SyncState.Synced) {
      this.counters[SyncCounter.SnapshotsIgnored] += 1;
      return SnapshotOutcome.Ignored;
    }
    let bad = Number.isInteger(lastUpdateId) && lastUpdateId >= 0 ? -1 : SyncReject.BadUpdateId;
    if (bad < 0) bad = checkLevels(bidPx, bidQty, nBids);
    if (bad < 0) bad = checkLevels(askPx, askQty, nAsks);
    if (bad >= 0) {
      this.rejects[bad] += 1;
      this.lastRejectAt[0] = bad;
      this.counters[SyncCounter.SnapshotsRejected] += 1;
      return SnapshotOutcome.Rejected;
    }
    const book = this.book;
    book.clear();
    book.loadSide(BookSide.Bid, bidPx, bidQty, nBids);
    book.loadSide(BookSide.Ask, askPx, askQty, nAsks);
    if (book.isCrossed()) {
      this.counters[SyncCounter.Crossed] += 1;
      this.enterResync(ResyncReason.Crossed);
      return SnapshotOutcome.Crossed;
    }
    const spot = this.market === BinanceMarket.Spot;
    const L = lastUpdateId;
    const events = this.st[ST_EVENTS];
    let k = 0;
    while (k < events && (spot ? this.evFinal[k] <= L : this.evFinal[k] < L)) k++;
    if (k < events && !(spot ? this.evFirst[k] <= L + 1 : this.evFirst[k] <= L)) {
      this.counters[SyncCounter.SnapshotsTooOld] += 1;
      this.enterResync(ResyncReason.SnapshotTooOld);
      return SnapshotOutcome.TooOld;
    }
    this.counters[SyncCounter.SnapshotsApplied] += 1;
    this.counters[SyncCounter.StaleDropped] += k;
    this.st[ST_SNAPSHOT_ID] = L;
    this.st[ST_LAST_U] = L;
    this.st[ST_STATE] = SyncState.Bridging;
    if (k === events) {
      this.clearBuffer();
      return SnapshotOutcome.AwaitingBridge;
    }
    // The buffer is one continuous chain, so everything from the bridging diff on applies in order.
    this.st[ST_STATE] = SyncState.Synced;
    const d = this.diffHeader;
    for (; k < events; k++) {
      d[DiffHeader.Final] = this.evFinal[k];
      d[DiffHeader.TsMicros] = this.evTs[k];
      const start = this.evStart[k];
      const nb = this.evBids[k];
      const r = this.apply(this.lvPx, this.lvQty, start, nb, this.lvPx, this.lvQty, start + nb, this.evAsks[k]);
      if (r === DiffOutcome.Crossed) return SnapshotOutcome.Crossed;
    }
    this.clearBuffer();
    return SnapshotOutcome.Synced;
  }

  /** onDiff with the diff's ids and time already in `diffHeader`. Returns a DiffOutcome. */
  onDiffFromHeader(
    bidPx: Float64Array, bidQty: Float64Array, nBids: number,
    askPx: Float64Array, askQty: Float64Array, nAsks: number,
  ): number {
    const d = this.diffHeader;
    const U = d[DiffHeader.First];
    const u = d[DiffHeader.Final];
    const pu = d[DiffHeader.Prev];
    const spot = this.market === BinanceMarket.Spot;
    let bad = -1;
    if (!Number.isInteger(U) || !Number.isInteger(u) || U < 0 || U > u) bad = SyncReject.BadUpdateId;
    else if (!spot && (!Number.isInteger(pu) || pu < -1)) bad = SyncReject.BadUpdateId;
    if (bad < 0) bad = checkLevels(bidPx, bidQty, nBids);
    if (bad < 0) bad = checkLevels(askPx, askQty, nAsks);
    if (bad >= 0) {
      this.rejects[bad] += 1;
      this.lastRejectAt[0] = bad;
      this.counters[SyncCounter.BadDiffs] += 1;
      const s = this.st[ST_STATE];
      if (s === SyncState.Synced || s === SyncState.Bridging) this.enterResync(ResyncReason.BadDiff);
      return DiffOutcome.Rejected;
    }
    const state = this.st[ST_STATE];
    if (state === SyncState.Synced) {
      const last = this.st[ST_LAST_U];
      if (u <= last) { this.counters[SyncCounter.StaleDropped] += 1; return DiffOutcome.Stale; }
      if (!(spot ? U <= last + 1 : pu === last)) {
        this.counters[SyncCounter.Gaps] += 1;
        this.enterResync(ResyncReason.Gap);
        this.buffer(bidPx, bidQty, nBids, askPx, askQty, nAsks);
        return DiffOutcome.Gap;
      }
      return this.apply(bidPx, bidQty, 0, nBids, askPx, askQty, 0, nAsks);
    }
    if (state === SyncState.Bridging) {
      const L = this.st[ST_SNAPSHOT_ID];
      // Spot drops u <= L; USD-M keeps u == L because such a diff is its documented bridge.
      if (spot ? u <= L : u < L) { this.counters[SyncCounter.StaleDropped] += 1; return DiffOutcome.Stale; }
      if (!(spot ? U <= L + 1 : U <= L)) {
        this.counters[SyncCounter.SnapshotsTooOld] += 1;
        this.counters[SyncCounter.Gaps] += 1;
        this.enterResync(ResyncReason.SnapshotTooOld);
        this.buffer(bidPx, bidQty, nBids, askPx, askQty, nAsks);
        return DiffOutcome.Gap;
      }
      this.st[ST_STATE] = SyncState.Synced;
      return this.apply(bidPx, bidQty, 0, nBids, askPx, askQty, 0, nAsks);
    }
    return this.buffer(bidPx, bidQty, nBids, askPx, askQty, nAsks);
  }

  /**
   * Apply bids bidPx/bidQty[bidStart, +nBids) and asks askPx/askQty[askStart, +nAsks) of the diff
   * whose final id and time are in `this.diffHeader`, then check the book is not crossed.
   */
  private apply(
    bidPx: Float64Array, bidQty: Float64Array, bidStart: number, nBids: number,
    askPx: Float64Array, askQty: Float64Array, askStart: number, nAsks: number,
  ): number {
    const book = this.book;
    // setLevelAt reads each level from the arrays: prices passed as arguments would be boxed
    // wherever the compiler does not inline the call.
    for (let i = bidStart; i < bidStart + nBids; i++) book.setLevelAt(BookSide.Bid, bidPx, bidQty, i);
    for (let i = askStart; i < askStart + nAsks; i++) book.setLevelAt(BookSide.Ask, askPx, askQty, i);
    this.counters[SyncCounter.DiffsApplied] += 1;
    this.st[ST_LAST_U] = this.diffHeader[DiffHeader.Final];
    this.st[ST_LAST_TS] = this.diffHeader[DiffHeader.TsMicros];
    if (book.isCrossed()) {
      this.counters[SyncCounter.Crossed] += 1;
      this.enterResync(ResyncReason.Crossed);
      this.clearBuffer();
      return DiffOutcome.Crossed;
    }
    return DiffOutcome.Applied;
  }

  /** Append the diff in `this.diffHeader` plus these levels to the buffer's chain. */
  private buffer(
    bidPx: Float64Array, bidQty: Float64Array, nBids: number,
    askPx: Float64Array, askQty: Float64Array, nAsks: number,
  ): number {
    const d = this.diffHeader;
    const U = d[DiffHeader.First];
    const u = d[DiffHeader.Final];
    let events = this.st[ST_EVENTS];
    let outcome: number = DiffOutcome.Buffered;
    if (events > 0) {
      const chain = this.st[ST_CHAIN_U];
      if (u <= chain) { this.counters[SyncCounter.StaleDropped] += 1; return DiffOutcome.Stale; }
      const continues = this.market === BinanceMarket.Spot ? U <= chain + 1 : d[DiffHeader.Prev] === chain;
      if (!continues) {
        this.counters[SyncCounter.BufferRestarts] += 1;
        this.clearBuffer();
        events = 0;
      }
    }
    const n = nBids + nAsks;
    if (events >= this.maxBufferedEvents || this.st[ST_LEVELS] + n > this.maxBufferedLevels) {
      this.counters[SyncCounter.BufferOverflows] += 1;
      this.enterResync(ResyncReason.BufferOverflow);
      this.clearBuffer();
      events = 0;
      outcome = DiffOutcome.Overflow;
      if (n > this.maxBufferedLevels) return outcome;
    }
    const start = this.st[ST_LEVELS];
    const px = this.lvPx;
    const qty = this.lvQty;
    for (let i = 0; i < nBids; i++) { px[start + i] = bidPx[i]; qty[start + i] = bidQty[i]; }
    const askStart = start + nBids;
    for (let i = 0; i < nAsks; i++) { px[askStart + i] = askPx[i]; qty[askStart + i] = askQty[i]; }
    this.evFirst[events] = U;
    this.evFinal[events] = u;
    this.evTs[events] = d[DiffHeader.TsMicros];
    this.evStart[events] = start;
    this.evBids[events] = nBids;
    this.evAsks[events] = nAsks;
    this.st[ST_EVENTS] = events + 1;
    this.st[ST_LEVELS] = start + n;
    this.st[ST_CHAIN_U] = u;
    if (outcome === DiffOutcome.Buffered) this.counters[SyncCounter.DiffsBuffered] += 1;
    return outcome;
  }

  private clearBuffer(): void {
    this.st[ST_EVENTS] = 0;
    this.st[ST_LEVELS] = 0;
    this.st[ST_CHAIN_U] = -1;
  }

  /** Lose sync: empty the book so nobody reads a stale touch, and wait for a snapshot. */
  private enterResync(reason: number): void {
    if (this.st[ST_STATE] !== SyncState.ResyncNeeded) this.counters[SyncCounter.Resyncs] += 1;
    this.st[ST_STATE] = SyncState.ResyncNeeded;
    this.st[ST_REASON] = reason;
    this.book.clear();
  }
}

/** -1 when `n` levels of px/qty are all valid, else the SyncReject reason. */
function checkLevels(px: Float64Array, qty: Float64Array, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > px.length || n > qty.length) return SyncReject.BadLevelCount;
  for (let i = 0; i < n; i++) {
    const p = px[i];
    if (!(p > 0) || p === Infinity) return SyncReject.BadPrice;
    const q = qty[i];
    if (!(q >= 0) || q === Infinity) return SyncReject.BadQty;
  }
  return -1;
}
