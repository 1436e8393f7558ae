/**
 * Extreme-value VaR and ES by peaks over threshold (McNeil & Frey 2000; McNeil, Frey & Embrechts,
 * Quantitative Risk Management, 2015, section 5.2.3).
 *
 * Losses above a high threshold u are fitted with a GPD(xi, beta) (generalized-pareto.ts). With
 * n losses of which N_u exceed u, the tail estimator F(x) = 1 - (N_u/n)(1 + xi (x - u)/beta)^(-1/xi)
 * gives, for a level a above 1 - N_u/n:
 *
 *   VaR_a = u + (beta / xi) (((n / N_u)(1 - a))^(-xi) - 1)       (u - beta log((n/N_u)(1 - a)) at xi = 0)
 *   ES_a  = VaR_a / (1 - xi) + (beta - xi u) / (1 - xi)           (finite only for xi < 1)
 *
 * Threshold: the 90th percentile of the losses (empirical-quantile.ts convention), exceedances
 * being the losses strictly above it. 10% of the sample in the tail is McNeil & Frey's choice; it
 * keeps about 100 exceedances from 1,000 returns, where a 95th percentile would leave 50 and a
 * noticeably noisier shape estimate. The levels reported (99%, 99.5%) are well inside the tail.
 */

import { quantileOfSorted } from './empirical-quantile.js';
import { fitGeneralizedPareto, GPD_MIN_EXCEEDANCES, type GpdFit } from './generalized-pareto.js';
import type { VarEs } from './historical-var.js';
import { checkLevel, sortedLosses } from './loss-sample.js';

export const DEFAULT_THRESHOLD_QUANTILE = 0.9;

export interface PotModel {
  readonly threshold: number;
  /** Losses in the sample. */
  readonly n: number;
  /** Losses strictly above the threshold. */
  readonly exceedances: number;
  readonly gpd: GpdFit;
}

/** Fit the tail of losses already sorted ascending, above their `thresholdQuantile`-quantile. */
export function fitPotOfSortedLosses(sorted: Float64Array, thresholdQuantile = DEFAULT_THRESHOLD_QUANTILE): PotModel {
  checkLevel(thresholdQuantile);
  const u = quantileOfSorted(sorted, thresholdQuantile);
  let first = sorted.length;
  while (first > 0 && sorted[first - 1] > u) first--;
  const excess = new Float64Array(sorted.length - first);
  for (let i = first; i < sorted.length; i++) excess[i - first] = sorted[i] - u;
  if (excess.length < GPD_MIN_EXCEEDANCES) {
    throw new RangeError(`returns: ${excess.length} losses above the ${thresholdQuantile * 100}th percentile, the EVT fit needs at least ${GPD_MIN_EXCEEDANCES} (give more returns)`);
  }
  return { threshold: u, n: sorted.length, exceedances: excess.length, gpd: fitGeneralizedPareto(excess) };
}

/** Fit the loss tail of simple `returns` (see the header for the threshold). */
export function fitPot(returns: ArrayLike<number>, thresholdQuantile = DEFAULT_THRESHOLD_QUANTILE): PotModel {
  return fitPotOfSortedLosses(sortedLosses(returns, GPD_MIN_EXCEEDANCES), thresholdQuantile);
}

/**
 * POT VaR and ES at `level` (above the threshold's level). ES is Infinity when xi >= 1: the
 * fitted tail has no finite mean.
 */
export function potVarEs(model: PotModel, level: number): VarEs {
  checkLevel(level);
  const tailShare = model.exceedances / model.n;
  if (!(1 - level < tailShare)) {
    throw new RangeError(`EVT VaR at ${level} is not in the fitted tail (only the worst ${(tailShare * 100).toFixed(1)}% of losses are)`);
  }
  const { xi, beta } = model.gpd;
  const u = model.threshold;
  const logRatio = Math.log((1 - level) / tailShare);
  // expm1 keeps (r^-xi - 1)/xi accurate as xi -> 0, where it tends to -log r.
  const v = Math.abs(xi) < 1e-12 ? u - beta * logRatio : u + (beta * Math.expm1(-xi * logRatio)) / xi;
  const es = xi < 1 ? (v + beta - xi * u) / (1 - xi) : Infinity;
  return { var: v, es };
}
