/**
 * LevelBlocks: the sorted price levels of both sides of an L2Book, kept in short blocks so that an
 * insert or delete moves at most one block's worth of levels instead of every level between it and
 * the end of the side.
 *
 * Why: with one sorted array per side, a level inserted or deleted k levels from the array's end
 * shifts k keys and k quantities. Replaying the Binance USD-M capture that is ~500 levels (8 KB of
 * memmove) per change even with the best level at the end, because diffs also touch deep levels
 * (stop-price clusters at 1000 and 5000 on a 60,000 book): most of the cost of applying a depth diff.
 * The search matters as much: ~80% of a diff's levels are more than 32 levels from the touch, so
 * both searches (see locate) are branch-free.
 *
 * Layout: a pool of blocks of BLOCK_LEVELS slots in `keys`/`qtys` (block b at b << BLOCK_SHIFT),
 * each holding `lens[b]` levels ascending by key from its first slot. Per side, `order` lists the
 * side's blocks ascending (side s at [s * maxBlocks, s * maxBlocks + blockCounts[s])), so the
 * side's keys read ascending block by block, the best level last (the key is the price for bids,
 * minus the price for asks: see l2-book.ts). Unused blocks are on the `free` stack.
 *
 * Invariants: every listed block holds at least one level; keys strictly ascend across a side;
 * any two neighbouring blocks of a side hold more than BLOCK_LEVELS / 2 levels together (a delete
 * that breaks this merges the two). The last one bounds the blocks a side with n levels can use to
 * fewer than 4n / BLOCK_LEVELS + 1, so a pool of 2 * (4 * capacity / BLOCK_LEVELS + 3) blocks never
 * runs out (alloc throws if it ever did: that would be a bug here, never an input's doing).
 * Memory: for the default 5,000 levels a side, ~640 KB a book (a flat array needed 160 KB).
 * Padding: every key slot past a block's last level, and every `firstKeys` entry past a side's
 * last block, holds +Infinity (locate reads them instead of checking bounds).
 *
 * The price and quantity of an operation travel in `io` ([0] price, turned into the key by
 * upsert; [1] quantity), shared with the book, so no double is passed to or returned from a call
 * (see l2-book.ts on boxing); the touch goes back the same way, in the book's `touch` ([bid, bid
 * qty, ask, ask qty], NaN for an empty side), refreshed here after every change, so the book's
 * set path is only a few array writes around upsert. Nothing here allocates after construction.
 */

export const BLOCK_SHIFT = 5;
/** Slots per block: a power of two, so block b starts at b << BLOCK_SHIFT (32 measured as fast as 16, faster than 64). */
export const BLOCK_LEVELS = 1 << BLOCK_SHIFT;
const HALF = BLOCK_LEVELS >> 1;
/** Levels per block when a sorted side is loaded in bulk: room left for inserts before a split. */
const LOAD_FILL = (BLOCK_LEVELS * 3) >> 2;

/** What upsert did. */
export const Upsert = { Changed: 0, Unchanged: 1, Dropped: 2, Evicted: 3, BadPrice: 4, BadQty: 5 } as const;

export class LevelBlocks {
  readonly keys: Float64Array;
  readonly qtys: Float64Array;
  readonly lens: Int32Array;
  readonly order: Int32Array;
  /**
   * The first key of the block at each position of `order` (side s at s * firstStride), kept
   * alongside it: finding a block searches this small contiguous array instead of touching one
   * scattered block per step. Positions past the side's last block hold +Infinity.
   */
  private readonly firstKeys: Float64Array;
  /** A power of two >= 2 * maxBlocks, so the branch-free search below never reads past a side. */
  private readonly firstStride: number;
  readonly blockCounts = new Int32Array(2);
  /** Levels per side. */
  readonly counts = new Int32Array(2);
  /** Offset of side 1's list in `order`. */
  readonly maxBlocks: number;
  private readonly free: Int32Array;
  private freeCount: number;
  private readonly io: Float64Array;
  private readonly top: Float64Array;
  /** Where locate found a key: [0] the block's position in its side's `order`. */
  private readonly at = new Int32Array(1);

