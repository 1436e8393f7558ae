/**
 * L5's live VaR and Expected Shortfall of the book as it is now, by historical simulation over
 * the market's own recent moves (no normality, no correlation model):
 *
 * 1. Marks (mids) are bucketed into event-time intervals (default 1 min) aligned across symbols,
 *    and each symbol's close-to-close return of every interval is kept in a ring of the last
 *    `window` intervals (default 1440: a day of minutes). An interval in which a symbol had no
 *    mark counts as a 0 return for it; intervals in which no symbol moved are not samples.
 * 2. For each kept interval j the book's P&L is simulated, sum_s position_s (exp(r_sj) - 1),
 *    with today's positions: the joint moves of the symbols, so correlation (and its breakdown in
 *    a crash) comes from the data.
 * 3. historical: VaR and ES at `level` are the empirical quantile (empirical-quantile.ts'
 *    definition) and the tail mean of the simulated losses; cornish_fisher: the moments of the
 *    simulated P&L through the Cornish-Fisher quantile (cornish-fisher-var.ts), ES historical.
 * 4. One interval is scaled to one day by the square root of time, sqrt(intervalsPerDay), the
 *    standard (and, with fat tails and volatility clustering, only approximate) rule; the mean is
 *    left out (over a day it is noise next to the spread of outcomes).
 *
 * With fewer than `minSamples` intervals it has no estimate (`write` returns false) and the stage
 * falls back to the parametric model. Computed on demand; L5 does it once per batch, and the cost
 * is window x symbols multiply-adds plus an O(window) selection: no allocation, no sort. Two
 * shortcuts keep a replay, where L5 may run a batch per mark, from spending its time here, and
 * neither changes a bit of the answer: returns are kept as simple returns (exp(r) - 1 taken once
 * when an interval closes, not per estimate), and an estimate asked again with the same positions,
 * value, method and returns gives back the last answer (a flat book between two intervals).
 */
import { cornishFisherQuantileInPlace } from './cornish-fisher-var.js';
import { normalQuantile } from '../stats/normal-distribution.js';

export const VarMethod = { parametric: 0, historical: 1, cornish_fisher: 2 } as const;
export const VAR_METHODS = ['parametric', 'historical', 'cornish_fisher'] as const;

export interface HistoricalPortfolioVarOptions {
  /** Length of one return interval, µs of event time (default 60 s). */
  intervalUs?: number;
  /** Intervals kept (default 1440). */
  window?: number;
  /** Intervals in a trading day, for the square-root-of-time scaling (default 1440: 24 h of minutes). */
  intervalsPerDay?: number;
  /** Fewest sampled intervals before there is an estimate (default 30). */
  minSamples?: number;
  /** Confidence level (default 0.99). */
  level?: number;
}

export class HistoricalPortfolioVar {
  readonly symbolCount: number;
  readonly window: number;
  private readonly intervalUs: number;
  private readonly dayScale: number;
  private readonly minSamples: number;
  private readonly level: number;
  /** Left-tail Phi^-1(1 - level), for the Cornish-Fisher quantile. */
  private readonly zLeft: number;
  /**
   * Ring of simple returns exp(r) - 1 of the intervals' log returns r, [slot * symbolCount + s];
   * `stamp[slot]` = the interval index it holds (NaN = none).
   */
  private readonly moves: Float64Array;
  private readonly stamp: Float64Array;
  /** Per symbol: the interval its last mark fell in, that mark, and the close of the interval before. */
  private readonly interval: Float64Array;
  private readonly lastPrice: Float64Array;
  private readonly prevClose: Float64Array;
  /** The newest interval any mark fell in. */
  private newest = Number.NaN;
  /** Intervals ever stored: until it reaches minSamples, `estimate` answers at once (L5 asks per batch). */
  private storedIntervals = 0;
  /** Bumped whenever the ring or the window's end changes: an estimate depends on nothing else but its arguments. */
  private version = 0;
  /** The arguments and outcome of the last `estimate`, for answering a repeat without the work. */
  private readonly lastPositions: Float64Array;
  private lastValue = Number.NaN;
  private lastMethod = -1;
  private lastVersion = -1;
  private lastAnswer = false;
  /** Simulated losses of the current estimate (scratch, partially reordered by the selection). */
  private readonly losses: Float64Array;
  /** Doubles handed between methods (a call V8 leaves uninlined boxes double arguments and results). */
  private readonly args = new Float64Array(3);
  /** [VaR, ES] fractions of the book's value at risk, of the last `estimate`. */
  readonly result = new Float64Array(2);

