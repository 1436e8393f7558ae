// An indicator that never forgets its start (a cumulative sum of returns from the first bar) is
// flagged; a windowed one on the same bars converges exactly once its window is full.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRecursive, type RecursiveIndicator } from '../../src/backtest/recursive-check.js';
import { smaIndicator } from '../../src/backtest/recursive-indicators.js';
import { syntheticBars } from './lookahead-fixture.js';

const cumulativeReturn: RecursiveIndicator = {
  name: 'cumulative return', tolerance: 1e-9, scale: 'absolute',
  run(bars) {
    let sum = 0;
    return Float64Array.from(bars, (b, i) => (sum += i === 0 ? 0 : Math.log(b.close / bars[i - 1].close)));
  },
};

test('cumulative sum from the start: start-dependent, never agrees', () => {
  const [cum, sma] = checkRecursive(syntheticBars(), [cumulativeReturn, smaIndicator(20)], { starts: [50, 100, 200] });
  assert.is(cum.verdict, 'start-dependent');
  assert.is(cum.warmup, null);
  for (const s of cum.starts) assert.is(s.warmup, null);
  assert.is(sma.verdict, 'converges');
  assert.is(sma.warmup, 19);
});

test.run();
