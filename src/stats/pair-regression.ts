/**
 * The cointegrating regression of the Engle-Granger test: A_t = intercept + hedgeRatio * B_t + e_t
 * by OLS, on price levels. The residual e_t is the spread a pair trade holds (long one A, short
 * hedgeRatio B); its stationarity is what the ADF test then checks.
 */

import { checkSample } from './finite-sample.js';
import { leastSquares } from './least-squares.js';

export interface PairRegression {
  readonly hedgeRatio: number;
  readonly intercept: number;
  /** The spread A - intercept - hedgeRatio * B, one per observation. */
  readonly residuals: Float64Array;
  /** Share of A's variance the fit explains. */
  readonly rSquared: number;
}

/** OLS of `a` on a constant and `b` (same length, at least 3 points, all finite). */
export function regressPair(a: Float64Array, b: Float64Array): PairRegression {
  checkSample(a, 'series A', 3);
  checkSample(b, 'series B', 3);
  if (a.length !== b.length) throw new RangeError(`series A has ${a.length} values and series B ${b.length}; they must be aligned`);
  const fit = leastSquares(a, [new Float64Array(a.length).fill(1), b]);
  let mean = 0;
  for (let i = 0; i < a.length; i++) mean += a[i];
  mean /= a.length;
  let tss = 0;
  for (let i = 0; i < a.length; i++) tss += (a[i] - mean) ** 2;
  return {
    intercept: fit.coefficients[0],
    hedgeRatio: fit.coefficients[1],
    residuals: fit.residuals,
    rSquared: tss > 0 ? 1 - fit.ssr / tss : 1,
  };
}
