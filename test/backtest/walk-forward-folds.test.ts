// Walk-forward folds: train and test never overlap, tests follow their train in time, folds are
// chronological, and the last fold ends at the data's end (rolling, anchored and the even split).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { anchoredFolds, barsIn, evenRollingFolds, FoldError, rollingFolds, timeWindow, type Fold } from '../../src/backtest/walk-forward.js';

function assertWellFormed(folds: Fold[], total: number): void {
  assert.ok(folds.length > 0);
  folds.forEach((f, i) => {
    assert.is(f.index, i);
    assert.ok(f.train.start >= 0 && f.train.start < f.train.end, JSON.stringify(f));
    assert.is(f.test.start, f.train.end, 'the test window starts where its train window ends: no overlap, no gap');
    assert.ok(f.test.end > f.test.start && f.test.end <= total, JSON.stringify(f));
    if (i > 0) assert.ok(f.test.start > folds[i - 1].test.start && f.train.start >= folds[i - 1].train.start, 'chronological');
  });
  assert.is(folds[folds.length - 1].test.end, total, 'the last fold ends at the data\'s end');
}

test('rolling: fixed train and test, moved by the step, laid out from the end', () => {
  const folds = rollingFolds(100, { train: 30, test: 10, step: 20 });
  assertWellFormed(folds, 100);
  assert.equal(folds.map((f) => [f.train.start, f.train.end, f.test.end]), [[0, 30, 40], [20, 50, 60], [40, 70, 80], [60, 90, 100]]);
  for (const f of folds) assert.ok(f.train.end - f.train.start === 30 && f.test.end - f.test.start === 10);
  // Step defaults to the test length: the test windows tile the tail.
  const tiled = rollingFolds(100, { train: 50, test: 10 });
  assertWellFormed(tiled, 100);
  assert.is(tiled.length, 5);
  tiled.slice(1).forEach((f, i) => assert.is(f.test.start, tiled[i].test.end));
  assert.is(rollingFolds(100, { train: 50, test: 10, maxFolds: 2 }).length, 2);
});

test('anchored: K expanding folds from the first bar, the last testing the last segment', () => {
  for (const [total, k] of [[100, 4], [101, 3], [7, 6], [2880, 2]]) {
    const folds = anchoredFolds(total, k);
    assertWellFormed(folds, total);
    assert.is(folds.length, k);
    for (const f of folds) assert.is(f.train.start, 0);
  }
});

test('even rolling: K folds of train 2 / test 1 segments over the whole window', () => {
  const folds = evenRollingFolds(2880, 2);
  assertWellFormed(folds, 2880);
  assert.equal(folds.map((f) => [f.train.start, f.train.end, f.test.end]), [[0, 1440, 2160], [720, 2160, 2880]]);
  const odd = evenRollingFolds(1003, 3);
  assertWellFormed(odd, 1003);
  assert.is(odd.length, 3);
});

test('windows that cannot fit are errors; days become bars; bar ranges become from/to times', () => {
  assert.throws(() => rollingFolds(10, { train: 8, test: 3 }), (e: Error) => e instanceof FoldError && /do not fit in 10 bars/.test(e.message));
  assert.throws(() => rollingFolds(10, { train: 0, test: 3 }), /train must be a whole number/);
  assert.throws(() => anchoredFolds(3, 3), /at least 4 bars/);
  assert.throws(() => evenRollingFolds(3, 2), /at least 4 bars/);
  assert.is(barsIn(2, 60e6), 2880);
  const t0 = Date.UTC(2022, 0, 3) * 1000;
  const times = Array.from({ length: 10 }, (_, i) => t0 + i * 60e6);
  assert.equal(timeWindow(times, { start: 2, end: 5 }), { from: '2022-01-03T00:02:00.000Z', to: '2022-01-03T00:05:00.000Z', bars: 3 });
  assert.equal(timeWindow(times, { start: 5, end: 10 }), { from: '2022-01-03T00:05:00.000Z', to: '2022-01-03T00:09:00.001Z', bars: 5 });
});

test.run();