  constructor(symbolCount: number, opts: HistoricalPortfolioVarOptions = {}) {
    this.symbolCount = symbolCount;
    this.window = opts.window ?? 1440;
    this.intervalUs = opts.intervalUs ?? 60_000_000;
    this.dayScale = Math.sqrt(opts.intervalsPerDay ?? 1440);
    this.minSamples = opts.minSamples ?? 30;
    this.level = opts.level ?? 0.99;
    if (!(Number.isInteger(this.window) && this.window >= 2)) throw new Error(`HistoricalPortfolioVar: window must be an integer >= 2, got ${this.window}`);
    if (!(this.intervalUs >= 1)) throw new Error(`HistoricalPortfolioVar: intervalUs must be >= 1, got ${this.intervalUs}`);
    if (!(this.level > 0.5 && this.level < 1)) throw new Error(`HistoricalPortfolioVar: level must be in (0.5, 1), got ${this.level}`);
    if (!(this.minSamples >= 2 && this.minSamples <= this.window)) throw new Error(`HistoricalPortfolioVar: minSamples must be in 2..window, got ${this.minSamples}`);
    this.zLeft = -normalQuantile(this.level);
    this.moves = new Float64Array(this.window * symbolCount);
    this.lastPositions = new Float64Array(symbolCount);
    this.stamp = new Float64Array(this.window).fill(NaN);
    this.interval = new Float64Array(symbolCount).fill(NaN);
    this.lastPrice = new Float64Array(symbolCount);
    this.prevClose = new Float64Array(symbolCount).fill(NaN);
    this.losses = new Float64Array(this.window);
  }

  /** A mark of `symbol` at `tsUs`. Bad input (unknown symbol, price not > 0, NaN time) is ignored. For cold callers: `onMarkFrom` is the hot path's form. */
  onMark(symbol: number, price: number, tsUs: number): void {
    this.args[0] = price;
    this.args[1] = tsUs;
    this.update(symbol | 0);
  }

  /**
   * HOT PATH: the mark `mark[0]` = price, `mark[1]` = time (µs) of `symbol`. The doubles come in an
   * array because a call V8 leaves uninlined boxes double arguments.
   */
  onMarkFrom(mark: Float64Array, symbol: number): void {
    this.args[0] = mark[0];
    this.args[1] = mark[1];
    this.update(symbol | 0);
  }

  private update(symbol: number): void {
    const price = this.args[0];
    const ts = this.args[1];
    if (symbol < 0 || symbol >= this.symbolCount || !(price > 0 && price < Infinity) || !(ts === ts)) return;
    const k = Math.floor(ts / this.intervalUs);
    const current = this.interval[symbol];
    if (current !== current) {
      this.interval[symbol] = k;
    } else if (k > current) {
      // The symbol's interval `current` is over: its close is the last mark in it.
      const close = this.lastPrice[symbol];
      const prev = this.prevClose[symbol];
      if (prev === prev) {
        this.args[2] = Math.log(close / prev);
        this.store(current, symbol);
      }
      this.prevClose[symbol] = close;
      this.interval[symbol] = k;
    }
    // A late mark (k < current) only updates the price: a published interval is never reopened.
    this.lastPrice[symbol] = price;
    if (!(k <= this.newest)) {
      this.newest = k;
      this.version++;
    }
  }

  /** Put symbol's return (args[2]) of interval `k` in the ring, clearing the slot if it held an older interval. */
  private store(k: number, symbol: number): void {
    const r = this.args[2];
    if (k <= this.newest - this.window) return; // older than the window
    const slot = k % this.window;
    const base = slot * this.symbolCount;
    if (this.stamp[slot] !== k) {
      for (let s = 0; s < this.symbolCount; s++) this.moves[base + s] = 0;
      this.stamp[slot] = k;
      this.storedIntervals++;
    }
    // Log return to simple return: a position's P&L over the interval is its value times exp(r) - 1.
    this.moves[base + symbol] = Math.expm1(r);
    this.version++;
  }

