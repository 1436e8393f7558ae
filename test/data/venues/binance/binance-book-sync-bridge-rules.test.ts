// The first diff applied after a snapshot must bridge it: spot U <= L+1 <= u (diffs with u <= L
// dropped), USD-M U <= L <= u (diffs with u < L dropped, so u == L still bridges). A snapshot older
// than the buffered chain is refused as too old and the buffer is kept for the next one; a
// snapshot newer than everything buffered waits (Bridging) for the next live diff.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, ResyncReason, SnapshotOutcome, SyncCounter, SyncState,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { Diff, feedDiff, feedSnapshot, makeDiff, makeSnapshot } from './binance-book-sync-fixture.js';

const BIDS = [[100, 1], [99, 2]];
const ASKS = [[101, 1], [102, 2]];

function buffered(market: number, ...diffs: Diff[]): BinanceBookSync {
  const sync = new BinanceBookSync({ market });
  for (const d of diffs) assert.is(feedDiff(sync, d), DiffOutcome.Buffered);
  return sync;
}

const spot0 = makeDiff(98, 100, -1, [[99, 5]], []);
const spot1 = makeDiff(101, 103, -1, [[100, 3]], []);
const spot2 = makeDiff(104, 106, -1, [], [[101, 4]]);

test('spot: diffs with u <= L are dropped, the one holding L+1 is applied', () => {
  const sync = buffered(BinanceMarket.Spot, spot0, spot1);
  assert.is(feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS)), SnapshotOutcome.Synced);
  assert.ok(sync.isSynced());
  assert.is(sync.lastUpdateId, 103);
  assert.is(sync.counters[SyncCounter.StaleDropped], 1);
  assert.is(sync.book.levelQty(0, 0), 3, 'spot1 applied');
  assert.is(sync.book.levelQty(0, 1), 2, 'spot0 not applied');
  assert.is(sync.bufferedEvents, 0);
});

test('spot: L inside the diff range bridges (U <= L+1 <= u)', () => {
  const sync = buffered(BinanceMarket.Spot, spot1);
  assert.is(feedSnapshot(sync, makeSnapshot(102, BIDS, ASKS)), SnapshotOutcome.Synced);
});

test('spot: a snapshot older than the buffered chain is too old; the buffer waits for a newer one', () => {
  const sync = buffered(BinanceMarket.Spot, spot1);
  assert.is(feedSnapshot(sync, makeSnapshot(99, BIDS, ASKS)), SnapshotOutcome.TooOld);
  assert.is(sync.state, SyncState.ResyncNeeded);
  assert.is(sync.resyncReason, ResyncReason.SnapshotTooOld);
  assert.ok(sync.needsSnapshot());
  assert.is(sync.book.depth(0) + sync.book.depth(1), 0, 'the refused snapshot is not left in the book');
  assert.is(sync.bufferedEvents, 1);
  assert.is(sync.counters[SyncCounter.SnapshotsTooOld], 1);
  assert.is(feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS)), SnapshotOutcome.Synced);
  assert.is(sync.lastUpdateId, 103);
});

test('spot: a snapshot newer than the buffer waits for the next live diff', () => {
  const sync = buffered(BinanceMarket.Spot, spot1);
  assert.is(feedSnapshot(sync, makeSnapshot(103, BIDS, ASKS)), SnapshotOutcome.AwaitingBridge);
  assert.is(sync.state, SyncState.Bridging);
  assert.not.ok(sync.needsSnapshot());
  assert.not.ok(sync.isSynced());
  assert.ok(Number.isNaN(sync.bestBid()), 'no touch for consumers before the bridge');
  assert.is(sync.book.bestBid(), 100, 'the snapshot is loaded');
  assert.is(feedDiff(sync, spot1), DiffOutcome.Stale, 'a late diff already in the snapshot');
  assert.is(feedDiff(sync, spot2), DiffOutcome.Applied);
  assert.ok(sync.isSynced());
  assert.is(sync.bestAskQty(), 4);
});

