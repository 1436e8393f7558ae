// loadSide replaces one side. Best-first input is copied straight in; any other order (or bad
// levels) goes through setLevel, so the result is the same book either way.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide, L2Book, L2BookReject } from '../../../src/data/book/l2-book.js';

function dump(book: L2Book, side: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < book.depth(side); i++) out.push([book.levelPrice(side, i), book.levelQty(side, i)]);
  return out;
}

test('best-first and shuffled input give the same side', () => {
  const sorted = new L2Book(8);
  const shuffled = new L2Book(8);
  sorted.loadSide(BookSide.Ask, new Float64Array([101, 102, 103]), new Float64Array([1, 2, 3]), 3);
  shuffled.loadSide(BookSide.Ask, new Float64Array([103, 101, 102]), new Float64Array([3, 1, 2]), 3);
  assert.equal(dump(sorted, BookSide.Ask), [[101, 1], [102, 2], [103, 3]]);
  assert.equal(dump(shuffled, BookSide.Ask), dump(sorted, BookSide.Ask));
  sorted.loadSide(BookSide.Bid, new Float64Array([100, 99]), new Float64Array([1, 2]), 2);
  assert.equal(dump(sorted, BookSide.Bid), [[100, 1], [99, 2]]);
});

test('loading replaces the side and leaves the other one alone', () => {
  const book = new L2Book(8);
  book.setLevel(BookSide.Bid, 50, 1);
  book.setLevel(BookSide.Ask, 60, 1);
  book.loadSide(BookSide.Bid, new Float64Array([40, 39]), new Float64Array([1, 1]), 2);
  assert.equal(dump(book, BookSide.Bid), [[40, 1], [39, 1]]);
  assert.equal(dump(book, BookSide.Ask), [[60, 1]]);
});

test('only the first n levels are read; bad levels are refused one by one', () => {
  const book = new L2Book(8);
  book.loadSide(BookSide.Bid, new Float64Array([100, 99, 98]), new Float64Array([1, 1, 1]), 2);
  assert.is(book.depth(BookSide.Bid), 2);
  book.loadSide(BookSide.Bid, new Float64Array([100, NaN, 98]), new Float64Array([1, 1, -1]), 3);
  assert.equal(dump(book, BookSide.Bid), [[100, 1]]);
  assert.is(book.rejects[L2BookReject.BadPrice], 1);
  assert.is(book.rejects[L2BookReject.BadQty], 1);
  assert.is(book.loadSide(5, new Float64Array(1), new Float64Array(1), 1), 0);
  assert.is(book.rejects[L2BookReject.BadSide], 1);
});

test.run();
