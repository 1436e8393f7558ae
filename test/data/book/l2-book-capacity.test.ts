// Capacity is fixed at construction. On a full side a better level evicts the worst one and a
// level worse than all of them is dropped; both are counted. A snapshot load keeps the best levels.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide, L2Book } from '../../../src/data/book/l2-book.js';

function prices(book: L2Book, side: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < book.depth(side); i++) out.push(book.levelPrice(side, i));
  return out;
}

test('a better level on a full side evicts the worst', () => {
  const book = new L2Book(4);
  for (const p of [95, 96, 97, 98]) book.setLevel(BookSide.Bid, p, 1);
  assert.is(book.capacityDrops, 0);
  book.setLevel(BookSide.Bid, 99, 1);
  assert.equal(prices(book, BookSide.Bid), [99, 98, 97, 96]);
  book.setLevel(BookSide.Bid, 96.5, 1);
  assert.equal(prices(book, BookSide.Bid), [99, 98, 97, 96.5]);
  assert.is(book.capacityDrops, 2);
  for (const p of [101, 102, 103, 104, 100]) book.setLevel(BookSide.Ask, p, 1);
  assert.equal(prices(book, BookSide.Ask), [100, 101, 102, 103]);
  assert.is(book.capacityDrops, 3);
});

test('a level worse than every level of a full side is dropped, the side unchanged', () => {
  const book = new L2Book(3);
  for (const p of [101, 102, 103]) book.setLevel(BookSide.Ask, p, 1);
  book.setLevel(BookSide.Ask, 104, 1);
  assert.equal(prices(book, BookSide.Ask), [101, 102, 103]);
  assert.is(book.capacityDrops, 1);
});

test('updates and deletes on a full side do not evict', () => {
  const book = new L2Book(3);
  for (const p of [101, 102, 103]) book.setLevel(BookSide.Ask, p, 1);
  book.setLevel(BookSide.Ask, 102, 7);
  book.setLevel(BookSide.Ask, 103, 0);
  book.setLevel(BookSide.Ask, 110, 1);
  assert.equal(prices(book, BookSide.Ask), [101, 102, 110]);
  assert.is(book.capacityDrops, 0);
});

test('loading more best-first levels than the capacity keeps the best ones', () => {
  const book = new L2Book(3);
  const px = new Float64Array([100, 99, 98, 97, 96]);
  const qty = new Float64Array([1, 2, 0, 4, 5]);
  assert.is(book.loadSide(BookSide.Bid, px, qty, 5), 3);
  assert.equal(prices(book, BookSide.Bid), [100, 99, 97]);
  assert.is(book.capacityDrops, 1, 'the zero level is skipped, not dropped');
});

test('the default capacity is 5,000 levels per side', () => {
  const book = new L2Book();
  for (let i = 0; i < 5001; i++) book.setLevel(BookSide.Bid, 1000 + i, 1);
  assert.is(book.depth(BookSide.Bid), 5000);
  assert.is(book.bestBid(), 6000);
  assert.is(book.levelPrice(BookSide.Bid, 4999), 1001);
});

test.run();
