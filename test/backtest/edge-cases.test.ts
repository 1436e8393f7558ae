// No trades, a flat curve, one point, an empty curve, only winners: figures are null with a
// reason, never NaN or Infinity, and every renderer still produces its output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildBacktestReport } from '../../src/backtest/backtest-report.js';
import type { Figure } from '../../src/backtest/figure.js';
import { renderHtmlReport } from '../../src/backtest/html-report.js';
import { renderJsonReport } from '../../src/backtest/json-report.js';
import { performanceMetrics, type PerformanceMetrics } from '../../src/backtest/performance-metrics.js';
import { renderTerminalReport } from '../../src/backtest/terminal-report.js';
import { DAY_US, dailyEquity, fill, run } from './fixture.js';

const settings = { riskFreeRate: 0, barIntervalUs: DAY_US, calendar: 'crypto' as const };

function figures(m: PerformanceMetrics): Array<[string, Figure]> {
  return Object.entries(m).filter(([, v]) => v !== null && typeof v === 'object' && 'reason' in v) as Array<[string, Figure]>;
}

function assertNoNonFinite(m: PerformanceMetrics, label: string): void {
  for (const [k, f] of figures(m)) {
    if (f.value === null) assert.ok(typeof f.reason === 'string' && f.reason.length > 0, `${label}: ${k} null without a reason`);
    else assert.ok(Number.isFinite(f.value), `${label}: ${k} = ${f.value}`);
  }
  for (const k of ['trades', 'roundTrips', 'realisedPnlUsd', 'feesUsd', 'tradedNotionalUsd'] as const) assert.ok(Number.isFinite(m[k]), `${label}: ${k}`);
}

function assertRenders(m: Parameters<typeof buildBacktestReport>[0]): void {
  const report = buildBacktestReport(m);
  for (const text of [renderTerminalReport(report), renderHtmlReport(report), renderJsonReport(report)]) {
    assert.not.match(text, /NaN|Infinity/);
  }
}

test('no trades: win rate and profit factor null with a reason', () => {
  const m = performanceMetrics(run(dailyEquity([100, 101, 99])), settings);
  assertNoNonFinite(m, 'no trades');
  assert.is(m.winRate.value, null);
  assert.is(m.winRate.reason, 'no closed round trip');
  assert.is(m.profitFactor.value, null);
  assert.equal([m.trades, m.roundTrips, m.feesUsd], [0, 0, 0]);
});

test('flat equity: zero volatility, Sharpe and Sortino null, no drawdown', () => {
  const m = performanceMetrics(run(dailyEquity([100, 100, 100, 100])), settings);
  assertNoNonFinite(m, 'flat');
  assert.is(m.annualisedVolatility.value, 0);
  assert.is(m.sharpe.value, null);
  assert.is(m.sortino.value, null);
  assert.is(m.maxDrawdown.value, 0);
  assert.is(m.annualisedReturn.value, 0);
});

test('one point: nothing that needs time or returns', () => {
  const m = performanceMetrics(run(dailyEquity([100])), settings);
  assertNoNonFinite(m, 'one point');
  assert.is(m.annualisedReturn.value, null);
  assert.is(m.annualisedVolatility.value, null);
  assert.is(m.sharpe.value, null);
  assert.is(m.annualTurnover.value, null);
  assert.is(m.totalReturn.value, 0);
});

test('empty curve, equity wiped out, only winning trips', () => {
  assertNoNonFinite(performanceMetrics(run([], [], 100), settings), 'empty');
  const wiped = performanceMetrics(run(dailyEquity([100, 50, 0]), [], 100), settings);
  assertNoNonFinite(wiped, 'wiped');
  assert.is(wiped.annualisedReturn.value, null);
  assert.is(wiped.maxDrawdown.value, null);
  const winners = performanceMetrics(run(dailyEquity([100, 101]), [fill(0, 'A', 'buy', 1, 10), fill(1, 'A', 'sell', 1, 11)]), settings);
  assert.is(winners.winRate.value, 1);
  assert.is(winners.profitFactor.value, null);
  assert.is(winners.profitFactor.reason, 'no losing round trip (unbounded)');
});

test('reports of degenerate runs render without NaN or Infinity', () => {
  assertRenders({ run: run(dailyEquity([100])), prices: { timeUs: [0], symbols: [{ symbol: 'A', assetClass: 'crypto', close: [10] }] }, barIntervalUs: DAY_US });
  assertRenders({ run: run(dailyEquity([100, 100, 100])), prices: null, barIntervalUs: DAY_US });
  assertRenders({ run: run([], [], 100), prices: null, barIntervalUs: DAY_US });
});

test.run();
