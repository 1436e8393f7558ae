/**
 * L2Book: the aggregated price-level book of one symbol on one venue.
 *
 * Storage: sort keys and quantities in preallocated blocks of 32 levels (level-blocks.ts), fixed
 * at construction. The key is the price for bids and minus the price for asks, so both sides are
 * kept ascending by key with the BEST level last. A change finds its block in a compact index of
 * block first keys, then its slot in the block, and shifts at most that block: with one flat
 * array per side, replaying the Binance BTCUSDT captures moved 255 (spot) / 514 (USD-M) levels
 * per insert or delete, which with the search was most of the cost of applying a depth diff.
 * Nothing here allocates after construction.
 *
 * Allocation-freedom also depends on the CALLER's compiled code: V8 boxes a double (on the heap)
 * that is passed to, or returned from, a call it does not inline, and whether it inlines a call
 * depends on the caller's remaining inlining budget, which depends on everything else compiled
 * into that caller. So the hot-path API passes no double through a call boundary at all:
 * - setLevelAt(side, prices, quantities, i) reads the level from the caller's arrays (a decoder's
 *   output, a diff buffer) and moves it through a typed array (`io`) to LevelBlocks.upsert, which
 *   takes and returns small integers;
 * - the touch is the public `touch` array (Touch slots), refreshed after each mutation: a consumer
 *   reads it directly instead of calling a getter that returns a double;
 * - readLevel(side, i) writes level i into the public `level` array, derive(levels) writes mid,
 *   microprice and imbalance into the public `derived` array (Derived slots), copyTop writes into
 *   caller arrays; each returns only a small integer or a boolean.
 * setLevel(side, price, qty), best*(), mid(), microprice(), imbalance(), levelPrice() and
 * levelQty() are conveniences for cold callers (tests, tools, snapshot checks): they allocate
 * nothing where the compiler inlines them, and box a double where it does not.
 *
 * Invariants (hold after every public call):
 * - within a side, keys are strictly ascending (no duplicate prices) and every stored quantity is
 *   finite and > 0 (quantity 0 means "no level" and deletes);
 * - at most `capacity` levels per side. A new level on a full side evicts the side's worst level
 *   if it is better than it, and is itself dropped otherwise; both count in `capacityDrops`. Deep
 *   levels are the least reliable part of a diff-maintained book, so they are the ones to lose.
 * - refused input (side not 0/1, price NaN/infinite/<= 0, quantity NaN/infinite/< 0) changes
 *   nothing and is counted in `rejects[reason]` (L2_BOOK_REJECT_REASONS); nothing throws.
 * - the book does not refuse a crossed state: it stores what it is told. `isCrossed()` reports
 *   it, and the venue synchroniser decides what a crossed book means.
 *
 * Definitions (level i = 0 is the best; b_i, a_i are bid/ask quantities, P_b, P_a best prices):
 * - mid        = (P_b + P_a) / 2.
 * - microprice = (P_b * a_0 + P_a * b_0) / (b_0 + a_0): each touch price weighted by the size
 *   resting on the OPPOSITE side, so it leans towards the side with less size (the side more
 *   likely to be consumed next). Both sizes are > 0 by the invariant, so no 0/0.
 * - imbalance(N) = (B - A) / (B + A) with B = sum_{i < min(N, bidDepth)} b_i / (i + 1) and
 *   A = sum_{i < min(N, askDepth)} a_i / (i + 1): quantities weighted 1, 1/2, 1/3, ... by depth,
 *   so the touch counts most. In [-1, 1]; +1 = only bids, -1 = only asks.
 * - isCrossed() = both sides non-empty and P_b >= P_a (a locked book counts as crossed).
 * - Queries with nothing to answer (empty side, level index out of range, N < 1, both sides empty
 *   for imbalance) return NaN, never a stale or made-up number.
 *
 * `version` increases by 1 on every accepted mutation (setLevel, loadSide, clear), so a publisher
 * can tell whether anything changed since it last copied the top.
 */

