// Replaying the real hftbacktest captures (spot BTCUSDT, ETHUSDT, USD-M BTCUSDT) in file order:
// the REST snapshot sits a few diffs into each file, so the diffs before it must be buffered and
// the one straddling lastUpdateId applied first. The sync must reach Synced, never see a gap or a
// crossed book, keep best bid < best ask after every applied diff, and end with exactly the book
// an independent Map-based rebuild produces.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, DIFF_OUTCOME_NAMES, SnapshotOutcome, SyncCounter, SyncState,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { assertSameBook, feedDiff, feedSnapshot, parseHftbacktest, ReferenceSync } from './binance-book-sync-fixture.js';

// USD-M's diff-maintained book passes 5,000 bid levels in these six minutes (5,170 at most), so the
// exact whole-book comparison uses a larger book; the default capacity is checked on the top levels.
const cases = [
  { file: 'ws/binance/hftbacktest/spot_btcusdt_20240808.gz', market: BinanceMarket.Spot, capacity: 5000, buffered: 3 },
  { file: 'ws/binance/hftbacktest/spot_ethusdt_20240808.gz', market: BinanceMarket.Spot, capacity: 5000, buffered: 2 },
  { file: 'ws/binance/hftbacktest/usdm_btcusdt_20240808.gz', market: BinanceMarket.UsdM, capacity: 8192, buffered: 6 },
];

for (const c of cases) {
  test(`${c.file}: buffers ${c.buffered} diffs, syncs on the snapshot, matches the reference to the last level`, () => {
    const text = sharedText(c.file);
    if (text === null) return;
    const items = parseHftbacktest(text);
    const usdm = c.market === BinanceMarket.UsdM;
    const sync = new BinanceBookSync({ market: c.market, bookCapacity: c.capacity });
    const smallBook = new BinanceBookSync({ market: c.market });
    const ref = new ReferenceSync(usdm);
    const outcomes = new Array<number>(DIFF_OUTCOME_NAMES.length).fill(0);
    let bufferedBeforeSnapshot = -1;
    let diffsAfterSync = 0;
    for (const item of items) {
      if (item.kind === 'snapshot') {
        bufferedBeforeSnapshot = sync.bufferedEvents;
        assert.is(sync.state, SyncState.AwaitingSnapshot);
        const r = feedSnapshot(sync, item.snapshot);
        assert.ok(r === SnapshotOutcome.Synced || r === SnapshotOutcome.AwaitingBridge, `snapshot outcome ${r}`);
        feedSnapshot(smallBook, item.snapshot);
        ref.snapshot(item.snapshot);
        continue;
      }
      if (item.kind !== 'diff') continue;
      const r = feedDiff(sync, item.diff);
      feedDiff(smallBook, item.diff);
      ref.diff(item.diff);
      outcomes[r]++;
      if (r === DiffOutcome.Applied) {
        diffsAfterSync++;
        if (!(sync.bestBid() < sync.bestAsk())) assert.unreachable(`crossed or empty after diff ${item.diff.u}: ${sync.bestBid()} / ${sync.bestAsk()}`);
        if (diffsAfterSync % 500 === 0) assertSameBook(sync.book, ref, `after diff ${item.diff.u}`, 50);
      }
    }
    const summary = Object.fromEntries(DIFF_OUTCOME_NAMES.map((n, i) => [n, outcomes[i]]));
    assert.is(bufferedBeforeSnapshot, c.buffered, 'diffs buffered before the snapshot line');
    assert.ok(sync.isSynced(), `state ${sync.state}, outcomes ${JSON.stringify(summary)}`);
    assert.is(outcomes[DiffOutcome.Gap] + outcomes[DiffOutcome.Crossed] + outcomes[DiffOutcome.Overflow] + outcomes[DiffOutcome.Rejected], 0, JSON.stringify(summary));
    assert.is(sync.counters[SyncCounter.Resyncs], 0);
    assert.is(sync.counters[SyncCounter.SnapshotsApplied], 1);
    assert.is(sync.lastUpdateId, ref.last);
    assertSameBook(sync.book, ref, 'final book');
    assert.is(sync.book.capacityDrops, 0);
    assert.ok(smallBook.isSynced());
    assertSameBook(smallBook.book, ref, 'final book, default capacity, top 1000', 1000);
    process.stdout.write(`  ${c.file}: ${JSON.stringify(summary)}, depth ${sync.book.depth(0)}/${sync.book.depth(1)}, default-capacity drops ${smallBook.book.capacityDrops}\n`);
  });
}

test.run();
