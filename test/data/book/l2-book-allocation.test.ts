// The book allocates nothing: 1M setLevelAt + touch reads under a 1 MB young generation, with
// fractional prices and quantities (heap numbers if anything boxed them), inserts, updates,
// deletes and evictions on a full side; then 1M rounds of the derived queries and copyTop.
//
// Both measure the typed-array API the decoders and publishers use (setLevelAt from their level
// arrays, `touch`, readLevel/`level`, derive/`derived`, copyTop), not the double-returning
// getters and setLevel(side, price, qty): whether those box depends on whether the compiler
// inlines each call site, which the process's other compiled code decides, not the book.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../src/shm/allocation-check.js';
import { BookSide, Derived, L2Book, Touch } from '../../../src/data/book/l2-book.js';

const book = new L2Book(128);
const sink = new Float64Array(1);
const px = new Float64Array(1);
const qty = new Float64Array(1);

function update(i: number): void {
  const side = i & 1;
  const step = (i * 7919) % 400;
  px[0] = side === BookSide.Bid ? 99.99 - step * 0.01 : 100.01 + step * 0.01;
  qty[0] = i % 5 === 0 ? 0 : 0.125 + (i % 13) * 0.37;
  book.setLevelAt(side, px, qty, 0);
}

test('setLevelAt + touch: 0 GCs over 1M updates', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const t = book.touch;
  const report = countGcs((i) => {
    update(i);
    sink[0] += t[Touch.Bid] + t[Touch.Ask] + t[Touch.BidQty] + t[Touch.AskQty];
  }, 1_000_000);
  assert.ok(book.capacityDrops > 0, 'the full-side path ran');
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
  process.stdout.write(`  ${report.nsPerCall.toFixed(0)} ns per setLevelAt + 4 touch reads, depth ${book.depth(0)}/${book.depth(1)}\n`);
});

test('derive/readLevel/isCrossed/copyTop: 0 GCs over 1M rounds', () => {
  const out = [new Float64Array(5), new Float64Array(5), new Float64Array(5), new Float64Array(5)];
  const d = book.derived;
  const level = book.level;
  const report = countGcs((i) => {
    if ((i & 63) === 0) update(i);
    const side = i & 1;
    if (book.derive(5)) sink[0] += d[Derived.Mid] + d[Derived.Microprice] + d[Derived.Imbalance];
    if (book.readLevel(side, i & 7)) sink[0] += level[0] + level[1];
    if (book.isCrossed()) sink[0] += 1;
    sink[0] += book.copyTop(5, out[0], out[1], out[2], out[3]);
  }, 1_000_000);
  assert.ok(out[0][4] > 0 && out[2][4] > 0);
  assert.ok(d[Derived.Mid] > 0 && d[Derived.Imbalance] >= -1 && d[Derived.Imbalance] <= 1);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
