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
 *
 * Two fronts on one engine. `LeastSquaresWorkspace` owns every buffer a fit of up to its size
 * needs, takes the problem in its own arrays and reports in them, and allocates nothing: the
 * pairs alpha refits its Engle-Granger test inside the per-record path with it. Doubles never
 * cross a call boundary there (V8 boxes one passed to or returned from a call it did not inline),
 * and a collinear column is a return code, not an exception. `leastSquares` is the convenient
 * form for offline callers: arrays in, a fit object out, an exception on a collinear column.
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

/** `LeastSquaresWorkspace.fit`'s answer when every column is usable. */
export const FIT_OK = -1;

/** `LeastSquaresWorkspace.fit`'s answer when there are no more rows than columns (nothing to estimate s^2 from). */
export const FIT_UNDERDETERMINED = -2;

/** Buffers for fits of up to `maxRows` observations and `maxColumns` regressors. */
export class LeastSquaresWorkspace {
  /** The design, column-major: column j of an n-row problem at [j n, (j + 1) n). The caller fills it. */
  readonly x: Float64Array;
  /** The dependent variable, [0, n). The caller fills it. */
  readonly y: Float64Array;
  /** The last fit's coefficients, [0, k). */
  readonly coefficients: Float64Array;
  /** The last fit's standard errors, [0, k). */
  readonly standardErrors: Float64Array;
  /** The last fit's residuals y - X b, [0, n). */
  readonly residuals: Float64Array;
  /** The last fit's sum of squared residuals, in slot 0. */
  readonly ssr = new Float64Array(1);
  /** X reduced in place to R (its diagonal in `diag`), and Q'y. */
  private readonly r: Float64Array;
  private readonly qty: Float64Array;
  private readonly diag: Float64Array;
  private readonly rInv: Float64Array;

  constructor(readonly maxRows: number, readonly maxColumns: number) {
    if (!(Number.isInteger(maxRows) && maxRows > 0 && Number.isInteger(maxColumns) && maxColumns > 0)) {
      throw new RangeError(`LeastSquaresWorkspace: sizes must be positive integers, got ${maxRows} x ${maxColumns}`);
    }
    this.x = new Float64Array(maxRows * maxColumns);
    this.y = new Float64Array(maxRows);
    this.coefficients = new Float64Array(maxColumns);
    this.standardErrors = new Float64Array(maxColumns);
    this.residuals = new Float64Array(maxRows);
    this.r = new Float64Array(maxRows * maxColumns);
    this.qty = new Float64Array(maxRows);
    this.diag = new Float64Array(maxColumns);
    this.rInv = new Float64Array(maxColumns * maxColumns);
  }

  /**
   * Fit y[0, n) on the first k columns of x. Returns FIT_OK, FIT_UNDERDETERMINED when n <= k, or
   * the index of the first column that is collinear with those before it (or all zero); then the
   * results are not set. The caller guarantees n <= maxRows and k <= maxColumns.
   */
  fit(n: number, k: number): number {
    // n <= k would divide the SSR by n - k <= 0 and report garbage standard errors.
    if (!(n > k)) return FIT_UNDERDETERMINED;
    const x = this.x;
    const a = this.r;
    const qty = this.qty;
    const diag = this.diag;
    for (let i = 0; i < n * k; i++) a[i] = x[i];
    for (let i = 0; i < n; i++) qty[i] = this.y[i];
    for (let j = 0; j < k; j++) {
      const col = j * n;
      // Euclidean norms as scale x sqrt(sum (v / scale)^2), which neither overflows nor
      // underflows (LAPACK's dnrm2), of the column's remainder and of the column as given.
      let scale = 0;
      let sum = 1;
      for (let i = j; i < n; i++) {
        const v = a[col + i] < 0 ? -a[col + i] : a[col + i];
        if (v === 0) continue;
        if (v > scale) { sum = 1 + sum * (scale / v) * (scale / v); scale = v; } else sum += (v / scale) * (v / scale);
      }
      const norm = scale * Math.sqrt(sum);
      scale = 0;
      sum = 1;
      for (let i = 0; i < n; i++) {
        const v = x[col + i] < 0 ? -x[col + i] : x[col + i];
        if (v === 0) continue;
        if (v > scale) { sum = 1 + sum * (scale / v) * (scale / v); scale = v; } else sum += (v / scale) * (v / scale);
      }
      const original = scale * Math.sqrt(sum);
      if (!(norm > 1e-12 * original) || norm === 0) return j;
      // Reflect a[j:, j] onto -sign(a_jj) * norm * e_1, the sign that avoids cancellation.
      const alpha = a[col + j] > 0 ? -norm : norm;
      a[col + j] -= alpha;
      let vv = 0;
      for (let i = j; i < n; i++) vv += a[col + i] * a[col + i];
      // Apply I - 2 v v'/(v'v), v = a[col + j..n), to each later column and to Q'y.
      for (let c = j + 1; c < k; c++) {
        const target = c * n;
        let dot = 0;
        for (let i = j; i < n; i++) dot += a[col + i] * a[target + i];
        const f = (2 * dot) / vv;
        for (let i = j; i < n; i++) a[target + i] -= f * a[col + i];
      }
      let dot = 0;
      for (let i = j; i < n; i++) dot += a[col + i] * qty[i];
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) qty[i] -= f * a[col + i];
      diag[j] = alpha;
    }
    // Back substitution R b = (Q'y)[0:k]; R's diagonal is in `diag`, above it in `a`.
    const coefficients = this.coefficients;
    for (let i = k - 1; i >= 0; i--) {
      let s = qty[i];
      for (let c = i + 1; c < k; c++) s -= a[c * n + i] * coefficients[c];
      coefficients[i] = s / diag[i];
    }
    const residuals = this.residuals;
    let ssr = 0;
    for (let i = 0; i < n; i++) {
      let fitted = 0;
      for (let j = 0; j < k; j++) fitted += x[j * n + i] * coefficients[j];
      const e = this.y[i] - fitted;
      residuals[i] = e;
      ssr += e * e;
    }
    this.ssr[0] = ssr;
    // diag((R'R)^-1) = row sums of squares of R^-1 (upper triangular, solved column by column).
    const rInv = this.rInv;
    for (let c = 0; c < k; c++) {
      rInv[c * k + c] = 1 / diag[c];
      for (let i = c - 1; i >= 0; i--) {
        let s = 0;
        for (let m = i + 1; m <= c; m++) s += a[m * n + i] * rInv[c * k + m];
        rInv[c * k + i] = -s / diag[i];
      }
    }
    const s2 = ssr / (n - k);
    for (let i = 0; i < k; i++) {
      let v = 0;
      for (let c = i; c < k; c++) v += rInv[c * k + i] * rInv[c * k + i];
      this.standardErrors[i] = Math.sqrt(s2 * v);
    }
    return FIT_OK;
  }
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
  const ws = new LeastSquaresWorkspace(n, k);
  for (let j = 0; j < k; j++) ws.x.set(columns[j], j * n);
  ws.y.set(y);
  const collinear = ws.fit(n, k);
  if (collinear !== FIT_OK) throw new CollinearRegressorsError(`leastSquares: column ${collinear} is collinear with the columns before it (or all zero)`);
  return { coefficients: ws.coefficients, standardErrors: ws.standardErrors, residuals: ws.residuals, ssr: ws.ssr[0], n, k };
}
