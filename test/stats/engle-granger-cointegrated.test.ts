// A constructed cointegrated pair: B a random walk, A = 2B + 1 + stationary AR(1) noise
// (sd ~0.3, so the intercept is pinned to within sampling error of ~0.1-0.3). The
// test recovers hedge ratio ~2 and intercept ~1 and rejects "no cointegration" on every seed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../src/data/prng.js';
import { engleGranger } from '../../src/stats/engle-granger.js';

function pair(seed: number, n: number): { a: Float64Array; b: Float64Array } {
  const z = new Float64Array(2 * n);
  new Prng(seed).fillNormal(z, 0, 2 * n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let walk = 100;
  let noise = 0;
  for (let t = 0; t < n; t++) {
    walk += z[t];
    noise = 0.5 * noise + 0.25 * z[n + t];
    b[t] = walk;
    a[t] = 2 * walk + 1 + noise;
  }
  return { a, b };
}

test('hedge ratio ~2, intercept ~1, p-value small', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const { a, b } = pair(seed, 1000);
    const r = engleGranger(a, b);
    assert.ok(Math.abs(r.hedgeRatio - 2) < 0.02, `seed ${seed}: hedge ${r.hedgeRatio}`);
    assert.ok(Math.abs(r.intercept - 1) < 0.5, `seed ${seed}: intercept ${r.intercept}`);
    assert.ok(r.pValue < 0.01, `seed ${seed}: p ${r.pValue} (tau ${r.adfStat})`);
    assert.is(r.n, 1000);
  }
});

test('an exact linear relation is refused: its spread is rounding noise', () => {
  const { b } = pair(9, 200);
  assert.throws(() => engleGranger(b.map((v) => 2 * v + 1), b), /exact linear function/);
});

test.run();
