/**
 * The top N levels of one symbol's order book in shared memory: written by L0 whenever the book
 * changes, read by any layer (sizing to estimate impact, a fill engine to walk real depth) with
 * no second copy of the book and no lock (a seqlock block: readers retry, never tear).
 *
 * Layout (float64 fields): `tsMicros`, `updateId`, `synced` (1 while the book is valid, 0 while
 * it waits for a snapshot: readers must not trade on it then), `levels` (N), then for i < N:
 * `bidPrice(i)`, `bidQty(i)`, `askPrice(i)`, `askQty(i)` at BookDepth.level(i) + 0..3, best first.
 * A side with fewer than N levels has NaN prices and 0 quantities in the rows it cannot fill.
 */
export const BookDepth = Object.freeze({
  tsMicros: 0,
  updateId: 1,
  synced: 2,
  levels: 3,
  /** First of the four fields of level i. */
  level: (i: number): number => 4 + 4 * i,
  fieldCount: (levels: number): number => 4 + 4 * levels,
  bidPrice: 0,
  bidQty: 1,
  askPrice: 2,
  askQty: 3,
});
