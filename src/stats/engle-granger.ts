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
 *
 * `engleGrangerInto` runs the test in an EngleGrangerWorkspace without allocating (the pairs
 * alpha refits with it inside its per-record path); `engleGranger` checks its input, allocates
 * and throws, composed of the offline pair regression and ADF test so that its checks and
 * exceptions stay those of the two. Both run the same least-squares engine.
 */

import { adfColumns, adfInto, adfMaxLag, AdfOut, augmentedDickeyFuller, type AdfDeterministic } from './augmented-dickey-fuller.js';
import { FIT_OK, LeastSquaresWorkspace } from './least-squares.js';
import { mackinnonPValue, mackinnonPValueAt } from './mackinnon-p-value.js';
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

/** Slots of `engleGrangerInto`'s answer. */
export const EngleGrangerOut = { hedgeRatio: 0, intercept: 1, adfStat: 2, pValue: 3, lags: 4, width: 5 } as const;

/** `engleGrangerInto`'s answers. */
export const EngleGrangerStatus = {
  ok: 0,
  /** B is constant (collinear with the intercept), or the ADF regression is degenerate (or has too few rows). */
  collinear: 1,
  /** A is an exact linear function of B: the spread is all rounding. */
  perfectFit: 2,
} as const;

/** A collinear fit (R^2 this close to 1) leaves residuals of pure rounding: no test is possible. */
const PERFECT_FIT = 1 - 1e-12;

/** Buffers for tests of up to `maxPoints` points with ADF lags up to `maxLags` (-1: by AIC). */
export class EngleGrangerWorkspace {
  readonly regression: LeastSquaresWorkspace;
  /** The residual spread of the cointegrating regression, which the ADF regression then reads. */
  readonly spread: Float64Array;
  readonly adf = new Float64Array(AdfOut.width);

  constructor(readonly maxPoints: number, maxLags: number) {
    const lags = maxLags >= 0 ? maxLags : adfMaxLag(maxPoints);
    this.regression = new LeastSquaresWorkspace(maxPoints, Math.max(2, adfColumns(lags, true)));
    this.spread = new Float64Array(maxPoints);
  }
}

/**
 * The test of a[0, n) on b[0, n) into out[at + EngleGrangerOut.*], ADF lag order `lags` (-1: by
 * AIC), with a constant in the ADF regression or not. Returns an EngleGrangerStatus. Checks
 * nothing: the caller has (finite values, n >= ADF_MIN_POINTS, n <= ws.maxPoints, lags within
 * what the workspace was made for and what n allows). Allocates nothing.
 */
export function engleGrangerInto(ws: EngleGrangerWorkspace, a: Float64Array, b: Float64Array, n: number, lags: number, constant: boolean, out: Float64Array, at: number): number {
  // The cointegrating regression A_t = intercept + hedge B_t + e_t, by OLS on the levels.
  const ls = ws.regression;
  for (let i = 0; i < n; i++) {
    ls.x[i] = 1;
    ls.x[n + i] = b[i];
    ls.y[i] = a[i];
  }
  if (ls.fit(n, 2) !== FIT_OK) return EngleGrangerStatus.collinear;
  const intercept = ls.coefficients[0];
  const hedge = ls.coefficients[1];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i];
  mean /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) tss += (a[i] - mean) * (a[i] - mean);
  const rSquared = tss > 0 ? 1 - ls.ssr[0] / tss : 1;
  if (rSquared >= PERFECT_FIT) return EngleGrangerStatus.perfectFit;
  for (let i = 0; i < n; i++) ws.spread[i] = ls.residuals[i];
  if (adfInto(ls, ws.spread, n, lags, constant, ws.adf, 0) !== FIT_OK) return EngleGrangerStatus.collinear;
  out[at + EngleGrangerOut.hedgeRatio] = hedge;
  out[at + EngleGrangerOut.intercept] = intercept;
  out[at + EngleGrangerOut.adfStat] = ws.adf[AdfOut.statistic];
  out[at + EngleGrangerOut.pValue] = ws.adf[AdfOut.statistic];
  mackinnonPValueAt(out, at + EngleGrangerOut.pValue, 2);
  out[at + EngleGrangerOut.lags] = ws.adf[AdfOut.lags];
  return EngleGrangerStatus.ok;
}

/**
 * The test with the offline checks and exceptions, in the order they always ran: the pair
 * regression's (sample checks, a constant B), an exact linear relation, then the ADF test's on
 * the spread (its length and values, the lag order, a degenerate regression).
 */
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
