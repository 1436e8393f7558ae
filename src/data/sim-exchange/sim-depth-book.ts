/**
 * The simulated exchange's order book for one symbol: depth around the touch the market model
 * quotes, which reacts to trades and is published the way a venue publishes it (a top of book,
 * diffs of changed levels, and a snapshot on request), all sharing one update-id sequence.
 *
 * Model:
 * - The touch (best bid/ask and their sizes) comes from SyntheticMarket quotes, whose spread
 *   already widens with volatility.
 * - Behind the touch sit `levels - 1` further levels per side, 1-3 ticks apart, with
 *   heavy-tailed sizes that grow away from the touch. A level that survives a requote keeps its
 *   size (queues persist); a new one draws a fresh size; a level now inside the spread is gone.
 * - A trade takes its size from the touch it hit. A touch emptied by a trade leaves a small
 *   residual (a refill) rather than a hole, so the model's next quote stays the true touch.
 *
 * Every change bumps `updateId` and records the level in `changed` until the next diff is taken,
 * so a diff carries each changed price once with its latest quantity (0 = removed), as Binance's
 * depth streams do. Runs in the simulated exchange's thread, not on the pipeline's hot path; it
 * uses Maps for clarity.
 */

import { Prng } from '../prng.js';

export const BookSide = { Bid: 0, Ask: 1 } as const;

export interface DepthLevel {
  price: number;
  qty: number;
}

export class SimDepthBook {
  /** Ticks -> quantity, per side. Prices are kept in integer ticks so keys are exact. */
  private readonly sides: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  private readonly changed: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  /** Update id of the last change; the first diff after a take starts at `firstPending`. */
  updateId: number;
  private firstPending = -1;
  private readonly rng: Prng;

  constructor(
    readonly tickSize: number,
    readonly levels: number,
    /** Typical size at the touch, used to scale deeper levels. */
    private readonly typicalSize: number,
    seed: number,
    firstUpdateId = 1_000_000,
  ) {
    this.rng = new Prng(seed);
    this.updateId = firstUpdateId;
  }

  /** Reshape the book around a new touch (prices in currency, sizes in units). */
  quote(bid: number, bidSize: number, ask: number, askSize: number): void {
    const bidTicks = Math.round(bid / this.tickSize);
    const askTicks = Math.round(ask / this.tickSize);
    this.reshape(BookSide.Bid, bidTicks, bidSize, -1);
    this.reshape(BookSide.Ask, askTicks, askSize, +1);
    this.bump();
  }

  /** A trade of `size` by an aggressor on `side` (+1 buy lifts the ask, -1 sell hits the bid). */
  trade(side: number, size: number): void {
    const bookSide = side > 0 ? BookSide.Ask : BookSide.Bid;
    const touch = this.bestTicks(bookSide);
    if (touch === null) return;
    const map = this.sides[bookSide];
    const left = map.get(touch)! - size;
    const qty = left > 1e-12 ? left : this.roundSize(this.typicalSize * 0.1);
    this.set(bookSide, touch, qty);
    this.bump();
  }

  best(side: number): DepthLevel | null {
    const t = this.bestTicks(side);
    return t === null ? null : { price: t * this.tickSize, qty: this.sides[side].get(t)! };
  }

  /** The top `limit` levels of a side, best first. */
  top(side: number, limit: number): DepthLevel[] {
    const keys = [...this.sides[side].keys()].sort((a, b) => (side === BookSide.Bid ? b - a : a - b)).slice(0, limit);
    return keys.map((t) => ({ price: t * this.tickSize, qty: this.sides[side].get(t)! }));
  }

  /** True when a change happened since the last `takeDiff`. */
  get hasPendingDiff(): boolean {
    return this.firstPending >= 0;
  }

  /**
   * The levels changed since the last take, with the first and final update ids they span;
   * null when nothing changed.
   */
  takeDiff(): { firstUpdateId: number; finalUpdateId: number; bids: DepthLevel[]; asks: DepthLevel[] } | null {
    if (this.firstPending < 0) return null;
    const out = (side: number): DepthLevel[] => [...this.changed[side]].map(([t, q]) => ({ price: t * this.tickSize, qty: q }));
    const diff = { firstUpdateId: this.firstPending, finalUpdateId: this.updateId, bids: out(BookSide.Bid), asks: out(BookSide.Ask) };
    this.changed[0].clear();
    this.changed[1].clear();
    this.firstPending = -1;
    return diff;
  }

  private reshape(side: number, touchTicks: number, touchSize: number, away: number): void {
    const map = this.sides[side];
    const keep = new Set<number>();
    let t = touchTicks;
    for (let i = 0; i < this.levels; i++) {
      keep.add(t);
      const prior = map.get(t);
      const qty = i === 0 ? touchSize : prior ?? this.drawDepthSize(i);
      if (prior !== qty) this.set(side, t, qty);
      t += away * (1 + Math.floor(this.rng.uniform() * 3));
    }
    for (const price of [...map.keys()]) if (!keep.has(price)) this.set(side, price, 0);
  }

  private set(side: number, ticks: number, qty: number): void {
    if (qty > 0) this.sides[side].set(ticks, qty);
    else this.sides[side].delete(ticks);
    this.changed[side].set(ticks, qty > 0 ? qty : 0);
  }

  private bump(): void {
    this.updateId++;
    if (this.firstPending < 0) this.firstPending = this.updateId;
  }

  private bestTicks(side: number): number | null {
    let best: number | null = null;
    for (const t of this.sides[side].keys()) {
      if (best === null || (side === BookSide.Bid ? t > best : t < best)) best = t;
    }
    return best;
  }

  /** Heavier further from the touch, Pareto-tailed, on a 3-significant-digit grid. */
  private drawDepthSize(level: number): number {
    const pareto = (1 - this.rng.uniform()) ** (-1 / 1.8);
    return this.roundSize(this.typicalSize * (1 + level * 0.15) * Math.min(pareto, 50));
  }

  private roundSize(size: number): number {
    const digits = Math.max(0, 2 - Math.floor(Math.log10(this.typicalSize)));
    const k = 10 ** Math.min(8, digits + 1);
    return Math.max(1 / k, Math.round(size * k) / k);
  }
}
