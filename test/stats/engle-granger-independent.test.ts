// Two independent random walks are not cointegrated: the p-value is large on most seeds (a 5%
// test rejects about 5% of the time, so a few seeds may rightly come out small).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../src/data/prng.js';
import { engleGranger } from '../../src/stats/engle-granger.js';

function walk(rng: Prng, n: number): Float64Array {
  const z = new Float64Array(n);
  rng.fillNormal(z, 0, n);
  let level = 50;
  return z.map((step) => (level += step));
}

test('independent walks: p > 0.1 on at least 16 of 20 seeds, p > 0.05 on 18', () => {
  let above10 = 0;
  let above5 = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const rng = new Prng(1000 + seed);
    const r = engleGranger(walk(rng, 500), walk(rng, 500));
    if (r.pValue > 0.1) above10++;
    if (r.pValue > 0.05) above5++;
  }
  assert.ok(above10 >= 16, `${above10} of 20 above 0.1`);
  assert.ok(above5 >= 18, `${above5} of 20 above 0.05`);
});

test.run();
