/**
 * The Engle-Granger (1987) two-step cointegration test of A on B: regress A on a constant and B
 * (pair-regression.ts), then test the residual spread for a unit root with the ADF regression
 * (augmented-dickey-fuller.ts, with a constant by default, lag order by AIC), and read the p-value
 * from MacKinnon's surface for N = 2 variables with a constant (mackinnon-p-value.ts).
 * A small p-value says the spread mean-reverts: the pair is cointegrated with that hedge ratio.
 *
 * statsmodels' `coint` runs the residual ADF without a constant (the residuals already have zero
 * mean); `adfDeterministic: 'n'` reproduces that. The two statistics differ only slightly.
 *
 * Why src/stats and not src/alpha/stats: these are statistics with no place in the live stage
 * graph. They serve offline commands and are shared with src/risk (moments, the normal quantile),
 * and under src/alpha they would read as an L1 model and be reached for from the hot path.
 */

import { augmentedDickeyFuller, type AdfDeterministic } from './augmented-dickey-fuller.js';
import { mackinnonPValue } from './mackinnon-p-value.js';
import { regressPair } from './pair-regression.js';

export interface EngleGrangerResult {
  readonly hedgeRatio: number;
  readonly intercept: number;
  /** ADF tau of the residual spread. */
  readonly adfStat: number;
  readonly pValue: number;
  /** Aligned observations. */
  readonly n: number;
  /** ADF lag order used. */
  readonly lags: number;
}

export interface EngleGrangerOptions {
  adfDeterministic?: AdfDeterministic;
  lags?: number;
}

/** A collinear fit (R^2 this close to 1) leaves residuals of pure rounding: no test is possible. */
const PERFECT_FIT = 1 - 1e-12;

export function engleGranger(a: Float64Array, b: Float64Array, options: EngleGrangerOptions = {}): EngleGrangerResult {
  const pair = regressPair(a, b);
  if (pair.rSquared >= PERFECT_FIT) {
    throw new RangeError('engleGranger: A is an exact linear function of B; the residual spread is all rounding and cannot be tested');
  }
  const adf = augmentedDickeyFuller(pair.residuals, { deterministic: options.adfDeterministic ?? 'c', lags: options.lags });
  return {
    hedgeRatio: pair.hedgeRatio,
    intercept: pair.intercept,
    adfStat: adf.statistic,
    pValue: mackinnonPValue(adf.statistic, 2),
    n: a.length,
    lags: adf.lags,
  };
}
