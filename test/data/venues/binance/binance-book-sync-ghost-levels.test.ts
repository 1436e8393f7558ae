// After losing sync, the new snapshot replaces the book; it is never merged into the old one. A
// level the old book held and the exchange deleted while we were out of sync must not survive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide } from '../../../../src/data/book/l2-book.js';
import { BinanceBookSync, DiffOutcome, SnapshotOutcome } from '../../../../src/data/venues/binance/binance-book-sync.js';
import { feedDiff, feedSnapshot, makeDiff, makeSnapshot } from './binance-book-sync-fixture.js';

test('levels missing from the new snapshot are gone after a resync', () => {
  const sync = new BinanceBookSync();
  feedSnapshot(sync, makeSnapshot(100, [[100, 1], [99, 2]], [[101, 1], [102, 2]]));
  assert.is(feedDiff(sync, makeDiff(101, 101, -1, [[98, 5], [97, 5]], [[103, 5]])), DiffOutcome.Applied);
  assert.is(sync.book.depth(BookSide.Bid), 4);
  // Diffs 102..104 are lost (they deleted 98 and 103 on the exchange).
  assert.is(feedDiff(sync, makeDiff(105, 105, -1, [[99, 3]], [])), DiffOutcome.Gap);
  assert.is(feedSnapshot(sync, makeSnapshot(104, [[100, 1], [99, 2], [97, 5]], [[101, 1], [102, 2]])), SnapshotOutcome.Synced);
  const bids = [0, 1, 2].map((i) => [sync.book.levelPrice(BookSide.Bid, i), sync.book.levelQty(BookSide.Bid, i)]);
  assert.equal(bids, [[100, 1], [99, 3], [97, 5]]);
  assert.is(sync.book.depth(BookSide.Bid), 3);
  assert.is(sync.book.depth(BookSide.Ask), 2, 'ask 103 is gone');
});

test.run();