  /**
   * VaR and ES (one day, at `level`) of holding `positionsUsd[at..at+symbolCount)` now, as fractions
   * of `valueUsd`, into `result`; `method` VarMethod.historical or cornish_fisher. False (and
   * `result` untouched) while fewer than minSamples intervals are known.
   */
  estimate(positionsUsd: Float64Array, at: number, valueUsd: number, method: number): boolean {
    if (this.storedIntervals < this.minSamples) return false;
    if (this.isRepeat(positionsUsd, at, valueUsd, method)) return this.lastAnswer;
    this.lastAnswer = this.compute(positionsUsd, at, valueUsd, method);
    return this.lastAnswer;
  }

  /** True if the last estimate had these very arguments and ring; otherwise remembers them as the last. */
  private isRepeat(positionsUsd: Float64Array, at: number, valueUsd: number, method: number): boolean {
    let same = this.lastVersion === this.version && this.lastMethod === method && Object.is(this.lastValue, valueUsd);
    const last = this.lastPositions;
    for (let s = 0; s < this.symbolCount; s++) {
      const p = positionsUsd[at + s];
      // Object.is, so that a NaN position repeats (=== never would); -0 after 0 only costs a recompute.
      if (same && !Object.is(last[s], p)) same = false;
      last[s] = p;
    }
    if (same) return true;
    this.lastVersion = this.version;
    this.lastMethod = method;
    this.lastValue = valueUsd;
    return false;
  }

  private compute(positionsUsd: Float64Array, at: number, valueUsd: number, method: number): boolean {
    const n = this.simulate(positionsUsd, at);
    if (n < this.minSamples || !(valueUsd > 0)) return false;
    const losses = this.losses;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += losses[i];
    mean /= n;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const d = losses[i] - mean;
      const d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
    }
    m2 /= n; m3 /= n; m4 /= n;
    const sd = Math.sqrt(m2);
    // Empirical quantile (Hyndman-Fan 7) of the losses by selection, then the tail mean at or past it.
    const h = (n - 1) * this.level;
    const j = Math.floor(h);
    this.select(n, j);
    const lo = losses[j];
    // After the selection everything past j is at least losses[j]: the next order statistic is their minimum.
    let hi = lo;
    if (j + 1 < n) {
      hi = Infinity;
      for (let i = j + 1; i < n; i++) if (losses[i] < hi) hi = losses[i];
    }
    const varLoss = lo + (h - j) * (hi - lo);
    let tail = 0;
    let count = 0;
    for (let i = 0; i < n; i++) if (losses[i] >= varLoss) { tail += losses[i]; count++; }
    const esLoss = count > 0 ? tail / count : varLoss;
    let oneInterval = varLoss - mean;
    if (method === VarMethod.cornish_fisher && sd > 0) {
      // The P&L's moments: the losses' skewness with its sign flipped, the same excess kurtosis.
      const skew = -m3 / (sd * sd * sd);
      const kurt = m4 / (m2 * m2) - 3;
      const io = this.args;
      io[0] = this.zLeft;
      io[1] = skew;
      io[2] = kurt;
      cornishFisherQuantileInPlace(io);
      oneInterval = -sd * io[0];
    }
    this.result[0] = Math.max(0, oneInterval) * this.dayScale / valueUsd;
    this.result[1] = Math.max(0, esLoss - mean) * this.dayScale / valueUsd;
    return true;
  }

  /** Fill `losses[0..n)` with the simulated loss of each known interval; returns n. */
  private simulate(positionsUsd: Float64Array, at: number): number {
    const newest = this.newest;
    let n = 0;
    for (let slot = 0; slot < this.window; slot++) {
      const k = this.stamp[slot];
      if (!(k > newest - this.window)) continue; // empty, or fell out of the window
      const base = slot * this.symbolCount;
      let pnl = 0;
      for (let s = 0; s < this.symbolCount; s++) pnl += positionsUsd[at + s] * this.moves[base + s];
      this.losses[n++] = -pnl;
    }
    return n;
  }

  /** Quickselect: reorder losses[0..n) so that losses[k] is the k-th smallest. */
  private select(n: number, k: number): void {
    const a = this.losses;
    let left = 0;
    let right = n - 1;
    while (right > left) {
      const pivot = a[(left + right) >> 1];
      let i = left;
      let j = right;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          const t = a[i]; a[i] = a[j]; a[j] = t;
          i++; j--;
        }
      }
      if (k <= j) right = j;
      else if (k >= i) left = i;
      else break;
    }
  }
}
