// Deep books, where levels live in many blocks (level-blocks.ts) that split, merge and empty:
// after every burst of random inserts, updates and deletes over a wide price range (plus
// evictions on a full side, and a best-first snapshot load in between), every level of both
// sides, the touch and the capacity drops equal a plain sorted-list model.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookSide, L2Book } from '../../../src/data/book/l2-book.js';
import { Prng } from '../../../src/data/prng.js';

class Model {
  readonly sides = [new Map<number, number>(), new Map<number, number>()];
  drops = 0;
  constructor(readonly capacity: number) {}

  /** Best first. */
  sorted(side: number): number[][] {
    return [...this.sides[side]].sort((a, b) => (side === 0 ? b[0] - a[0] : a[0] - b[0]));
  }

  set(side: number, price: number, qty: number): void {
    const levels = this.sides[side];
    if (qty === 0) { levels.delete(price); return; }
    if (levels.has(price) || levels.size < this.capacity) { levels.set(price, qty); return; }
    this.drops++;
    const worst = this.sorted(side)[levels.size - 1][0];
    if (side === 0 ? price < worst : price > worst) return;
    levels.delete(worst);
    levels.set(price, qty);
  }
}

function levels(book: L2Book, side: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < book.depth(side); i++) out.push([book.levelPrice(side, i), book.levelQty(side, i)]);
  return out;
}

function check(book: L2Book, model: Model, what: string): void {
  for (const side of [BookSide.Bid, BookSide.Ask]) assert.equal(levels(book, side), model.sorted(side), `${what}, side ${side}`);
  const bid = model.sorted(0)[0];
  const ask = model.sorted(1)[0];
  assert.is(book.bestBid(), bid === undefined ? NaN : bid[0], what);
  assert.is(book.bestAsk(), ask === undefined ? NaN : ask[0], what);
  assert.is(book.bestAskQty(), ask === undefined ? NaN : ask[1], what);
  assert.is(book.capacityDrops, model.drops, what);
  const n = 40;
  const out = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  book.copyTop(n, out[0], out[1], out[2], out[3]);
  const bids = model.sorted(0);
  for (let i = 0; i < n; i++) assert.is(out[0][i], i < bids.length ? bids[i][0] : NaN, `${what}: copyTop row ${i}`);
}

for (const capacity of [300, 5000]) {
  test(`capacity ${capacity}: random changes over ~6,000 prices match a sorted-list model`, () => {
    const rng = new Prng(capacity);
    const book = new L2Book(capacity);
    const model = new Model(capacity);
    for (let burst = 0; burst < 40; burst++) {
      // Bursts alternate between growing the book and thinning it out, so blocks split and merge.
      const deleteShare = burst % 4 === 3 ? 0.8 : 0.25;
      for (let k = 0; k < 1500; k++) {
        const side = rng.uniform() < 0.5 ? BookSide.Bid : BookSide.Ask;
        const tick = Math.floor(rng.uniform() * 6000);
        const price = side === BookSide.Bid ? 1000 + tick * 0.1 : 1600 + tick * 0.1;
        const qty = rng.uniform() < deleteShare ? 0 : Math.round(rng.uniform() * 1000) / 100 + 0.001;
        book.setLevel(side, price, qty);
        model.set(side, price, qty);
      }
      check(book, model, `burst ${burst}`);
      if (burst === 20) {
        // A best-first snapshot replaces the book; the next bursts change it again.
        const px = new Float64Array(2000);
        const qty = new Float64Array(2000);
        model.sides[0].clear();
        for (let i = 0; i < 2000; i++) {
          px[i] = 1500 - i * 0.25;
          qty[i] = i % 7 === 0 ? 0 : 1 + i;
        }
        book.loadSide(BookSide.Bid, px, qty, 2000);
        const kept = [...px].map((p, i) => [p, qty[i]]).filter((l) => l[1] > 0);
        model.drops += Math.max(0, kept.length - capacity);
        for (const [p, q] of kept.slice(0, capacity)) model.sides[0].set(p, q);
        check(book, model, 'after the snapshot');
      }
    }
  });
}

test.run();
