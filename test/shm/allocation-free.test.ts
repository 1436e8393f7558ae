// The ring's hot methods, record accessors and seqlock (including reads that give up) allocate nothing: 0 GCs over 10M
// calls. Run under `node --max-semi-space-size=1` (the test script does) so that even a few bytes
// per call would trigger hundreds of scavenges.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { SpscRing } from '../../src/shm/spsc-ring.js';
import { READ_FAILED, SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { SeqlockReader } from '../../src/shm/seqlock-reader.js';
import { Tick, SizedIntent } from '../../src/shm/records.js';
import { BusySpinWait, SpinThenParkWait } from '../../src/shm/wait-strategy.js';

const CALLS = 10_000_000;

test('control: the checker sees allocation (an array per call)', () => {
  const sink: number[][] = [[0]];
  const report = countGcs((i) => { sink[0] = [i, i + 1]; }, CALLS);
  assert.ok(report.gcCount > 0, `an allocating loop showed ${report.gcCount} GCs`);
});

test('ring produce/consume round trip through record accessors: 0 GCs', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1 (npm test does)');
  const ring = SpscRing.create({ capacity: 1024, recordBytes: Tick.bytes });
  const f64 = ring.f64;
  const spin = new BusySpinWait();
  const park = new SpinThenParkWait({ spins: 10 });
  const checksum = new Float64Array(1);
  const report = countGcs((i) => {
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
  }, CALLS);
  assert.ok(checksum[0] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('ring across the int32 sequence wrap: 0 GCs', () => {
  const ring = SpscRing.create({ capacity: 64, recordBytes: SizedIntent.bytes, initialSequence: 0x7fffffff - 100 });
  const f64 = ring.f64;
  const report = countGcs((i) => {
    if (ring.tryClaim(1) === 1) {
      f64[ring.claimIndex(0) + SizedIntent.quantity] = i;
      ring.publish();
    }
    if (ring.available() > 0) ring.release(1);
  }, CALLS);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('seqlock write and read: 0 GCs', () => {
  const block = SeqlockBlock.create(8);
  const values = new Float64Array(8);
  const out = new Float64Array(8);
  const report = countGcs((i) => {
    values[0] = i;
    values[1] = -i;
    values[2] = i * 0.5;
    // write(values) is what the per-batch publishers use; writeField(index, value) is for the
    // orchestrator's rare single-field updates, and a double passed to it would be boxed
    // whenever the call is not inlined.
    block.write(values);
    block.read(out);
  }, CALLS);
  assert.is(out[1], -out[0]);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('seqlock bounded read giving up (write left open, repaired version): 0 GCs', () => {
  const block = SeqlockBlock.create(8);
  block.write(new Float64Array(8).fill(1));
  const dead = SeqlockBlock.attachWriter(block.sab);
  dead.beginWrite(); // never ended: every read runs out of its (here tiny) budget
  const reader = SeqlockBlock.attach(block.sab).setReadBudget(4, 0);
  const out = new Float64Array(8);
  const stuck = countGcs(() => { reader.read(out); }, CALLS);
  assert.is(reader.read(out), READ_FAILED);
  assert.is(stuck.gcCount, 0, `GCs: ${JSON.stringify(stuck.byType)}`);

  SeqlockBlock.attachWriter(block.sab); // repairs: readers refuse the leftovers at once
  const refused = countGcs(() => { reader.read(out); }, CALLS);
  assert.is(reader.read(out), READ_FAILED);
  assert.is(refused.gcCount, 0, `GCs: ${JSON.stringify(refused.byType)}`);
});

test('SeqlockReader refresh after every write: 0 GCs', () => {
  const block = SeqlockBlock.create(8);
  const reader = new SeqlockReader(SeqlockBlock.attach(block.sab));
  const values = new Float64Array(8);
  const report = countGcs((i) => {
    values[0] = i;
    block.write(values);
    reader.refresh();
    reader.refresh();
  }, CALLS);
  assert.is(reader.values[0], CALLS - 1);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
