// The book allocates nothing: 1M setLevel + touch reads under a 1 MB young generation, with
// fractional prices and quantities (heap numbers if anything boxed them), inserts, updates,
// deletes and evictions on a full side; then 1M rounds of the derived queries and copyTop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../src/shm/allocation-check.js';
import { BookSide, L2Book } from '../../../src/data/book/l2-book.js';

const book = new L2Book(128);
const sink = new Float64Array(1);

function update(i: number): void {
  const side = i & 1;
  const step = (i * 7919) % 400;
  const price = side === BookSide.Bid ? 99.99 - step * 0.01 : 100.01 + step * 0.01;
  book.setLevel(side, price, i % 5 === 0 ? 0 : 0.125 + (i % 13) * 0.37);
}

test('setLevel + best*: 0 GCs over 1M updates', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const report = countGcs((i) => {
    update(i);
    sink[0] += book.bestBid() + book.bestAsk() + book.bestBidQty() + book.bestAskQty();
  }, 1_000_000);
  assert.ok(book.capacityDrops > 0, 'the full-side path ran');
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
  process.stdout.write(`  ${report.nsPerCall.toFixed(0)} ns per setLevel + 4 touch reads, depth ${book.depth(0)}/${book.depth(1)}\n`);
});

test('mid/microprice/imbalance/levelPrice/levelQty/isCrossed/copyTop: 0 GCs over 1M rounds', () => {
  const out = [new Float64Array(5), new Float64Array(5), new Float64Array(5), new Float64Array(5)];
  const report = countGcs((i) => {
    if ((i & 63) === 0) update(i);
    const side = i & 1;
    sink[0] += book.mid() + book.microprice() + book.imbalance(5);
    sink[0] += book.levelPrice(side, i & 7) + book.levelQty(side, i & 7);
    if (book.isCrossed()) sink[0] += 1;
    sink[0] += book.copyTop(5, out[0], out[1], out[2], out[3]);
  }, 1_000_000);
  assert.ok(out[0][4] > 0 && out[2][4] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
