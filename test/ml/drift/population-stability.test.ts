// PSI of normalised inputs: near 0 on standard normal values, above 0.25 once a feature shifts by
// one standard deviation, per feature; forgetting lets it recover.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PopulationStability } from '../../../src/ml/drift/population-stability.js';
import { countGcs } from '../../../src/shm/allocation-check.js';

function normals(seed: number): () => number {
  let x = seed;
  const u = () => ((x = (x * 1103515245 + 12345) % 2147483648) + 1) / 2147483649;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

test('training-like inputs score near 0; a shifted feature scores high, the others do not', () => {
  const psi = new PopulationStability(3, 500);
  const z = normals(7);
  const v = new Float64Array(3);
  for (let i = 0; i < 5000; i++) { v[0] = z(); v[1] = z(); v[2] = z(); psi.observe(v, 0); }
  assert.ok(psi.maxIndex() < 0.05, `stable PSI ${psi.maxIndex()}`);
  for (let i = 0; i < 2000; i++) { v[0] = z(); v[1] = z() + 1; v[2] = z(); psi.observe(v, 0); }
  assert.ok(psi.index(1) > 0.25, `shifted feature PSI ${psi.index(1)}`);
  assert.ok(psi.index(0) < 0.05 && psi.index(2) < 0.05);
  assert.is(psi.maxIndex(), psi.index(1));
  for (let i = 0; i < 5000; i++) { v[0] = z(); v[1] = z(); v[2] = z(); psi.observe(v, 0); }
  assert.ok(psi.index(1) < 0.05, `recovered: ${psi.index(1)}`);
});

test('NaN is skipped; observe allocates nothing', () => {
  const psi = new PopulationStability(2);
  psi.observe(Float64Array.of(NaN, 0), 0);
  assert.ok(Number.isFinite(psi.maxIndex()));
  const v = Float64Array.of(0.3, -1.5);
  const report = countGcs((i) => { v[0] = (i & 15) / 8 - 1; psi.observe(v, 0); }, 300_000);
  assert.is(report.gcCount, 0);
});

test.run();
