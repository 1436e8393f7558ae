// Signal metrics on hand-computed cases: accuracy ignores flat calls, PnL holds non-overlapping
// periods and pays for every change of position, IC is a rank correlation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signalMetrics, spearman } from '../../src/ml/signal-metrics.js';

test('accuracy, PnL with costs, exposure', () => {
  const targetBps = Float64Array.of(10, -5, 20, -8, 4, 0);
  const set = { targetBps, fileStart: [0], horizonBars: 2 };
  const m = signalMetrics(Float64Array.of(1, 0, -1, 0, 1, 0), set, 3);
  // calls: (1,10) hit, (-1,20) miss, (1,4) hit -> 2/3
  assert.is(m.directionalAccuracy, 2 / 3);
  // periods at 0, 2, 4: positions +1, -1, +1; gross 10 - 20 + 4 = -6; changes 1 + 2 + 2, close 1 -> 6 x 3 = 18
  assert.is(m.pnl.periods, 3);
  assert.is(m.pnl.grossBps, -6);
  assert.is(m.pnl.costPaidBps, 18);
  assert.is(m.pnl.netBps, -24);
  assert.is(m.pnl.exposure, 1);
});

test('a gate keeps small signals flat; files close their positions', () => {
  const set = { targetBps: Float64Array.of(10, 10, 10, 10), fileStart: [0, 2], horizonBars: 1 };
  const m = signalMetrics(Float64Array.of(5, 1, 5, 5), set, 1, 2);
  // file 0: +1 (cost 1) +10, flat (cost 1); file 1: +1 (1) +10, +1 +10, close (1)
  assert.is(m.pnl.grossBps, 30);
  assert.is(m.pnl.costPaidBps, 4);
  assert.is(m.pnl.exposure, 3 / 4);
});

test('spearman: monotone = 1, reversed = -1, constant = null', () => {
  assert.is(spearman([1, 2, 3, 4], [10, 20, 30, 1000]), 1);
  assert.is(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.is(spearman([1, 1, 1], [1, 2, 3]), null);
});

test.run();
