// A book whose best bid reaches the best ask after a diff (or straight from a snapshot) is wrong:
// it is counted as crossed, emptied, and the sync waits for a new snapshot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BinanceBookSync, DiffOutcome, ResyncReason, SnapshotOutcome, SyncCounter, SyncState,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { feedDiff, feedSnapshot, makeDiff, makeSnapshot } from './binance-book-sync-fixture.js';

const BIDS = [[100, 1], [99, 2]];
const ASKS = [[101, 1], [102, 2]];

function synced(): BinanceBookSync {
  const sync = new BinanceBookSync();
  feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
  assert.is(feedDiff(sync, makeDiff(101, 101, -1, [[100, 2]], [])), DiffOutcome.Applied);
  return sync;
}

test('a diff that crosses the book forces a resync', () => {
  const sync = synced();
  assert.is(feedDiff(sync, makeDiff(102, 102, -1, [[101.5, 1]], [])), DiffOutcome.Crossed);
  assert.is(sync.state, SyncState.ResyncNeeded);
  assert.is(sync.resyncReason, ResyncReason.Crossed);
  assert.is(sync.counters[SyncCounter.Crossed], 1);
  assert.is(sync.counters[SyncCounter.Resyncs], 1);
  assert.ok(Number.isNaN(sync.bestBid()) && Number.isNaN(sync.book.bestBid()));
  assert.is(feedDiff(sync, makeDiff(103, 103, -1, [[100, 5]], [])), DiffOutcome.Buffered);
  assert.is(feedSnapshot(sync, makeSnapshot(102, BIDS, ASKS)), SnapshotOutcome.Synced);
  assert.is(sync.bestBidQty(), 5);
});

test('a locked book (bid == ask) counts as crossed', () => {
  const sync = synced();
  assert.is(feedDiff(sync, makeDiff(102, 102, -1, [], [[100, 1]])), DiffOutcome.Crossed);
});

test('a crossed snapshot is refused and the buffer kept', () => {
  const sync = new BinanceBookSync();
  feedDiff(sync, makeDiff(101, 101, -1, [], []));
  assert.is(feedSnapshot(sync, makeSnapshot(100, [[101, 1]], [[100.5, 1]])), SnapshotOutcome.Crossed);
  assert.is(sync.state, SyncState.ResyncNeeded);
  assert.is(sync.book.depth(0), 0);
  assert.is(sync.bufferedEvents, 1);
  assert.is(feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS)), SnapshotOutcome.Synced);
});

test('a buffered diff that crosses the freshly loaded snapshot is caught too', () => {
  const sync = new BinanceBookSync();
  feedDiff(sync, makeDiff(101, 101, -1, [[102, 1]], []));
  assert.is(feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS)), SnapshotOutcome.Crossed);
  assert.is(sync.state, SyncState.ResyncNeeded);
  assert.is(sync.bufferedEvents, 0);
  assert.is(sync.counters[SyncCounter.Crossed], 1);
});

test.run();
