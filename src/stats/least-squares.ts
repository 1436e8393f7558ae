/**
 * Ordinary least squares y = X b + e by Householder QR, with the classical standard errors.
 *
 * Why QR and not the normal equations: X'X squares the condition number, and the regressions
 * here are on price levels (a column of ones beside prices in the thousands, or lagged levels
 * beside their differences), exactly where X'X loses digits. Householder reflections keep the
 * accuracy of X itself (Golub & Van Loan, Matrix Computations, 5.3).
 *
 * Standard errors: Var(b) = s^2 (X'X)^-1 = s^2 R^-1 R^-T with s^2 = SSR / (n - k), the textbook
 * homoskedastic estimate that Dickey-Fuller t-statistics are defined with.
 */

export interface LeastSquaresFit {
  /** Coefficients, in the order of the columns given. */
  readonly coefficients: Float64Array;
  /** Standard errors of the coefficients. */
  readonly standardErrors: Float64Array;
  /** y - X b, one per observation. */
  readonly residuals: Float64Array;
  /** Sum of squared residuals. */
  readonly ssr: number;
  /** Observations. */
  readonly n: number;
  /** Regressors (columns). */
  readonly k: number;
}

/** A regressor column that is (numerically) a combination of the previous ones. */
export class CollinearRegressorsError extends Error {
  override readonly name = 'CollinearRegressorsError';
}

/**
 * Fit y on the given columns (each as long as y; include a column of ones for an intercept).
 * Throws when there are no more observations than regressors or a column is collinear.
 */
export function leastSquares(y: Float64Array, columns: readonly Float64Array[]): LeastSquaresFit {
  const n = y.length;
  const k = columns.length;
  if (k === 0) throw new Error('leastSquares: no regressors');
  if (n <= k) throw new Error(`leastSquares: ${n} observations for ${k} regressors; need more observations than regressors`);
  for (let j = 0; j < k; j++) {
    if (columns[j].length !== n) throw new Error(`leastSquares: column ${j} has ${columns[j].length} values, y has ${n}`);
  }
  // Column-major working copy of X, reduced in place to R; qty becomes Q'y.
  const a = new Float64Array(n * k);
  for (let j = 0; j < k; j++) a.set(columns[j], j * n);
  const qty = Float64Array.from(y);
  const diag = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const col = j * n;
    let norm = 0;
    for (let i = j; i < n; i++) norm = Math.hypot(norm, a[col + i]);
    let original = 0;
    for (let i = 0; i < n; i++) original = Math.hypot(original, columns[j][i]);
    if (!(norm > 1e-12 * original) || norm === 0) {
      throw new CollinearRegressorsError(`leastSquares: column ${j} is collinear with the columns before it (or all zero)`);
    }
    // Reflect a[j:, j] onto -sign(a_jj) * norm * e_1, the sign that avoids cancellation.
    const alpha = a[col + j] > 0 ? -norm : norm;
    a[col + j] -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += a[col + i] * a[col + i];
    for (let c = j + 1; c < k; c++) applyReflection(a, col, c * n, j, n, vv);
    applyReflectionTo(a, col, qty, j, n, vv);
    diag[j] = alpha;
  }
  // Back substitution R b = (Q'y)[0:k]; R's diagonal is in `diag`, above it in `a`.
  const coefficients = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = qty[i];
    for (let c = i + 1; c < k; c++) s -= a[c * n + i] * coefficients[c];
    coefficients[i] = s / diag[i];
  }
  const residuals = new Float64Array(n);
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fitted = 0;
    for (let j = 0; j < k; j++) fitted += columns[j][i] * coefficients[j];
    const e = y[i] - fitted;
    residuals[i] = e;
    ssr += e * e;
  }
  // diag((R'R)^-1) = row sums of squares of R^-1 (upper triangular, solved column by column).
  const rInv = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    rInv[c * k + c] = 1 / diag[c];
    for (let i = c - 1; i >= 0; i--) {
      let s = 0;
      for (let m = i + 1; m <= c; m++) s += a[m * n + i] * rInv[c * k + m];
      rInv[c * k + i] = -s / diag[i];
    }
  }
  const s2 = ssr / (n - k);
  const standardErrors = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let v = 0;
    for (let c = i; c < k; c++) v += rInv[c * k + i] * rInv[c * k + i];
    standardErrors[i] = Math.sqrt(s2 * v);
  }
  return { coefficients, standardErrors, residuals, ssr, n, k };
}

/** Apply I - 2 v v'/(v'v) (v = a[vCol + j..n)) to a[target + j..n). */
function applyReflection(a: Float64Array, vCol: number, target: number, j: number, n: number, vv: number): void {
  let dot = 0;
  for (let i = j; i < n; i++) dot += a[vCol + i] * a[target + i];
  const f = (2 * dot) / vv;
  for (let i = j; i < n; i++) a[target + i] -= f * a[vCol + i];
}

function applyReflectionTo(a: Float64Array, vCol: number, out: Float64Array, j: number, n: number, vv: number): void {
  let dot = 0;
  for (let i = j; i < n; i++) dot += a[vCol + i] * out[i];
  const f = (2 * dot) / vv;
  for (let i = j; i < n; i++) out[i] -= f * a[vCol + i];
}

/**
 * Log-likelihood of a Gaussian linear model at its OLS fit, -n/2 (log(2 pi) + log(SSR/n) + 1),
 * and the Akaike criterion -2 llf + 2k, as statsmodels defines them (so lag choices agree).
 */
export function gaussianAic(fit: LeastSquaresFit): number {
  const llf = -0.5 * fit.n * (Math.log(2 * Math.PI) + Math.log(fit.ssr / fit.n) + 1);
  return -2 * llf + 2 * fit.k;
}
