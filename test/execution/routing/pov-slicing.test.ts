// POV at 10%: every second, a slice of 10% of the market volume traded since the last slice,
// capped by what is left; a slice under the minimum waits for more volume unless it finishes
// the intent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SliceScheduler, type SliceSchedule } from '../../../src/execution/routing/slice-scheduler.js';

const START_US = 1.7e15;
const S = 1_000_000;
const pov: SliceSchedule = { mode: 'pov', slices: 1, durationUs: 1, fraction: 0.1, intervalUs: S, minSliceQuantity: 0.5 };
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} != ${b}`);

test('10% of the volume since the last slice, once per interval, capped by the remainder', () => {
  const s = new SliceScheduler(pov);
  s.start(10, START_US);
  s.recordMarketVolume(30);
  assert.is(s.poll(START_US + S / 2), 0, 'the interval has not passed');
  assert.is(s.nextDueUs(), START_US + S);
  close(s.poll(START_US + S), 3, 'first slice');
  s.recordMarketVolume(2);
  assert.is(s.poll(START_US + 2 * S), 0, '0.2 is under the 0.5 minimum: held');
  s.recordMarketVolume(8);
  close(s.poll(START_US + 2.5 * S), 1, '10% of the 2 + 8 traded since the last slice');
  s.recordMarketVolume(1000);
  close(s.poll(START_US + 3.5 * S), 6, 'capped by what is left');
  assert.ok(s.done);
  s.recordMarketVolume(1000);
  assert.is(s.poll(START_US + 10 * S), 0);
});

test('a final slice under the minimum still goes: it finishes the intent', () => {
  const s = new SliceScheduler(pov);
  s.start(0.3, START_US);
  s.recordMarketVolume(100);
  close(s.poll(START_US + S), 0.3, 'the whole remainder');
  assert.ok(s.done);
});

test('no volume, no slice', () => {
  const s = new SliceScheduler({ ...pov, minSliceQuantity: 0 });
  s.start(5, START_US);
  assert.is(s.poll(START_US + 5 * S), 0);
  assert.is(s.remaining, 5);
});

test('immediate: everything at the first poll', () => {
  const s = new SliceScheduler({ ...pov, mode: 'immediate' });
  s.start(7, START_US);
  assert.is(s.poll(START_US), 7);
  assert.ok(s.done);
});

test.run();
