// The GPD maximum-likelihood fit recovers known (xi, beta) from large simulated samples, for a
// heavy, an exponential (xi = 0) and a bounded tail, and no nearby (xi, beta) has a higher
// likelihood than the fit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../src/data/prng.js';
import { fitGeneralizedPareto, gpdLogLikelihood } from '../../src/risk/generalized-pareto.js';

/** n GPD(xi, beta) draws by inversion: beta (U^-xi - 1) / xi, or -beta log U at xi = 0. */
function gpdSample(seed: number, n: number, xi: number, beta: number): Float64Array {
  const rng = new Prng(seed);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    y[i] = xi === 0 ? -beta * Math.log(u) : (beta * (Math.pow(u, -xi) - 1)) / xi;
  }
  return y;
}

test('recovers (xi, beta) within ~4 standard errors from 20,000 draws', () => {
  const n = 20_000;
  for (const [xi, beta] of [[0.3, 1], [0, 2], [-0.2, 0.5], [0.7, 0.01]]) {
    const fit = fitGeneralizedPareto(gpdSample(7, n, xi, beta));
    // Asymptotic sd of the MLE (Smith 1985): sd(xi) = (1 + xi)/sqrt(n), sd(beta)/beta = sqrt(2(1 + xi)/n).
    const sdXi = (1 + xi) / Math.sqrt(n);
    const sdBeta = beta * Math.sqrt((2 * (1 + xi)) / n);
    assert.ok(Math.abs(fit.xi - xi) < 4 * sdXi, `xi ${fit.xi} vs ${xi}`);
    assert.ok(Math.abs(fit.beta - beta) < 4 * sdBeta, `beta ${fit.beta} vs ${beta}`);
    assert.is(fit.n, n);
  }
});

test('the fit is the likelihood maximum: every nearby point is no better', () => {
  const y = gpdSample(3, 2000, 0.25, 0.02);
  const fit = fitGeneralizedPareto(y);
  assert.ok(Math.abs(gpdLogLikelihood(y, fit.xi, fit.beta) - fit.logLikelihood) < 1e-8 * Math.abs(fit.logLikelihood));
  for (const dx of [-0.01, 0, 0.01]) {
    for (const db of [0.99, 1, 1.01]) {
      assert.ok(gpdLogLikelihood(y, fit.xi + dx, fit.beta * db) <= fit.logLikelihood + 1e-9, `(${dx}, ${db})`);
    }
  }
});

test('exceedances must be positive and finite, at least ten of them', () => {
  assert.throws(() => fitGeneralizedPareto([1, 2, 3]), /exceedances: 3 values, need at least 10/);
  assert.throws(() => fitGeneralizedPareto([1, 2, 3, 4, 5, 6, 7, 8, 0, 9]), /exceedances\[8\] is 0/);
});

test.run();