  constructor(capacity: number, io: Float64Array, top: Float64Array) {
    this.maxBlocks = Math.ceil((4 * capacity) / BLOCK_LEVELS) + 3;
    const pool = 2 * this.maxBlocks;
    this.keys = new Float64Array(pool << BLOCK_SHIFT);
    this.qtys = new Float64Array(pool << BLOCK_SHIFT);
    this.lens = new Int32Array(pool);
    this.order = new Int32Array(pool);
    let stride = 1;
    while (stride < 2 * this.maxBlocks) stride *= 2;
    this.firstStride = stride;
    this.firstKeys = new Float64Array(2 * stride).fill(Infinity);
    this.free = new Int32Array(pool);
    for (let b = 0; b < pool; b++) this.free[b] = pool - 1 - b;
    this.freeCount = pool;
    this.io = io;
    this.top = top;
  }

  clearSide(side: number): void {
    const ob = side * this.maxBlocks;
    const fb = side * this.firstStride;
    for (let j = 0; j < this.blockCounts[side]; j++) {
      this.free[this.freeCount++] = this.order[ob + j];
      this.firstKeys[fb + j] = Infinity;
    }
    this.blockCounts[side] = 0;
    this.counts[side] = 0;
    this.refreshTop(side);
  }

  /** top[2 * side], top[2 * side + 1] = the side's best price and quantity, NaN when it is empty. */
  refreshTop(side: number): void {
    const at = this.bestIndex(side);
    const slot = side << 1;
    if (at < 0) {
      this.top[slot] = NaN;
      this.top[slot + 1] = NaN;
    } else {
      this.top[slot] = side === 0 ? this.keys[at] : -this.keys[at];
      this.top[slot + 1] = this.qtys[at];
    }
  }

  /** Pool index of the side's best level (the last key), -1 when the side is empty. */
  bestIndex(side: number): number {
    const nb = this.blockCounts[side];
    if (nb === 0) return -1;
    const b = this.order[side * this.maxBlocks + nb - 1];
    return (b << BLOCK_SHIFT) + this.lens[b] - 1;
  }

  /** Pool index of level `rank` (0 = best) of the side; the caller checks rank < counts[side]. */
  rankIndex(side: number, rank: number): number {
    const ob = side * this.maxBlocks;
    let j = this.blockCounts[side] - 1;
    let r = rank;
    while (r >= this.lens[this.order[ob + j]]) r -= this.lens[this.order[ob + j--]];
    const b = this.order[ob + j];
    return (b << BLOCK_SHIFT) + this.lens[b] - 1 - r;
  }

  /**
   * Set the level at price io[0] to quantity io[1] (0 deletes it) on side 0 or 1, holding at most
   * `capacity` levels: on a full side a new level evicts the worst, unless it would be the worst.
   * A price that is not finite and > 0 or a quantity that is not finite and >= 0 changes nothing
   * (BadPrice, BadQty). The touch is refreshed after any change. It takes and returns small
   * integers only, so calling it allocates nothing whether or not the compiler inlines it.
   */
  upsert(side: number, capacity: number): number {
    const price = this.io[0];
    const qty = this.io[1];
    if (!(price > 0) || price === Infinity) return Upsert.BadPrice;
    if (!(qty >= 0) || qty === Infinity) return Upsert.BadQty;
    // From here io[0] is the key: see the header for its sign.
    if (side === 1) this.io[0] = -price;
    if (this.blockCounts[side] === 0) {
      if (qty === 0) return Upsert.Unchanged;
      this.startSide(side);
      return Upsert.Changed;
    }
    const lo = this.locate(side);
    const j = this.at[0];
    const b = this.order[side * this.maxBlocks + j];
    if (lo < (b << BLOCK_SHIFT) + this.lens[b] && this.keys[lo] === this.io[0]) {
      if (qty > 0) this.qtys[lo] = qty;
      else this.removeAt(side, j, lo);
      this.refreshTop(side);
      return Upsert.Changed;
    }
    if (qty === 0) return Upsert.Unchanged;
    if (this.counts[side] < capacity) {
      this.insertAt(side, j, lo);
      this.refreshTop(side);
      return Upsert.Changed;
    }
    const worst = this.order[side * this.maxBlocks] << BLOCK_SHIFT;
    if (lo === worst) return Upsert.Dropped;
    this.removeAt(side, 0, worst);
    // With a capacity of one the eviction emptied the side and freed its only block.
    if (this.blockCounts[side] === 0) {
      this.startSide(side);
      return Upsert.Evicted;
    }
    const at = this.locate(side);
    this.insertAt(side, this.at[0], at);
    this.refreshTop(side);
    return Upsert.Evicted;
  }

