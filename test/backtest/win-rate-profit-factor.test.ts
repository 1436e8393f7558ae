// Win rate and profit factor over hand-made FIFO round trips, one of them closed by a flip
// whose fee is split between the trip it closes and the one it opens.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { performanceMetrics } from '../../src/backtest/performance-metrics.js';
import { roundTrips } from '../../src/backtest/round-trips.js';
import { DAY_US, dailyEquity, fill } from './fixture.js';

const FILLS = [
  fill(0, 'X', 'buy', 2, 10), fill(1, 'X', 'sell', 2, 13), // +6
  fill(0, 'Y', 'buy', 1, 10), fill(1, 'Y', 'sell', 3, 8, 0.3), // closes the long at -2 - 0.1, opens 2 short (fee 0.2)
  fill(2, 'Y', 'buy', 2, 9), // short closed at -2 - 0.2
  fill(3, 'Z', 'sell', 1, 20), fill(4, 'Z', 'buy', 1, 15), // short +5
];

test('round trips: long, long closed by a flip, the short it opened, a short', () => {
  const { trips, openSymbols } = roundTrips(FILLS);
  const got = trips.map((t) => [t.symbol, t.direction, Math.round(t.pnlUsd * 1e9) / 1e9]);
  assert.equal(got, [['X', 1, 6], ['Y', 1, -2.1], ['Y', -1, -2.2], ['Z', -1, 5]]);
  assert.equal(openSymbols, []);
});

test('win rate 2/4, profit factor 11 / 4.3, 7 fills', () => {
  const m = performanceMetrics({ equity: dailyEquity([100, 101, 102, 103, 104]), fills: FILLS, exposure: [], startingEquityUsd: 100 }, { riskFreeRate: 0, barIntervalUs: DAY_US, calendar: 'crypto' });
  assert.is(m.winRate.value, 0.5);
  assert.ok(Math.abs((m.profitFactor.value as number) - 11 / 4.3) < 1e-12, String(m.profitFactor.value));
  assert.is(m.trades, 7);
  assert.is(m.roundTrips, 4);
  assert.is(m.feesUsd, 0.3);
  assert.equal(m.bySymbol.map((r) => [r.key, r.trades, r.roundTrips, r.winRate.value]), [['X', 2, 1, 1], ['Y', 3, 2, 0], ['Z', 2, 1, 1]]);
});

test('FIFO within a trip: 1 @ 10 then 1 @ 12, sold 1 @ 15 then 1 @ 11, is one trip of (15 - 10) + (11 - 12) = 4', () => {
  const { trips } = roundTrips([fill(0, 'A', 'buy', 1, 10), fill(1, 'A', 'buy', 1, 12), fill(2, 'A', 'sell', 1, 15), fill(3, 'A', 'sell', 1, 11)]);
  assert.is(trips.length, 1);
  assert.is(trips[0].pnlUsd, 4);
  assert.is(trips[0].maxQty, 2);
});

test('a position still open at the end is no round trip', () => {
  const { trips, openSymbols } = roundTrips([fill(0, 'A', 'buy', 2, 10), fill(1, 'A', 'sell', 1, 12)]);
  assert.is(trips.length, 0);
  assert.equal(openSymbols, ['A']);
});

test.run();
