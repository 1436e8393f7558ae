/**
 * The Augmented Dickey-Fuller regression and its tau statistic:
 *
 *   dy_t = [alpha] + gamma * y_(t-1) + sum_(i=1..p) delta_i * dy_(t-i) + e_t,   tau = gamma / se(gamma)
 *
 * with a constant (deterministic 'c') or without ('n'). A unit root means gamma = 0; a strongly
 * negative tau rejects it. tau does not follow Student's t: its p-value comes from
 * mackinnon-p-value.ts.
 *
 * Lag order p: either fixed by the caller, or chosen by AIC the way statsmodels' `adfuller`
 * does (autolag='AIC'), so results can be checked against it:
 * - maxlag = ceil(12 * (nobs/100)^(1/4)) (Schwert 1989), at most nobs/2 - (1 if 'c') - 1;
 * - every p in 0..maxlag is fitted on the SAME rows (those maxlag allows), so the AICs compare;
 *   the smallest AIC wins, the shorter lag on a tie;
 * - the chosen p is refitted on all the rows it allows, and tau comes from that fit.
 */

import { checkSample } from './finite-sample.js';
import { gaussianAic, leastSquares, type LeastSquaresFit } from './least-squares.js';

export type AdfDeterministic = 'c' | 'n';

export interface AdfOptions {
  /** 'c' (default): a constant in the regression; 'n': none. */
  deterministic?: AdfDeterministic;
  /** A fixed lag order; omitted: chosen by AIC up to the Schwert maximum (see the header). */
  lags?: number;
}

export interface AdfResult {
  /** tau, the t-statistic of gamma (the lagged level). */
  readonly statistic: number;
  /** The lag order p used. */
  readonly lags: number;
  /** Rows in the final regression. */
  readonly observations: number;
  /** gamma, the coefficient of the lagged level. */
  readonly gamma: number;
}

/** The fewest points a test is run on: below this the regression has almost no freedom. */
export const ADF_MIN_POINTS = 10;

/** Schwert's default maximum lag for a series of `nobs` points (see the header). */
export function adfMaxLag(nobs: number, deterministic: AdfDeterministic = 'c'): number {
  const trendTerms = deterministic === 'c' ? 1 : 0;
  return Math.max(0, Math.min(Math.floor(nobs / 2) - trendTerms - 1, Math.ceil(12 * Math.pow(nobs / 100, 0.25))));
}

/** Regress dy on [1,] y_(t-1), dy_(t-1..t-lags) over rows t whose lags exist from row `first`. */
function adfRegression(y: Float64Array, lags: number, first: number, constant: boolean): LeastSquaresFit {
  // Row r pairs dy[r] = y[r+1] - y[r] with the level y[r] and dy[r-1..r-lags]; r runs first..n-2.
  const rows = y.length - 1 - first;
  const dep = new Float64Array(rows);
  const columns: Float64Array[] = [];
  if (constant) columns.push(new Float64Array(rows).fill(1));
  const level = new Float64Array(rows);
  columns.push(level);
  const lagged: Float64Array[] = [];
  for (let i = 1; i <= lags; i++) {
    const column = new Float64Array(rows);
    lagged.push(column);
    columns.push(column);
  }
  for (let j = 0; j < rows; j++) {
    const r = first + j;
    dep[j] = y[r + 1] - y[r];
    level[j] = y[r];
    for (let i = 1; i <= lags; i++) lagged[i - 1][j] = y[r + 1 - i] - y[r - i];
  }
  return leastSquares(dep, columns);
}

/** The ADF test of `y` (finite values, at least ADF_MIN_POINTS of them). */
export function augmentedDickeyFuller(y: Float64Array, options: AdfOptions = {}): AdfResult {
  checkSample(y, 'series', ADF_MIN_POINTS);
  const deterministic = options.deterministic ?? 'c';
  const constant = deterministic === 'c';
  let lags: number;
  if (options.lags !== undefined) {
    lags = options.lags;
    if (!Number.isInteger(lags) || lags < 0 || y.length - 1 - lags <= lags + 2) {
      throw new RangeError(`augmentedDickeyFuller: lags must be an integer from 0 with enough points left, got ${lags} for ${y.length} points`);
    }
  } else {
    const maxLag = adfMaxLag(y.length, deterministic);
    let best = Infinity;
    lags = 0;
    for (let p = 0; p <= maxLag; p++) {
      const aic = gaussianAic(adfRegression(y, p, maxLag, constant));
      if (aic < best) {
        best = aic;
        lags = p;
      }
    }
  }
  const fit = adfRegression(y, lags, lags, constant);
  const at = constant ? 1 : 0;
  return {
    statistic: fit.coefficients[at] / fit.standardErrors[at],
    lags,
    observations: fit.n,
    gamma: fit.coefficients[at],
  };
}