  /** The first level of an empty side: key io[0], quantity io[1] (not an argument: a double would be boxed), in a block of its own. */
  private startSide(side: number): void {
    const b = this.alloc();
    this.order[side * this.maxBlocks] = b;
    this.firstKeys[side * this.firstStride] = this.io[0];
    this.blockCounts[side] = 1;
    this.lens[b] = 1;
    this.keys[b << BLOCK_SHIFT] = this.io[0];
    this.qtys[b << BLOCK_SHIFT] = this.io[1];
    this.counts[side] = 1;
    this.refreshTop(side);
  }

  /**
   * Replace the side with the first `kept` levels of `px`/`qty` that have a quantity > 0, given
   * best first and already checked (strictly ordered, valid); `sign` turns a price into its key.
   */
  loadBestFirst(side: number, px: Float64Array, qty: Float64Array, count: number, kept: number, sign: number): void {
    this.clearSide(side);
    const ob = side * this.maxBlocks;
    const nb = Math.ceil(kept / LOAD_FILL);
    for (let j = 0; j < nb; j++) {
      const b = this.alloc();
      this.order[ob + j] = b;
      this.lens[b] = j < nb - 1 ? LOAD_FILL : kept - j * LOAD_FILL;
    }
    this.blockCounts[side] = nb;
    this.counts[side] = kept;
    // Level r from the best is ascending position kept - 1 - r.
    let a = kept - 1;
    for (let i = 0; i < count && a >= 0; i++) {
      const q = qty[i];
      if (q === 0) continue;
      const j = (a / LOAD_FILL) | 0;
      const slot = (this.order[ob + j] << BLOCK_SHIFT) + a - j * LOAD_FILL;
      this.keys[slot] = sign * px[i];
      this.qtys[slot] = q;
      a--;
    }
    const fb = side * this.firstStride;
    for (let j = 0; j < nb; j++) this.firstKeys[fb + j] = this.keys[this.order[ob + j] << BLOCK_SHIFT];
    this.refreshTop(side);
  }

  /**
   * The slot of the first key >= io[0] in the block that holds io[0] or would: the side's last
   * block whose first key is <= io[0], or its first block. Sets at[0] to that block's position.
   *
   * Both searches are branch-free binary searches (`pos += step & -(x < key)`: the comparison
   * becomes a 0/1, not a branch). A diff's levels fall all over the book (replaying the USD-M
   * capture, ~80% are more than 32 levels from the touch), so a bisection's branches are coin
   * flips, each mispredicted half the time. They rely on the +Infinity padding past a side's last
   * block in `firstKeys` and past the last level in every block.
   */
  private locate(side: number): number {
    const key = this.io[0];
    const firstKeys = this.firstKeys;
    const fb = side * this.firstStride;
    const nb = this.blockCounts[side];
    // count = how many blocks start at or below key; positions >= nb read +Infinity.
    let count = 0;
    for (let step = 1 << (31 - Math.clz32(nb)); step > 0; step >>= 1) count += step & -(firstKeys[fb + count + step - 1] <= key);
    const j = count > 0 ? count - 1 : 0;
    this.at[0] = j;
    const keys = this.keys;
    const first = this.order[side * this.maxBlocks + j] << BLOCK_SHIFT;
    // Levels of the block below key: steps 32..1 reach 63, the last one decides 64.
    let pos = 0;
    for (let step = BLOCK_LEVELS >> 1; step > 0; step >>= 1) pos += step & -(keys[first + pos + step - 1] < key);
    pos += 1 & -(keys[first + pos] < key);
    return first + pos;
  }

