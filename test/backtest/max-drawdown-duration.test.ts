// Max drawdown and its duration on known equity paths: peak to the first point back at the
// peak, or to the end when it never got back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { performanceMetrics } from '../../src/backtest/performance-metrics.js';
import { DAY_US, dailyEquity, run } from './fixture.js';

const settings = { riskFreeRate: 0, barIntervalUs: DAY_US, calendar: 'crypto' as const };

test('100 120 90 130 65 80 130 140: 50% from day 3 to day 4, back at 130 on day 6: 3 days, recovered', () => {
  const m = performanceMetrics(run(dailyEquity([100, 120, 90, 130, 65, 80, 130, 140])), settings);
  assert.is(m.maxDrawdown.value, 0.5);
  assert.is(m.maxDrawdownDays.value, 3);
  assert.is(m.drawdownRecovered, true);
});

test('100 120 90 110: 25% from day 1, not recovered by day 3: 2 days to the end', () => {
  const m = performanceMetrics(run(dailyEquity([100, 120, 90, 110])), settings);
  assert.is(m.maxDrawdown.value, 0.25);
  assert.is(m.maxDrawdownDays.value, 2);
  assert.is(m.drawdownRecovered, false);
});

test('a curve that only rises has no drawdown and no duration', () => {
  const m = performanceMetrics(run(dailyEquity([100, 101, 105])), settings);
  assert.is(m.maxDrawdown.value, 0);
  assert.is(m.maxDrawdownDays.value, 0);
});

test.run();