test('spot: the live diff after a snapshot starting beyond L+1 means the snapshot was too old', () => {
  const sync = buffered(BinanceMarket.Spot, spot1);
  feedSnapshot(sync, makeSnapshot(103, BIDS, ASKS));
  assert.is(feedDiff(sync, makeDiff(105, 106, -1, [], [])), DiffOutcome.Gap);
  assert.is(sync.state, SyncState.ResyncNeeded);
  assert.is(sync.resyncReason, ResyncReason.SnapshotTooOld);
  assert.is(sync.bufferedEvents, 1, 'the diff starts the new buffer');
});

test('spot: an empty buffer leaves the snapshot waiting for its bridge', () => {
  const sync = new BinanceBookSync();
  assert.is(feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS)), SnapshotOutcome.AwaitingBridge);
  assert.is(feedDiff(sync, spot1), DiffOutcome.Applied);
  assert.ok(sync.isSynced());
});

const fut1 = makeDiff(95, 103, 90, [[100, 3]], []);

test('usdm: a diff ending exactly at L is kept and bridges (spot would drop it)', () => {
  const usdm = buffered(BinanceMarket.UsdM, fut1);
  assert.is(feedSnapshot(usdm, makeSnapshot(103, BIDS, ASKS)), SnapshotOutcome.Synced);
  assert.is(usdm.lastUpdateId, 103);
  assert.is(usdm.bestBidQty(), 3);
  const spot = buffered(BinanceMarket.Spot, makeDiff(95, 103, -1, [[100, 3]], []));
  assert.is(feedSnapshot(spot, makeSnapshot(103, BIDS, ASKS)), SnapshotOutcome.AwaitingBridge);
});

test('usdm: U == L bridges, U == L+1 does not (unlike spot)', () => {
  assert.is(feedSnapshot(buffered(BinanceMarket.UsdM, fut1), makeSnapshot(95, BIDS, ASKS)), SnapshotOutcome.Synced);
  assert.is(feedSnapshot(buffered(BinanceMarket.UsdM, fut1), makeSnapshot(94, BIDS, ASKS)), SnapshotOutcome.TooOld);
  assert.is(feedSnapshot(buffered(BinanceMarket.Spot, makeDiff(95, 103, -1, [], [])), makeSnapshot(94, BIDS, ASKS)), SnapshotOutcome.Synced);
});

test('usdm: bridging by a live diff, then continuity by pu', () => {
  const sync = buffered(BinanceMarket.UsdM, fut1);
  assert.is(feedSnapshot(sync, makeSnapshot(104, BIDS, ASKS)), SnapshotOutcome.AwaitingBridge);
  assert.is(feedDiff(sync, makeDiff(104, 110, 103, [], [[101, 7]])), DiffOutcome.Applied);
  assert.is(feedDiff(sync, makeDiff(118, 120, 110, [], [[101, 8]])), DiffOutcome.Applied, 'U jumps, pu links');
  assert.is(feedDiff(sync, makeDiff(121, 122, 119, [], [])), DiffOutcome.Gap, 'pu does not link');
  assert.is(sync.resyncReason, ResyncReason.Gap);
});

test('a snapshot while synced is ignored; reset() starts over', () => {
  const sync = buffered(BinanceMarket.Spot, spot1);
  feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
  assert.is(feedSnapshot(sync, makeSnapshot(100, [[1, 1]], [[2, 1]])), SnapshotOutcome.Ignored);
  assert.is(sync.counters[SyncCounter.SnapshotsIgnored], 1);
  assert.is(sync.bestBid(), 100);
  sync.reset();
  assert.is(sync.state, SyncState.AwaitingSnapshot);
  assert.is(sync.book.depth(0), 0);
  assert.is(sync.lastUpdateId, -1);
});

test.run();
