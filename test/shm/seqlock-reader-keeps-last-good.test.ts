// A SeqlockReader keeps the last consistent version when the block becomes unreadable, reports
// the failure once per stuck version (not on every call), and picks the block up again once a
// writer publishes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SeqlockBlock } from '../../src/shm/seqlock-block.js';
import { Refresh, SeqlockReader } from '../../src/shm/seqlock-reader.js';

test('a stuck write keeps the previous values; one failure per stuck version; repaired and written, read again', () => {
  const block = SeqlockBlock.create(2);
  const reader = new SeqlockReader(SeqlockBlock.attach(block.sab).setReadBudget(1000, 0));
  block.write(Float64Array.of(1, 2));
  assert.is(reader.refresh(), Refresh.updated);
  assert.is(reader.refresh(), Refresh.unchanged);
  assert.equal(Array.from(reader.values), [1, 2]);

  const dead = SeqlockBlock.attachWriter(block.sab);
  dead.beginWrite();
  dead.setField(0, 99);
  assert.is(reader.refresh(), Refresh.failed);
  assert.equal(Array.from(reader.values), [1, 2], 'previous values kept');
  assert.ok(reader.isBehind());
  assert.is(reader.refresh(), Refresh.unchanged, 'the same stuck version is not read (and reported) again');
  assert.is(reader.block.failedReads, 1);

  const writer = SeqlockBlock.attachWriter(block.sab);
  assert.is(reader.refresh(), Refresh.failed, 'the repaired version is not a version either');
  assert.equal(Array.from(reader.values), [1, 2]);
  writer.write(Float64Array.of(3, 4));
  assert.is(reader.refresh(), Refresh.updated);
  assert.not.ok(reader.isBehind());
  assert.equal(Array.from(reader.values), [3, 4]);
  assert.is(reader.heldVersion(), block.version());
});

test.run();
