/**
 * Maximum-likelihood fit of the Generalized Pareto Distribution to exceedances y_i > 0:
 *
 *   G(y) = 1 - (1 + xi y / beta)^(-1/xi)   (xi != 0),      G(y) = 1 - exp(-y / beta)   (xi = 0).
 *
 * Method: Grimshaw's (1993, Technometrics 35(2)) reduction to one dimension. With
 * theta = xi / beta, the likelihood is maximised over xi for fixed theta by
 * xi(theta) = mean(log(1 + theta y_i)), leaving the profile log-likelihood
 *
 *   l*(theta) = -n log(xi(theta) / theta) - n (1 + xi(theta)),
 *
 * whose theta -> 0 limit is the exponential fit (beta = mean(y), l = -n log(mean y) - n), so
 * xi near 0 needs no special case beyond theta = 0 itself. theta ranges over (-1/max(y), inf);
 * it is searched as s = log(1 + theta max(y)) in (-inf, inf): a grid over s finds the best
 * bracket (the profile can have more than one local maximum), golden-section search refines it.
 *
 * xi is restricted to xi >= -1/2: below that the MLE is not regular (Smith 1985) and below -1 the
 * likelihood is unbounded as theta -> -1/max(y). Loss tails of traded assets have xi >= 0 in
 * practice, so the bound only matters for short-tailed test data.
 */

import { checkSample } from '../stats/finite-sample.js';

export interface GpdFit {
  /** Shape: > 0 heavy (Pareto-like) tail, 0 exponential, < 0 bounded. */
  readonly xi: number;
  /** Scale, > 0, in the unit of the exceedances. */
  readonly beta: number;
  readonly logLikelihood: number;
  /** Exceedances fitted. */
  readonly n: number;
}

/** Fewest exceedances for a fit; with fewer the shape is not identified in any useful sense. */
export const GPD_MIN_EXCEEDANCES = 10;
const MIN_XI = -0.5;
const GRID_LOW = -12;
const GRID_HIGH = 12;
const GRID_STEPS = 480;
const GOLDEN_ITERATIONS = 80;

interface Profile { xi: number; beta: number; ll: number }

/** xi(theta), beta and l*(theta) at s = log(1 + theta ymax); ll = -Infinity outside xi >= MIN_XI. */
function profileAt(y: Float64Array, ymax: number, mean: number, s: number): Profile {
  const n = y.length;
  const theta = Math.expm1(s) / ymax;
  if (theta === 0) return { xi: 0, beta: mean, ll: -n * Math.log(mean) - n };
  let sumLog = 0;
  for (let i = 0; i < n; i++) sumLog += Math.log1p(theta * y[i]);
  const xi = sumLog / n;
  const beta = xi / theta;
  if (!(xi >= MIN_XI) || !(beta > 0) || !Number.isFinite(beta)) return { xi, beta, ll: -Infinity };
  return { xi, beta, ll: -n * Math.log(beta) - n * (1 + xi) };
}

/** The GPD maximum-likelihood fit of `exceedances` (positive, finite, at least GPD_MIN_EXCEEDANCES). */
export function fitGeneralizedPareto(exceedances: ArrayLike<number>): GpdFit {
  checkSample(exceedances, 'exceedances', GPD_MIN_EXCEEDANCES);
  const y = Float64Array.from(exceedances);
  let ymax = 0;
  let mean = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > 0)) throw new RangeError(`exceedances[${i}] is ${y[i]}, exceedances must be > 0`);
    if (y[i] > ymax) ymax = y[i];
    mean += y[i];
  }
  mean /= y.length;
  const step = (GRID_HIGH - GRID_LOW) / GRID_STEPS;
  let bestK = -1;
  let bestLl = -Infinity;
  for (let k = 0; k <= GRID_STEPS; k++) {
    const ll = profileAt(y, ymax, mean, GRID_LOW + k * step).ll;
    if (ll > bestLl) {
      bestLl = ll;
      bestK = k;
    }
  }
  if (bestK < 0) throw new RangeError('exceedances: no GPD with xi >= -0.5 fits them');
  // Golden-section search for the maximum inside the bracket around the best grid point.
  const invPhi = (Math.sqrt(5) - 1) / 2;
  let lo = GRID_LOW + Math.max(bestK - 1, 0) * step;
  let hi = GRID_LOW + Math.min(bestK + 1, GRID_STEPS) * step;
  let c = hi - invPhi * (hi - lo);
  let d = lo + invPhi * (hi - lo);
  let fc = profileAt(y, ymax, mean, c).ll;
  let fd = profileAt(y, ymax, mean, d).ll;
  for (let it = 0; it < GOLDEN_ITERATIONS && hi - lo > 1e-13; it++) {
    if (fc >= fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - invPhi * (hi - lo);
      fc = profileAt(y, ymax, mean, c).ll;
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + invPhi * (hi - lo);
      fd = profileAt(y, ymax, mean, d).ll;
    }
  }
  const candidates = [profileAt(y, ymax, mean, GRID_LOW + bestK * step), profileAt(y, ymax, mean, (lo + hi) / 2)];
  const best = candidates[1].ll >= candidates[0].ll ? candidates[1] : candidates[0];
  return { xi: best.xi, beta: best.beta, logLikelihood: best.ll, n: y.length };
}

/** GPD log-likelihood of `y` at (xi, beta), for checking fits; -Infinity outside the support. */
export function gpdLogLikelihood(y: ArrayLike<number>, xi: number, beta: number): number {
  if (!(beta > 0)) return -Infinity;
  let ll = -y.length * Math.log(beta);
  for (let i = 0; i < y.length; i++) {
    const z = y[i] / beta;
    if (xi === 0) {
      ll -= z;
    } else {
      const t = 1 + xi * z;
      if (!(t > 0)) return -Infinity;
      ll -= (1 + 1 / xi) * Math.log1p(xi * z);
    }
  }
  return ll;
}
