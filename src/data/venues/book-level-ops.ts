/**
 * The order-book changes decoded from one venue frame, as an ordered list of operations in
 * preallocated typed arrays: "clear symbol s's book" or "set level (s, side, price) to qty"
 * (qty 0 removes the level). The caller applies them in order to its books; a snapshot is a
 * clear followed by its levels, so a frame mixing snapshots and updates replays exactly.
 *
 * Why a list before the book: a message is validated in full before any of it counts. A decoder
 * pushes every level of a message, and on a bad level rolls the list back to the mark taken
 * before the message (`rollback`), so a half-valid update never reaches a book. Only then does
 * `applyTo` write the operations into the L2Books (book/l2-book.ts); the list stays readable
 * for consumers that want the diffs themselves.
 *
 * Sides use the trade-side convention of records.ts: +1 bid, -1 ask; 0 marks a clear.
 */

import { BookSide, type L2Book } from '../book/l2-book.js';

export const BookOp = { Bid: 1, Ask: -1, Clear: 0 } as const;

/**
 * Where a decoder stands with one product's book: waiting for its first snapshot, live (updates
 * apply), or broken (an update was lost or refused; updates are refused until a new snapshot).
 */
export const BookSync = { AwaitingSnapshot: 0, Live: 1, NeedsResync: 2 } as const;

export class BookLevelOps {
  readonly capacity: number;
  readonly symbol: Int32Array;
  readonly side: Int8Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
  /** Operations in the current frame. */
  count = 0;
  /** One side's levels of a snapshot, gathered for L2Book.loadSide. */
  private readonly runPrice: Float64Array;
  private readonly runQty: Float64Array;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error(`BookLevelOps: bad capacity ${capacity}`);
    this.capacity = capacity;
    this.symbol = new Int32Array(capacity);
    this.side = new Int8Array(capacity);
    this.price = new Float64Array(capacity);
    this.qty = new Float64Array(capacity);
    this.runPrice = new Float64Array(capacity);
    this.runQty = new Float64Array(capacity);
  }

  /** Start a new frame. */
  reset(): void {
    this.count = 0;
  }

  /** Room for `n` more operations? */
  hasRoom(n: number): boolean {
    return this.count + n <= this.capacity;
  }

  /** Append a clear of `symbol`'s book; false when full. */
  pushClear(symbol: number): boolean {
    if (this.count >= this.capacity) return false;
    const k = this.count++;
    this.symbol[k] = symbol;
    this.side[k] = BookOp.Clear;
    this.price[k] = 0;
    this.qty[k] = 0;
    return true;
  }

  /**
   * Append a level; false when full. Price and quantity are read from `values[at]` and
   * `values[at + 1]` (a parser's scratch slots), so no double crosses a call boundary.
   */
  pushLevel(symbol: number, side: number, values: Float64Array, at: number): boolean {
    if (this.count >= this.capacity) return false;
    const k = this.count++;
    this.symbol[k] = symbol;
    this.side[k] = side;
    this.price[k] = values[at];
    this.qty[k] = values[at + 1];
    return true;
  }

  /** Drop everything pushed after `mark` (a value of `count` taken earlier). */
  rollback(mark: number): void {
    if (mark >= 0 && mark < this.count) this.count = mark;
  }

  /**
   * Write operations [from, count) into `books[symbol]`. After a clear, the first run of
   * consecutive levels of each side is loaded in one `loadSide` (snapshots arrive best-first, so
   * that is a straight copy, where one setLevel per level would shift the side each time); every
   * other operation is a `setLevelAt`, which reads the level from these arrays (a price passed as
   * an argument would be boxed wherever the compiler does not inline the call).
   */
  applyTo(books: readonly L2Book[], from: number): void {
    let i = from < 0 ? 0 : from;
    const end = this.count;
    while (i < end) {
      const book = books[this.symbol[i]];
      if (this.side[i] !== BookOp.Clear) {
        book.setLevelAt(this.side[i] === BookOp.Bid ? BookSide.Bid : BookSide.Ask, this.price, this.qty, i);
        i++;
        continue;
      }
      const symbol = this.symbol[i];
      book.clear();
      i++;
      let loadedBids = false;
      let loadedAsks = false;
      while (i < end && this.symbol[i] === symbol && this.side[i] !== BookOp.Clear) {
        const side = this.side[i];
        if (side === BookOp.Bid ? loadedBids : loadedAsks) break;
        let n = 0;
        while (i < end && this.symbol[i] === symbol && this.side[i] === side) {
          this.runPrice[n] = this.price[i];
          this.runQty[n] = this.qty[i];
          n++;
          i++;
        }
        book.loadSide(side === BookOp.Bid ? BookSide.Bid : BookSide.Ask, this.runPrice, this.runQty, n);
        if (side === BookOp.Bid) loadedBids = true; else loadedAsks = true;
      }
    }
  }
}
