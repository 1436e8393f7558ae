/**
 * Mean, standard deviation, skewness and excess kurtosis of a sample.
 *
 * Conventions (the ones numpy/scipy use by default, so numbers can be checked there):
 * - standard deviation with n - 1 in the denominator (np.std(ddof=1));
 * - skewness g1 = m3 / m2^(3/2) and excess kurtosis g2 = m4 / m2^2 - 3 from the central moments
 *   m_k = mean((x - mean)^k) (scipy.stats.skew / kurtosis with bias=True).
 * Two passes (mean first, then central sums) avoid the cancellation of raw power sums.
 */

import { checkSample } from './finite-sample.js';

export interface SampleMoments {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly skewness: number;
  readonly excessKurtosis: number;
}

/** Moments of `values` (finite, at least 2; skewness and kurtosis are 0 for a constant sample). */
export function sampleMoments(values: ArrayLike<number>, what = 'sample'): SampleMoments {
  checkSample(values, what, 2);
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const sd = Math.sqrt(m2 / (n - 1));
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const skewness = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
  const excessKurtosis = m2 > 0 ? m4 / (m2 * m2) - 3 : 0;
  return { n, mean, sd, skewness, excessKurtosis };
}
