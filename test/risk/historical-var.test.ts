// Historical VaR and ES of a large seeded normal sample converge to the analytic values
// -mu + sigma z_a and -mu + sigma phi(z_a)/(1-a); the quantile convention is numpy's linear one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../src/data/prng.js';
import { historicalVarEs } from '../../src/risk/historical-var.js';
import { quantileOfSorted } from '../../src/risk/empirical-quantile.js';

test('normal sample: VaR and ES at 95% and 99% within 2% of the closed form', () => {
  const n = 400_000;
  const mu = 0.0005;
  const sigma = 0.02;
  const z = new Float64Array(n);
  new Prng(11).fillNormal(z, 0, n);
  const returns = z.map((v) => mu + sigma * v);
  // z_0.95 = 1.644854, phi(z)/(1-a) = 2.062713; z_0.99 = 2.326348, phi(z)/(1-a) = 2.665214.
  for (const [level, zq, esFactor] of [[0.95, 1.6448536269514722, 2.0627128075074253], [0.99, 2.3263478740408408, 2.665214220345808]]) {
    const { var: v, es } = historicalVarEs(returns, level);
    const wantVar = -mu + sigma * zq;
    const wantEs = -mu + sigma * esFactor;
    assert.ok(Math.abs(v / wantVar - 1) < 0.02, `VaR ${level}: ${v} vs ${wantVar}`);
    assert.ok(Math.abs(es / wantEs - 1) < 0.02, `ES ${level}: ${es} vs ${wantEs}`);
  }
});

test('quantile by linear interpolation (numpy default) and ES as the tail mean', () => {
  const sorted = new Float64Array([1, 2, 3, 4, 10]);
  assert.is(quantileOfSorted(sorted, 0.5), 3);
  assert.ok(Math.abs(quantileOfSorted(sorted, 0.9) - 7.6) < 1e-14); // h = 3.6: 4 + 0.6 * (10 - 4)
  assert.is(quantileOfSorted(sorted, 1), 10);
  // Returns -1..-10 %: losses 0.01..0.10; VaR_0.8 = 0.082, ES = mean(0.09, 0.10).
  const returns = Array.from({ length: 10 }, (_, i) => -(i + 1) / 100);
  const r = historicalVarEs(returns, 0.8);
  assert.ok(Math.abs(r.var - 0.082) < 1e-15, `VaR ${r.var}`);
  assert.ok(Math.abs(r.es - 0.095) < 1e-15, `ES ${r.es}`);
});

test.run();
