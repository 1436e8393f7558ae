// A diff delivered twice carries nothing new: the copy is dropped as stale, the book and the sync
// state are untouched, and no resync is spent on it. A diff that overlaps the applied range but
// reaches past it is applied (quantities are absolute, so re-setting levels loses nothing).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, SyncCounter,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { feedDiff, feedSnapshot, makeDiff, makeSnapshot } from './binance-book-sync-fixture.js';

const BIDS = [[100, 1], [99, 2]];
const ASKS = [[101, 1], [102, 2]];

for (const market of [BinanceMarket.Spot, BinanceMarket.UsdM]) {
  const name = market === BinanceMarket.Spot ? 'spot' : 'usdm';
  const d1 = makeDiff(100, 103, 99, [[100, 3]], []);
  const d2 = makeDiff(104, 106, 103, [[100, 0]], []);

  test(`${name}: a repeated diff is stale and changes nothing`, () => {
    const sync = new BinanceBookSync({ market });
    feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
    assert.is(feedDiff(sync, d1), DiffOutcome.Applied);
    const version = sync.book.version;
    assert.is(feedDiff(sync, d1), DiffOutcome.Stale);
    assert.is(sync.book.version, version);
    assert.ok(sync.isSynced());
    assert.is(feedDiff(sync, d2), DiffOutcome.Applied);
    assert.is(feedDiff(sync, d1), DiffOutcome.Stale, 'an even older copy');
    assert.is(feedDiff(sync, d2), DiffOutcome.Stale);
    assert.is(sync.bestBid(), 99);
    assert.is(sync.counters[SyncCounter.StaleDropped], 3);
    assert.is(sync.counters[SyncCounter.Resyncs], 0);
  });

  test(`${name}: a repeated diff while buffering is buffered once`, () => {
    const sync = new BinanceBookSync({ market });
    assert.is(feedDiff(sync, d1), DiffOutcome.Buffered);
    assert.is(feedDiff(sync, d1), DiffOutcome.Stale);
    assert.is(sync.bufferedEvents, 1);
    assert.is(sync.counters[SyncCounter.BufferRestarts], 0);
  });
}

test('spot: an overlapping diff that reaches past the applied id is applied', () => {
  const sync = new BinanceBookSync();
  feedSnapshot(sync, makeSnapshot(100, BIDS, ASKS));
  feedDiff(sync, makeDiff(101, 106, -1, [[100, 3]], []));
  assert.is(feedDiff(sync, makeDiff(105, 108, -1, [[100, 4]], [])), DiffOutcome.Applied);
  assert.is(sync.lastUpdateId, 108);
  assert.is(sync.bestBidQty(), 4);
});

test.run();
