// A consumer of several rings sleeps on a doorbell that every one of its producers rings: a
// record on any ring wakes it, parked in Atomics.wait (another thread publishes) or in
// Atomics.waitAsync (its own event loop keeps running).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpscRing } from '../../src/shm/spsc-ring.js';
import { createWaitStrategy } from '../../src/shm/wait-strategy.js';
import { withDeadline } from '../support/deadline.js';
import { runWorker, stopAll } from './worker-harness.js';

const PRODUCER = new URL('./fixtures/doorbell-producer.js', import.meta.url);
const DOORBELL = 16; // a word on the second cache line, as a pipeline thread's would be

function rings(): SpscRing[] {
  return [SpscRing.create({ capacity: 8, recordBytes: 64 }), SpscRing.create({ capacity: 8, recordBytes: 64 })];
}

test('spin-then-park: a publish on the second ring, from another thread, wakes the parked reader', async () => {
  const [first, second] = rings();
  const doorbells = new Int32Array(new SharedArrayBuffer(64 * 4));
  // The park would last 20 s if the producer did not ring: waking well before that is the proof.
  const parkMs = 20_000;
  const wait = createWaitStrategy('spin-then-park', { spins: 10, parkTimeoutMs: parkMs });
  const producer = runWorker<string>(PRODUCER, {
    ring: second.sab, doorbells: doorbells.buffer, index: DOORBELL, delayMs: 100, ringDoorbell: true,
  }, { deadlineMs: 10_000 });
  try {
    const started = Date.now();
    const ready = wait.awaitAnyReadable([first, second], doorbells, DOORBELL);
    const waited = Date.now() - started;
    assert.is(ready, 1);
    assert.ok(waited < parkMs / 2, `woken after ${waited} ms, not by the park timing out`);
    assert.is(second.f64[second.readIndex(0)], 7);
    assert.is(await producer.done, 'published');
  } finally {
    await stopAll(producer);
  }
});

for (const name of ['spin-then-park', 'busy-spin'] as const) {
  test(`${name}: an async park on the doorbell wakes on a publish to either ring`, async () => {
    const [first, second] = rings();
    const doorbells = new Int32Array(new SharedArrayBuffer(64 * 4));
    for (const ring of [first, second]) ring.wakeVia(doorbells, DOORBELL);
    const wait = createWaitStrategy(name, { spins: 10, parkTimeoutMs: Infinity });
    for (const ring of [second, first]) {
      const waiting = wait.awaitAnyReadableAsync([first, second], doorbells, DOORBELL);
      await new Promise((resolve) => setTimeout(resolve, 20));
      ring.tryClaim(1);
      ring.f64[ring.claimIndex(0)] = 3;
      ring.publish();
      // busy-spin's async park has a 50 ms timeout: then the next wait finds the record.
      let ready = await withDeadline(waiting, 2000, 'the parked reader to wake');
      if (ready === 0) ready = await withDeadline(wait.awaitAnyReadableAsync([first, second], doorbells, DOORBELL), 2000, 'the next wait');
      assert.is(ready, 1);
      ring.release(1);
    }
  });
}

test('closed and drained on every ring: the wait returns 0 instead of sleeping', () => {
  const [first, second] = rings();
  const doorbells = new Int32Array(new SharedArrayBuffer(64 * 4));
  first.close();
  second.close();
  const wait = createWaitStrategy('spin-then-park', { spins: 10, parkTimeoutMs: Infinity });
  assert.is(wait.awaitAnyReadable([first, second], doorbells, DOORBELL), 0);
});

test.run();
