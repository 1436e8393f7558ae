// What a repair publishes is the dead writer's half-written fields, not a version anybody wrote:
// readers refuse it at once (no waiting, since only a write can replace it) until the new writer's
// first write, and the refusal outlives a repairing writer that dies before writing. A block whose
// writer finished cleanly is taken over without any repair.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { READ_FAILED, SeqlockBlock } from '../../src/shm/seqlock-block.js';

/** A block whose writer died between beginWrite and endWrite, after changing field 0. */
function abandonedMidWrite(): SeqlockBlock {
  const block = SeqlockBlock.create(3);
  block.write(Float64Array.of(1, 2, 3));
  const dead = SeqlockBlock.attachWriter(block.sab);
  dead.beginWrite();
  dead.setField(0, 10);
  return block;
}

test('the repaired version is refused at once, until the new writer writes', () => {
  const block = abandonedMidWrite();
  const reader = SeqlockBlock.attach(block.sab);
  const out = new Float64Array(3);
  const writer = SeqlockBlock.attachWriter(block.sab);
  assert.ok(writer.repairedOnAttach);
  assert.is(writer.repairs(), 1);
  assert.is(block.version() & 1, 0, 'even again: readers stop waiting');
  assert.ok(reader.holdsRepairedVersion());
  const started = performance.now();
  assert.is(reader.read(out), READ_FAILED, 'the half-written fields (10, 2, 3) are not a version');
  assert.ok(performance.now() - started < 50, 'refused without spending the read budget');
  assert.is(reader.failedReads, 1);

  writer.write(Float64Array.of(4, 5, 6));
  assert.not.ok(reader.holdsRepairedVersion());
  assert.is(reader.read(out), block.version());
  assert.equal(Array.from(out), [4, 5, 6]);
});

test('a repairing writer that dies before writing leaves the refusal in place for the next one', () => {
  const block = abandonedMidWrite();
  assert.ok(SeqlockBlock.attachWriter(block.sab).repairedOnAttach); // and dies without writing
  const next = SeqlockBlock.attachWriter(block.sab);
  assert.not.ok(next.repairedOnAttach, 'nothing left to repair');
  assert.is(next.repairs(), 1);
  const out = new Float64Array(3);
  assert.is(next.read(out), READ_FAILED, 'still the dead writer\'s leftovers');
  next.writeField(1, 7);
  assert.is(next.read(out), block.version());
  assert.equal(Array.from(out), [10, 7, 3], 'the new writer decides what the fields are from here on');
});

test('taking over a cleanly written block repairs nothing and publishes nothing', () => {
  const block = SeqlockBlock.create(2);
  block.write(Float64Array.of(1, 2));
  const version = block.version();
  const writer = SeqlockBlock.attachWriter(block.sab);
  assert.not.ok(writer.repairedOnAttach);
  assert.is(writer.repairs(), 0);
  assert.is(block.version(), version);
  const out = new Float64Array(2);
  assert.is(writer.read(out), version);
  assert.equal(Array.from(out), [1, 2]);
});

test.run();
