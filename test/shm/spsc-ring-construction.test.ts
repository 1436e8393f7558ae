// Bad construction arguments say exactly what was wrong.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RING_HEADER_BYTES, SpscRing } from '../../src/shm/spsc-ring.js';
import { SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { createWaitStrategy, SpinThenParkWait } from '../../src/shm/wait-strategy.js';

function throwsWith(fn: () => unknown, pattern: RegExp) {
  try {
    fn();
  } catch (err) {
    assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected an error matching ${pattern}`);
}

test('capacity must be a power of two', () => {
  throwsWith(() => SpscRing.create({ capacity: 1000, recordBytes: 64 }), /capacity must be a power of two, got 1000/);
  throwsWith(() => SpscRing.create({ capacity: 0, recordBytes: 64 }), /power of two, got 0/);
});

test('record size must be a positive multiple of 8', () => {
  throwsWith(() => SpscRing.create({ capacity: 16, recordBytes: 0 }), /recordBytes must be a positive integer, got 0/);
  throwsWith(() => SpscRing.create({ capacity: 16, recordBytes: 60 }), /multiple of 8.*got 60/);
});

test('attaching a SharedArrayBuffer that is too small or not a ring', () => {
  throwsWith(() => SpscRing.attach(new SharedArrayBuffer(16)), /smaller than the 384-byte ring header/);
  throwsWith(() => SpscRing.attach(new SharedArrayBuffer(4096)), /does not hold a ring \(bad magic number\)/);
  const ring = SpscRing.create({ capacity: 64, recordBytes: 64 });
  const truncated = new SharedArrayBuffer(RING_HEADER_BYTES + 64);
  new Uint8Array(truncated).set(new Uint8Array(ring.sab, 0, RING_HEADER_BYTES + 64));
  throwsWith(() => SpscRing.attach(truncated), /too small for 64 x 64-byte records \(needs 4480\)/);
});

test('attaching a ring of the wrong layout', () => {
  const ring = SpscRing.create({ capacity: 64, recordBytes: 64 });
  throwsWith(() => SpscRing.attach(ring.sab, { recordBytes: 128 }), /holds 64-byte records, expected 128/);
  throwsWith(() => SpscRing.attach(ring.sab, { capacity: 32 }), /capacity is 64, expected 32/);
  const block = SeqlockBlock.create(4);
  throwsWith(() => SpscRing.attach(block.sab), /does not hold a ring|smaller than/);
  throwsWith(() => SeqlockBlock.attach(ring.sab), /does not hold a seqlock block/);
  throwsWith(() => SeqlockBlock.attach(block.sab, 5), /has 4 fields, expected 5/);
});

test('wait strategy options are validated', () => {
  throwsWith(() => new SpinThenParkWait({ spins: -1 }), /spins must be a non-negative integer, got -1/);
  throwsWith(() => new SpinThenParkWait({ parkTimeoutMs: 0 }), /parkTimeoutMs must be > 0/);
  throwsWith(() => createWaitStrategy('yield' as never), /unknown wait strategy "yield"/);
});

test.run();
