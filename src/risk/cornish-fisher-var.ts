/**
 * Cornish-Fisher VaR: the Gaussian VaR with its quantile corrected for the sample's skewness S
 * and excess kurtosis K (Cornish & Fisher 1937; Favre & Galeano 2002 for the use in VaR):
 *
 *   z_cf = z + (z^2 - 1) S / 6 + (z^3 - 3z) K / 24 - (2z^3 - 5z) S^2 / 36,    VaR_a = -(mu + sigma z_cf)
 *
 * where z = Phi^-1(1 - a) is the LEFT-tail quantile of returns (negative), and S, K are the
 * returns' (not the losses') moments, so negative skew (a fat left tail) raises VaR. With S = K = 0
 * this is the Gaussian VaR exactly. The expansion is an approximation; for |S| or K large
 * (K beyond ~6-8) it can stop being monotone in a, which is its known limit.
 */

import { normalQuantile } from '../stats/normal-distribution.js';
import { sampleMoments } from '../stats/sample-moments.js';
import { checkLevel } from './loss-sample.js';

/** Cornish-Fisher VaR at `level` from the four moments of returns. */
export function cornishFisherVar(mean: number, sd: number, skewness: number, excessKurtosis: number, level: number): number {
  checkLevel(level);
  for (const [name, v] of [['mean', mean], ['standard deviation', sd], ['skewness', skewness], ['excess kurtosis', excessKurtosis]] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`${name} must be finite, got ${v}`);
  }
  // Phi^-1(1 - a) written as -Phi^-1(a): the same by symmetry, and with S = K = 0 the result is
  // then the Gaussian VaR to the last bit.
  return -mean - sd * cornishFisherQuantile(-normalQuantile(level), skewness, excessKurtosis);
}

/** z_cf of the header from the normal quantile `z`, skewness and excess kurtosis (no checks). */
export function cornishFisherQuantile(z: number, skewness: number, excessKurtosis: number): number {
  quantileIo[0] = z;
  quantileIo[1] = skewness;
  quantileIo[2] = excessKurtosis;
  cornishFisherQuantileInPlace(quantileIo);
  return quantileIo[0];
}
const quantileIo = new Float64Array(3);

/**
 * The same for hot callers: `io` = [z, skewness, excess kurtosis] in, io[0] = z_cf out. Doubles
 * passed to or returned from a call V8 leaves uninlined are boxed; an array's slots are not.
 */
export function cornishFisherQuantileInPlace(io: Float64Array): void {
  const z = io[0];
  const skewness = io[1];
  const excessKurtosis = io[2];
  const z2 = z * z;
  const z3 = z2 * z;
  io[0] = z + ((z2 - 1) * skewness) / 6 + ((z3 - 3 * z) * excessKurtosis) / 24 - ((2 * z3 - 5 * z) * skewness * skewness) / 36;
}

/** Cornish-Fisher VaR at `level` with the moments of `returns` (sample-moments.ts conventions). */
export function sampleCornishFisherVar(returns: ArrayLike<number>, level: number): number {
  const m = sampleMoments(returns, 'returns');
  return cornishFisherVar(m.mean, m.sd, m.skewness, m.excessKurtosis, level);
}
