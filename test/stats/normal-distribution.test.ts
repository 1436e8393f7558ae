// The normal CDF and quantile against published values (Abramowitz & Stegun table 26.1 and
// 50-digit references), in both tails, and the quantile as the CDF's inverse.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalCdf, normalPdf, normalQuantile } from '../../src/stats/normal-distribution.js';

const CDF: Array<[number, number]> = [
  [-8, 6.22096057427178e-16], [-6, 9.865876450376981e-10], [-3, 1.3498980316300946e-3], [-1.96, 0.024997895148220435],
  [0, 0.5], [1, 0.8413447460685429], [1.96, 0.9750021048517795], [3.5, 0.9997673709209645],
];

test('normalCdf matches reference values to 1e-13 relative', () => {
  for (const [x, want] of CDF) {
    const got = normalCdf(x);
    assert.ok(Math.abs(got - want) <= 1e-13 * want, `Phi(${x}) = ${got}, want ${want}`);
  }
});

test('normalQuantile: the usual z-scores and the CDF round trip', () => {
  assert.ok(Math.abs(normalQuantile(0.99) - 2.3263478740408408) < 1e-13);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-13);
  assert.ok(Math.abs(normalQuantile(0.05) + 1.6448536269514722) < 1e-13);
  for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.995]) {
    assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) <= 1e-13 * Math.min(p, 1 - p) + 1e-16, `p = ${p}`);
  }
  assert.is(normalQuantile(0), -Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
  assert.ok(Math.abs(normalPdf(0) - 1 / Math.sqrt(2 * Math.PI)) < 1e-16);
});

test.run();
