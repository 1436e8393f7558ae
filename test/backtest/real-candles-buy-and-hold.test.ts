// Buy-and-hold on real candles (FTX BTC-PERP 1m, Jan 2022, 45,031 bars): CAGR and max drawdown
// from the report modules equal a straightforward computation over the file's closes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { buildBacktestReport } from '../../src/backtest/backtest-report.js';
import { buyAndHold } from '../../src/backtest/baselines.js';
import { performanceMetrics } from '../../src/backtest/performance-metrics.js';
import { readCandleFile } from '../../src/data/replay/candle-file.js';
import { sharedFile } from '../support/shared-data.js';

const FILE = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';
const FEE = 0.001;
const E0 = 10_000;

/** The closes and times straight from the CSV text, without the project's reader. */
function closesOf(file: string): { ms: number[]; close: number[] } {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
  const ms: number[] = [];
  const close: number[] = [];
  for (const line of lines) {
    const f = line.split(',');
    ms.push(Date.parse(`${f[0].replace(' ', 'T').slice(0, 23)}Z`));
    close.push(Number(f[4]));
  }
  return { ms, close };
}

test('BTC-PERP buy-and-hold: CAGR and max drawdown as computed by hand', () => {
  const file = sharedFile(FILE);
  if (file === null) return;
  const { ms, close } = closesOf(file);
  assert.is(close.length, 45_031);

  // By hand: all in at the first close less the fee, out at the last close less the fee.
  const qty = E0 / (1 + FEE) / close[0];
  const path = close.map((c, i) => qty * c * (i === close.length - 1 ? 1 - FEE : 1));
  const years = (ms[ms.length - 1] - ms[0]) / (365.25 * 86_400_000);
  const cagr = Math.pow(path[path.length - 1] / E0, 1 / years) - 1;
  let peak = 0;
  let mdd = 0;
  for (const v of path) {
    peak = Math.max(peak, v);
    mdd = Math.max(mdd, (peak - v) / peak);
  }

  const series = readCandleFile(file);
  assert.is(series.count, close.length);
  const prices = { timeUs: series.openTimeUs, symbols: [{ symbol: 'BTC-PERP', assetClass: 'crypto' as const, close: series.close }] };
  const run = buyAndHold(prices, { startingEquityUsd: E0, feeRate: FEE });
  const m = performanceMetrics(run, { riskFreeRate: 0, barIntervalUs: series.intervalUs, calendar: 'crypto' });
  assert.ok(Math.abs((m.annualisedReturn.value as number) - cagr) < 1e-9, `CAGR ${m.annualisedReturn.value} vs ${cagr}`);
  assert.ok(Math.abs((m.maxDrawdown.value as number) - mdd) < 1e-12, `max drawdown ${m.maxDrawdown.value} vs ${mdd}`);
  assert.ok(m.annualisedReturn.value! < 0 && mdd > 0.1, 'January 2022 fell');

  // The whole report builds on it, charts thinned to at most 400 points a line.
  const report = buildBacktestReport({ run, prices, barIntervalUs: series.intervalUs, baselineFeeRate: FEE });
  assert.is(report.buyAndHold?.annualisedReturn.value, m.annualisedReturn.value);
  assert.ok(report.charts.equity.every((s) => s.values.length <= 400 && s.values.length > 100));
  assert.is(report.settings.periodsPerYear, 525_600);
});

test.run();
