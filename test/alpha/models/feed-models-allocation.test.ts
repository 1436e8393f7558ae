// news_sentiment, onchain_flow and funding_basis allocate nothing per record: 0 GCs over 1M evaluations each
// with a 1 MB young generation, while event time moves on and the cursors walk through
// thousands of events (and records that come out of order take the no-opinion path).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newsSentiment } from '../../../src/alpha/models/news-sentiment.js';
import { onchainFlow } from '../../../src/alpha/models/onchain-flow.js';
import { fundingBasis } from '../../../src/alpha/models/funding-basis.js';
import type { AlphaModelSpec } from '../../../src/alpha/alpha-model.js';
import { Features } from '../../../src/shm/records.js';
import { assertNoGc } from '../../support/allocation.js';
import { feedModel, seriesOf } from './feed-fixture.js';

const T0 = Date.UTC(2024, 2, 4) * 1000;
const CALLS = 1_000_000;
const STEP_US = 50_000;
// Enough events for every warm-up and attempt countGcs may make (up to 6M records, 83 hours of
// event time at STEP_US), so the measured calls keep walking the cursors.
const events = Array.from({ length: 200_000 }, (_, i) => [i % 2, T0 + i * 1.5e6, ((i * 37) % 21) / 10 - 1] as const);
const series = seriesOf(events);

for (const [spec, feeds] of [[newsSentiment, { news: series }], [onchainFlow, { onchain: series }], [fundingBasis, { funding: series, basis: series }]] as [AlphaModelSpec, object][]) {
  test(`${spec.name}: 0 GCs over 1M evaluations`, () => {
    const { model } = feedModel(spec, feeds, spec.name === 'news_sentiment' ? {} : { maxAgeMinutes: 10 });
    const f = new Float64Array(Features.f64 * 2);
    const out = new Float64Array(2);
    // Event time comes from a count of its own: countGcs restarts `i` for each attempt.
    let calls = 0;
    let opinions = 0;
    assertNoGc(spec.name, () => {
      const n = calls++;
      const b = (n & 1) * Features.f64;
      f[b + Features.instrument] = n & 1;
      // every 64th record is a little late for its symbol
      f[b + Features.ts] = T0 + n * STEP_US - ((n & 63) === 0 ? 5 * STEP_US : 0);
      if (model.evaluate(f, b, out, 0)) opinions++;
    }, CALLS);
    assert.ok(opinions > calls / 2, `${opinions} opinions in ${calls} calls`);
  });
}

test.run();
