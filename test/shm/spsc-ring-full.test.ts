// A full ring makes the producer wait; it never overwrites a record the consumer has not released.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { RingWord, SpscRing } from '../../src/shm/spsc-ring.js';
import type { WaitStrategyName } from '../../src/shm/wait-strategy.js';
import type { RingPeerResult } from './fixtures/ring-peer.js';
import { runWorker } from './worker-harness.js';
import { waitUntil } from '../support/deadline.js';

const PEER = new URL('./fixtures/ring-peer.js', import.meta.url);

async function fullRingBlocks(strategy: WaitStrategyName) {
  const capacity = 32;
  const count = capacity * 3;
  const ring = SpscRing.create({ capacity, recordBytes: 64 });
  const producer = runWorker<RingPeerResult>(PEER, {
    role: 'producer', sab: ring.sab, strategy, count, maxBatch: 5, seed: 1, spins: 10,
  }, { deadlineMs: 10_000 });
  try {
    // Nobody consumes: the producer must stop at exactly `capacity` published records.
    await waitUntil(() => ring.size() >= capacity, 5000, () => `the producer to fill the ring (size ${ring.size()} of ${capacity})`, 5);
    if (strategy === 'spin-then-park') {
      await waitUntil(() => Atomics.load(ring.control, RingWord.ProducerParked) === 1, 5000, 'the producer to park on the full ring', 5);
    }
    // An observation window: a producer that overwrote unreleased records would do it now.
    await sleep(100);
    assert.is(ring.size(), capacity, 'producer filled the ring and stopped');
    if (strategy === 'spin-then-park') {
      assert.is(Atomics.load(ring.control, RingWord.ProducerParked), 1, 'producer is parked, not spinning');
    }
    // The oldest record is still record 0: nothing was overwritten.
    assert.is(ring.f64[ring.readIndex(0)], 0);
    assert.is(ring.f64[ring.readIndex(capacity - 1)], capacity - 1);

    // Now drain: releasing wakes the producer and every record arrives in order.
    let next = 0;
    await waitUntil(() => {
      const ready = ring.available();
      for (let i = 0; i < ready; i++) assert.is(ring.f64[ring.readIndex(i)], next++);
      ring.release(ready);
      return next >= count;
    }, 5000, () => `all ${count} records after the release (got ${next})`, 1);
    await producer.done;
    assert.is(ring.isClosed(), true);
  } finally {
    await producer.stop();
  }
}

test('a full ring blocks a spin-then-park producer (parked) without overwriting', async () => {
  await fullRingBlocks('spin-then-park');
});

test('a full ring blocks a busy-spin producer without overwriting', async () => {
  await fullRingBlocks('busy-spin');
});

test('tryClaim grants only the free slots and claims accumulate until publish', () => {
  const ring = SpscRing.create({ capacity: 8, recordBytes: 8 });
  assert.is(ring.tryClaim(5), 5);
  assert.is(ring.tryClaim(5), 3);
  assert.is(ring.tryClaim(1), 0);
  assert.is(ring.available(), 0, 'claimed but unpublished records are invisible');
  for (let i = 0; i < 8; i++) ring.f64[ring.claimIndex(i)] = 100 + i;
  ring.publish();
  assert.is(ring.available(), 8);
  assert.is(ring.f64[ring.readIndex(7)], 107);
  ring.release(3);
  assert.is(ring.tryClaim(8), 3);
});

test.run();
