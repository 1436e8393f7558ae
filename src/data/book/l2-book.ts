/**
 * L2Book: the aggregated price-level book of one symbol on one venue.
 *
 * Storage: per side, a preallocated Float64Array of sort keys and one of quantities, `capacity`
 * levels each, fixed at construction. The key is the price for bids and minus the price for asks,
 * so both sides are kept ascending by key with the BEST level at the high end (index count-1):
 * best bid/ask are O(1) reads, and an insert or delete shifts only the levels better than it.
 * Real feeds change levels near the touch most: replaying the Binance BTCUSDT captures, an insert
 * or delete moves 255 (spot) / 514 (USD-M) levels on average this way, against 1,205 / 2,974 with
 * the best level at index 0. `setLevel` is a binary search plus a `copyWithin` shift; nothing here
 * allocates after construction.
 *
 * Allocation-freedom also depends on the CALLER's compiled code: V8 boxes a double (on the heap)
 * that is passed to, or returned from, a call it does not inline. Hence:
 * - setLevel is a tiny wrapper that moves price and quantity through a typed array to the private
 *   `store`, which takes and returns only small integers/booleans and is too big to be inlined
 *   itself, so the wrapper stays cheap to inline into any caller;
 * - the touch is kept in `top`, refreshed after each mutation, so best*, mid, microprice and
 *   isCrossed are a few array reads (inlined anywhere);
 * - levelPrice/levelQty/imbalance return doubles from larger bodies: allocation-free where the
 *   caller inlines them (the tests' call sites do), but a call site whose inlining budget is spent
 *   may box their result. Bulk publishing should use copyTop, which writes into caller arrays.
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

export const BookSide = { Bid: 0, Ask: 1 } as const;

/** Indices into `L2Book.rejects`. */
export const L2BookReject = { BadSide: 0, BadPrice: 1, BadQty: 2 } as const;
export const L2_BOOK_REJECT_REASONS = ['bad_side', 'bad_price', 'bad_qty'] as const;

export const DEFAULT_BOOK_CAPACITY = 5000;

// Slots of `top`: the touch, NaN for an empty side.
const TOP_BID = 0;
const TOP_BID_QTY = 1;
const TOP_ASK = 2;
const TOP_ASK_QTY = 3;

/**
 * NaN, read from a typed array. Queries return it instead of the literal: on Node 20, a result
 * that is a float64 on one path and the NaN constant on another is kept as a tagged (boxed,
 * heap-allocated) value even when the query is inlined; two float64 values stay unboxed.
 */
const NO_VALUE = new Float64Array([NaN]);

export class L2Book {
  readonly capacity: number;
  /** Refused inputs by L2BookReject reason. */
  readonly rejects = new Float64Array(L2_BOOK_REJECT_REASONS.length);
  /** Side s occupies [s * capacity, (s + 1) * capacity); see the header for the key sign. */
  private readonly keys: Float64Array;
  private readonly qtys: Float64Array;
  private readonly counts = new Int32Array(2);
  /** [0] version, [1] capacity drops. Float64 so the counts never overflow a small integer. */
  private readonly stats = new Float64Array(2);
  private readonly top = new Float64Array([NaN, NaN, NaN, NaN]);
  /** setLevel's price ([0]) and quantity ([1]) on their way to `store`. */
  private readonly io = new Float64Array(2);