import { LevelBlocks, BLOCK_SHIFT, Upsert } from './level-blocks.js';

export const BookSide = { Bid: 0, Ask: 1 } as const;

/** Indices into `L2Book.rejects`. */
export const L2BookReject = { BadSide: 0, BadPrice: 1, BadQty: 2 } as const;
export const L2_BOOK_REJECT_REASONS = ['bad_side', 'bad_price', 'bad_qty'] as const;

export const DEFAULT_BOOK_CAPACITY = 5000;

/** Slots of `L2Book.touch`: the best level of each side, NaN for an empty side. */
export const Touch = { Bid: 0, BidQty: 1, Ask: 2, AskQty: 3 } as const;
const TOP_BID = Touch.Bid;
const TOP_BID_QTY = Touch.BidQty;
const TOP_ASK = Touch.Ask;
const TOP_ASK_QTY = Touch.AskQty;

/** Slots of `L2Book.derived`, written by `derive` (see the header for the definitions). */
export const Derived = { Mid: 0, Microprice: 1, Imbalance: 2 } as const;

export class L2Book {
  readonly capacity: number;
  /** Refused inputs by L2BookReject reason. */
  readonly rejects = new Float64Array(L2_BOOK_REJECT_REASONS.length);
  /** Both sides' levels; see the header for the key sign. */
  private readonly blocks: LevelBlocks;
  /** [0] version, [1] capacity drops. Float64 so the counts never overflow a small integer. */
  private readonly stats = new Float64Array(2);
  /**
   * The touch (Touch slots), refreshed after every change. Hot-path consumers read it here: a
   * getter returning a double boxes it wherever the compiler does not inline the call.
   */
  readonly touch = new Float64Array([NaN, NaN, NaN, NaN]);
  /** readLevel's result: [price, quantity] of the level it found, NaN when there is none. */
  readonly level = new Float64Array(2);
  /** derive's results (Derived slots). */
  readonly derived = new Float64Array(3);
  /** The level being set: price ([0]) and quantity ([1]) on their way to `store`, then key and quantity to `blocks`. */
  private readonly io = new Float64Array(2);
  /** imbalance's weighted depth per side (a typed array: a double returned from a call may be boxed). */
  private readonly sums = new Float64Array(2);