  /** Insert io[0]/io[1] at slot `at` of the side's block at position j (splitting a full block). */
  private insertAt(side: number, j: number, at: number): void {
    const ob = side * this.maxBlocks;
    let b = this.order[ob + j];
    let base = b << BLOCK_SHIFT;
    if (this.lens[b] === BLOCK_LEVELS) {
      const upper = this.alloc();
      const upperBase = upper << BLOCK_SHIFT;
      for (let k = 0; k < BLOCK_LEVELS - HALF; k++) {
        this.keys[upperBase + k] = this.keys[base + HALF + k];
        this.qtys[upperBase + k] = this.qtys[base + HALF + k];
        this.keys[base + HALF + k] = Infinity;
      }
      this.lens[b] = HALF;
      this.lens[upper] = BLOCK_LEVELS - HALF;
      const nb = this.blockCounts[side];
      const fb = side * this.firstStride;
      for (let k = nb; k > j + 1; k--) {
        this.order[ob + k] = this.order[ob + k - 1];
        this.firstKeys[fb + k] = this.firstKeys[fb + k - 1];
      }
      this.order[ob + j + 1] = upper;
      this.firstKeys[fb + j + 1] = this.keys[upperBase];
      this.blockCounts[side] = nb + 1;
      if (at > base + HALF) {
        at = upperBase + at - base - HALF;
        b = upper;
        base = upperBase;
      }
    }
    const keys = this.keys;
    const qtys = this.qtys;
    for (let k = base + this.lens[b]; k > at; k--) {
      keys[k] = keys[k - 1];
      qtys[k] = qtys[k - 1];
    }
    keys[at] = this.io[0];
    qtys[at] = this.io[1];
    this.lens[b]++;
    this.counts[side]++;
    // Only a level below every other (the side's first block) becomes a block's first key.
    if (j === 0 && b === this.order[ob]) this.firstKeys[side * this.firstStride] = keys[b << BLOCK_SHIFT];
  }

  /** Remove the level at slot `at` of the side's block at position j, keeping the invariants. */
  private removeAt(side: number, j: number, at: number): void {
    const ob = side * this.maxBlocks;
    const b = this.order[ob + j];
    const end = (b << BLOCK_SHIFT) + this.lens[b] - 1;
    const keys = this.keys;
    const qtys = this.qtys;
    for (let k = at; k < end; k++) {
      keys[k] = keys[k + 1];
      qtys[k] = qtys[k + 1];
    }
    keys[end] = Infinity;
    const len = --this.lens[b];
    this.counts[side]--;
    this.firstKeys[side * this.firstStride + j] = keys[b << BLOCK_SHIFT];
    const nb = this.blockCounts[side];
    if (len === 0) {
      this.dropBlock(side, j);
    } else if (j > 0 && this.lens[this.order[ob + j - 1]] + len <= HALF) {
      this.merge(side, j - 1);
    } else if (j + 1 < nb && this.lens[this.order[ob + j + 1]] + len <= HALF) {
      this.merge(side, j);
    }
  }

  /** Move the block at position j + 1 into the one at j (they fit: together <= HALF levels). */
  private merge(side: number, j: number): void {
    const ob = side * this.maxBlocks;
    const into = this.order[ob + j];
    const from = this.order[ob + j + 1];
    const to = (into << BLOCK_SHIFT) + this.lens[into];
    const src = from << BLOCK_SHIFT;
    const n = this.lens[from];
    for (let k = 0; k < n; k++) {
      this.keys[to + k] = this.keys[src + k];
      this.qtys[to + k] = this.qtys[src + k];
    }
    this.lens[into] += n;
    this.dropBlock(side, j + 1);
  }

  /** Take the (now empty or merged) block at position j out of the side's list and free it. */
  private dropBlock(side: number, j: number): void {
    const ob = side * this.maxBlocks;
    this.free[this.freeCount++] = this.order[ob + j];
    const nb = this.blockCounts[side] - 1;
    const fb = side * this.firstStride;
    for (let k = j; k < nb; k++) {
      this.order[ob + k] = this.order[ob + k + 1];
      this.firstKeys[fb + k] = this.firstKeys[fb + k + 1];
    }
    this.firstKeys[fb + nb] = Infinity;
    this.blockCounts[side] = nb;
  }

  /** A free block, its key slots all +Infinity (the padding locate relies on). */
  private alloc(): number {
    if (this.freeCount === 0) throw new Error('LevelBlocks: block pool exhausted (an invariant was broken)');
    const b = this.free[--this.freeCount];
    this.keys.fill(Infinity, b << BLOCK_SHIFT, (b + 1) << BLOCK_SHIFT);
    return b;
  }
}
