// No look-ahead: a window, its normalisation and the train split are functions of the past only.
// Every price and volume after a window's last bar is replaced by garbage and the dataset rebuilt:
// the window's inputs (raw and normalised) and the normalisation must be bit-identical. The same
// for the whole train split (inputs, targets, statistics) when everything from the first
// validation row on is corrupted. A control checks that the corruption does reach later rows,
// so the test cannot pass by comparing two untouched copies.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { candleFeatures, FEATURE_COUNT } from '../../src/ml/candle-features.js';
import { buildWindowDataset, splitEnds } from '../../src/ml/window-dataset.js';
import { corruptAfter, randomWalkCandles } from './random-walk-candles.js';

const WINDOW = 16;
const HORIZON = 5;
const series = randomWalkCandles(600, 11);
const clean = candleFeatures(series);
const cleanSet = buildWindowDataset([clean], WINDOW, HORIZON);
const windowFloats = WINDOW * FEATURE_COUNT;

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.is(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.unreachable(`${what}: element ${i} changed from ${a[i]} to ${b[i]}`);
  }
}

for (const split of ['validation', 'test'] as const) {
  test(`a ${split} window and the normalisation are unchanged when every value after the window's end is corrupted`, () => {
    const [first, last] = splitEnds(clean.rows, WINDOW, HORIZON)[split];
    for (const end of [first, Math.floor((first + last) / 2), last]) {
      const index = end - first;
      const corrupted = candleFeatures(corruptAfter(series, clean.firstBar + end));
      sameArray(corrupted.values.subarray(0, (end + 1) * FEATURE_COUNT), clean.values.subarray(0, (end + 1) * FEATURE_COUNT), `feature rows up to ${end}`);
      const set = buildWindowDataset([corrupted], WINDOW, HORIZON);
      assert.equal(set.normalisation, cleanSet.normalisation, 'normalisation');
      const a = set.splits[split].x.subarray(index * windowFloats, (index + 1) * windowFloats);
      const b = cleanSet.splits[split].x.subarray(index * windowFloats, (index + 1) * windowFloats);
      sameArray(a, b, `${split} window ending at row ${end}`);
      // Control: the corruption did change what comes after the window.
      assert.not.equal(corrupted.values[(end + 2) * FEATURE_COUNT], clean.values[(end + 2) * FEATURE_COUNT], 'rows after the end differ');
    }
  });
}

test('the train split (inputs, targets, statistics) is unchanged when everything from validation on is corrupted', () => {
  const [, lastTrainEnd] = splitEnds(clean.rows, WINDOW, HORIZON).train;
  const firstValidationRow = lastTrainEnd + HORIZON + 1;
  const corrupted = candleFeatures(corruptAfter(series, clean.firstBar + firstValidationRow - 1));
  const set = buildWindowDataset([corrupted], WINDOW, HORIZON);
  assert.equal(set.normalisation, cleanSet.normalisation);
  sameArray(set.splits.train.x, cleanSet.splits.train.x, 'train inputs');
  sameArray(set.splits.train.targetBps, cleanSet.splits.train.targetBps, 'train targets');
  assert.not.equal(Array.from(set.splits.test.targetBps), Array.from(cleanSet.splits.test.targetBps), 'control: the test split did change');
});

test('splits are in time order and a train target never reaches a validation row', () => {
  const { train, validation, test: testSplit } = cleanSet.splits;
  assert.ok(train.count > 0 && validation.count > 0 && testSplit.count > 0);
  assert.ok(train.endTimeUs[train.count - 1] < validation.endTimeUs[0]);
  assert.ok(validation.endTimeUs[validation.count - 1] < testSplit.endTimeUs[0]);
  const ends = splitEnds(clean.rows, WINDOW, HORIZON);
  assert.ok(ends.train[1] + HORIZON < ends.validation[0]);
  assert.ok(ends.validation[1] + HORIZON < ends.test[0]);
});

test('a window with a corrupted past is different (the comparison can fail)', () => {
  const [first] = splitEnds(clean.rows, WINDOW, HORIZON).test;
  const corrupted = candleFeatures(corruptAfter(series, clean.firstBar + first - 3));
  const set = buildWindowDataset([corrupted], WINDOW, HORIZON);
  const a = Array.from(set.splits.test.x.subarray(0, windowFloats));
  const b = Array.from(cleanSet.splits.test.x.subarray(0, windowFloats));
  assert.not.equal(a, b);
});

test.run();
