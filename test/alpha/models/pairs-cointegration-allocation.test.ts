// pairs_cointegration allocates nothing per record, refits included: 0 GCs through AlphaSet with a
// 1 MB young generation, on two cointegrated pairs quoting every 250 ms and sampled every second,
// so the measured records take every branch: a new bucket (a sample into the rings and the
// O(window) spread mean and sd), the Engle-Granger refit every few samples (with a fixed ADF lag
// order, and with the order chosen by AIC, one regression per candidate lag), the partner check,
// the z-score, opinions on both legs and silence inside the band.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Edges } from '../../../src/alpha/alpha-catalogue.js';
import { Features } from '../../../src/shm/records.js';
import { assertNoGc } from '../../support/allocation.js';
import { cointegratedPair, PAIRS, pairsDriver } from './pairs-fixture.js';

const STEPS = 4096;
const STEP_US = 250_000;
const WINDOW = 200;
const REFIT_EVERY = 5;

function measure(adfLags: number, records: number): void {
  const first = cointegratedPair(21, STEPS);
  const second = cointegratedPair(22, STEPS);
  // Instruments 0 and 1 are one pair, 2 and 3 the other: prices[instrument * STEPS + step].
  const prices = new Float64Array(4 * STEPS);
  prices.set(first.a, 0);
  prices.set(first.b, STEPS);
  prices.set(second.a, 2 * STEPS);
  prices.set(second.b, 3 * STEPS);
  const { set, model } = pairsDriver({ sampleEveryMs: 1000, window: WINDOW, refitEvery: REFIT_EVERY, adfLags }, 4);
  const f = new Float64Array(Features.f64);
  const out = new Float64Array(Edges.f64);
  f[Features.volatility] = 1;
  // Records go round the instruments; the event clock never goes back, the prices wrap round
  // (both legs of a pair jump back together, so each pair stays cointegrated).
  let record = 0;
  let opinions = 0;
  const step = (): void => {
    const instrument = record & 3;
    const tick = record >> 2;
    const mid = prices[instrument * STEPS + (tick % STEPS)];
    f[Features.instrument] = instrument;
    f[Features.ts] = 1.7e15 + tick * STEP_US;
    f[Features.bid] = mid * (1 - 5e-6);
    f[Features.ask] = mid * (1 + 5e-6);
    set.evaluate(f, 0, out, 0);
    opinions += (out[Edges.mask] >> PAIRS) & 1;
    record++;
  };
  // Fill both windows (4 records a step, 4 steps a sample) and fit each pair.
  while (model.refits < 20) step();
  const fit = model.pairFit(0);
  assert.ok(fit.fitted && fit.pValue < 0.05, `pair 0 must be cointegrated for the signal path: ${JSON.stringify(fit)}`);
  assert.ok(model.pairFit(1).fitted);
  opinions = 0;
  const refitsBefore = model.refits;
  assertNoGc(`pairs_cointegration evaluate, adfLags ${adfLags}`, () => step(), records);
  // A sample every 16 records per pair, a refit every REFIT_EVERY samples.
  const refits = model.refits - refitsBefore;
  assert.ok(refits >= (2 * records) / (16 * REFIT_EVERY) - 2, `${refits} refits while measuring`);
  assert.ok(model.pairFit(0).fitted, 'still fitted');
  assert.ok(opinions > records / 1000, `${opinions} opinions: the signal path ran`);
}

test('evaluate: 0 GCs over 1M records, a refit every 5 samples, ADF lag order 1', () => {
  measure(1, 1_000_000);
});

test('evaluate: 0 GCs over 100k records, a refit every 5 samples, ADF lag order by AIC', () => {
  measure(-1, 100_000);
});

test.run();
