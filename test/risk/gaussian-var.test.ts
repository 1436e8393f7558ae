// Parametric Gaussian VaR/ES are the closed forms exactly, and the sample version uses the
// sample mean and (n - 1) standard deviation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gaussianVarEs, sampleGaussianVarEs } from '../../src/risk/gaussian-var.js';

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-14 * Math.max(1, Math.abs(b));

test('VaR = -mu + sigma z_a, ES = -mu + sigma phi(z_a)/(1-a)', () => {
  const r99 = gaussianVarEs(0.001, 0.03, 0.99);
  assert.ok(near(r99.var, -0.001 + 0.03 * 2.3263478740408408), `${r99.var}`);
  assert.ok(near(r99.es, -0.001 + 0.03 * 2.665214220345808), `${r99.es}`);
  const r95 = gaussianVarEs(0, 1, 0.95);
  assert.ok(near(r95.var, 1.6448536269514722));
  assert.ok(near(r95.es, 2.0627128075074253));
  assert.throws(() => gaussianVarEs(0, 1, 99), /strictly between 0 and 1 \(e\.g\. 0\.99\), got 99/);
});

test('sample version: mean 0, sd sqrt(2.5) for [-2, -1, 0, 1, 2]', () => {
  const r = sampleGaussianVarEs([-2, -1, 0, 1, 2], 0.99);
  assert.ok(near(r.var, Math.sqrt(2.5) * 2.3263478740408408), `${r.var}`);
});

test.run();
