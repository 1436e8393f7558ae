// A book that keeps one level per side (the touch only): a better price replaces the level held,
// as on any full side, and the book stays readable. The eviction emptied the side and then
// inserted into a block that no longer existed, leaving a NaN touch over a side counted as full.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide, L2Book } from '../../../src/data/book/l2-book.js';

test('capacity 1: a better level replaces the one held, a worse one is dropped, on both sides', () => {
  const book = new L2Book(1);
  book.setLevel(BookSide.Bid, 100, 1);
  book.setLevel(BookSide.Bid, 99, 1);
  assert.is(book.bestBid(), 100);
  book.setLevel(BookSide.Bid, 101, 2);
  assert.is(book.bestBid(), 101);
  assert.is(book.bestBidQty(), 2);
  assert.is(book.depth(BookSide.Bid), 1);
  book.setLevel(BookSide.Ask, 110, 1);
  book.setLevel(BookSide.Ask, 105, 3);
  assert.is(book.bestAsk(), 105);
  assert.is(book.levelPrice(BookSide.Ask, 0), 105);
  assert.is(book.capacityDrops, 3);
  book.setLevel(BookSide.Bid, 101, 0);
  assert.is(book.depth(BookSide.Bid), 0);
  assert.ok(Number.isNaN(book.bestBid()));
  book.setLevel(BookSide.Bid, 102, 1);
  assert.is(book.bestBid(), 102);
  assert.not.ok(book.isCrossed());
});

test.run();
