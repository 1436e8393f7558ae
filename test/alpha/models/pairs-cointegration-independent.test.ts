// pairs_cointegration on two independent random walks: the Engle-Granger test does not call them
// cointegrated, so the model stays silent. A 5% test rejects about 5% of the time, so the checks
// count seeds (one test per seed) or records (rolling refits), never demand silence everywhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cointegratedPair, independentWalks, pairsDriver, STEP_US } from './pairs-fixture.js';

const WINDOW = 500;
const SEEDS = 20;

function opinionsOn(a: Float64Array, b: Float64Array, params: Record<string, number>): { opinions: number; records: number; pValue: number; refits: number } {
  const d = pairsDriver({ window: WINDOW, ...params });
  let opinions = 0;
  for (let t = 0; t < a.length; t++) {
    if (d.quote(0, t * STEP_US, a[t]).has) opinions++;
    if (d.quote(1, t * STEP_US, b[t]).has) opinions++;
  }
  // Records from the first fit on (step WINDOW + 1 closes sample WINDOW): the model's chances to speak.
  return { opinions, records: 2 * (a.length - WINDOW - 1), pValue: d.fit().pValue, refits: d.model.refits };
}

test('one test per seed: no opinion at all on at least 17 of 20 seeds', () => {
  let silent = 0;
  const pValues: string[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    // WINDOW + 101 steps: the window fills once and is tested once (refitEvery is larger).
    const { a, b } = independentWalks(1000 + seed, WINDOW + 101);
    const r = opinionsOn(a, b, { refitEvery: 1_000_000 });
    assert.is(r.refits, 1);
    if (r.opinions === 0) silent++;
    pValues.push(r.pValue.toFixed(3));
  }
  assert.ok(silent >= 17, `silent on ${silent} of ${SEEDS} seeds; p-values ${pValues.join(' ')}`);
});

test('rolling refits: opinions on under 3% of the records after warm-up, where a cointegrated pair gets over 10%', () => {
  let opinions = 0;
  let records = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const { a, b } = independentWalks(2000 + seed, 1000);
    const r = opinionsOn(a, b, { refitEvery: 50 });
    opinions += r.opinions;
    records += r.records;
  }
  assert.ok(opinions < 0.03 * records, `${opinions} opinions on ${records} records`);
  const { a, b } = cointegratedPair(11, 1000);
  const cointegrated = opinionsOn(a, b, { refitEvery: 50 });
  assert.ok(cointegrated.opinions > 0.1 * cointegrated.records, `cointegrated: ${cointegrated.opinions} of ${cointegrated.records}`);
});

test.run();