  constructor(capacity = DEFAULT_BOOK_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`L2Book capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.keys = new Float64Array(2 * capacity);
    this.qtys = new Float64Array(2 * capacity);
  }

  get version(): number { return this.stats[0]; }
  /** Levels evicted or refused because a side was full. */
  get capacityDrops(): number { return this.stats[1]; }

  clear(): void {
    this.counts[0] = 0;
    this.counts[1] = 0;
    this.stats[0] += 1;
    this.refreshTop(0);
    this.refreshTop(1);
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
    this.counts[side] = 0;
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
      for (let i = 0; i < count; i++) this.setLevel(side, px[i], qty[i]);
      this.refreshTop(side);
      return this.counts[side];
    }
    // Best-first input: the best `capacity` non-empty levels fill the side from the top slot down.
    const kept = valid > this.capacity ? this.capacity : valid;
    this.stats[1] += valid - kept;
    const base = side * this.capacity;
    let slot = base + kept - 1;
    for (let i = 0; i < count && slot >= base; i++) {
      const q = qty[i];
      if (q === 0) continue;
      this.keys[slot] = side === 0 ? px[i] : -px[i];
      this.qtys[slot] = q;
      slot--;
    }
    this.counts[side] = kept;
    this.refreshTop(side);
    return kept;
  }

  depth(side: number): number {
    return side === 0 || side === 1 ? this.counts[side] : 0;
  }

  /** Price of level i (0 = best) on `side`, NaN when there is no such level. */
  levelPrice(side: number, i: number): number {
    if ((side !== 0 && side !== 1) || !(i >= 0) || i >= this.counts[side] || i !== Math.floor(i)) return NO_VALUE[0];
    const k = this.keys[side * this.capacity + this.counts[side] - 1 - i];
    return side === 0 ? k : -k;
  }

  /** Quantity of level i (0 = best) on `side`, NaN when there is no such level. */
  levelQty(side: number, i: number): number {
    if ((side !== 0 && side !== 1) || !(i >= 0) || i >= this.counts[side] || i !== Math.floor(i)) return NO_VALUE[0];
    return this.qtys[side * this.capacity + this.counts[side] - 1 - i];
  }

  bestBid(): number { return this.top[TOP_BID]; }
  bestAsk(): number { return this.top[TOP_ASK]; }
  bestBidQty(): number { return this.top[TOP_BID_QTY]; }
  bestAskQty(): number { return this.top[TOP_ASK_QTY]; }

  /** Both sides non-empty and best bid >= best ask (NaN compares false for an empty side). */
  isCrossed(): boolean { return this.top[TOP_BID] >= this.top[TOP_ASK]; }

  /** NaN with an empty side, through NaN arithmetic rather than a branch. */
  mid(): number { return (this.top[TOP_BID] + this.top[TOP_ASK]) * 0.5; }

  /** NaN with an empty side, through NaN arithmetic rather than a branch. */
  microprice(): number {
    const t = this.top;
    return (t[TOP_BID] * t[TOP_ASK_QTY] + t[TOP_ASK] * t[TOP_BID_QTY]) / (t[TOP_BID_QTY] + t[TOP_ASK_QTY]);
  }

  /** Depth-weighted imbalance over the top `levels` levels per side (header); NaN if levels < 1 or the book is empty. */
  imbalance(levels: number): number {
    if (!(levels >= 1)) return NO_VALUE[0];
    let bidSum = 0;
    let askSum = 0;
    const nb = this.counts[0];
    const mb = levels < nb ? Math.floor(levels) : nb;
    for (let i = 0; i < mb; i++) bidSum += this.qtys[nb - 1 - i] / (i + 1);
    const na = this.counts[1];
    const ma = levels < na ? Math.floor(levels) : na;
    const askTop = this.capacity + na - 1;
    for (let i = 0; i < ma; i++) askSum += this.qtys[askTop - i] / (i + 1);
    // Both sums are >= 0, so an empty book gives 0/0 = NaN without a `: NaN` branch (see NO_VALUE).
    return (bidSum - askSum) / (bidSum + askSum);
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
    const nb = this.counts[0];
    const na = this.counts[1];
    const askTop = this.capacity + na - 1;
    for (let i = 0; i < rows; i++) {
      if (i < nb) {
        outBidPx[i] = this.keys[nb - 1 - i];
        outBidQty[i] = this.qtys[nb - 1 - i];
      } else {
        outBidPx[i] = NaN;
        outBidQty[i] = 0;
      }
      if (i < na) {
        outAskPx[i] = -this.keys[askTop - i];
        outAskQty[i] = this.qtys[askTop - i];
      } else {
        outAskPx[i] = NaN;
        outAskQty[i] = 0;
      }
    }
    const deeper = nb > na ? nb : na;
    return deeper < rows ? deeper : rows;
  }

  /** setLevel's body: validate, then insert, update or delete the level in `io` on `side`. */
  private store(side: number): boolean {
    const price = this.io[0];
    const qty = this.io[1];
    if (side !== 0 && side !== 1) { this.rejects[L2BookReject.BadSide] += 1; return false; }
    if (!(price > 0) || price === Infinity) { this.rejects[L2BookReject.BadPrice] += 1; return false; }
    if (!(qty >= 0) || qty === Infinity) { this.rejects[L2BookReject.BadQty] += 1; return false; }
    this.stats[0] += 1;
    const keys = this.keys;
    const key = side === 0 ? price : -price;
    const base = side * this.capacity;
    const n = this.counts[side];
    const end = base + n;
    // Lower bound: first slot in [base, end) whose key is >= key.
    let lo = base;
    let hi = end;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (keys[m] < key) lo = m + 1; else hi = m;
    }
    if (lo < end && keys[lo] === key) {
      if (qty > 0) {
        this.qtys[lo] = qty;
      } else {
        keys.copyWithin(lo, lo + 1, end);
        this.qtys.copyWithin(lo, lo + 1, end);
        this.counts[side] = n - 1;
      }
    } else if (qty === 0) {
      return true;
    } else if (n < this.capacity) {
      keys.copyWithin(lo + 1, lo, end);
      this.qtys.copyWithin(lo + 1, lo, end);
      keys[lo] = key;
      this.qtys[lo] = qty;
      this.counts[side] = n + 1;
    } else {
      // Full side: the worst level (slot `base`) goes, unless the new level would be the worst.
      this.stats[1] += 1;
      if (lo === base) return true;
      keys.copyWithin(base, base + 1, lo);
      this.qtys.copyWithin(base, base + 1, lo);
      keys[lo - 1] = key;
      this.qtys[lo - 1] = qty;
    }
    this.refreshTop(side);
    return true;
  }

  private refreshTop(side: number): void {
    const n = this.counts[side];
    const top = side * this.capacity + n - 1;
    const slot = side === 0 ? TOP_BID : TOP_ASK;
    if (n === 0) {
      this.top[slot] = NaN;
      this.top[slot + 1] = NaN;
    } else {
      this.top[slot] = side === 0 ? this.keys[top] : -this.keys[top];
      this.top[slot + 1] = this.qtys[top];
    }
  }
}
