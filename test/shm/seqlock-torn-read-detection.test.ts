// The final sequence re-check is what keeps a reader from returning a copy that a write tore. A
// race test with small blocks barely tells a reader without it from a correct one: writes seldom
// begin in the middle of a copy. Here each round's write is made to begin in the middle of the
// copy (see fixtures/seqlock-torn-peer.ts), so a reader that skips the re-check returns a torn
// copy: the control shows it does, and the real `read` must never do so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { READ_FAILED, SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { runWorker } from './worker-harness.js';
import type { TornRound } from './fixtures/seqlock-torn-peer.js';

const PEER = new URL('./fixtures/seqlock-torn-peer.js', import.meta.url);
/** 32 MB of fields: a copy takes ~10-30 ms, a wide window for the writer to start in. */
const FIELDS = 4 * 1024 * 1024;
const ROUNDS = 8;
const DEADLINE_MS = 10_000;
const valueOf = (round: number): number => round + 0.25;

async function race(recheck: boolean): Promise<{ results: TornRound[]; raced: boolean[]; failedReads: number }> {
  const block = SeqlockBlock.create(FIELDS);
  block.beginWrite();
  for (let k = 0; k < FIELDS; k++) block.setField(k, valueOf(0));
  block.endWrite();
  const outSab = new SharedArrayBuffer(FIELDS * 8);
  const syncSab = new SharedArrayBuffer(8);
  const data = { sab: block.sab, outSab, syncSab, rounds: ROUNDS };
  const writer = runWorker<{ raced: boolean[] }>(PEER, { ...data, role: 'pausing-writer' }, { deadlineMs: DEADLINE_MS });
  const reader = runWorker<{ results: TornRound[]; failedReads: number }>(PEER, { ...data, role: 'reader', recheck }, { deadlineMs: DEADLINE_MS });
  try {
    const [{ results, failedReads }, { raced }] = await Promise.all([reader.done, writer.done]);
    // A round where the writer lost the CPU until the copy was over tests nothing. On a loaded
    // machine one round in several misses; eight rounds leave ample margin.
    assert.ok(raced.filter(Boolean).length >= 2, `only ${raced.filter(Boolean).length} of ${ROUNDS} writes began mid-copy`);
    return { results, raced, failedReads };
  } finally {
    await Promise.all([writer.worker.terminate(), reader.worker.terminate()]);
  }
}

test('control: a reader without the final re-check returns the torn copies', async () => {
  const { results, raced } = await race(false);
  results.forEach((r, i) => {
    if (!raced[i]) return;
    assert.ok(r.torn, `round ${i + 1}: the copy was not torn (first ${r.first}, last ${r.last}): the scenario proves nothing`);
    assert.is(r.first, valueOf(i), 'old value at the start of the copy');
    assert.is(r.last, valueOf(i + 1), 'new value at its end');
  });
});

test('read never returns a torn version: it discards the copy and returns the write that raced it', async () => {
  const { results, raced, failedReads } = await race(true);
  assert.is(failedReads, 0);
  results.forEach((r, i) => {
    assert.is.not(r.version, READ_FAILED, `round ${i + 1}: gave up`);
    assert.not.ok(r.torn, `round ${i + 1}: torn copy returned (first ${r.first}, last ${r.last})`);
    // The version the write replaced was torn by it, so only the new one can be accepted.
    if (raced[i]) assert.is(r.first, valueOf(i + 1), `round ${i + 1}: returned the version the write replaced`);
  });
});

test.run();
