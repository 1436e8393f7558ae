// The allocation-free least-squares engine must not change what the offline tests refuse:
// an ADF regression with no more rows than regressors (lags by AIC without a constant on a short
// even series) is an error, not a tau computed from SSR / 0; and engleGranger keeps the checks
// and their order of the pair regression and the ADF test it is made of.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { augmentedDickeyFuller } from '../../src/stats/augmented-dickey-fuller.js';
import { engleGranger, EngleGrangerOut, EngleGrangerStatus, EngleGrangerWorkspace, engleGrangerInto } from '../../src/stats/engle-granger.js';
import { CollinearRegressorsError, FIT_UNDERDETERMINED, LeastSquaresWorkspace } from '../../src/stats/least-squares.js';

function walk(n: number, seed: number): Float64Array {
  let s = seed;
  let x = 0;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    x += s / 4294967296 - 0.5;
    return x;
  });
}

test('a workspace fit with no more rows than columns is refused', () => {
  const ws = new LeastSquaresWorkspace(3, 3);
  ws.x.set([1, 2, 3, 1, 4, 9, 1, 8, 27]);
  ws.y.set([1, 2, 4]);
  assert.is(ws.fit(3, 3), FIT_UNDERDETERMINED);
});

test('ADF by AIC without a constant on 12 points: too few rows for the largest lag, an error', () => {
  // maxlag = 12/2 - 1 = 5 leaves 6 rows for 6 regressors.
  assert.throws(() => augmentedDickeyFuller(walk(12, 3), { deterministic: 'n' }), /6 observations for 6 regressors/);
  assert.throws(() => engleGranger(walk(12, 3), walk(12, 9), { adfDeterministic: 'n' }), /6 observations for 6 regressors/);
  // With a constant the same series has the rows.
  assert.ok(Number.isFinite(augmentedDickeyFuller(walk(12, 3)).statistic));
});

test('engleGranger: a constant B is reported before a short series, a non-finite spread as such', () => {
  const flat = new Float64Array(8).fill(3);
  assert.throws(() => engleGranger(walk(8, 5), flat), (e: Error) => e instanceof CollinearRegressorsError && /column 1 is collinear/.test(e.message));
  assert.throws(() => engleGranger(walk(8, 5).map((v) => 2 * v + 1), walk(8, 5)), /exact linear function/);
  // Levels near the top of the double range: the residuals overflow, which the ADF input check names.
  const big = walk(40, 7).map((v) => v * 1e307);
  assert.throws(() => engleGranger(big, walk(40, 11)), /series\[\d+\] is (NaN|-?Infinity)/);
});

test('engleGrangerInto agrees with engleGranger', () => {
  const b = walk(300, 21);
  const noise = walk(300, 4);
  const a = b.map((v, i) => 1.5 * v + 0.2 + 0.3 * (noise[i] - (i > 0 ? noise[i - 1] : 0)));
  for (const lags of [-1, 0, 2]) {
    const ws = new EngleGrangerWorkspace(300, lags);
    const out = new Float64Array(EngleGrangerOut.width);
    assert.is(engleGrangerInto(ws, a, b, 300, lags, true, out, 0), EngleGrangerStatus.ok);
    const r = engleGranger(a, b, lags >= 0 ? { lags } : {});
    assert.equal([out[EngleGrangerOut.hedgeRatio], out[EngleGrangerOut.intercept], out[EngleGrangerOut.adfStat], out[EngleGrangerOut.pValue], out[EngleGrangerOut.lags]],
      [r.hedgeRatio, r.intercept, r.adfStat, r.pValue, r.lags]);
  }
});

test.run();
