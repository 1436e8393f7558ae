/**
 * Empirical quantiles of a sample, by linear interpolation between order statistics: with the
 * sample sorted ascending as x_0..x_(n-1), the p-quantile is x_j + g (x_(j+1) - x_j) where
 * h = (n - 1) p, j = floor(h), g = h - j. This is Hyndman & Fan's definition 7, the default of
 * numpy.quantile, R's quantile() and Excel's PERCENTILE.INC; every risk number here that reads a
 * quantile off a sample (historical VaR, the EVT threshold) uses it.
 */

/** A sorted (ascending) copy of `values`. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The p-quantile (0 <= p <= 1) of an ascending-sorted, non-empty sample (see the header). */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile level must be within [0, 1], got ${p}`);
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  const h = (sorted.length - 1) * p;
  const j = Math.floor(h);
  if (j >= sorted.length - 1) return sorted[sorted.length - 1];
  return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
}
