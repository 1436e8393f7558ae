// The replay pace: at speed 0 nothing waits; at N an event is due (its time since the first
// event) / N after the first was played, measured on the clock passed in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplayPacer } from '../../../src/data/replay/replay-pacer.js';

test('speed 0 never waits', () => {
  const pacer = new ReplayPacer(0);
  assert.is(pacer.waitUs(1_000, 0), 0);
  assert.is(pacer.waitUs(60_000_000, 0), 0);
});

test('speed N: an event is due its event-time offset / N after the first', () => {
  const pacer = new ReplayPacer(4);
  const wall0 = 5_000_000;
  assert.is(pacer.waitUs(1_000_000_000, wall0), 0, 'the first event is due at once');
  assert.is(pacer.waitUs(1_002_000_000, wall0), 500_000, '2 s later in the market is 0.5 s later at 4x');
  assert.is(pacer.waitUs(1_002_000_000, wall0 + 400_000), 100_000);
  assert.is(pacer.waitUs(1_002_000_000, wall0 + 600_000), 0, 'late: due at once, no catching up by waiting less later');
  assert.is(pacer.waitUs(1_060_000_000, wall0), 15_000_000, 'a minute bar at 4x is 15 s');
});

test('1x replays at the recorded pace; an event without a time is not held', () => {
  const pacer = new ReplayPacer(1);
  pacer.waitUs(0 + 1e15, 0);
  assert.is(pacer.waitUs(1e15 + 250_000, 100_000), 150_000);
  assert.is(pacer.waitUs(NaN, 0), 0);
});

test('a speed that is negative, NaN or infinite is refused by name', () => {
  for (const bad of [-1, NaN, Infinity]) assert.throws(() => new ReplayPacer(bad), /replay speed must be 0/);
});

test.run();
