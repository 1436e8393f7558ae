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
 * Quantities only; prices and the level the order rests at are the caller's. `QueueSlots` keeps
 * the state of many orders in typed arrays (the paper fill engine, one slot per order slot), with
 * its doubles passed through `io` rather than as arguments, so no update allocates whether or not
 * the compiler inlines it; `QueuePosition` is one order's view of the same model.
 */

export const QUEUE_MODELS = ['risk_averse', 'power'] as const;
export type QueueModelName = (typeof QUEUE_MODELS)[number];

/** QueueSlots.io: the inputs and output of one update. */
export const QueueIo = {
  /** place: the order's quantity; onTrade: the trade's size; onLevelChange: the level before. */
  a: 0,
  /** place: the level's quantity before the order; onLevelChange: the level after. */
  b: 1,
  /** onTrade: the quantity of the order it filled. */
  filled: 2,
} as const;

export class QueueSlots {
  /** Per slot: quantity queued in front of the order. */
  readonly ahead: Float64Array;
  /** Per slot: the order's own unfilled quantity. */
  readonly remaining: Float64Array;
  /** Per slot: trades at the level since its last change (the part of the next shrink they explain). */
  private readonly traded: Float64Array;
  readonly io = new Float64Array(3);
  private readonly power: boolean;

  /** `memory` at `offset`: where to keep the state (bytesFor(capacity) bytes), e.g. shared memory. */
  constructor(
    capacity: number, readonly model: QueueModelName = 'risk_averse', readonly exponent = 3,
    memory: ArrayBufferLike = new ArrayBuffer(QueueSlots.bytesFor(capacity)), offset = 0,
  ) {
    if (!QUEUE_MODELS.includes(model)) throw new Error(`queue position: model must be one of ${QUEUE_MODELS.join(', ')}, got ${model}`);
    if (!(exponent > 0 && exponent < Infinity)) throw new Error(`queue position: exponent must be > 0, got ${exponent}`);
    this.ahead = new Float64Array(memory, offset, capacity);
    this.remaining = new Float64Array(memory, offset + capacity * 8, capacity);
    this.traded = new Float64Array(memory, offset + capacity * 16, capacity);
    this.power = model === 'power';
  }

  static bytesFor(capacity: number): number {
    return capacity * 24;
  }

  /** Order `slot` of quantity io.a joins the back of a level holding io.b (before the order itself). */
  place(slot: number): void {
    const quantity = this.io[QueueIo.a];
    const levelQty = this.io[QueueIo.b];
    if (!(quantity > 0 && quantity < Infinity)) throw new Error(`queue position: order quantity must be > 0, got ${quantity}`);
    this.remaining[slot] = quantity;
    this.ahead[slot] = levelQty > 0 && levelQty < Infinity ? levelQty : 0;
    this.traded[slot] = 0;
  }

  /** A trade of size io.a at the order's price; io.filled = the quantity of the order it filled. */
  onTrade(slot: number): void {
    const io = this.io;
    const size = io[QueueIo.a];
    io[QueueIo.filled] = 0;
    if (!(size > 0 && size < Infinity) || this.remaining[slot] <= 0) return;
    this.traded[slot] += size;
    const ahead = this.ahead[slot];
    if (size <= ahead) {
      this.ahead[slot] = ahead - size;
      return;
    }
    const remaining = this.remaining[slot];
    const fill = size - ahead < remaining ? size - ahead : remaining;
    this.ahead[slot] = 0;
    this.remaining[slot] = remaining - fill;
    io[QueueIo.filled] = fill;
  }

  /** The level's visible quantity (not counting the order) went from io.a to io.b. */
  onLevelChange(slot: number): void {
    const before = this.io[QueueIo.a];
    const after = this.io[QueueIo.b];
    if (!(after >= 0 && before >= 0 && after < Infinity && before < Infinity)) return;
    const traded = this.traded[slot];
    const cancelled = before - after - traded;
    this.traded[slot] = 0;
    if (!this.power || cancelled <= 0) {
      if (this.ahead[slot] > after) this.ahead[slot] = after;
      return;
    }
    const front = this.ahead[slot];
    // What stood behind the order once the trades (which took from the front) are taken out.
    const back = before - traded - front;
    const fFront = front ** this.exponent;
    const fBack = back > 0 ? back ** this.exponent : 0;
    const behind = fFront + fBack > 0 ? fBack / (fFront + fBack) : 0;
    let ahead = front - (1 - behind) * cancelled + Math.min(back - behind * cancelled, 0);
    if (ahead < 0) ahead = 0;
    if (ahead > after) ahead = after;
    this.ahead[slot] = ahead;
  }
}

/** One order's place in its queue: a QueueSlots of one, with plain arguments. */
export class QueuePosition {
  private readonly slots: QueueSlots;

  constructor(model: QueueModelName = 'risk_averse', exponent = 3) {
    this.slots = new QueueSlots(1, model, exponent);
  }

  get model(): QueueModelName { return this.slots.model; }
  /** Quantity queued in front of the order. */
  get ahead(): number { return this.slots.ahead[0]; }
  /** The order's own unfilled quantity. */
  get remaining(): number { return this.slots.remaining[0]; }

  /** The order joins the back of a level holding `levelQty` (before the order itself). */
  place(quantity: number, levelQty: number): void {
    this.slots.io[QueueIo.a] = quantity;
    this.slots.io[QueueIo.b] = levelQty;
    this.slots.place(0);
  }

  /** A trade of `size` at the order's price; returns the quantity of the order it filled. */
  onTrade(size: number): number {
    this.slots.io[QueueIo.a] = size;
    this.slots.onTrade(0);
    return this.slots.io[QueueIo.filled];
  }

  /** The level's visible quantity (not counting the order) went from `before` to `after`. */
  onLevelChange(before: number, after: number): void {
    this.slots.io[QueueIo.a] = before;
    this.slots.io[QueueIo.b] = after;
    this.slots.onLevelChange(0);
  }
}
