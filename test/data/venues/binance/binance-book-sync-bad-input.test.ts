// Malformed diffs and snapshots (NaN/infinite/non-positive prices, NaN/negative quantities, level
// counts outside the arrays, impossible update ids) are refused whole, counted by reason, and
// never throw. A refused diff is a lost update, so a synced book resyncs; while buffering it is
// simply not kept. A refused snapshot leaves everything as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, ResyncReason, SnapshotOutcome, SyncCounter, SyncReject,
  SYNC_REJECT_REASONS, SyncState,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { feedSnapshot, makeDiff, makeSnapshot } from './binance-book-sync-fixture.js';

const BIDS = [[100, 1], [99, 2]];
const ASKS = [[101, 1], [102, 2]];
const px = new Float64Array([99.5, 98]);
const qty = new Float64Array([1, 2]);
const empty = new Float64Array(0);

type Call = (s: BinanceBookSync) => number;
const diffCases: Array<[string, number, Call]> = [
  ['NaN price', SyncReject.BadPrice, (s) => s.onDiff(101, 101, -1, new Float64Array([NaN]), qty, 1, empty, empty, 0, 1)],
  ['zero price', SyncReject.BadPrice, (s) => s.onDiff(101, 101, -1, empty, empty, 0, new Float64Array([0]), qty, 1, 1)],
  ['negative price', SyncReject.BadPrice, (s) => s.onDiff(101, 101, -1, new Float64Array([-99]), qty, 1, empty, empty, 0, 1)],
  ['infinite price', SyncReject.BadPrice, (s) => s.onDiff(101, 101, -1, new Float64Array([Infinity]), qty, 1, empty, empty, 0, 1)],
  ['NaN quantity', SyncReject.BadQty, (s) => s.onDiff(101, 101, -1, px, new Float64Array([1, NaN]), 2, empty, empty, 0, 1)],
  ['negative quantity', SyncReject.BadQty, (s) => s.onDiff(101, 101, -1, empty, empty, 0, px, new Float64Array([-1, 1]), 2, 1)],
  ['infinite quantity', SyncReject.BadQty, (s) => s.onDiff(101, 101, -1, px, new Float64Array([Infinity, 1]), 1, empty, empty, 0, 1)],
  ['count beyond the array', SyncReject.BadLevelCount, (s) => s.onDiff(101, 101, -1, px, qty, 3, empty, empty, 0, 1)],
  ['negative count', SyncReject.BadLevelCount, (s) => s.onDiff(101, 101, -1, px, qty, -1, empty, empty, 0, 1)],
  ['fractional count', SyncReject.BadLevelCount, (s) => s.onDiff(101, 101, -1, empty, empty, 0, px, qty, 1.5, 1)],
  ['NaN count', SyncReject.BadLevelCount, (s) => s.onDiff(101, 101, -1, px, qty, NaN, empty, empty, 0, 1)],
  ['U > u', SyncReject.BadUpdateId, (s) => s.onDiff(102, 101, -1, px, qty, 1, empty, empty, 0, 1)],
  ['NaN U', SyncReject.BadUpdateId, (s) => s.onDiff(NaN, 101, -1, px, qty, 1, empty, empty, 0, 1)],
  ['fractional u', SyncReject.BadUpdateId, (s) => s.onDiff(101, 101.5, -1, px, qty, 1, empty, empty, 0, 1)],
  ['negative U', SyncReject.BadUpdateId, (s) => s.onDiff(-1, 101, -1, px, qty, 1, empty, empty, 0, 1)],
];

