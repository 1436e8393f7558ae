// AlphaSet.evaluate with every catalogued model switched on allocates nothing: 0 GCs over 2M
// records with a 1 MB young generation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { ALPHA_MODEL_NAMES, Edges } from '../../src/alpha/alpha-catalogue.js';
import { Features } from '../../src/shm/records.js';
import { alphaSet } from './fixture.js';

test('evaluate: 0 GCs over 2M records', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const SLOTS = 64;
  const input = new Float64Array(Features.f64 * SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const b = k * Features.f64;
    input[b + Features.t0] = 1.5e12 + k;
    input[b + Features.instrument] = k % 8;
    input[b + Features.bid] = 100 + k * 0.01;
    input[b + Features.ask] = 100.02 + k * 0.01;
    input[b + Features.bidSize] = 1 + (k % 5);
    input[b + Features.askSize] = 2 + (k % 3);
    input[b + Features.volatility] = k % 7 === 0 ? 0 : 3.3; // some records take the no-opinion path
    input[b + Features.maShort] = 100 + (k % 9) * 0.013;
    input[b + Features.maLong] = 100.05;
    input[b + Features.depthImbalance] = ((k % 11) - 5) / 5;
    input[b + Features.rsi] = k % 5 === 0 ? NaN : (k * 7) % 100;
    input[b + Features.midZScore] = k % 6 === 0 ? NaN : ((k % 9) - 4) * 0.8;
    input[b + Features.vwap] = k % 4 === 0 ? NaN : 100.01 + (k % 3) * 0.02;
  }
  const out = new Float64Array(Edges.f64 * SLOTS);
  // Off by default or not, every model runs here (weight 1).
  const alphas = alphaSet(8, Object.fromEntries(ALPHA_MODEL_NAMES.map((name) => [name, { weight: 1 }])));
  const report = countGcs((i) => {
    const k = i & (SLOTS - 1);
    alphas.evaluate(input, k * Features.f64, out, k * Edges.f64);
  }, 2_000_000);
  assert.ok(out[Edges.count] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
