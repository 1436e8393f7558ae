// The synced book agrees with Binance's own bookTicker stream from the same capture. Both streams
// carry the order book update id (bookTicker `u`, diff final `u`), which aligns them exactly,
// better than by time: bookTicker is pushed on every change of the touch (price or size), so after
// a diff with final id u, the latest ticker with id <= u must show the book's best bid and ask and
// their sizes. In these captures that holds after every single diff, on spot and USD-M alike.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedText } from '../../../support/shared-data.js';
import { BinanceBookSync, BinanceMarket, DiffOutcome } from '../../../../src/data/venues/binance/binance-book-sync.js';
import { feedDiff, feedSnapshot, parseHftbacktest, TouchChecker } from './binance-book-sync-fixture.js';

const cases = [
  { file: 'ws/binance/hftbacktest/spot_btcusdt_20240808.gz', market: BinanceMarket.Spot },
  { file: 'ws/binance/hftbacktest/spot_ethusdt_20240808.gz', market: BinanceMarket.Spot },
  { file: 'ws/binance/hftbacktest/usdm_btcusdt_20240808.gz', market: BinanceMarket.UsdM },
];

for (const c of cases) {
  test(`${c.file}: book touch equals the bookTicker at the same update id`, () => {
    const text = sharedText(c.file);
    if (text === null) return;
    const items = parseHftbacktest(text);
    const sync = new BinanceBookSync({ market: c.market });
    const touch = new TouchChecker(items);
    for (const item of items) {
      if (item.kind === 'snapshot' && sync.isSynced() === false) {
        feedSnapshot(sync, item.snapshot);
        if (sync.isSynced()) touch.check(sync, c.file);
      } else if (item.kind === 'diff' && feedDiff(sync, item.diff) === DiffOutcome.Applied) {
        touch.check(sync, c.file);
      }
    }
    assert.ok(touch.checked > 3000, `${touch.checked} diffs checked`);
    assert.ok(touch.sharedIds > 500, `${touch.sharedIds} diffs end at an id a ticker also has`);
    process.stdout.write(`  ${c.file}: touch checked after ${touch.checked} diffs, ${touch.sharedIds} of them at an id the ticker shares\n`);
  });
}

test.run();
