// The decoder's diff path allocates nothing: applying diffs while synced (diffHeader +
// onDiffFromHeader, spot and USD-M), buffering with periodic overflow while waiting for a
// snapshot, and dropping stale diffs. The touch is read from `book.touch`, as consumers do: the
// sync's best* getters return a double, boxed wherever the compiler does not inline them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../../src/shm/allocation-check.js';
import { BinanceBookSync, BinanceMarket, DiffHeader, DiffOutcome, SyncCounter } from '../../../../src/data/venues/binance/binance-book-sync.js';
import { Touch } from '../../../../src/data/book/l2-book.js';
import { feedSnapshot, makeSnapshot } from './binance-book-sync-fixture.js';

const bidPx = new Float64Array(4);
const bidQty = new Float64Array(4);
const askPx = new Float64Array(4);
const askQty = new Float64Array(4);
const sink = new Float64Array(1);

/** Fill the level arrays for diff i: bids below 100, asks above 101, some deletes. */
function levels(i: number): void {
  for (let k = 0; k < 4; k++) {
    bidPx[k] = 99.99 - ((i * 7 + k * 13) % 200) * 0.01;
    bidQty[k] = (i + k) % 5 === 0 ? 0 : 0.5 + ((i + k) % 9);
    askPx[k] = 101.01 + ((i * 11 + k * 3) % 200) * 0.01;
    askQty[k] = (i + 2 * k) % 6 === 0 ? 0 : 1.25 + ((i + k) % 4);
  }
}

for (const market of [BinanceMarket.Spot, BinanceMarket.UsdM]) {
  test(`${market === BinanceMarket.Spot ? 'spot' : 'usdm'}: 0 GCs over 1M applied diffs`, () => {
    assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
    const sync = new BinanceBookSync({ market });
    feedSnapshot(sync, makeSnapshot(1_000_000_000_000, [[100, 1]], [[101, 1]]));
    const ids = new Float64Array([1_000_000_000_000]);
    const touch = sync.book.touch;
    const report = countGcs((i) => {
      levels(i);
      const last = ids[0];
      // USD-M ids jump between diffs; its first diff must still bridge the snapshot (U <= L).
      const U = market === BinanceMarket.Spot ? last + 1 : sync.isSynced() ? last + 3 : last;
      const u = U + (i % 4);
      // The decoder's path: ids written straight into the header, no double arguments.
      const h = sync.diffHeader;
      h[DiffHeader.First] = U;
      h[DiffHeader.Final] = u;
      h[DiffHeader.Prev] = market === BinanceMarket.Spot ? -1 : last;
      h[DiffHeader.TsMicros] = 1.7e15 + i;
      const r = sync.onDiffFromHeader(bidPx, bidQty, 4, askPx, askQty, 4);
      if (r === DiffOutcome.Applied) ids[0] = u;
      if (sync.isSynced()) sink[0] += touch[Touch.Bid] + touch[Touch.Ask];
    }, 1_000_000);
    assert.ok(sync.isSynced(), `state ${sync.state}`);
    assert.ok(sync.counters[SyncCounter.DiffsApplied] > 1_000_000);
    assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
    process.stdout.write(`  ${(report.nsPerCall).toFixed(0)} ns per 8-level diff, book depth ${sync.book.depth(0)}/${sync.book.depth(1)}\n`);
  });
}

test('buffering with overflow and stale drops: 0 GCs over 1M diffs', () => {
  const sync = new BinanceBookSync({ maxBufferedEvents: 1000 });
  const ids = new Float64Array([0]);
  const report = countGcs((i) => {
    levels(i);
    // Every 10th diff repeats the last id (stale); the rest extend the chain until it overflows.
    if (i % 10 !== 9) ids[0] += 1;
    const h = sync.diffHeader;
    h[DiffHeader.First] = ids[0];
    h[DiffHeader.Final] = ids[0];
    h[DiffHeader.Prev] = -1;
    h[DiffHeader.TsMicros] = 1.7e15 + i;
    sync.onDiffFromHeader(bidPx, bidQty, 4, askPx, askQty, 4);
  }, 1_000_000);
  assert.ok(sync.counters[SyncCounter.BufferOverflows] > 0);
  assert.ok(sync.counters[SyncCounter.StaleDropped] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
