// Sparklines: as many characters as the width (or the points, if fewer), the lowest value on
// the lowest block and the highest on the full block.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SPARK_BLOCKS, sparkline } from '../../src/backtest/sparkline.js';

test('1000 points at width 50: 50 characters, the dip and the peak at their buckets', () => {
  const values = Array.from({ length: 1000 }, (_, i) => (i >= 200 && i < 220 ? 50 : i >= 900 && i < 920 ? 150 : 100));
  const s = [...sparkline(values, 50)];
  assert.is(s.length, 50);
  assert.is(s[10], '▁');
  assert.is(s[45], '█');
  assert.ok(s.every((c) => SPARK_BLOCKS.includes(c)));
  assert.is(s.filter((c) => c === '▁').length, 1);
  assert.is(s.filter((c) => c === '█').length, 1);
});

test('fewer points than the width: one character each, linear in the range', () => {
  assert.is(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 60), '▁▂▃▄▅▆▇█');
  assert.is(sparkline([3, 1, 2], 10), '█▁▅');
});

test('flat, empty and a single point', () => {
  assert.is(sparkline([5, 5, 5], 10), '▄▄▄');
  assert.is(sparkline([], 10), '');
  assert.is(sparkline([7], 10), '▄');
});

test.run();
