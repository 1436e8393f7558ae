// A strategy that reads the future only while it holds no position: all its fired signals are
// the causal strategy's, so a check of fired signals has nothing to compare; the guard compares
// every decision, the zeros too, and catches it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLookahead } from '../../src/backtest/lookahead-guard.js';
import { maCrossover, peekWhenFlat, syntheticBars } from './lookahead-fixture.js';

test('peeks only when flat: caught through its 0 decisions', () => {
  const bars = syntheticBars();
  // On the real future it decides exactly what the causal crossover decides.
  assert.equal(peekWhenFlat(bars), maCrossover(bars));
  const flat = maCrossover(bars).filter((d) => d.value === 0).length;
  assert.ok(flat > 20);

  const report = checkLookahead(bars, peekWhenFlat, { sample: 60, seed: 2 });
  assert.is(report.verdict, 'lookahead');
  assert.ok(report.changes.length > 0);
  // Every change is a "no trade" that became a trade: no fired signal ever changed.
  for (const c of report.changes) {
    assert.is(c.before, 0);
    assert.is.not(c.after, 0);
    assert.is(c.timeUs, c.checkedTimeUs); // the decision at t read the bar after t
  }
  const first = report.firstOffending;
  assert.ok(first !== null);
  assert.is(maCrossover(bars)[first.bar].value, 0);
});

test.run();
