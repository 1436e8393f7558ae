/**
 * One-day parametric Value at Risk of the open positions, as a percent of equity.
 *
 * Volatility is estimated per symbol from the marks L5 sees (fill prices), not taken from config:
 * an EWMA of squared log returns divided by the time between marks gives a variance rate per
 * second, scaled to one day (86,400 s: crypto trades around the clock; for stocks this overstates a
 * 6.5-hour session, which errs on the safe side). Until a symbol has two marks it contributes no
 * volatility estimate and the model reports its `priorDailyVol` for it.
 *
 * Positions are aggregated as if perfectly correlated (VaR = z * sum |position_s| * sigma_s): the
 * conservative bound, used until a correlation estimate exists.
 *
 * Hot path: onMark and writeVarPct allocate nothing; state lives in Float64Arrays.
 */

import { PortfolioSnapshot } from './portfolio.js';

const SECONDS_PER_DAY = 86_400;
const Cfg = { Lambda: 0, Prior: 1, MinGapUs: 2 } as const;
/** z-score of the one-sided 99% normal quantile. */
export const Z_99 = 2.326_347_874;

export interface ParametricVarOptions {
  /** EWMA weight of the newest squared return (0..1). */
  lambda?: number;
  /** Daily volatility assumed for a symbol before two marks arrive. */
  priorDailyVol?: number;
  /** Returns over gaps shorter than this many microseconds are pooled into the next mark. */
  minGapUs?: number;
}

export class ParametricVar {
  readonly symbolCount: number;
  /** lambda, prior daily vol, min gap: numbers in a typed array, never boxed on read. */
  private readonly cfg = new Float64Array(3);
  private readonly lastPrice: Float64Array;
  private readonly lastTs: Float64Array;
  private readonly varRatePerSec: Float64Array;
  private readonly args = new Float64Array(2);

  constructor(symbolCount: number, opts: ParametricVarOptions = {}) {
    this.symbolCount = symbolCount;
    const lambda = opts.lambda ?? 0.05;
    const prior = opts.priorDailyVol ?? 0.03;
    if (!(lambda > 0 && lambda <= 1)) throw new Error(`ParametricVar: lambda must be in (0, 1], got ${lambda}`);
    if (!(prior >= 0)) throw new Error(`ParametricVar: priorDailyVol must be >= 0, got ${prior}`);
    this.cfg[Cfg.Lambda] = lambda;
    this.cfg[Cfg.Prior] = prior;
    this.cfg[Cfg.MinGapUs] = opts.minGapUs ?? 1_000_000;
    this.lastPrice = new Float64Array(symbolCount);
    this.lastTs = new Float64Array(symbolCount);
    this.varRatePerSec = new Float64Array(symbolCount).fill(-1);
  }

  /** A new mark for `symbol` at `tsUs` (microseconds). Bad input is ignored. For cold callers: `onMarkFrom` is the hot path's form. */
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
    if (symbol < 0 || symbol >= this.symbolCount || !(price > 0) || !(ts > 0)) return;
    const prevPrice = this.lastPrice[symbol];
    if (prevPrice === 0) {
      this.lastPrice[symbol] = price;
      this.lastTs[symbol] = ts;
      return;
    }
    const gapUs = ts - this.lastTs[symbol];
    if (gapUs < this.cfg[Cfg.MinGapUs]) return; // keep the older anchor: the return accumulates
    const r = Math.log(price / prevPrice);
    const rate = (r * r) / (gapUs / 1e6);
    const old = this.varRatePerSec[symbol];
    this.varRatePerSec[symbol] = old < 0 ? rate : old + this.cfg[Cfg.Lambda] * (rate - old);
    this.lastPrice[symbol] = price;
    this.lastTs[symbol] = ts;
  }

  /** Estimated daily volatility (fraction) of `symbol`. */
  dailyVol(symbol: number): number {
    const rate = this.varRatePerSec[symbol];
    return rate < 0 ? this.cfg[Cfg.Prior] : Math.sqrt(rate * SECONDS_PER_DAY);
  }

  /**
   * Fill `snapshot[varPct]` from the snapshot's own positions and equity. Works on the snapshot
   * array in place because returning (or passing) a double from a non-inlined call boxes it.
   */
  writeVarPct(snapshot: Float64Array): void {
    const equity = snapshot[PortfolioSnapshot.equity];
    if (!(equity > 0)) {
      snapshot[PortfolioSnapshot.varPct] = 0;
      return;
    }
    let loss = 0;
    for (let s = 0; s < this.symbolCount; s++) {
      const rate = this.varRatePerSec[s];
      const vol = rate < 0 ? this.cfg[Cfg.Prior] : Math.sqrt(rate * SECONDS_PER_DAY);
      loss += Math.abs(snapshot[PortfolioSnapshot.positionUsd + s]) * vol;
    }
    snapshot[PortfolioSnapshot.varPct] = (Z_99 * loss * 100) / equity;
  }
}
