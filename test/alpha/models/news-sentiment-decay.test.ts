// News sentiment decays with its half-life: one story's edge and confidence halve after one
// half-life and quarter after two; two stories add, each decayed from its own time; the edge is
// clamped at maxEdgeBps; a faded story leaves no opinion.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newsSentiment } from '../../../src/alpha/models/news-sentiment.js';
import { feedModel, seriesOf, US_PER_MINUTE } from './feed-fixture.js';

const T0 = Date.UTC(2024, 2, 4, 9) * 1000;
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test('one story: the edge halves after one half-life, quarters after two', () => {
  const m = feedModel(newsSentiment, { news: seriesOf([[0, T0, 0.5]]) }, { halfLifeMinutes: 10, scaleBps: 20 });
  const now = m.at(0, T0);
  assert.ok(now.has);
  close(now.edge, 10, 'edge at the story');
  close(now.confidence, 0.5, 'confidence at the story');
  const one = m.at(0, T0 + 10 * US_PER_MINUTE);
  close(one.edge, 5, 'edge after one half-life');
  close(one.confidence, 0.25, 'confidence after one half-life');
  close(m.at(0, T0 + 20 * US_PER_MINUTE).edge, 2.5, 'edge after two half-lives');
});

test('two stories add, each decayed from its own time; the sum of a bad and a good story', () => {
  const m = feedModel(newsSentiment, { news: seriesOf([[0, T0, 0.5], [0, T0 + 30 * US_PER_MINUTE, -0.8]]) }, { halfLifeMinutes: 30, scaleBps: 20 });
  m.at(0, T0 + 5 * US_PER_MINUTE);
  const after = m.at(0, T0 + 60 * US_PER_MINUTE);
  // 0.5 two half-lives old, -0.8 one half-life old: 0.125 - 0.4
  close(after.edge, 20 * (0.125 - 0.4), 'edge');
  close(after.confidence, 0.125 + 0.4, 'confidence');
});

test('clamped at maxEdgeBps; faded to nothing: no opinion; the other symbol: no opinion', () => {
  const m = feedModel(newsSentiment, { news: seriesOf([[0, T0, 0.9], [0, T0, 0.9]]) }, { halfLifeMinutes: 1, scaleBps: 100, maxEdgeBps: 30 });
  assert.is(m.at(0, T0).edge, 30);
  assert.is(m.at(0, T0).confidence, 1);
  assert.not.ok(m.at(1, T0).has, 'no news about ETH/USDT');
  assert.not.ok(m.at(0, T0 + 20 * US_PER_MINUTE).has, '20 half-lives later the story has faded');
});

test.run();
