// A strategy that reads the next bar's close is caught at the first bar where it does so, and at
// every later one, in both modes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLookahead, chooseTimes } from '../../src/backtest/lookahead-guard.js';
import { peekOneBar, SLOW, syntheticBars } from './lookahead-fixture.js';

test('one bar ahead: caught, first offending bar named', () => {
  const bars = syntheticBars();
  const report = checkLookahead(bars, peekOneBar);
  assert.is(report.verdict, 'lookahead');
  // Bar SLOW - 2 is the first whose window (up to the next bar) is full.
  const first = report.firstOffending;
  assert.ok(first !== null);
  assert.is(first.bar, SLOW - 2);
  assert.is(first.timeUs, bars[SLOW - 2].timeUs);
  assert.is(first.checkedTimeUs, bars[SLOW - 2].timeUs);
  assert.is(first.field, 'value');
  assert.is.not(first.before, first.after);
  // Every bar from there on but the last (which has no next bar to read) changed.
  assert.is(report.changedTimes, bars.length - 1 - (SLOW - 2));

  const truncated = checkLookahead(bars, peekOneBar, { mode: 'truncate' });
  assert.is(truncated.verdict, 'lookahead');
  assert.is(truncated.firstOffending?.bar, SLOW - 2);
});

test('one bar ahead: a small seeded sample is enough', () => {
  const bars = syntheticBars();
  const report = checkLookahead(bars, peekOneBar, { sample: 5, seed: 4 });
  assert.is(report.verdict, 'lookahead');
  assert.is(report.checkedTimes, 8); // 5 sampled + the last 3
  // Exactly the checked bars that read a next bar changed (not the last bar: it has none).
  const times = chooseTimes(bars.map((b) => b.timeUs), 5, 3, 4);
  const reading = times.filter((t) => t >= bars[SLOW - 2].timeUs && t < bars[bars.length - 1].timeUs);
  assert.ok(reading.length >= 4);
  assert.is(report.changedTimes, reading.length);
});

test.run();
