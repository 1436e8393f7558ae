// A full ring makes the producer wait; it never overwrites a record the consumer has not released.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { RingWord, SpscRing } from '../../src/shm/spsc-ring.js';
import type { WaitStrategyName } from '../../src/shm/wait-strategy.js';
import type { RingPeerResult } from './fixtures/ring-peer.js';
import { runWorker } from './worker-harness.js';

const PEER = new URL('./fixtures/ring-peer.js', import.meta.url);

async function fullRingBlocks(strategy: WaitStrategyName) {
  const capacity = 32;
  const count = capacity * 3;
  const ring = SpscRing.create({ capacity, recordBytes: 64 });
  const producer = runWorker<RingPeerResult>(PEER, {
    role: 'producer', sab: ring.sab, strategy, count, maxBatch: 5, seed: 1, spins: 10,
  });
  // Nobody consumes: the producer must stop at exactly `capacity` published records.
  const deadline = Date.now() + 5000;
  while (ring.size() < capacity && Date.now() < deadline) await sleep(5);
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
  while (next < count) {
    const ready = ring.available();
    if (ready === 0) { await sleep(1); continue; }
    for (let i = 0; i < ready; i++) assert.is(ring.f64[ring.readIndex(i)], next++);
    ring.release(ready);
  }
  await producer.done;
  await producer.worker.terminate();
  assert.is(ring.isClosed(), true);
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
