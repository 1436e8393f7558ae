// Cornish-Fisher VaR equals the Gaussian VaR when skewness and excess kurtosis are zero, rises
// with negative skew and with fat tails at 99%, and matches the expansion written out by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cornishFisherVar, sampleCornishFisherVar } from '../../src/risk/cornish-fisher-var.js';
import { gaussianVarEs, sampleGaussianVarEs } from '../../src/risk/gaussian-var.js';

test('zero skew and kurtosis: exactly the Gaussian VaR', () => {
  for (const level of [0.95, 0.99, 0.995]) {
    assert.is(cornishFisherVar(0.0003, 0.02, 0, 0, level), gaussianVarEs(0.0003, 0.02, level).var);
  }
});

test('a symmetric sample has zero skew: only the kurtosis term moves it', () => {
  const sample = [-3, -1, -1, 0, 0, 1, 1, 3];
  const g = sampleGaussianVarEs(sample, 0.99).var;
  const cf = sampleCornishFisherVar(sample, 0.99);
  assert.ok(Number.isFinite(cf) && cf !== g);
});

test('the expansion term by term at 99% with S = -0.5, K = 3', () => {
  const z = -2.3263478740408408;
  const S = -0.5;
  const K = 3;
  const zcf = z + ((z * z - 1) * S) / 6 + ((z ** 3 - 3 * z) * K) / 24 - ((2 * z ** 3 - 5 * z) * S * S) / 36;
  const got = cornishFisherVar(0, 1, S, K, 0.99);
  assert.ok(Math.abs(got + zcf) < 1e-12, `${got} vs ${-zcf}`);
  assert.ok(got > gaussianVarEs(0, 1, 0.99).var, 'negative skew and fat tails raise the 99% VaR');
});

test.run();
