// SyntheticMarket.next allocates nothing (it runs per event in L0), stocks included: session
// jumps and overnight gaps happen inside the measured loop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs } from '../../src/shm/allocation-check.js';
import { SyntheticMarket, MARKET_EVENT_F64, MarketEvent } from '../../src/data/synthetic-market.js';

for (const assetClass of ['crypto', 'stocks'] as const) {
  test(`${assetClass}: next() 0 GCs over 2M events`, () => {
    const m = new SyntheticMarket({
      symbols: [{ startPrice: 100, annualVol: 0.4, tickSize: 0.01 }, { startPrice: 3000, annualVol: 0.8, tickSize: 0.01 }],
      seed: 17, assetClass, startEpochUs: Date.UTC(2024, 0, 3, 15) * 1000, eventsPerSecond: 5,
    });
    const ev = new Float64Array(MARKET_EVENT_F64);
    const start = m.nowUs();
    const report = countGcs(() => { m.next(ev); }, 2_000_000);
    assert.ok(ev[MarketEvent.ts] - start > 3 * 86_400e6, 'the loop spans several days');
    assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
  });
}

test.run();
