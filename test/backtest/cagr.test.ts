// CAGR from the starting equity and the calendar time of the curve (365.25-day years), and
// turnover as traded notional over mean equity per year.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { performanceMetrics } from '../../src/backtest/performance-metrics.js';
import { DAY_US, fill } from './fixture.js';

const settings = { riskFreeRate: 0, barIntervalUs: DAY_US, calendar: 'crypto' as const };

test('100 -> 121 over two 365.25-day years is 10% a year; turnover 220 traded / 107 mean equity / 2 years', () => {
  const equity = [{ timeUs: 0, equityUsd: 100 }, { timeUs: 365.25 * DAY_US, equityUsd: 100 }, { timeUs: 730.5 * DAY_US, equityUsd: 121 }];
  const fills = [fill(0, 'X', 'buy', 1, 100), fill(730.5, 'X', 'sell', 1, 120)];
  const m = performanceMetrics({ equity, fills, exposure: [], startingEquityUsd: 100 }, settings);
  assert.ok(Math.abs((m.annualisedReturn.value as number) - 0.1) < 1e-12, String(m.annualisedReturn.value));
  assert.ok(Math.abs((m.totalReturn.value as number) - 0.21) < 1e-12);
  assert.is(m.years.value, 2);
  assert.ok(Math.abs((m.annualTurnover.value as number) - 220 / 107 / 2) < 1e-12, String(m.annualTurnover.value));
});

test('exposure: gross held from each point to the next, the last until the end of the curve', () => {
  const equity = [0, 1, 2, 3, 4].map((d) => ({ timeUs: d * DAY_US, equityUsd: 100 }));
  const exposure = [{ timeUs: 0, gross: 0 }, { timeUs: DAY_US, gross: 1.5 }, { timeUs: 3 * DAY_US, gross: 0.5 }];
  const m = performanceMetrics({ equity, fills: [], exposure, startingEquityUsd: 100 }, settings);
  assert.is(m.timeInMarket.value, 0.75);
  assert.is(m.averageGrossExposure.value, (1.5 * 2 + 0.5) / 4);
});

test.run();
