// The per-call bodies of the shared-memory allocation test, as factories a fresh isolate imports
// (see test/support/fresh-isolate-gc.ts for why the check runs there). A probe may carry an
// `after` check, run in the isolate once counting is done: it returns what went wrong, or null,
// so a probe that stopped doing its work cannot pass for allocating nothing.
import { SpscRing } from '../../src/shm/spsc-ring.js';
import { READ_FAILED, SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { SeqlockReader } from '../../src/shm/seqlock-reader.js';
import { Tick, SizedIntent } from '../../src/shm/records.js';
import { BusySpinWait, SpinThenParkWait } from '../../src/shm/wait-strategy.js';
import type { Probe } from '../support/fresh-isolate-gc.js';

function probe(fn: (i: number) => void, after: () => string | null): Probe {
  return Object.assign(fn, { after });
}

/** The control: an array per call, which the checker must see. */
export function allocatingControl(): Probe {
  const sink: number[][] = [[0]];
  return probe((i) => { sink[0] = [i, i + 1]; }, () => (sink[0][1] > 0 ? null : 'the control never ran'));
}

/** Claim, write, publish, then read and release through both wait strategies, alternating. */
export function ringRoundTrip(): Probe {
  const ring = SpscRing.create({ capacity: 1024, recordBytes: Tick.bytes });
  const f64 = ring.f64;
  const spin = new BusySpinWait();
  const park = new SpinThenParkWait({ spins: 10 });
  const checksum = new Float64Array(1);
  return probe((i) => {
    const wait = (i & 1) === 0 ? spin : park;
    const granted = wait.awaitClaim(ring, 2);
    for (let k = 0; k < granted; k++) {
      const base = ring.claimIndex(k);
      f64[base + Tick.t0] = i * 1000;
      f64[base + Tick.price] = 100 + (i & 7);
      f64[base + Tick.size] = 0.5;
      f64[base + Tick.seq] = i;
    }
    ring.publish();
    const ready = wait.awaitReadable(ring);
    for (let k = 0; k < ready; k++) {
      const base = ring.readIndex(k);
      checksum[0] += f64[base + Tick.price] * f64[base + Tick.size];
    }
    ring.release(ready);
  }, () => (checksum[0] > 0 ? null : 'nothing was read back'));
}

/** A ring whose int32 sequence starts just below the wrap. */
export function ringSequenceWrap(): Probe {
  const ring = SpscRing.create({ capacity: 64, recordBytes: SizedIntent.bytes, initialSequence: 0x7fffffff - 100 });
  const f64 = ring.f64;
  const moved = new Float64Array(1);
  return probe((i) => {
    if (ring.tryClaim(1) === 1) {
      f64[ring.claimIndex(0) + SizedIntent.quantity] = i;
      ring.publish();
    }
    if (ring.available() > 0) { ring.release(1); moved[0]++; }
  }, () => (moved[0] > 0 ? null : 'no record went round'));
}

/**
 * write(values) is what the per-batch publishers use; writeField(index, value) is for the
 * orchestrator's rare single-field updates, and a double passed to it would be boxed whenever the
 * call is not inlined.
 */
export function seqlockWriteRead(): Probe {
  const block = SeqlockBlock.create(8);
  const values = new Float64Array(8);
  const out = new Float64Array(8);
  return probe((i) => {
    values[0] = i;
    values[1] = -i;
    values[2] = i * 0.5;
    block.write(values);
    block.read(out);
  }, () => (out[0] > 0 && out[1] === -out[0] ? null : `read back ${out[0]}, ${out[1]}`));
}

function deadWriterBlock(): SeqlockBlock {
  const block = SeqlockBlock.create(8);
  block.write(new Float64Array(8).fill(1));
  SeqlockBlock.attachWriter(block.sab).beginWrite(); // never ended: every read runs out of its budget
  return block;
}

/** Bounded reads of a block whose writer died mid-write: each gives up. */
export function seqlockReadGivingUp(): Probe {
  const block = deadWriterBlock();
  const reader = SeqlockBlock.attach(block.sab).setReadBudget(4, 0);
  const out = new Float64Array(8);
  return probe(() => { reader.read(out); }, () => (reader.read(out) === READ_FAILED ? null : 'a read succeeded on a torn block'));
}

/** The same block after a new writer repaired the version: readers refuse the leftovers at once. */
export function seqlockReadRefused(): Probe {
  const block = deadWriterBlock();
  const reader = SeqlockBlock.attach(block.sab).setReadBudget(4, 0);
  SeqlockBlock.attachWriter(block.sab);
  const out = new Float64Array(8);
  return probe(() => { reader.read(out); }, () => (reader.read(out) === READ_FAILED ? null : 'a read succeeded on a repaired block'));
}

/** SeqlockReader.refresh after every write, twice (the second finds nothing new). */
export function seqlockReaderRefresh(): Probe {
  const block = SeqlockBlock.create(8);
  const reader = new SeqlockReader(SeqlockBlock.attach(block.sab));
  const values = new Float64Array(8);
  let last = -1;
  return probe((i) => {
    values[0] = i;
    block.write(values);
    reader.refresh();
    reader.refresh();
    last = i;
  }, () => (reader.values[0] === last ? null : `the reader holds ${reader.values[0]}, the last write was ${last}`));
}
