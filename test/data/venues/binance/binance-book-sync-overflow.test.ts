// The buffer is bounded in diffs and in levels. Overflow drops it (those diffs can no longer be
// bridged consistently), marks a resync, and starts a new buffer with the diff that overflowed if
// that one fits on its own. A snapshot can then bridge the new buffer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BinanceBookSync, DiffOutcome, ResyncReason, SnapshotOutcome, SyncCounter, SyncState,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { feedDiff, feedSnapshot, makeDiff, makeSnapshot } from './binance-book-sync-fixture.js';

test('more diffs than the buffer holds: overflow, resync needed, the new buffer bridges', () => {
  const sync = new BinanceBookSync({ maxBufferedEvents: 4 });
  for (let i = 0; i < 4; i++) assert.is(feedDiff(sync, makeDiff(101 + i, 101 + i, -1, [[99, i + 1]], [])), DiffOutcome.Buffered);
  assert.is(feedDiff(sync, makeDiff(105, 105, -1, [[99, 9]], [])), DiffOutcome.Overflow);
  assert.is(sync.state, SyncState.ResyncNeeded);
  assert.is(sync.resyncReason, ResyncReason.BufferOverflow);
  assert.is(sync.counters[SyncCounter.BufferOverflows], 1);
  assert.is(sync.counters[SyncCounter.Resyncs], 1);
  assert.is(sync.bufferedEvents, 1);
  assert.is(feedSnapshot(sync, makeSnapshot(100, [[99, 1]], [[101, 1]])), SnapshotOutcome.TooOld, 'the dropped diffs were needed');
  assert.is(feedSnapshot(sync, makeSnapshot(104, [[99, 4]], [[101, 1]])), SnapshotOutcome.Synced);
  assert.is(sync.bestBidQty(), 9);
});

test('more levels than the buffer holds: overflow; a diff larger than the whole buffer is not kept', () => {
  const sync = new BinanceBookSync({ maxBufferedLevels: 6 });
  const four = (U: number) => makeDiff(U, U, -1, [[99, 1], [98, 1]], [[101, 1], [102, 1]]);
  assert.is(feedDiff(sync, four(101)), DiffOutcome.Buffered);
  assert.is(feedDiff(sync, four(102)), DiffOutcome.Overflow);
  assert.is(sync.bufferedEvents, 1);
  assert.is(sync.bufferedLevels, 4);
  const seven = makeDiff(103, 103, -1, [[99, 1], [98, 1], [97, 1], [96, 1]], [[101, 1], [102, 1], [103, 1]]);
  assert.is(feedDiff(sync, seven), DiffOutcome.Overflow);
  assert.is(sync.bufferedEvents, 0);
  assert.is(sync.counters[SyncCounter.BufferOverflows], 2);
  assert.is(sync.counters[SyncCounter.Resyncs], 1, 'already waiting for a snapshot: one resync');
});

test('the buffer is reused: many buffer/sync cycles never overflow a small buffer', () => {
  const sync = new BinanceBookSync({ maxBufferedEvents: 3, maxBufferedLevels: 6 });
  let id = 100;
  for (let cycle = 0; cycle < 50; cycle++) {
    sync.reset();
    for (let k = 0; k < 3; k++) { id++; assert.is(feedDiff(sync, makeDiff(id, id, -1, [[99, 1]], [[101, 1]])), DiffOutcome.Buffered); }
    assert.is(feedSnapshot(sync, makeSnapshot(id - 2, [[99, 2]], [[101, 2]])), SnapshotOutcome.Synced);
    assert.is(sync.bufferedEvents, 0);
  }
  assert.is(sync.counters[SyncCounter.BufferOverflows], 0);
});

test.run();
