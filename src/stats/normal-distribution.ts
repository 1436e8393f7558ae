/**
 * The standard normal distribution: density, CDF and quantile, in plain arithmetic.
 *
 * Why a home-grown CDF: p-values and Gaussian VaR need Phi to ~1e-14 in both tails, and Node has
 * no erf. Two classical expansions cover the line without cancellation:
 * - |x| <= 3: Marsaglia's Taylor series (J. Stat. Software 11(4), 2004),
 *   Phi(x) = 1/2 + phi(x) * (x + x^3/3 + x^5/(3*5) + ...), all terms of one sign for x > 0;
 * - |x| > 3: Laplace's continued fraction for the upper tail,
 *   Q(x) = phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))), evaluated bottom-up with enough terms
 *   that the remainder is below double precision for x > 3.
 * The quantile starts from Acklam's rational approximation (relative error 1.15e-9) and is
 * polished by two Halley steps on the CDF above, which brings it to the CDF's own accuracy.
 */

const INV_SQRT_2PI = 0.398_942_280_401_432_7;
const SQRT_2PI = 2.506_628_274_631_000_5;
const SERIES_LIMIT = 3;
const FRACTION_TERMS = 120;

/** Standard normal density phi(x). */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Upper tail Q(x) = 1 - Phi(x) for x > 0, by the continued fraction (see header). */
function upperTail(x: number): number {
  let fraction = x;
  for (let k = FRACTION_TERMS; k >= 1; k--) fraction = x + k / fraction;
  return normalPdf(x) / fraction;
}

/** Standard normal CDF Phi(x); NaN for NaN, exact 0 and 1 far in the tails. */
export function normalCdf(x: number): number {
  cdfScratch[0] = x;
  normalCdfAt(cdfScratch, 0);
  return cdfScratch[0];
}

const cdfScratch = new Float64Array(1);

/**
 * normalCdf in place: io[at] = Phi(io[at]). For callers that must not allocate: a double passed
 * to or returned from a call V8 did not inline is boxed, so none crosses a call here.
 */
export function normalCdfAt(io: Float64Array, at: number): void {
  const x = io[at];
  if (Number.isNaN(x)) return;
  if (x > SERIES_LIMIT || x < -SERIES_LIMIT) {
    // The upper tail Q(|x|) by the continued fraction (see the header).
    const t = x < 0 ? -x : x;
    let fraction = t;
    for (let k = FRACTION_TERMS; k >= 1; k--) fraction = t + k / fraction;
    const tail = (INV_SQRT_2PI * Math.exp(-0.5 * t * t)) / fraction;
    io[at] = x > 0 ? 1 - tail : tail;
    return;
  }
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 3; Math.abs(term) > 1e-17 * Math.abs(sum); k += 2) {
    term *= x2 / k;
    sum += term;
  }
  io[at] = 0.5 + INV_SQRT_2PI * Math.exp(-0.5 * x2) * sum;
}

// Acklam's coefficients: central region |p - 1/2| <= 1/2 - P_LOW, and the tails.
const A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
const B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
const C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
const D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** Standard normal quantile Phi^-1(p) for p in (0, 1); +-Infinity at 1 and 0, NaN outside. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x = acklam(p);
  for (let step = 0; step < 2; step++) {
    // Halley's step on Phi(x) - p: the error term is scaled by 1/phi(x) = sqrt(2 pi) e^(x^2/2).
    const e = (x > 0 ? -(upperTail1(x) - (1 - p)) : normalCdf(x) - p);
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

/** 1 - Phi(x) without the cancellation of subtracting from 1 in the upper tail. */
function upperTail1(x: number): number {
  return x > SERIES_LIMIT ? upperTail(x) : 1 - normalCdf(x);
}
