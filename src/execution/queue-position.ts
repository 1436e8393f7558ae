/**
 * Where a resting (maker) paper order stands in its price level's queue, and how much of it the
 * market fills. A paper engine that fills a limit order in full the moment the price touches it
 * flatters every passive strategy; a real order waits behind everything that was at its price
 * before it, and fills only once trades have eaten through that.
 *
 * State per order: `ahead`, the quantity queued before it at its price, and `remaining`, its own
 * unfilled quantity. Placed at a level with visible quantity Q: ahead = Q (the back of the queue).
 *
 * - A trade of size s at the order's price consumes the queue from the front: first `ahead`, then
 *   the order itself. The fill is max(0, s - ahead) capped at `remaining` (NautilusTrader's unit
 *   case: 100 ahead, trades of 80 then 30 -> ahead 20, then a fill of 10).
 * - A level that shrinks had orders traded or cancelled. The part of the shrink the trades
 *   passed to onTrade since the last level change explain is not counted again; the rest, d, was
 *   cancelled, from where in the queue is not visible. The two models (hftbacktest's queue models,
 *   written anew here) differ only in that guess:
 *   - risk_averse: cancellations come from behind the order; `ahead` only drops when the level
 *     falls below it (ahead = min(ahead, new level quantity)). The pessimistic bound.
 *   - power (probabilistic, exponent n, 3 by default): with f(x) = x^n, a cancellation is behind
 *     the order with probability p = f(back) / (f(back) + f(front)), front = ahead and back the
 *     rest of the level: ahead -= (1 - p) d, and any part of p d that exceeds `back` must have
 *     come from the front too. With much more queued behind than ahead most cancellations are
 *     taken as behind; with the order near the back, most in front. Never above the level.
 * - A level that grows adds behind the order: `ahead` does not change (beyond the level cap).
 *
 * Quantities only; prices and the level the order rests at are the caller's (the paper engine
 * keeps one QueuePosition per resting order and routes the level's trades and changes to it).
 * No allocation per update.
 */

export const QUEUE_MODELS = ['risk_averse', 'power'] as const;
export type QueueModelName = (typeof QUEUE_MODELS)[number];

export class QueuePosition {
  /** Quantity queued in front of the order. */
  ahead = 0;
  /** The order's own unfilled quantity. */
  remaining = 0;
  /** Trades at the level since its last change: the part of the next shrink they explain. */
  private tradedSinceChange = 0;

  constructor(readonly model: QueueModelName = 'risk_averse', readonly exponent = 3) {
    if (!QUEUE_MODELS.includes(model)) throw new Error(`queue position: model must be one of ${QUEUE_MODELS.join(', ')}, got ${model}`);
    if (!(exponent > 0 && exponent < Infinity)) throw new Error(`queue position: exponent must be > 0, got ${exponent}`);
  }

  /** The order joins the back of a level holding `levelQty` (before the order itself). */
  place(quantity: number, levelQty: number): void {
    if (!(quantity > 0 && quantity < Infinity)) throw new Error(`queue position: order quantity must be > 0, got ${quantity}`);
    this.remaining = quantity;
    this.ahead = levelQty > 0 && levelQty < Infinity ? levelQty : 0;
    this.tradedSinceChange = 0;
  }

  /** A trade of `size` at the order's price; returns the quantity of the order it filled. */
  onTrade(size: number): number {
    if (!(size > 0 && size < Infinity) || this.remaining <= 0) return 0;
    this.tradedSinceChange += size;
    if (size <= this.ahead) {
      this.ahead -= size;
      return 0;
    }
    const fill = Math.min(size - this.ahead, this.remaining);
    this.ahead = 0;
    this.remaining -= fill;
    return fill;
  }

  /** The level's visible quantity (not counting the order) went from `before` to `after`. */
  onLevelChange(before: number, after: number): void {
    if (!(after >= 0 && before >= 0 && after < Infinity && before < Infinity)) return;
    const traded = this.tradedSinceChange;
    const cancelled = before - after - traded;
    this.tradedSinceChange = 0;
    if (this.model === 'risk_averse' || cancelled <= 0) {
      if (this.ahead > after) this.ahead = after;
      return;
    }
    const front = this.ahead;
    // What stood behind the order once the trades (which took from the front) are taken out.
    const back = before - traded - front;
    const fFront = front ** this.exponent;
    const fBack = back > 0 ? back ** this.exponent : 0;
    const behind = fFront + fBack > 0 ? fBack / (fFront + fBack) : 0;
    let ahead = front - (1 - behind) * cancelled + Math.min(back - behind * cancelled, 0);
    if (ahead < 0) ahead = 0;
    if (ahead > after) ahead = after;
    this.ahead = ahead;
  }
}
