// mid, microprice, imbalance, isCrossed and copyTop against their closed forms (see the header of
// l2-book.ts for the definitions), and NaN whenever there is nothing to compute them from.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide, L2Book } from '../../../src/data/book/l2-book.js';

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

function book(): L2Book {
  const b = new L2Book(16);
  b.loadSide(BookSide.Bid, new Float64Array([100, 99, 98]), new Float64Array([3, 2, 4]), 3);
  b.loadSide(BookSide.Ask, new Float64Array([101, 102]), new Float64Array([1, 6]), 2);
  return b;
}

test('mid and microprice', () => {
  const b = book();
  close(b.mid(), 100.5, 'mid');
  // (P_b * a_0 + P_a * b_0) / (b_0 + a_0) = (100*1 + 101*3) / 4: more bid size pulls it to the ask.
  close(b.microprice(), (100 * 1 + 101 * 3) / 4, 'microprice');
  assert.ok(b.microprice() > b.mid());
});

test('imbalance: depth-weighted 1, 1/2, 1/3 over the top N levels', () => {
  const b = book();
  const B1 = 3;
  const A1 = 1;
  close(b.imbalance(1), (B1 - A1) / (B1 + A1), 'N=1');
  const B2 = 3 + 2 / 2;
  const A2 = 1 + 6 / 2;
  close(b.imbalance(2), (B2 - A2) / (B2 + A2), 'N=2');
  const B3 = 3 + 2 / 2 + 4 / 3;
  close(b.imbalance(3), (B3 - A2) / (B3 + A2), 'N=3: the ask side has only two levels');
  close(b.imbalance(100), b.imbalance(3), 'N beyond the depth');
  close(b.imbalance(2.7), b.imbalance(2), 'N is floored');
});

test('imbalance is +1 with only bids, -1 with only asks, NaN for an empty book or N < 1', () => {
  const b = new L2Book(4);
  assert.ok(Number.isNaN(b.imbalance(5)));
  b.setLevel(BookSide.Bid, 10, 2);
  assert.is(b.imbalance(5), 1);
  b.clear();
  b.setLevel(BookSide.Ask, 10, 2);
  assert.is(b.imbalance(5), -1);
  for (const n of [0, -1, NaN, 0.5]) assert.ok(Number.isNaN(book().imbalance(n)), `N=${n}`);
});

test('mid and microprice are NaN with an empty side', () => {
  const b = new L2Book(4);
  b.setLevel(BookSide.Bid, 10, 1);
  assert.ok(Number.isNaN(b.mid()));
  assert.ok(Number.isNaN(b.microprice()));
  assert.not.ok(b.isCrossed());
});

test('isCrossed: bid above or equal to the ask', () => {
  const b = book();
  assert.not.ok(b.isCrossed());
  b.setLevel(BookSide.Bid, 101, 1);
  assert.ok(b.isCrossed(), 'locked');
  b.setLevel(BookSide.Bid, 101, 0);
  b.setLevel(BookSide.Bid, 101.5, 1);
  assert.ok(b.isCrossed(), 'crossed');
});

test('copyTop: best first, short side padded with NaN/0, clamped to the output arrays', () => {
  const b = book();
  const bp = new Float64Array(4).fill(-1);
  const bq = new Float64Array(4).fill(-1);
  const ap = new Float64Array(4).fill(-1);
  const aq = new Float64Array(4).fill(-1);
  assert.is(b.copyTop(4, bp, bq, ap, aq), 3);
  assert.equal([...bp], [100, 99, 98, NaN]);
  assert.equal([...bq], [3, 2, 4, 0]);
  assert.equal([...ap], [101, 102, NaN, NaN]);
  assert.equal([...aq], [1, 6, 0, 0]);
  assert.is(b.copyTop(2, bp, bq, ap, aq), 2);
  assert.is(b.copyTop(10, bp, bq, ap, new Float64Array(1)), 1, 'clamped to the shortest array');
  assert.is(b.copyTop(-3, bp, bq, ap, aq), 0);
  assert.is(new L2Book(4).copyTop(4, bp, bq, ap, aq), 0);
  assert.ok(Number.isNaN(bp[0]));
});

test('version counts accepted mutations only', () => {
  const b = new L2Book(4);
  const v0 = b.version;
  b.setLevel(BookSide.Bid, 10, 1);
  b.setLevel(BookSide.Bid, NaN, 1);
  b.clear();
  assert.is(b.version, v0 + 2);
});

test.run();
