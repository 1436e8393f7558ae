/**
 * Approximate asymptotic p-values of Dickey-Fuller and Engle-Granger tau statistics, from the
 * response surfaces of MacKinnon (1994), "Approximate asymptotic distribution functions for
 * unit-root and cointegration tests", JBES 12(2), Table 3 (the same coefficients statsmodels'
 * `mackinnonp` uses, so p-values agree with it for the same statistic).
 *
 * p = Phi(g0 + g1 tau + g2 tau^2 [+ g3 tau^3]): the quadratic below tau*, the cubic above it,
 * 0 below tau_min and 1 above tau_max, where the surfaces were not fitted.
 *
 * Only the "c" case (a constant in the cointegrating regression) is tabulated here, for
 * N = 1 (a plain ADF test with constant) to N = 6 variables; N = 2 is the two-series
 * Engle-Granger test. Asymptotic 5% critical values (MacKinnon 2010, Table 1) for comparison:
 * N = 1: -2.86154, N = 2: -3.33613.
 */

import { normalCdfAt } from './normal-distribution.js';

const TAU_MAX_C = [2.74, 0.92, 0.55, 0.61, 0.79, 1];
const TAU_MIN_C = [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27];
const TAU_STAR_C = [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93];
/** g0, g1, g2 for tau <= tau* (the published g2 is scaled by 1e-2). */
const TAU_C_SMALLP = [
  [2.1659, 1.4412, 3.8269e-2],
  [2.92, 1.5012, 3.9796e-2],
  [3.4699, 1.4856, 3.164e-2],
  [3.9673, 1.4777, 2.6315e-2],
  [4.5509, 1.5338, 2.9545e-2],
  [5.1399, 1.6036, 3.4445e-2],
];
/** g0..g3 for tau > tau* (published scaled by 1, 1e-1, 1e-1, 1e-2). */
const TAU_C_LARGEP = [
  [1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2],
  [2.1945, 6.4695e-1, -2.9198e-1, -4.2377e-2],
  [2.5893, 4.5168e-1, -3.6529e-1, -5.0074e-2],
  [3.0387, 4.5452e-1, -3.3666e-1, -4.1921e-2],
  [3.5049, 5.2098e-1, -2.9158e-1, -3.3468e-2],
  [3.9489, 5.8933e-1, -2.5359e-1, -2.721e-2],
];

/**
 * P-value of `tau` for the "c" case with `variables` series (1 = ADF with constant, 2 = the
 * Engle-Granger test of two series). NaN for a NaN statistic.
 */
export function mackinnonPValue(tau: number, variables = 2): number {
  pScratch[0] = tau;
  mackinnonPValueAt(pScratch, 0, variables);
  return pScratch[0];
}

const pScratch = new Float64Array(1);

/**
 * mackinnonPValue in place: io[at] = p(io[at]) for `variables` series. For callers that must not
 * allocate (the pairs alpha's refit): no double crosses a call here, which V8 would box.
 */
export function mackinnonPValueAt(io: Float64Array, at: number, variables: number): void {
  if (!Number.isInteger(variables) || variables < 1 || variables > TAU_MAX_C.length) {
    throw new RangeError(`mackinnonPValue: variables must be 1..${TAU_MAX_C.length}, got ${variables}`);
  }
  const tau = io[at];
  if (Number.isNaN(tau)) return;
  const row = variables - 1;
  if (tau > TAU_MAX_C[row]) {
    io[at] = 1;
    return;
  }
  if (tau < TAU_MIN_C[row]) {
    io[at] = 0;
    return;
  }
  if (tau <= TAU_STAR_C[row]) {
    const g = TAU_C_SMALLP[row];
    io[at] = g[0] + tau * (g[1] + tau * g[2]);
  } else {
    const g = TAU_C_LARGEP[row];
    io[at] = g[0] + tau * (g[1] + tau * (g[2] + tau * g[3]));
  }
  normalCdfAt(io, at);
}
