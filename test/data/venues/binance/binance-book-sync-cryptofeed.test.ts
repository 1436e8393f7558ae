// cryptofeed's recordings: four spot symbols (depth@100ms + REST depth?limit=1000) and four USD-M
// symbols, one session each. Frames and REST responses are merged per symbol by their recorded
// timestamps. In every symbol the snapshot came back after the first diff and before the bridging
// diff (USD-M: a diff with U == L or u == L, which only the futures rule accepts), so each sync
// goes through buffering, snapshot, and either a buffered or a live bridge.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import {
  BinanceBookSync, BinanceMarket, DiffOutcome, SnapshotOutcome, SyncCounter,
} from '../../../../src/data/venues/binance/binance-book-sync.js';
import { assertSameBook, feedDiff, feedSnapshot, parseCryptofeed, ReferenceSync, TouchChecker } from './binance-book-sync-fixture.js';

const cases = [
  { name: 'BINANCE', market: BinanceMarket.Spot, symbols: ['NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR'] },
  { name: 'BINANCE_FUTURES', market: BinanceMarket.UsdM, symbols: ['SUSHIUSDT', 'AKROUSDT', 'KEEPUSDT', 'CTKUSDT'] },
];

for (const c of cases) {
  test(`cryptofeed ${c.name}: every symbol syncs and matches the reference and its bookTicker`, () => {
    const ws = sharedText(`ws/binance/cryptofeed/${c.name}.ws.1.0`);
    const http = sharedText(`ws/binance/cryptofeed/${c.name}.http.0.0`);
    if (ws === null || http === null) return;
    const perSymbol = parseCryptofeed(ws, http);
    assert.equal([...perSymbol.keys()].sort(), [...c.symbols].sort());
    for (const [symbol, items] of perSymbol) {
      const sync = new BinanceBookSync({ market: c.market });
      const ref = new ReferenceSync(c.market === BinanceMarket.UsdM);
      let applied = 0;
      let snapshotOutcome = -1;
      const touch = new TouchChecker(items);
      for (const item of items) {
        if (item.kind === 'snapshot') {
          snapshotOutcome = feedSnapshot(sync, item.snapshot);
          ref.snapshot(item.snapshot);
        } else if (item.kind === 'diff') {
          const r = feedDiff(sync, item.diff);
          ref.diff(item.diff);
          assert.ok(r === DiffOutcome.Applied || r === DiffOutcome.Buffered || r === DiffOutcome.Stale, `${symbol}: diff ${item.diff.u} -> ${r}`);
          if (r === DiffOutcome.Applied) {
            applied++;
            assert.ok(sync.bestBid() < sync.bestAsk(), `${symbol}: crossed after ${item.diff.u}`);
            touch.check(sync, symbol);
          }
        }
      }
      assert.ok(snapshotOutcome === SnapshotOutcome.Synced || snapshotOutcome === SnapshotOutcome.AwaitingBridge, `${symbol}: snapshot ${snapshotOutcome}`);
      assert.ok(sync.isSynced(), `${symbol} synced`);
      assert.ok(ref.synced);
      assert.is(sync.counters[SyncCounter.Resyncs], 0, symbol);
      assert.is(sync.lastUpdateId, ref.last, symbol);
      assertSameBook(sync.book, ref, symbol);
      process.stdout.write(`  ${c.name} ${symbol}: snapshot ${snapshotOutcome === SnapshotOutcome.Synced ? 'bridged by a buffered diff' : 'bridged by a live diff'}, ${applied} live diffs applied, touch equal to the bookTicker after ${touch.checked} of them\n`);
    }
  });
}

test.run();
