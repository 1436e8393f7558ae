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
 * depth streams do. Runs in the simulated exchange's thread, not on the pipeline's hot path.
 */

import { Prng } from '../prng.js';

export const BookSide = { Bid: 0, Ask: 1 } as const;

export interface DepthLevel {
  price: number;
  qty: number;
}

export class SimDepthBook {
  /**
   * Per side, levels best first: price in integer ticks (exact keys) and quantity. Rebuilt on
   * every quote by one merge walk against the previous levels, so a quote costs O(levels).
   */
  private ticks: [number[], number[]] = [[], []];
  private qtys: [number[], number[]] = [[], []];
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
    this.reshape(BookSide.Bid, Math.round(bid / this.tickSize), bidSize, -1);
    this.reshape(BookSide.Ask, Math.round(ask / this.tickSize), askSize, +1);
    this.bump();
  }

  /** A trade of `size` by an aggressor on `side` (+1 buy lifts the ask, -1 sell hits the bid). */
  trade(side: number, size: number): void {
    const bookSide = side > 0 ? BookSide.Ask : BookSide.Bid;
    const q = this.qtys[bookSide];
    if (q.length === 0) return;
    const left = q[0] - size;
    q[0] = left > 1e-12 ? left : this.roundSize(this.typicalSize * 0.1);
    this.changed[bookSide].set(this.ticks[bookSide][0], q[0]);
    this.bump();
  }

  best(side: number): DepthLevel | null {
    return this.ticks[side].length === 0 ? null : { price: this.ticks[side][0] * this.tickSize, qty: this.qtys[side][0] };
  }

  /** The top `limit` levels of a side, best first. */
  top(side: number, limit: number): DepthLevel[] {
    const n = Math.min(limit, this.ticks[side].length);
    const out: DepthLevel[] = [];
    for (let i = 0; i < n; i++) out.push({ price: this.ticks[side][i] * this.tickSize, qty: this.qtys[side][i] });
    return out;
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

  /**
   * Move a side to a new touch (`away` = -1 for bids, +1 for asks). Resting levels behind the new
   * touch stay where they are with their sizes (queues persist); levels the touch crossed are
   * removed; a gap between the touch and the first resting level is filled with fresh levels; the
   * side is then trimmed or extended at its far end to `levels`. A quote therefore changes a few
   * levels, as on a real book, not the whole side.
   */
  private reshape(side: number, touchTicks: number, touchSize: number, away: number): void {
    const oldT = this.ticks[side];
    const oldQ = this.qtys[side];
    const changed = this.changed[side];
    const newT: number[] = [touchTicks];
    const newQ: number[] = [touchSize];
    let j = 0;
    // Levels at or better than the new touch are gone (the touch level itself is rewritten).
    while (j < oldT.length && away * oldT[j] <= away * touchTicks) {
      if (oldT[j] !== touchTicks) changed.set(oldT[j], 0);
      j++;
    }
    if (j === 0 || oldT[j - 1] !== touchTicks || oldQ[j - 1] !== touchSize) changed.set(touchTicks, touchSize);
    // Fill the gap up to the first resting level.
    let t = touchTicks + away * this.spacing();
    while (newT.length < this.levels && (j >= oldT.length || away * t < away * oldT[j])) {
      if (j >= oldT.length) break;
      this.add(newT, newQ, changed, t);
      t += away * this.spacing();
    }
    for (; j < oldT.length && newT.length < this.levels; j++) { newT.push(oldT[j]); newQ.push(oldQ[j]); }
    for (; j < oldT.length; j++) changed.set(oldT[j], 0); // trimmed at the far end
    t = newT[newT.length - 1] + away * this.spacing();
    while (newT.length < this.levels) {
      this.add(newT, newQ, changed, t);
      t += away * this.spacing();
    }
    this.ticks[side] = newT;
    this.qtys[side] = newQ;
  }

  private add(ticks: number[], qtys: number[], changed: Map<number, number>, t: number): void {
    const qty = this.drawDepthSize(ticks.length);
    ticks.push(t);
    qtys.push(qty);
    changed.set(t, qty);
  }

  /** 1 to 3 ticks between neighbouring levels. */
  private spacing(): number {
    return 1 + Math.floor(this.rng.uniform() * 3);
  }

  private bump(): void {
    this.updateId++;
    if (this.firstPending < 0) this.firstPending = this.updateId;
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
