// A consumer that waits with awaitReadableAsync leaves its event loop running: timers fire while it
// is parked, and a publish wakes it with the record.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpscRing } from '../../src/shm/spsc-ring.js';
import { createWaitStrategy } from '../../src/shm/wait-strategy.js';
import { withDeadline } from '../support/deadline.js';

for (const name of ['spin-then-park', 'busy-spin'] as const) {
  test(`${name}: timers run while parked; a publish wakes the consumer`, async () => {
    const ring = SpscRing.create({ capacity: 16, recordBytes: 64 });
    const wait = createWaitStrategy(name, { spins: 100, parkTimeoutMs: Infinity });
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 2);
    try {
      const waiting = wait.awaitReadableAsync(ring);
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.ok(ticks >= 3, `the event loop ran ${ticks} timer ticks while the consumer waited`);
      ring.tryClaim(1);
      ring.f64[ring.claimIndex(0)] = 42;
      ring.publish();
      // busy-spin's async park has a 50 ms timeout: resolve with whatever is there then.
      let n = await withDeadline(waiting, 2000, 'the parked consumer to wake');
      if (n === 0) n = await withDeadline(wait.awaitReadableAsync(ring), 2000, 'the next wait');
      assert.is(n, 1);
      assert.is(ring.f64[ring.readIndex(0)], 42);
    } finally {
      clearInterval(timer);
    }
  });
}

test.run();
