/**
 * What a marketable order costs against the visible book: walk the opposite side from the touch,
 * taking each level's quantity until the order is filled, the book runs out, or (with a limit)
 * the next level is worse than the limit. The paper engine's taker fills, and the smart order
 * router's children (routing/venue-allocation.ts, which writes the same walk inline: its caller is
 * too large to inline this one, and the share and limit would arrive boxed), are both this walk.
 *
 * The side is given best first: prices[0] is the touch (lowest ask for a buy, highest bid for a
 * sell), as the published depth block (book-depth-block.ts) and L2Book.copyTop lay it out. The
 * result goes into `out` (TakerWalk slots) so the walk allocates nothing and returns no double.
 * Levels whose price or quantity is not a positive finite number end the walk (the book is not
 * trusted past them).
 */

export const TakerWalk = {
  /** Quantity the visible book fills. */
  filled: 0,
  /** Sum of price x quantity over the filled quantity. */
  notional: 1,
  /** notional / filled (NaN when nothing filled). */
  averagePrice: 2,
  /** Levels touched, partly or fully. */
  levels: 3,
  /** The last (worst) price filled at (NaN when nothing filled). */
  worstPrice: 4,
  /** Average price against the touch, bps, positive = worse (NaN when nothing filled). */
  slippageBps: 5,
} as const;
export const TAKER_WALK_SLOTS = 6;

/**
 * Walk `count` levels of `prices`/`quantities` (best first) for `quantity`. `side` is the taker's:
 * +1 buys (walks asks upwards), -1 sells (walks bids downwards). `limitPrice` NaN = no limit.
 */
export function walkBook(
  prices: Float64Array, quantities: Float64Array, count: number, side: number, quantity: number, limitPrice: number, out: Float64Array,
): void {
  let left = quantity > 0 && quantity < Infinity ? quantity : 0;
  let filled = 0;
  let notional = 0;
  let levels = 0;
  let worst = NaN;
  // One comparison for both sides and for no limit, run at every level: compiled as its own
  // function, a comparison no call has reached yet has no type feedback and becomes a generic one
  // on boxed doubles, an allocation per call even when the branch is never taken (a walk without a
  // limit, or one side only). A NaN limit makes the difference NaN, and NaN > 0 is false: no
  // branch on the limit either (a value chosen between the limit argument and a computed double
  // would be boxed).
  const direction = side > 0 ? 1 : -1;
  const n = Math.min(count, prices.length, quantities.length);
  for (let i = 0; i < n && left > 0; i++) {
    const price = prices[i];
    const available = quantities[i];
    if (!(price > 0 && price < Infinity && available > 0 && available < Infinity)) break;
    if (direction * (price - limitPrice) > 0) break;
    const take = available < left ? available : left;
    filled += take;
    notional += take * price;
    left -= take;
    levels++;
    worst = price;
  }
  out[TakerWalk.filled] = filled;
  out[TakerWalk.notional] = notional;
  out[TakerWalk.levels] = levels;
  out[TakerWalk.worstPrice] = worst;
  const average = filled > 0 ? notional / filled : NaN;
  out[TakerWalk.averagePrice] = average;
  const touch = prices[0];
  // direction x (average / touch) - direction: average / touch - 1 for a buy, 1 - average / touch
  // for a sell, bit for bit, with the arithmetic on one path whichever sides have been walked.
  out[TakerWalk.slippageBps] = filled > 0 ? (direction * (average / touch) - direction) * 1e4 : NaN;
}
