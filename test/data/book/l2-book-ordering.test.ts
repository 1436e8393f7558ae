// Levels stay sorted best first (bids descending, asks ascending) through inserts, updates and
// deletes in any order, checked against a plain sorted list over many random operations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide, L2Book } from '../../../src/data/book/l2-book.js';
import { Prng } from '../../../src/data/prng.js';

function levels(book: L2Book, side: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < book.depth(side); i++) out.push([book.levelPrice(side, i), book.levelQty(side, i)]);
  return out;
}

test('bids descending, asks ascending, best at level 0', () => {
  const book = new L2Book(16);
  for (const p of [99, 101, 98, 100, 97]) book.setLevel(BookSide.Bid, p, p / 100);
  for (const p of [105, 102, 104, 103]) book.setLevel(BookSide.Ask, p, p / 100);
  assert.equal(levels(book, BookSide.Bid).map((l) => l[0]), [101, 100, 99, 98, 97]);
  assert.equal(levels(book, BookSide.Ask).map((l) => l[0]), [102, 103, 104, 105]);
  assert.is(book.bestBid(), 101);
  assert.is(book.bestBidQty(), 1.01);
  assert.is(book.bestAsk(), 102);
  assert.is(book.bestAskQty(), 1.02);
});

test('an existing price is updated in place; qty 0 deletes; deleting an absent level is harmless', () => {
  const book = new L2Book(16);
  book.setLevel(BookSide.Bid, 100, 1);
  book.setLevel(BookSide.Bid, 99, 2);
  book.setLevel(BookSide.Bid, 100, 5);
  assert.equal(levels(book, BookSide.Bid), [[100, 5], [99, 2]]);
  assert.ok(book.setLevel(BookSide.Bid, 100, 0));
  assert.equal(levels(book, BookSide.Bid), [[99, 2]]);
  const v = book.version;
  assert.ok(book.setLevel(BookSide.Bid, 42, 0));
  assert.equal(levels(book, BookSide.Bid), [[99, 2]]);
  assert.is(book.version, v + 1, 'every accepted call counts');
  book.setLevel(BookSide.Bid, 99, 0);
  assert.is(book.depth(BookSide.Bid), 0);
  assert.ok(Number.isNaN(book.bestBid()) && Number.isNaN(book.bestBidQty()));
});

test('level queries out of range are NaN', () => {
  const book = new L2Book(4);
  book.setLevel(BookSide.Ask, 10, 1);
  for (const i of [-1, 1, 0.5, NaN, 4]) {
    assert.ok(Number.isNaN(book.levelPrice(BookSide.Ask, i)), `price ${i}`);
    assert.ok(Number.isNaN(book.levelQty(BookSide.Ask, i)), `qty ${i}`);
  }
  assert.ok(Number.isNaN(book.levelPrice(2, 0)));
  assert.is(book.depth(2), 0);
});

test('clear empties both sides', () => {
  const book = new L2Book(4);
  book.setLevel(BookSide.Bid, 1, 1);
  book.setLevel(BookSide.Ask, 2, 1);
  book.clear();
  assert.is(book.depth(BookSide.Bid) + book.depth(BookSide.Ask), 0);
  assert.ok(Number.isNaN(book.bestAsk()));
});

test('20,000 random operations agree with a sorted reference', () => {
  const rng = new Prng(7);
  const book = new L2Book(2048);
  const ref = [new Map<number, number>(), new Map<number, number>()];
  for (let k = 0; k < 20_000; k++) {
    const side = rng.uniform() < 0.5 ? BookSide.Bid : BookSide.Ask;
    const price = Math.round((side === BookSide.Bid ? 90 + rng.uniform() * 10 : 100.01 + rng.uniform() * 10) * 100) / 100;
    const qty = rng.uniform() < 0.3 ? 0 : Math.round(rng.uniform() * 1000) / 100;
    book.setLevel(side, price, qty);
    if (qty === 0) ref[side].delete(price); else ref[side].set(price, qty);
    if (k % 1000 === 999) {
      for (const s of [BookSide.Bid, BookSide.Ask]) {
        const expected = [...ref[s]].sort((x, y) => (s === BookSide.Bid ? y[0] - x[0] : x[0] - y[0]));
        assert.equal(levels(book, s), expected, `side ${s} after ${k + 1} operations`);
      }
    }
  }
  assert.is(book.capacityDrops, 0);
});

test.run();
