/**
 * FIFO cost lots per symbol: the open position of each symbol as the lots that made it, oldest
 * first. A fill on the position's side adds a lot; a fill against it closes lots from the oldest
 * on and realises each at its own price (what the tax report and an auditor reckon with, and
 * what average cost blurs: buy 1 at 100, 1 at 200, sell 1 at 150 realises +50 under FIFO, 0
 * under average cost); a fill past flat closes everything and opens the rest on the other side.
 *
 * Lots of one symbol all share the sign of its position, so a lot is a quantity (> 0) and a price.
 * Each symbol holds at most `capacity` lots in a ring (head + count); a new lot on a full ring is
 * merged into the newest one (size-weighted price): the older lots, which close first, stay
 * exact, and only the order within the two newest is lost. Positions built from thousands of
 * separate adds are rare; the merge is counted in `merges`.
 *
 * Interface: doubles travel in `io` (IoSlot), never as arguments or results (a double passed to
 * or returned from a call V8 does not inline is boxed, and L5 books fills on its per-record path).
 * Nothing allocates after construction.
 */

/** Slots of `FifoCostLots.io`. */
export const LotIo = {
  /** In: the fill's quantity (> 0). */
  qty: 0,
  /** In: the fill's price. */
  price: 1,
  /** Out of `fill`: gross realised PnL of the lots it closed. */
  realized: 2,
  /** Out of `fill` and `averageCost`: the size-weighted price of the lots still open (0 when flat). */
  averageCost: 3,
  /** Internal: the quantity a new lot gets. */
  rest: 4,
} as const;

export class FifoCostLots {
  readonly io = new Float64Array(5);
  /** Lots merged because a symbol's ring was full. */
  merges = 0;
  private readonly qty: Float64Array;
  private readonly price: Float64Array;
  private readonly head: Int32Array;
  private readonly count: Int32Array;

  constructor(readonly symbolCount: number, readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new Error(`FifoCostLots: capacity must be a positive integer, got ${capacity}`);
    this.qty = new Float64Array(symbolCount * capacity);
    this.price = new Float64Array(symbolCount * capacity);
    this.head = new Int32Array(symbolCount);
    this.count = new Int32Array(symbolCount);
  }

  lotCount(s: number): number {
    return this.count[s];
  }

  /**
   * Book a fill of io.qty at io.price on symbol `s`, whose position before it has the sign
   * `positionSign` (+1 long, -1 short, 0 flat), on `side` (+1 buy, -1 sell). Writes io.realized
   * and io.averageCost.
   */
  fill(s: number, positionSign: number, side: number): void {
    const io = this.io;
    let left = io[LotIo.qty];
    const price = io[LotIo.price];
    io[LotIo.realized] = 0;
    if (positionSign !== 0 && positionSign !== side) {
      // Against the position: close the oldest lots first, each at its own price.
      const base = s * this.capacity;
      while (left > 0 && this.count[s] > 0) {
        const at = base + this.head[s];
        const lotQty = this.qty[at];
        const closed = lotQty < left ? lotQty : left;
        io[LotIo.realized] += closed * (price - this.price[at]) * positionSign;
        left -= closed;
        // A lot left with float dust of its quantity is closed whole.
        if (lotQty - closed <= 1e-12 * lotQty) {
          this.qty[at] = 0;
          this.head[s] = (this.head[s] + 1) % this.capacity;
          this.count[s]--;
        } else {
          this.qty[at] = lotQty - closed;
        }
      }
      if (this.count[s] === 0) this.head[s] = 0;
      // What the fill had beyond the position opens on the other side (dust is not a lot).
      if (left <= 1e-12 * io[LotIo.qty]) left = 0;
    }
    if (left > 0) {
      io[LotIo.rest] = left;
      this.add(s);
    }
    this.averageCost(s);
  }

  /** io.averageCost = the size-weighted price of `s`'s open lots (0 when there are none). */
  averageCost(s: number): void {
    const base = s * this.capacity;
    let q = 0;
    let cost = 0;
    for (let k = 0; k < this.count[s]; k++) {
      const at = base + ((this.head[s] + k) % this.capacity);
      q += this.qty[at];
      cost += this.qty[at] * this.price[at];
    }
    this.io[LotIo.averageCost] = q > 0 ? cost / q : 0;
  }

  /** Drop `s`'s lots (its position was snapped to flat). */
  clear(s: number): void {
    this.head[s] = 0;
    this.count[s] = 0;
  }

  /** Write `s`'s lots oldest first into out[at..] as [qty, price] pairs; returns how many. */
  writeTo(s: number, out: Float64Array, at: number): number {
    const base = s * this.capacity;
    const n = this.count[s];
    for (let k = 0; k < n; k++) {
      const from = base + ((this.head[s] + k) % this.capacity);
      out[at + 2 * k] = this.qty[from];
      out[at + 2 * k + 1] = this.price[from];
    }
    return n;
  }

  /** Replace `s`'s lots with `n` [qty, price] pairs from src[at..] (oldest first); false if any is not valid. */
  readFrom(s: number, src: Float64Array, at: number, n: number): boolean {
    if (!(Number.isInteger(n) && n >= 0 && n <= this.capacity)) return false;
    for (let k = 0; k < n; k++) {
      if (!(src[at + 2 * k] > 0 && src[at + 2 * k] < Infinity && src[at + 2 * k + 1] > 0 && src[at + 2 * k + 1] < Infinity)) return false;
    }
    const base = s * this.capacity;
    for (let k = 0; k < n; k++) {
      this.qty[base + k] = src[at + 2 * k];
      this.price[base + k] = src[at + 2 * k + 1];
    }
    this.head[s] = 0;
    this.count[s] = n;
    return true;
  }

  /** A lot of io.rest at io.price on `s` (read from `io`: see the header). */
  private add(s: number): void {
    const qty = this.io[LotIo.rest];
    const price = this.io[LotIo.price];
    const base = s * this.capacity;
    if (this.count[s] === this.capacity) {
      const newest = base + ((this.head[s] + this.count[s] - 1) % this.capacity);
      const merged = this.qty[newest] + qty;
      this.price[newest] = (this.qty[newest] * this.price[newest] + qty * price) / merged;
      this.qty[newest] = merged;
      this.merges++;
      return;
    }
    const at = base + ((this.head[s] + this.count[s]) % this.capacity);
    this.qty[at] = qty;
    this.price[at] = price;
    this.count[s]++;
  }
}
