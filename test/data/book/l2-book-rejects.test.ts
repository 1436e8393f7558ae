// Bad levels are refused without throwing, counted per reason, and leave the book as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide, L2Book, L2BookReject, L2_BOOK_REJECT_REASONS } from '../../../src/data/book/l2-book.js';

const cases: Array<[string, number, [number, number, number]]> = [
  ['side 2', L2BookReject.BadSide, [2, 100, 1]],
  ['side -1', L2BookReject.BadSide, [-1, 100, 1]],
  ['NaN side', L2BookReject.BadSide, [NaN, 100, 1]],
  ['NaN price', L2BookReject.BadPrice, [BookSide.Bid, NaN, 1]],
  ['zero price', L2BookReject.BadPrice, [BookSide.Ask, 0, 1]],
  ['negative price', L2BookReject.BadPrice, [BookSide.Bid, -100, 1]],
  ['infinite price', L2BookReject.BadPrice, [BookSide.Ask, Infinity, 1]],
  ['NaN quantity', L2BookReject.BadQty, [BookSide.Bid, 100, NaN]],
  ['negative quantity', L2BookReject.BadQty, [BookSide.Ask, 101, -1]],
  ['infinite quantity', L2BookReject.BadQty, [BookSide.Bid, 100, Infinity]],
];

for (const [name, reason, [side, price, qty]] of cases) {
  test(`${name}: refused as ${L2_BOOK_REJECT_REASONS[reason]}, book unchanged`, () => {
    const book = new L2Book(8);
    book.setLevel(BookSide.Bid, 100, 2);
    book.setLevel(BookSide.Ask, 101, 3);
    const version = book.version;
    assert.is(book.setLevel(side, price, qty), false);
    assert.is(book.rejects[reason], 1);
    assert.is(book.rejects.reduce((a, b) => a + b, 0), 1);
    assert.is(book.version, version);
    assert.equal([book.bestBid(), book.bestBidQty(), book.bestAsk(), book.bestAskQty()], [100, 2, 101, 3]);
    assert.equal([book.depth(0), book.depth(1)], [1, 1]);
  });
}

test('capacity must be a positive integer', () => {
  for (const c of [0, -1, 1.5, NaN]) assert.throws(() => new L2Book(c), /capacity/);
});

test.run();
