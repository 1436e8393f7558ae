// TWAP: 4 equal slices over 60 s, due at 0, 15, 30 and 45 s of event time, whatever the polling
// rate; a late poll releases everything due by then; the last slice closes the intent exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SliceScheduler, type SliceSchedule } from '../../../src/execution/routing/slice-scheduler.js';

const START_US = 1.7e15;
const S = 1_000_000;
const twap: SliceSchedule = { mode: 'twap', slices: 4, durationUs: 60 * S, fraction: 1, intervalUs: 1, minSliceQuantity: 0 };

test('slices of 2.5 at 0, 15, 30 and 45 s', () => {
  const s = new SliceScheduler(twap);
  s.start(10, START_US);
  assert.is(s.nextDueUs(), START_US);
  assert.is(s.poll(START_US), 2.5);
  assert.is(s.poll(START_US + 1), 0, 'each quantity is returned once');
  assert.is(s.nextDueUs(), START_US + 15 * S);
  assert.is(s.poll(START_US + 15 * S - 1), 0);
  assert.is(s.poll(START_US + 15 * S), 2.5);
  assert.is(s.poll(START_US + 30 * S), 2.5);
  assert.is(s.poll(START_US + 45 * S), 2.5);
  assert.ok(s.done);
  assert.is(s.remaining, 0);
  assert.ok(Number.isNaN(s.nextDueUs()));
  assert.is(s.poll(START_US + 90 * S), 0);
});

test('the same schedule polled every 250 ms: slices at the same event times', () => {
  const s = new SliceScheduler(twap);
  s.start(10, START_US);
  const slices: [number, number][] = [];
  for (let t = START_US; t <= START_US + 70 * S; t += 250_000) {
    const q = s.poll(t);
    if (q > 0) slices.push([(t - START_US) / S, q]);
  }
  assert.equal(slices, [[0, 2.5], [15, 2.5], [30, 2.5], [45, 2.5]]);
});

test('a late poll releases every slice due by then; uneven quantities still sum exactly', () => {
  const s = new SliceScheduler({ ...twap, slices: 3 });
  s.start(1, START_US);
  const first = s.poll(START_US);
  assert.ok(Math.abs(first - 1 / 3) < 1e-15);
  const late = s.poll(START_US + 50 * S); // slices 2 and 3 are both due
  assert.is(first + late, 1);
  assert.ok(s.done);
});

test('nothing is due before the start', () => {
  const s = new SliceScheduler(twap);
  s.start(10, START_US);
  assert.is(s.poll(START_US - 1), 0);
});

test.run();
