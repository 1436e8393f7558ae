/**
 * Historical-simulation Value at Risk and Expected Shortfall: the loss distribution is the
 * sample itself, with no model.
 *
 * - VaR_a = the a-quantile of the losses (empirical-quantile.ts: linear interpolation, numpy's
 *   default), so VaR_0.99 is the loss exceeded in about 1% of periods;
 * - ES_a = the mean of the losses at or beyond VaR_a (the tail average; never below VaR_a).
 * Losses are minus the returns (loss-sample.ts). Both converge to the distribution's true VaR and
 * ES; for a normal sample, to -mu + sigma z_a and -mu + sigma phi(z_a) / (1 - a).
 */

import { quantileOfSorted } from './empirical-quantile.js';
import { checkLevel, sortedLosses } from './loss-sample.js';

export interface VarEs {
  readonly var: number;
  readonly es: number;
}

/** Fewest returns for a historical estimate; at 99% that leaves a single loss past VaR. */
export const HISTORICAL_MIN_RETURNS = 2;

/** VaR and ES at `level` from losses already sorted ascending. */
export function historicalVarEsOfSortedLosses(sorted: Float64Array, level: number): VarEs {
  checkLevel(level);
  const v = quantileOfSorted(sorted, level);
  let sum = 0;
  let count = 0;
  for (let i = sorted.length - 1; i >= 0 && sorted[i] >= v; i--) {
    sum += sorted[i];
    count++;
  }
  return { var: v, es: sum / count };
}

/** Historical VaR and ES at `level` (e.g. 0.99) of simple `returns`. */
export function historicalVarEs(returns: ArrayLike<number>, level: number): VarEs {
  return historicalVarEsOfSortedLosses(sortedLosses(returns, HISTORICAL_MIN_RETURNS), level);
}
