// 10M records across two real worker threads through a tiny ring: every record arrives once, in
// order, intact, for each wait strategy, with random batch sizes on both sides.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpscRing } from '../../src/shm/spsc-ring.js';
import type { WaitStrategyName } from '../../src/shm/wait-strategy.js';
import type { RingPeerData, RingPeerResult } from './fixtures/ring-peer.js';
import { runWorker, stopAll } from './worker-harness.js';

const PEER = new URL('./fixtures/ring-peer.js', import.meta.url);
const RECORDS = Number(process.env.RING_TEST_RECORDS ?? 10_000_000);
/** A transfer that has not finished by then is stuck (a lost wake-up), not slow: ~3 s is usual. */
const DEADLINE_MS = 90_000;

async function transfer(strategy: WaitStrategyName, capacity: number, maxBatch: number, spins?: number) {
  // Start just below the int32 boundary so the sequence wraps from 2^31-1 to -2^31 mid-run.
  const ring = SpscRing.create({ capacity, recordBytes: 64, initialSequence: 0x7fffffff - 1000 });
  const common = { sab: ring.sab, strategy, count: RECORDS, maxBatch, spins };
  const consumer = runWorker<RingPeerResult>(PEER, { ...common, role: 'consumer', seed: 7 } satisfies RingPeerData, { deadlineMs: DEADLINE_MS });
  const producer = runWorker<RingPeerResult>(PEER, { ...common, role: 'producer', seed: 11 } satisfies RingPeerData, { deadlineMs: DEADLINE_MS });
  try {
    const [sent, received] = await Promise.all([producer.done, consumer.done]);
    assert.is(received.firstError, null);
    assert.is(received.count, RECORDS);
    assert.is(received.checksum, sent.checksum);
    assert.is(ring.size(), 0);
  } finally {
    await stopAll(producer, consumer);
  }
}

test('busy-spin: 10M records, capacity 16, random batches, wraps the int32 sequence', async () => {
  await transfer('busy-spin', 16, 40);
});

test('spin-then-park: 10M records, capacity 16, random batches', async () => {
  await transfer('spin-then-park', 16, 40, 2000);
});

test('spin-then-park with zero spins (parks on nearly every handoff): 500k records, capacity 8', async () => {
  // Every handoff costs a futex sleep and wake (~4 us), so fewer records keep the test quick
  // while still wrapping the tiny ring tens of thousands of times through the park path.
  const ring = SpscRing.create({ capacity: 8, recordBytes: 128 });
  const count = Math.max(1, Math.floor(RECORDS / 20));
  const common = { sab: ring.sab, strategy: 'spin-then-park' as const, count, maxBatch: 12, spins: 0 };
  const consumer = runWorker<RingPeerResult>(PEER, { ...common, role: 'consumer', seed: 3 }, { deadlineMs: DEADLINE_MS });
  const producer = runWorker<RingPeerResult>(PEER, { ...common, role: 'producer', seed: 5 }, { deadlineMs: DEADLINE_MS });
  try {
    const [sent, received] = await Promise.all([producer.done, consumer.done]);
    assert.is(received.firstError, null);
    assert.is(received.count, count);
    assert.is(received.checksum, sent.checksum);
  } finally {
    await stopAll(producer, consumer);
  }
});

test.run();
