// OLS on a tiny dataset against the closed form: slope Sxy/Sxx, intercept ybar - slope xbar,
// se(slope) = sqrt(s^2 / Sxx); an exact line is recovered exactly; collinear columns are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CollinearRegressorsError, leastSquares } from '../../src/stats/least-squares.js';
import { regressPair } from '../../src/stats/pair-regression.js';

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('a five-point regression equals the textbook formulas', () => {
  const x = new Float64Array([1, 2, 3, 4, 5]);
  const y = new Float64Array([2.1, 3.9, 6.2, 7.8, 10.1]);
  // xbar = 3, Sxx = 10, Sxy = 19.9: slope 1.99, intercept 6.02 - 5.97 = 0.05.
  const fit = leastSquares(y, [new Float64Array(5).fill(1), x]);
  assert.ok(close(fit.coefficients[1], 1.99), `slope ${fit.coefficients[1]}`);
  assert.ok(close(fit.coefficients[0], 0.05), `intercept ${fit.coefficients[0]}`);
  let ssr = 0;
  for (let i = 0; i < 5; i++) ssr += (y[i] - 0.05 - 1.99 * x[i]) ** 2;
  assert.ok(close(fit.ssr, ssr));
  assert.ok(close(fit.standardErrors[1], Math.sqrt(ssr / 3 / 10)), `se ${fit.standardErrors[1]}`);
  assert.ok(close(fit.standardErrors[0], Math.sqrt((ssr / 3) * (1 / 5 + 9 / 10))));
});

test('regressPair recovers an exact line A = 1 + 2B, with price-sized levels', () => {
  const b = new Float64Array([1000, 1003.5, 999.25, 1010, 1007.75]);
  const a = b.map((v) => 1 + 2 * v);
  const r = regressPair(a, b);
  assert.ok(close(r.hedgeRatio, 2, 1e-12), `hedge ${r.hedgeRatio}`);
  assert.ok(Math.abs(r.intercept - 1) < 1e-8, `intercept ${r.intercept}`);
});

test('collinear columns and too few rows are refused with a reason', () => {
  const x = new Float64Array([1, 2, 3, 4]);
  assert.throws(() => leastSquares(new Float64Array([1, 2, 3, 5]), [x, x.map((v) => 2 * v)]), (e: Error) => e instanceof CollinearRegressorsError && /column 1 is collinear/.test(e.message));
  assert.throws(() => leastSquares(new Float64Array([1, 2]), [new Float64Array(2).fill(1), new Float64Array([1, 2])]), /2 observations for 2 regressors/);
  assert.throws(() => regressPair(new Float64Array([1, NaN, 3]), new Float64Array([1, 2, 3])), /series A\[1\] is NaN/);
});

test.run();
