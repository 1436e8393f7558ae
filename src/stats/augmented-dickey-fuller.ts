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
 *
 * `adfInto` runs the test in a LeastSquaresWorkspace and allocates nothing (the pairs alpha's
 * refit); `augmentedDickeyFuller` checks its input and returns an object.
 */

import { checkSample } from './finite-sample.js';
import { CollinearRegressorsError, FIT_OK, FIT_UNDERDETERMINED, LeastSquaresWorkspace } from './least-squares.js';

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

/** Slots of `adfInto`'s answer. */
export const AdfOut = { statistic: 0, lags: 1, observations: 2, gamma: 3, width: 4 } as const;

/** The fewest points a test is run on: below this the regression has almost no freedom. */
export const ADF_MIN_POINTS = 10;

/** Schwert's default maximum lag for a series of `nobs` points (see the header). */
export function adfMaxLag(nobs: number, deterministic: AdfDeterministic = 'c'): number {
  const trendTerms = deterministic === 'c' ? 1 : 0;
  return Math.max(0, Math.min(Math.floor(nobs / 2) - trendTerms - 1, Math.ceil(12 * Math.pow(nobs / 100, 0.25))));
}

/** Regressors of the ADF regression with `lags` lags: [1,] y_(t-1), dy_(t-1..t-lags). */
export function adfColumns(lags: number, constant: boolean): number {
  return (constant ? 1 : 0) + 1 + lags;
}

/**
 * Put the regression of dy on [1,] y_(t-1), dy_(t-1..t-lags) over the rows t whose lags exist
 * from row `first` into the workspace; returns its rows.
 */
function fillAdfRegression(ws: LeastSquaresWorkspace, y: Float64Array, length: number, lags: number, first: number, constant: boolean): number {
  // Row r pairs dy[r] = y[r+1] - y[r] with the level y[r] and dy[r-1..r-lags]; r runs first..length-2.
  const rows = length - 1 - first;
  const x = ws.x;
  const level = constant ? rows : 0;
  if (constant) for (let j = 0; j < rows; j++) x[j] = 1;
  for (let j = 0; j < rows; j++) {
    const r = first + j;
    ws.y[j] = y[r + 1] - y[r];
    x[level + j] = y[r];
    for (let i = 1; i <= lags; i++) x[level + i * rows + j] = y[r + 1 - i] - y[r - i];
  }
  return rows;
}

/**
 * The ADF test of y[0, length) into out[at + AdfOut.*]: `lags` >= 0 fixed, or -1 for the lag
 * order by AIC. Returns FIT_OK, FIT_UNDERDETERMINED when a regression has no more rows than
 * regressors (lags by AIC, no constant, few points), or the collinear column. Checks
 * nothing: the caller has (finite values, enough points, a workspace of `length` rows and
 * adfColumns(the largest lag) columns). Allocates nothing.
 */
export function adfInto(ws: LeastSquaresWorkspace, y: Float64Array, length: number, lags: number, constant: boolean, out: Float64Array, at: number): number {
  let chosen = lags;
  if (lags < 0) {
    const maxLag = adfMaxLag(length, constant ? 'c' : 'n');
    let best = Infinity;
    chosen = 0;
    for (let p = 0; p <= maxLag; p++) {
      const rows = fillAdfRegression(ws, y, length, p, maxLag, constant);
      const k = adfColumns(p, constant);
      const status = ws.fit(rows, k);
      if (status !== FIT_OK) return status;
      // Gaussian AIC, -2 llf + 2k with llf = -n/2 (log(2 pi) + log(SSR/n) + 1), as statsmodels
      // defines it (so the lag choices agree); the smallest wins, the shorter lag on a tie.
      const aic = rows * (Math.log(2 * Math.PI) + Math.log(ws.ssr[0] / rows) + 1) + 2 * k;
      if (aic < best) {
        best = aic;
        chosen = p;
      }
    }
  }
  const rows = fillAdfRegression(ws, y, length, chosen, chosen, constant);
  const status = ws.fit(rows, adfColumns(chosen, constant));
  if (status !== FIT_OK) return status;
  const level = constant ? 1 : 0;
  out[at + AdfOut.statistic] = ws.coefficients[level] / ws.standardErrors[level];
  out[at + AdfOut.lags] = chosen;
  out[at + AdfOut.observations] = rows;
  out[at + AdfOut.gamma] = ws.coefficients[level];
  return FIT_OK;
}

/** The ADF test of `y` (finite values, at least ADF_MIN_POINTS of them). */
export function augmentedDickeyFuller(y: Float64Array, options: AdfOptions = {}): AdfResult {
  checkSample(y, 'series', ADF_MIN_POINTS);
  const deterministic = options.deterministic ?? 'c';
  const constant = deterministic === 'c';
  const lags = options.lags ?? -1;
  if (options.lags !== undefined && (!Number.isInteger(lags) || lags < 0 || y.length - 1 - lags <= lags + 2)) {
    throw new RangeError(`augmentedDickeyFuller: lags must be an integer from 0 with enough points left, got ${lags} for ${y.length} points`);
  }
  const ws = new LeastSquaresWorkspace(y.length, adfColumns(lags >= 0 ? lags : adfMaxLag(y.length, deterministic), constant));
  const out = new Float64Array(AdfOut.width);
  const status = adfInto(ws, y, y.length, lags, constant, out, 0);
  if (status === FIT_UNDERDETERMINED) {
    // Only the AIC search can get here (a fixed lag order was checked above): the first
    // candidate lag whose regression, on the rows the largest lag allows, has too few rows.
    const rows = y.length - 1 - adfMaxLag(y.length, deterministic);
    const k = Math.max(adfColumns(0, constant), rows);
    throw new Error(`leastSquares: ${rows} observations for ${k} regressors; need more observations than regressors`);
  }
  if (status !== FIT_OK) throw new CollinearRegressorsError(`leastSquares: column ${status} is collinear with the columns before it (or all zero)`);
  return { statistic: out[AdfOut.statistic], lags: out[AdfOut.lags], observations: out[AdfOut.observations], gamma: out[AdfOut.gamma] };
}
