// Volatility, Sharpe and Sortino against their closed forms on returns +10% -10% +10% +10%:
// mean 0.05, sd (n - 1) 0.1, downside deviation sqrt(0.1^2 / 4) = 0.05.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { performanceMetrics } from '../../src/backtest/performance-metrics.js';
import { periodsPerYear } from '../../src/backtest/annualisation.js';
import { DAY_US, dailyEquity, run } from './fixture.js';

const EQUITY = dailyEquity([100, 110, 99, 108.9, 119.79]);
const close = (got: number | null, want: number, what: string) => assert.ok(got !== null && Math.abs(got - want) < 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

test('risk-free 0, daily crypto bars (365 a year)', () => {
  const m = performanceMetrics(run(EQUITY), { riskFreeRate: 0, barIntervalUs: DAY_US, calendar: 'crypto' });
  close(m.annualisedVolatility.value, 0.1 * Math.sqrt(365), 'volatility');
  close(m.sharpe.value, (0.05 / 0.1) * Math.sqrt(365), 'sharpe');
  close(m.sortino.value, (0.05 / 0.05) * Math.sqrt(365), 'sortino');
});

test('risk-free 3.65% a year comes off each daily return as 0.0001; stocks daily bars are 252 a year', () => {
  const m = performanceMetrics(run(EQUITY), { riskFreeRate: 0.0365, barIntervalUs: DAY_US, calendar: 'crypto' });
  close(m.sharpe.value, (0.0499 / 0.1) * Math.sqrt(365), 'sharpe');
  close(m.sortino.value, (0.0499 / Math.sqrt(0.1001 ** 2 / 4)) * Math.sqrt(365), 'sortino');
  const s = performanceMetrics(run(EQUITY), { riskFreeRate: 0, barIntervalUs: DAY_US, calendar: 'stocks' });
  close(s.annualisedVolatility.value, 0.1 * Math.sqrt(252), 'stocks volatility');
});

test('bars per year: crypto 24 h x 365 days, stocks 252 sessions of 6.5 h', () => {
  assert.is(periodsPerYear('crypto', 60_000_000), 525_600);
  assert.is(periodsPerYear('stocks', 60_000_000), 252 * 390);
  assert.is(periodsPerYear('stocks', DAY_US), 252);
  assert.is(periodsPerYear('crypto', DAY_US), 365);
});

test.run();