  constructor(capacity = DEFAULT_BOOK_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`L2Book capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.blocks = new LevelBlocks(capacity, this.io, this.touch);
  }

  get version(): number { return this.stats[0]; }
  /** Levels evicted or refused because a side was full. */
  get capacityDrops(): number { return this.stats[1]; }

  clear(): void {
    this.blocks.clearSide(0);
    this.blocks.clearSide(1);
    this.stats[0] += 1;
  }

  /**
   * Set the quantity resting at `price` on `side` (BookSide); qty 0 deletes the level (deleting
   * an absent level is accepted and changes nothing). Returns false when the input is refused.
   */
  setLevel(side: number, price: number, qty: number): boolean {
    this.io[0] = price;
    this.io[1] = qty;
    return this.store(side);
  }

  /**
   * setLevel with the price and quantity read from prices[i] and quantities[i]: the hot path's
   * form, since no double crosses the call (an uninlined setLevel receives both boxed).
   */
  setLevelAt(side: number, prices: Float64Array, quantities: Float64Array, i: number): boolean {
    this.io[0] = prices[i];
    this.io[1] = quantities[i];
    return this.store(side);
  }

  /**
   * Replace one side with `n` levels (snapshot load). Levels given strictly best-first (the order
   * venues publish snapshots in) are copied straight into place; any other order falls back to
   * one setLevel per level. Quantity-0 levels are skipped; invalid levels are refused and counted
   * like setLevel's. Returns the number of levels the side holds afterwards.
   */
  loadSide(side: number, px: Float64Array, qty: Float64Array, n: number): number {
    if (side !== 0 && side !== 1) { this.rejects[L2BookReject.BadSide] += 1; return 0; }
    let count = n >= 0 ? Math.floor(n) : 0;
    if (count > px.length) count = px.length;
    if (count > qty.length) count = qty.length;
    this.blocks.clearSide(side);
    this.stats[0] += 1;
    let bestFirst = true;
    let valid = 0;
    for (let i = 0; i < count; i++) {
      const p = px[i];
      const q = qty[i];
      if (!(p > 0) || p === Infinity || !(q >= 0) || q === Infinity) { bestFirst = false; break; }
      if (q > 0) valid++;
      if (i > 0 && (side === 0 ? p >= px[i - 1] : p <= px[i - 1])) { bestFirst = false; break; }
    }
    if (!bestFirst) {
      for (let i = 0; i < count; i++) this.setLevelAt(side, px, qty, i);
      return this.blocks.counts[side];
    }
    // Best-first input: the best `capacity` non-empty levels fill the side in order.
    const kept = valid > this.capacity ? this.capacity : valid;
    this.stats[1] += valid - kept;
    this.blocks.loadBestFirst(side, px, qty, count, kept, side === 0 ? 1 : -1);
    return kept;
  }

  depth(side: number): number {
    return side === 0 || side === 1 ? this.blocks.counts[side] : 0;
  }

  /** Price of level i (0 = best) on `side`, NaN when there is no such level. */
  levelPrice(side: number, i: number): number {
    this.readLevel(side, i);
    return this.level[0];
  }

  /** Quantity of level i (0 = best) on `side`, NaN when there is no such level. */
  levelQty(side: number, i: number): number {
    this.readLevel(side, i);
    return this.level[1];
  }

  /**
   * level = [price, quantity] of level i (0 = best) on `side`; false (and NaN in both) when there
   * is no such level.
   */
  readLevel(side: number, i: number): boolean {
    if ((side !== 0 && side !== 1) || !(i >= 0) || i >= this.blocks.counts[side] || i !== Math.floor(i)) {
      this.level[0] = NaN;
      this.level[1] = NaN;
      return false;
    }
    const at = this.blocks.rankIndex(side, i);
    this.level[0] = side === 0 ? this.blocks.keys[at] : -this.blocks.keys[at];
    this.level[1] = this.blocks.qtys[at];
    return true;
  }

  bestBid(): number { return this.touch[TOP_BID]; }
  bestAsk(): number { return this.touch[TOP_ASK]; }
  bestBidQty(): number { return this.touch[TOP_BID_QTY]; }
  bestAskQty(): number { return this.touch[TOP_ASK_QTY]; }

  /** Both sides non-empty and best bid >= best ask (NaN compares false for an empty side). */
  isCrossed(): boolean { return this.touch[TOP_BID] >= this.touch[TOP_ASK]; }

  /** NaN with an empty side, through NaN arithmetic rather than a branch. */
  mid(): number { return (this.touch[TOP_BID] + this.touch[TOP_ASK]) * 0.5; }

  /** NaN with an empty side, through NaN arithmetic rather than a branch. */
  microprice(): number {
    const t = this.touch;
    return (t[TOP_BID] * t[TOP_ASK_QTY] + t[TOP_ASK] * t[TOP_BID_QTY]) / (t[TOP_BID_QTY] + t[TOP_ASK_QTY]);
  }

  /** Depth-weighted imbalance over the top `levels` levels per side (header); NaN if levels < 1 or the book is empty. */
  imbalance(levels: number): number {
    this.weighImbalance(levels);
    return this.derived[Derived.Imbalance];
  }

  /**
   * derived = mid, microprice and the depth-weighted imbalance over the top `levels` levels per
   * side (NaN as the getters give it). Returns false when the book is crossed or a side is empty.
   */
  derive(levels: number): boolean {
    const t = this.touch;
    const d = this.derived;
    d[Derived.Mid] = (t[TOP_BID] + t[TOP_ASK]) * 0.5;
    d[Derived.Microprice] = (t[TOP_BID] * t[TOP_ASK_QTY] + t[TOP_ASK] * t[TOP_BID_QTY]) / (t[TOP_BID_QTY] + t[TOP_ASK_QTY]);
    this.weighImbalance(levels);
    return t[TOP_BID] < t[TOP_ASK];
  }

  /** derived[Imbalance] = imbalance(levels). */
  private weighImbalance(levels: number): void {
    if (!(levels >= 1)) { this.derived[Derived.Imbalance] = NaN; return; }
    this.weightedDepth(0, levels);
    this.weightedDepth(1, levels);
    const bidSum = this.sums[0];
    const askSum = this.sums[1];
    // Both sums are >= 0, so an empty book gives 0/0 = NaN.
    this.derived[Derived.Imbalance] = (bidSum - askSum) / (bidSum + askSum);
  }

  /**
   * Copy the top `n` levels of each side, best first, into the four output arrays (clamped to
   * the shortest of them). Rows a side cannot fill get price NaN and quantity 0. Returns the
   * number of rows holding at least one level (the deeper side's count).
   */
  copyTop(n: number, outBidPx: Float64Array, outBidQty: Float64Array, outAskPx: Float64Array, outAskQty: Float64Array): number {
    let rows = n >= 0 ? Math.floor(n) : 0;
    if (rows > outBidPx.length) rows = outBidPx.length;
    if (rows > outBidQty.length) rows = outBidQty.length;
    if (rows > outAskPx.length) rows = outAskPx.length;
    if (rows > outAskQty.length) rows = outAskQty.length;
    const filledBids = this.copySide(0, rows, outBidPx, outBidQty);
    const filledAsks = this.copySide(1, rows, outAskPx, outAskQty);
    for (let i = filledBids; i < rows; i++) { outBidPx[i] = NaN; outBidQty[i] = 0; }
    for (let i = filledAsks; i < rows; i++) { outAskPx[i] = NaN; outAskQty[i] = 0; }
    return filledBids > filledAsks ? filledBids : filledAsks;
  }

  /** sums[side] = sum of qty_i / (i + 1) over the side's best min(levels, depth) levels, best first. */
  private weightedDepth(side: number, levels: number): void {
    const b = this.blocks;
    const n = b.counts[side];
    const m = levels < n ? Math.floor(levels) : n;
    const ob = side * b.maxBlocks;
    let sum = 0;
    let i = 0;
    for (let j = b.blockCounts[side] - 1; j >= 0 && i < m; j--) {
      const block = b.order[ob + j];
      const first = block << BLOCK_SHIFT;
      for (let k = first + b.lens[block] - 1; k >= first && i < m; k--, i++) sum += b.qtys[k] / (i + 1);
    }
    this.sums[side] = sum;
  }

  /** Up to `rows` of the side's levels, best first, as prices and quantities; returns how many. */
  private copySide(side: number, rows: number, outPx: Float64Array, outQty: Float64Array): number {
    const b = this.blocks;
    const sign = side === 0 ? 1 : -1;
    const ob = side * b.maxBlocks;
    let i = 0;
    for (let j = b.blockCounts[side] - 1; j >= 0 && i < rows; j--) {
      const block = b.order[ob + j];
      const first = block << BLOCK_SHIFT;
      for (let k = first + b.lens[block] - 1; k >= first && i < rows; k--, i++) {
        outPx[i] = sign * b.keys[k];
        outQty[i] = b.qtys[k];
      }
    }
    return i;
  }

  /** setLevel's body: the level in `io` on `side`; the side and what upsert refused are counted here. */
  private store(side: number): boolean {
    if (side !== 0 && side !== 1) { this.rejects[L2BookReject.BadSide] += 1; return false; }
    const outcome = this.blocks.upsert(side, this.capacity);
    if (outcome === Upsert.BadPrice) { this.rejects[L2BookReject.BadPrice] += 1; return false; }
    if (outcome === Upsert.BadQty) { this.rejects[L2BookReject.BadQty] += 1; return false; }
    this.stats[0] += 1;
    // Full side: the worst level went (Evicted), or the new level was the worst (Dropped).
    if (outcome === Upsert.Evicted || outcome === Upsert.Dropped) this.stats[1] += 1;
    return true;
  }

}
