/**
 * Maximum drawdown of a price (or equity) series: the largest fall from a running peak,
 * max_t (1 - P_t / max_(s<=t) P_s), as a positive fraction (0.5 = halved from the peak).
 * One pass; the peak and trough positions say where it happened.
 */

import { checkSample } from '../stats/finite-sample.js';

export interface MaxDrawdown {
  /** Largest peak-to-trough fall, a fraction in [0, 1). */
  readonly drawdown: number;
  /** Index of the peak it fell from. */
  readonly peakIndex: number;
  /** Index of the trough it reached. */
  readonly troughIndex: number;
}

/** Max drawdown of `prices` (positive, finite, at least one). */
export function maxDrawdown(prices: ArrayLike<number>): MaxDrawdown {
  checkSample(prices, 'prices', 1);
  let peak = prices[0];
  let peakAt = 0;
  let best = 0;
  let bestPeak = 0;
  let bestTrough = 0;
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i];
    if (!(p > 0)) throw new RangeError(`prices[${i}] is ${p}, prices must be positive`);
    if (p > peak) {
      peak = p;
      peakAt = i;
    }
    const dd = 1 - p / peak;
    if (dd > best) {
      best = dd;
      bestPeak = peakAt;
      bestTrough = i;
    }
  }
  return { drawdown: best, peakIndex: bestPeak, troughIndex: bestTrough };
}
