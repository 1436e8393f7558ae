// A diff lost after sync is detected as a gap on the next one: the book is emptied (NaN touch),
// the state becomes ResyncNeeded, the capture's own snapshot is now too old to bridge, and a fresh
// snapshot (built from the reference book at a later update id, as a REST call made after the gap
// would return it) resyncs the book, which then tracks the reference to the end of the capture.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, ResyncReason, SnapshotOutcome, SyncCounter, SyncState,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { assertSameBook, Diff, feedDiff, feedSnapshot, parseHftbacktest, ReferenceSync, Snapshot } from './binance-book-sync-fixture.js';

const cases = [
  { file: 'ws/binance/hftbacktest/spot_btcusdt_20240808.gz', market: BinanceMarket.Spot, staleOnResync: 3 },
  { file: 'ws/binance/hftbacktest/usdm_btcusdt_20240808.gz', market: BinanceMarket.UsdM, staleOnResync: 2 },
];
const DROP_AFTER_APPLIED = 300;

for (const c of cases) {
  test(`${c.file}: a dropped diff is a gap, a fresh snapshot resyncs`, () => {
    const text = sharedText(c.file);
    if (text === null) return;
    const items = parseHftbacktest(text);
    const sync = new BinanceBookSync({ market: c.market, bookCapacity: 8192 });
    const ref = new ReferenceSync(c.market === BinanceMarket.UsdM);
    let original: Snapshot | undefined;
    let applied = 0;
    let dropped: Diff | undefined;
    let sinceDrop = -1;
    let fresh: Snapshot | undefined;
    for (const item of items) {
      if (item.kind === 'snapshot') {
        original = item.snapshot;
        feedSnapshot(sync, item.snapshot);
        ref.snapshot(item.snapshot);
        continue;
      }
      if (item.kind !== 'diff') continue;
      const d = item.diff;
      ref.diff(d);
      if (dropped === undefined && applied === DROP_AFTER_APPLIED) { dropped = d; sinceDrop = 0; continue; }
      const r = feedDiff(sync, d);
      if (sinceDrop < 0) { if (r === DiffOutcome.Applied) applied++; continue; }
      sinceDrop++;
      if (sinceDrop === 1) {
        assert.is(r, DiffOutcome.Gap, 'the diff after the lost one');
        assert.is(sync.state, SyncState.ResyncNeeded);
        assert.ok(sync.needsSnapshot());
        assert.is(sync.resyncReason, ResyncReason.Gap);
        assert.is(sync.counters[SyncCounter.Gaps], 1);
        assert.is(sync.counters[SyncCounter.Resyncs], 1);
        assert.ok(Number.isNaN(sync.bestBid()) && Number.isNaN(sync.bestAsk()));
        assert.ok(Number.isNaN(sync.book.bestBid()) && Number.isNaN(sync.book.bestAsk()), 'the book itself is emptied');
        assert.is(feedSnapshot(sync, original!), SnapshotOutcome.TooOld, 'the first snapshot no longer bridges');
        assert.is(sync.state, SyncState.ResyncNeeded);
      } else if (sinceDrop <= 5) {
        assert.is(r, DiffOutcome.Buffered, `diff ${sinceDrop} after the gap`);
        if (sinceDrop === 3) fresh = ref.snapshotNow();
        if (sinceDrop === 5) {
          const staleBefore = sync.counters[SyncCounter.StaleDropped];
          assert.is(feedSnapshot(sync, fresh!), SnapshotOutcome.Synced);
          assert.ok(sync.isSynced());
          assert.is(sync.bufferedEvents, 0);
          assert.is(sync.counters[SyncCounter.StaleDropped] - staleBefore, c.staleOnResync);
          assert.is(sync.lastUpdateId, d.u);
          assertSameBook(sync.book, ref, 'right after the resync');
        }
      } else {
        assert.is(r, DiffOutcome.Applied);
        if (!(sync.bestBid() < sync.bestAsk())) assert.unreachable(`crossed after diff ${d.u}`);
      }
    }
    assert.ok(sinceDrop > 100, 'the capture continues well past the resync');
    assert.ok(sync.isSynced());
    assert.is(sync.counters[SyncCounter.SnapshotsApplied], 2);
    assert.is(sync.counters[SyncCounter.SnapshotsTooOld], 1);
    assert.is(sync.counters[SyncCounter.Gaps], 1);
    assertSameBook(sync.book, ref, 'final book');
  });
}

test.run();
