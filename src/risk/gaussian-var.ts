/**
 * Parametric (variance-covariance) VaR and ES under a normal distribution of returns with mean mu
 * and standard deviation sigma, as positive fractions of value:
 *
 *   VaR_a = -mu + sigma z_a,        ES_a = -mu + sigma phi(z_a) / (1 - a),
 *
 * with z_a = Phi^-1(a) (e.g. z_0.99 = 2.3263) and phi the normal density (McNeil, Frey &
 * Embrechts, Quantitative Risk Management, 2015, eqs. 2.15 and 2.24). The sample version takes mu
 * and sigma (n - 1 denominator) from the returns.
 */

import { normalPdf, normalQuantile } from '../stats/normal-distribution.js';
import { sampleMoments } from '../stats/sample-moments.js';
import type { VarEs } from './historical-var.js';
import { checkLevel } from './loss-sample.js';

/** Gaussian VaR and ES at `level` for returns ~ N(mean, sd^2). */
export function gaussianVarEs(mean: number, sd: number, level: number): VarEs {
  checkLevel(level);
  if (!Number.isFinite(mean)) throw new RangeError(`mean return must be finite, got ${mean}`);
  if (!(sd >= 0 && Number.isFinite(sd))) throw new RangeError(`standard deviation must be finite and >= 0, got ${sd}`);
  const z = normalQuantile(level);
  return { var: -mean + sd * z, es: -mean + (sd * normalPdf(z)) / (1 - level) };
}

/** Gaussian VaR and ES at `level` with the mean and standard deviation of `returns`. */
export function sampleGaussianVarEs(returns: ArrayLike<number>, level: number): VarEs {
  const m = sampleMoments(returns, 'returns');
  return gaussianVarEs(m.mean, m.sd, level);
}
