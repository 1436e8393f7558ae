/**
 * Returns turned into losses, the sign convention of every VaR/ES number in src/risk outside the
 * live model: a loss is minus the simple return, a positive fraction of the position's value
 * (0.03 = lost 3%). VaR and ES are therefore positive numbers for a sample that loses.
 */

import { checkSample } from '../stats/finite-sample.js';
import { sortedCopy } from './empirical-quantile.js';

/** Confidence levels are probabilities strictly between 0 and 1 (0.95, 0.99, 0.995). */
export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be strictly between 0 and 1 (e.g. 0.99), got ${level}`);
}

/** Losses -r sorted ascending, after checking the returns (finite, at least `minLength`). */
export function sortedLosses(returns: ArrayLike<number>, minLength: number): Float64Array {
  checkSample(returns, 'returns', minLength);
  const losses = new Float64Array(returns.length);
  for (let i = 0; i < returns.length; i++) losses[i] = -returns[i];
  return sortedCopy(losses);
}
