// Buy-and-hold on a known price path: all cash in at the first close less one fee, out at the
// last close less another, equal weight across symbols; its numbers go through the same metrics.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buyAndHold } from '../../src/backtest/baselines.js';
import { performanceMetrics } from '../../src/backtest/performance-metrics.js';
import { DAY_US } from './fixture.js';

const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));
const times = [0, 1, 2, 3].map((d) => d * DAY_US);

test('100 80 120 150 with a 0.1% fee: equity 1000/1.001 x price/100, the last close x 0.999', () => {
  const r = buyAndHold({ timeUs: times, symbols: [{ symbol: 'A', assetClass: 'crypto', close: [100, 80, 120, 150] }] }, { startingEquityUsd: 1000, feeRate: 0.001 });
  const want = [1000, 800, 1200, 1500 * 0.999].map((v) => v / 1.001);
  r.equity.forEach((p, i) => assert.ok(near(p.equityUsd, want[i]), `equity[${i}] ${p.equityUsd} vs ${want[i]}`));
  assert.equal(r.fills.map((f) => [f.side, f.price]), [['buy', 100], ['sell', 150]]);
  const m = performanceMetrics(r, { riskFreeRate: 0, barIntervalUs: DAY_US, calendar: 'crypto' });
  assert.ok(near(m.totalReturn.value, (1.5 * 0.999) / 1.001 - 1));
  assert.ok(near(m.maxDrawdown.value, 0.2));
  assert.is(m.roundTrips, 1);
  assert.is(m.winRate.value, 1);
  assert.ok(near(m.feesUsd, 1000 / 1.001 * 0.001 + (1500 / 1.001) * 0.001));
  assert.ok(near(m.realisedPnlUsd, want[3] - 1000));
});

test('two symbols share the equity equally', () => {
  const r = buyAndHold({
    timeUs: times,
    symbols: [{ symbol: 'A', assetClass: 'crypto', close: [100, 100, 100, 200] }, { symbol: 'B', assetClass: 'stocks', close: [50, 50, 50, 25] }],
  }, { startingEquityUsd: 1000, feeRate: 0 });
  assert.equal(r.equity.map((p) => p.equityUsd), [1000, 1000, 1000, 1000 + 250]);
});

test.run();
