// A writer thread terminated in the middle of a write leaves the sequence odd for good. Readers in
// other threads must give up within their read budget and say so (not hang), and the next writer,
// attaching through the repairing path, must make the block usable again: after its first write
// every reader gets its values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { READ_FAILED, SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { runWorker } from './worker-harness.js';

const PEER = new URL('./fixtures/seqlock-dead-writer-peer.js', import.meta.url);
const DEADLINE_MS = 5000;
const FIELDS = 64;
const NEW_BASE = 1000;

test('killed mid-write: a reader gives up within its bound, a new writer repairs the block', async () => {
  const block = SeqlockBlock.create(FIELDS);
  block.write(new Float64Array(FIELDS).map((_, k) => k + 0.5));
  const signalSab = new SharedArrayBuffer(8);
  const signal = new Int32Array(signalSab);
  const workers: Worker[] = [];
  try {
    const dying = new Worker(PEER, { workerData: { role: 'dying-writer', sab: block.sab, signalSab } });
    workers.push(dying);
    const deadline = performance.now() + DEADLINE_MS;
    while (Atomics.load(signal, 0) === 0 && performance.now() < deadline) await sleep(1);
    assert.is(Atomics.load(signal, 0), 1, 'the writer never signalled that its write was open');
    await dying.terminate();
    assert.is(block.version() & 1, 1, 'the terminated writer left its write open (odd sequence)');

    const reader = runWorker<{ version: number; elapsedMs: number; failedReads: number }>(
      PEER, { role: 'reader', sab: block.sab }, { deadlineMs: DEADLINE_MS });
    workers.push(reader.worker);
    const failed = await reader.done;
    assert.is(failed.version, READ_FAILED, 'the read reported failure');
    assert.is(failed.failedReads, 1, 'and counted it');
    // It waited long enough for any live writer's write to finish, and not forever.
    assert.ok(failed.elapsedMs >= 100 && failed.elapsedMs < 3000, `gave up after ${failed.elapsedMs.toFixed(0)} ms`);

    const writer = runWorker<{ repaired: boolean; repairs: number; repairedVersion: number; readable: number; version: number }>(
      PEER, { role: 'repairing-writer', sab: block.sab, base: NEW_BASE }, { deadlineMs: DEADLINE_MS });
    workers.push(writer.worker);
    const repair = await writer.done;
    assert.ok(repair.repaired, 'the new writer saw the open write and repaired it');
    assert.is(repair.repairs, 1);
    assert.is(repair.repairedVersion & 1, 0, 'the repair made the sequence even again');
    assert.is(repair.readable, READ_FAILED, "until the new writer writes, the dead writer's half-written fields are refused");
    assert.is(repair.version, repair.repairedVersion + 2, 'its write published the next version');

    const again = runWorker<{ version: number; failedReads: number; values: number[] }>(
      PEER, { role: 'reader', sab: block.sab }, { deadlineMs: DEADLINE_MS });
    workers.push(again.worker);
    const ok = await again.done;
    assert.is(ok.version, repair.version);
    assert.is(ok.failedReads, 0);
    assert.equal(ok.values, Array.from({ length: FIELDS }, (_, k) => NEW_BASE + k));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
});

test.run();