for (const [name, reason, call] of diffCases) {
  test(`synced, diff with ${name}: refused as ${SYNC_REJECT_REASONS[reason]}, resync`, () => {
    const sync = new BinanceBookSync();
    feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
    assert.is(call(sync), DiffOutcome.Rejected);
    assert.is(sync.rejects[reason], 1);
    assert.is(sync.counters[SyncCounter.BadDiffs], 1);
    assert.is(sync.state, SyncState.ResyncNeeded);
    assert.is(sync.resyncReason, ResyncReason.BadDiff);
    assert.ok(Number.isNaN(sync.bestBid()));
  });

  test(`buffering, diff with ${name}: refused, not buffered`, () => {
    const sync = new BinanceBookSync();
    sync.onDiff(100, 100, -1, empty, empty, 0, empty, empty, 0, 1);
    assert.is(call(sync), DiffOutcome.Rejected);
    assert.is(sync.bufferedEvents, 1);
    assert.is(sync.bufferedLevels, 0);
    assert.is(sync.state, SyncState.AwaitingSnapshot);
  });
}

test('usdm: a NaN or < -1 pu is a bad update id; spot ignores pu', () => {
  const usdm = new BinanceBookSync({ market: BinanceMarket.UsdM });
  assert.is(usdm.onDiff(101, 101, NaN, px, qty, 1, empty, empty, 0, 1), DiffOutcome.Rejected);
  assert.is(usdm.onDiff(101, 101, -2, px, qty, 1, empty, empty, 0, 1), DiffOutcome.Rejected);
  assert.is(usdm.rejects[SyncReject.BadUpdateId], 2);
  const spot = new BinanceBookSync();
  assert.is(spot.onDiff(101, 101, NaN, px, qty, 1, empty, empty, 0, 1), DiffOutcome.Buffered);
});

const snapshotCases: Array<[string, number, () => ReturnType<typeof makeSnapshot>]> = [
  ['NaN lastUpdateId', SyncReject.BadUpdateId, () => makeSnapshot(NaN, BIDS, ASKS)],
  ['negative lastUpdateId', SyncReject.BadUpdateId, () => makeSnapshot(-5, BIDS, ASKS)],
  ['NaN bid price', SyncReject.BadPrice, () => makeSnapshot(100, [[100, 1], [NaN, 2]], ASKS)],
  ['NaN ask quantity', SyncReject.BadQty, () => makeSnapshot(100, BIDS, [[101, NaN]])],
  ['negative bid quantity', SyncReject.BadQty, () => makeSnapshot(100, [[100, -1]], ASKS)],
];

for (const [name, reason, make] of snapshotCases) {
  test(`snapshot with ${name}: refused as ${SYNC_REJECT_REASONS[reason]}, nothing changes`, () => {
    const sync = new BinanceBookSync();
    sync.onDiff(101, 101, -1, px, qty, 1, empty, empty, 0, 1);
    assert.is(feedSnapshot(sync, make()), SnapshotOutcome.Rejected);
    assert.is(sync.rejects[reason], 1);
    assert.is(sync.counters[SyncCounter.SnapshotsRejected], 1);
    assert.is(sync.state, SyncState.AwaitingSnapshot);
    assert.is(sync.bufferedEvents, 1);
    assert.is(sync.book.depth(0), 0);
    assert.is(feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS)), SnapshotOutcome.Synced, 'a good snapshot still works');
  });
}

test('a snapshot count beyond its arrays is refused', () => {
  const sync = new BinanceBookSync();
  const s = makeSnapshot(100, BIDS, ASKS);
  assert.is(sync.onSnapshot(100, s.bidPx, s.bidQty, 5, s.askPx, s.askQty, 2), SnapshotOutcome.Rejected);
  assert.is(sync.rejects[SyncReject.BadLevelCount], 1);
});

test('a diff with a NaN level never reaches the book', () => {
  const sync = new BinanceBookSync();
  feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
  const d = makeDiff(101, 101, -1, [[99.5, 1], [NaN, 1]], []);
  const version = sync.book.version;
  sync.onDiff(d.U, d.u, d.pu, d.bidPx, d.bidQty, 2, d.askPx, d.askQty, 0, d.ts);
  assert.is(sync.book.rejects.reduce((a, b) => a + b, 0), 0, 'the book saw no bad level');
  assert.is(sync.book.version, version + 1, 'only the clear on resync');
});

test.run();
