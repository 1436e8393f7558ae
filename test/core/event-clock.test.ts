// The event clock is the newest event time seen: it never moves backwards and ignores NaN.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventClock } from '../../src/core/event-clock.js';

test('advances to newer event times only', () => {
  const clock = new EventClock();
  assert.is(clock.nowUs(), 0);
  const ts = new Float64Array([1_700_000_000_000_000, 1_600_000_000_000_000, NaN, 1_700_000_000_000_500]);
  clock.advanceFrom(ts, 0);
  assert.is(clock.nowUs(), ts[0]);
  clock.advanceFrom(ts, 1);
  clock.advanceFrom(ts, 2);
  assert.is(clock.nowUs(), ts[0], 'a late record or a NaN does not move time');
  clock.advanceFrom(ts, 3);
  const out = new Float64Array(1);
  clock.writeTo(out, 0);
  assert.is(out[0], ts[3]);
});

test.run();
