// The per-symbol cursor only moves forward: a record older than one already seen for its symbol
// gets no opinion and changes nothing after it, and the incremental sums equal the sum over all
// stories up to t computed from scratch, on irregular steps of event time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newsSentiment } from '../../../src/alpha/models/news-sentiment.js';
import { feedModel, seriesOf, US_PER_MINUTE } from './feed-fixture.js';

const T0 = Date.UTC(2024, 2, 4, 9) * 1000;
const HALF_LIFE = 15;

function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 16_807) % 2_147_483_647) / 2_147_483_647;
}

const rand = lcg(11);
const stories: [number, number, number][] = Array.from({ length: 300 }, () => [
  rand() < 0.5 ? 0 : 1, T0 + Math.floor(rand() * 600) * US_PER_MINUTE, Math.round((rand() * 2 - 1) * 100) / 100,
]);
const news = seriesOf(stories);

function fromScratch(symbol: number, t: number): { edge: number; confidence: number } {
  let signed = 0;
  let abs = 0;
  for (const [s, time, score] of stories) {
    if (s !== symbol || time > t) continue;
    const w = 2 ** (-(t - time) / (HALF_LIFE * US_PER_MINUTE));
    signed += score * w;
    abs += Math.abs(score) * w;
  }
  return { edge: Math.max(-1e4, Math.min(1e4, 20 * signed)), confidence: Math.min(1, abs) };
}

test('incremental sums equal the sums from scratch at every step', () => {
  const m = feedModel(newsSentiment, { news }, { halfLifeMinutes: HALF_LIFE, scaleBps: 20, maxEdgeBps: 1e4 });
  let t = T0 - 10 * US_PER_MINUTE;
  for (let step = 0; step < 2000; step++) {
    t += Math.floor(rand() * 40) * 1e6; // 0..39 s, repeats of the same time included
    for (const s of [0, 1]) {
      const got = m.at(s, t);
      const want = fromScratch(s, t);
      if (!got.has) { assert.ok(want.confidence <= 1e-3, `step ${step}: silent with ${want.confidence}`); continue; }
      assert.ok(Math.abs(got.edge - want.edge) < 1e-9 * Math.max(1, Math.abs(want.edge)), `step ${step} symbol ${s}: ${got.edge} vs ${want.edge}`);
      assert.ok(Math.abs(got.confidence - want.confidence) < 1e-9, `step ${step} symbol ${s}: ${got.confidence} vs ${want.confidence}`);
    }
  }
});

test('a record earlier than the cursor: no opinion, no rewind, nothing changed after it', () => {
  const t1 = T0 + 200 * US_PER_MINUTE;
  const t2 = T0 + 230 * US_PER_MINUTE;
  const straight = feedModel(newsSentiment, { news });
  straight.at(0, t1);
  const expected = straight.at(0, t2);

  const jumpy = feedModel(newsSentiment, { news });
  jumpy.at(0, t1);
  assert.not.ok(jumpy.at(0, t1 - 60 * US_PER_MINUTE).has, 'an hour back: no opinion');
  assert.not.ok(jumpy.at(0, NaN).has, 'no event time: no opinion');
  assert.ok(jumpy.at(1, t1 - 60 * US_PER_MINUTE).has, 'the other symbol has a cursor of its own');
  assert.equal(jumpy.at(0, t2), expected);
  assert.equal(jumpy.at(0, t2), expected, 'the same time again: the same view');
});

test.run();
