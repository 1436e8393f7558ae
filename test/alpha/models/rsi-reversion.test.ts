// RSI reversion: no opinion between the thresholds or before the RSI exists; beyond them it
// fades the move, edge and confidence growing linearly to the extremes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opinionOf } from './reversion-fixture.js';

test('between the thresholds, or with no RSI yet: no opinion', () => {
  for (const rsi of [30, 50, 70, NaN]) assert.not.ok(opinionOf('rsi_reversion', { rsi }).has, `rsi ${rsi}`);
});

test('oversold buys, overbought sells, scaled to the extremes', () => {
  const oversold = opinionOf('rsi_reversion', { rsi: 15 });
  assert.ok(oversold.has);
  assert.is(oversold.edge, 5, 'half way from 30 to 0: half of maxEdgeBps 10');
  assert.is(oversold.confidence, 0.5);
  const overbought = opinionOf('rsi_reversion', { rsi: 100 });
  assert.is(overbought.edge, -10);
  assert.is(overbought.confidence, 1);
  assert.is(opinionOf('rsi_reversion', { rsi: 80 }, { overbought: 60, maxEdgeBps: 40 }).edge, -20, 'parameters from the params block');
});

test.run();
