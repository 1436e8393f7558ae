// Diffs delivered out of order: a diff that skips ahead is a gap (the book cannot know the skipped
// one will still come), and the late diff it skipped is then stale, because the new buffer chain
// already starts after it. Before sync the same reordering restarts the buffer chain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, ResyncReason, SnapshotOutcome, SyncCounter, SyncState,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { feedDiff, feedSnapshot, makeDiff, makeSnapshot } from './binance-book-sync-fixture.js';

const BIDS = [[100, 1], [99, 2]];
const ASKS = [[101, 1], [102, 2]];
const d1 = makeDiff(101, 103, -1, [[100, 3]], []);
const d2 = makeDiff(104, 106, -1, [[99.5, 1]], []);
const d3 = makeDiff(107, 107, -1, [], [[101, 9]]);

test('spot, synced: a diff ahead of its turn is a gap, the late one is stale', () => {
  const sync = new BinanceBookSync();
  feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
  assert.is(feedDiff(sync, d1), DiffOutcome.Applied);
  assert.is(feedDiff(sync, d3), DiffOutcome.Gap);
  assert.is(sync.state, SyncState.ResyncNeeded);
  assert.is(sync.resyncReason, ResyncReason.Gap);
  assert.is(feedDiff(sync, d2), DiffOutcome.Stale);
  assert.is(sync.bufferedEvents, 1);
  // A snapshot taken at 106 (d1 and d2 in it) bridges to the buffered d3.
  const at106 = makeSnapshot(106, [[100, 3], [99.5, 1], [99, 2]], ASKS);
  assert.is(feedSnapshot(sync, at106), SnapshotOutcome.Synced);
  assert.equal([sync.bestBid(), sync.bestBidQty(), sync.bestAsk(), sync.bestAskQty()], [100, 3, 101, 9]);
  assert.is(sync.book.levelPrice(0, 1), 99.5);
});

test('spot, buffering: reordering restarts the chain, the stale diff is dropped', () => {
  const sync = new BinanceBookSync();
  assert.is(feedDiff(sync, d1), DiffOutcome.Buffered);
  assert.is(feedDiff(sync, d3), DiffOutcome.Buffered);
  assert.is(sync.counters[SyncCounter.BufferRestarts], 1);
  assert.is(feedDiff(sync, d2), DiffOutcome.Stale);
  assert.is(sync.bufferedEvents, 1);
  assert.is(feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS)), SnapshotOutcome.TooOld, 'd1..d2 are gone, 100 cannot reach d3');
  assert.is(feedSnapshot(sync, makeSnapshot(106, BIDS, ASKS)), SnapshotOutcome.Synced);
});

test('usdm, synced: a diff whose pu is not the last u is a gap, the late one stale', () => {
  const sync = new BinanceBookSync({ market: BinanceMarket.UsdM });
  feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
  assert.is(feedDiff(sync, makeDiff(95, 103, 90, [[100, 3]], [])), DiffOutcome.Applied);
  assert.is(feedDiff(sync, makeDiff(112, 115, 110, [], [])), DiffOutcome.Gap);
  assert.is(feedDiff(sync, makeDiff(105, 110, 103, [], [])), DiffOutcome.Stale);
  assert.is(sync.counters[SyncCounter.Gaps], 1);
  assert.is(sync.counters[SyncCounter.StaleDropped], 1);
});

test.run();
