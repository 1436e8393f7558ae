// Readers in other threads never see a torn version, while a writer updates at full speed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { runWorker, stopAll } from './worker-harness.js';

const PEER = new URL('./fixtures/seqlock-peer.js', import.meta.url);
const DEADLINE_MS = 30_000;

async function race(raw: boolean) {
  const block = SeqlockBlock.create(12); // 96 bytes of fields: spans two cache lines
  block.write(new Float64Array(12).map((_, k) => (k % 2 === 0 ? 1 : -1) * (k + 1)));
  const stopSab = new SharedArrayBuffer(8); // [stop, writerStarted]
  const writer = runWorker<{ writes: number }>(PEER, { role: 'writer', sab: block.sab, stopSab, reads: 0 }, { deadlineMs: DEADLINE_MS });
  const reader = runWorker<{ broken: number; failed: number; versionsSeen: number }>(PEER, {
    role: 'reader', sab: block.sab, stopSab, reads: 3_000_000, raw,
  }, { deadlineMs: DEADLINE_MS });
  try {
    const result = await reader.done;
    Atomics.store(new Int32Array(stopSab), 0, 1);
    const { writes } = await writer.done;
    return { ...result, writes };
  } finally {
    // Also when the reader failed: the writer loops until told to stop.
    Atomics.store(new Int32Array(stopSab), 0, 1);
    await stopAll(writer, reader);
  }
}

test('control: reading the same fields without the protocol does tear', async () => {
  const { broken } = await race(true);
  assert.ok(broken > 0, 'unprotected reads never tore, so the race below would prove nothing');
});

test('readers never observe a broken multi-field invariant over millions of reads', async () => {
  const result = await race(false);
  assert.is(result.broken, 0);
  assert.is(result.failed, 0, 'reads gave up although the writer was alive');
  // The test means something only if the reader really raced the writer.
  assert.ok(result.writes > 100_000, `writer made ${result.writes} writes`);
  assert.ok(result.versionsSeen > 10, `reader saw ${result.versionsSeen} distinct versions`);
});

test('a reader in the same thread sees each write as one version', () => {
  const block = SeqlockBlock.create(3);
  const out = new Float64Array(3);
  const v0 = block.read(out);
  block.write(Float64Array.of(1, 2, 3));
  const v1 = block.read(out);
  assert.equal(Array.from(out), [1, 2, 3]);
  assert.ok(v1 > v0 && v1 % 2 === 0);
  block.writeField(1, 20);
  block.read(out);
  assert.equal(Array.from(out), [1, 20, 3]);
  assert.is(block.version(), v1 + 2);
});

test.run();
