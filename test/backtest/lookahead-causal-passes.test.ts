// A causal moving-average crossover passes the look-ahead guard: every decision time checked,
// a seeded sample, and the truncation mode.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLookahead } from '../../src/backtest/lookahead-guard.js';
import { maCrossover, syntheticBars } from './lookahead-fixture.js';

test('MA crossover: no decision changes when the future is replaced or cut', () => {
  const bars = syntheticBars();
  const all = checkLookahead(bars, maCrossover);
  assert.is(all.verdict, 'pass');
  assert.is(all.checkedTimes, bars.length);
  assert.is(all.runs, 2 + bars.length - 1); // the last bar has no future to replace
  assert.is(all.changeCount, 0);
  assert.is(all.firstOffending, null);
  // The strategy does trade both ways, so the pass is not a strategy that never decides.
  const values = new Set(maCrossover(bars).map((d) => d.value));
  assert.ok(values.has(1) && values.has(-1) && values.has(0));

  const sampled = checkLookahead(bars, maCrossover, { sample: 30, seed: 9 });
  assert.is(sampled.verdict, 'pass');
  assert.is(sampled.checkedTimes, 33);
  assert.is(checkLookahead(bars, maCrossover, { mode: 'truncate', sample: 30 }).verdict, 'pass');
});

test.run();
