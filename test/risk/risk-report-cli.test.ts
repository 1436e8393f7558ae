// `tradebot risk report --json` as a child process, on real candles (Yahoo daily NVDA, freqtrade
// JSON ETH/BTC 5m) and on a generated CSV: one JSON line, every field finite, VaR rising with the
// level, ES at or above VaR, and every number equal to the domain module's on the same closes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import { readCandleFile } from '../../src/data/replay/candle-file.js';
import { riskReport, type RiskReport } from '../../src/risk/risk-report.js';
import { Prng } from '../../src/data/prng.js';

const REQUIRED = ['n_returns', 'var95_hist', 'var99_hist', 'es95_hist', 'es99_hist', 'var95_param', 'var99_param', 'es99_param',
  'var99_cf', 'evt_var99', 'evt_es99', 'evt_var995', 'evt_es995', 'max_drawdown'] as const;

async function checkReport(file: string, horizon = 1): Promise<RiskReport> {
  const r = await runCli(['risk', 'report', '--prices', file, '--horizon', String(horizon), '--json']);
  assert.is(r.code, 0, `${file}: exit ${r.code}\n${r.stderr}`);
  assert.is(r.stderr, '');
  assert.ok(r.stdout.endsWith('\n') && r.stdout.indexOf('\n') === r.stdout.length - 1, `one line: ${r.stdout}`);
  const got = JSON.parse(r.stdout) as RiskReport;
  for (const key of REQUIRED) assert.ok(Number.isFinite(got[key]), `${file}: ${key} = ${got[key]}`);
  assert.ok(got.var99_hist >= got.var95_hist && got.var99_param >= got.var95_param, `${file}: VaR rises with the level`);
  assert.ok(got.es95_hist >= got.var95_hist && got.es99_hist >= got.var99_hist && got.es99_param >= got.var99_param, `${file}: ES >= VaR`);
  assert.ok(got.evt_var995 >= got.evt_var99 && got.evt_es99 >= got.evt_var99 && got.evt_es995 >= got.evt_var995, `${file}: EVT ordering`);
  assert.ok(got.max_drawdown >= 0 && got.max_drawdown < 1);
  // Same closes through the domain module: equal to the last bit (JSON round-trips doubles).
  assert.equal(got, JSON.parse(JSON.stringify(riskReport(readCandleFile(file).close, horizon))), `${file}: CLI equals riskReport`);
  return got;
}

test('Yahoo daily NVDA 1999-2014: 4,011 daily returns, fat tails', async () => {
  const file = sharedFile('stocks/candles/backtrader/nvda-1999-2014.txt');
  if (file === null) return;
  const got = await checkReport(file);
  assert.is(got.n_returns, 4011);
  assert.ok(got.excess_kurtosis > 3 && got.evt_xi > 0, `kurtosis ${got.excess_kurtosis}, xi ${got.evt_xi}`);
});

test('freqtrade JSON ETH/BTC 5m, returns over 12 bars (one hour)', async () => {
  const file = sharedFile('crypto/candles/freqtrade/ETH_BTC-5m.json');
  if (file === null) return;
  const got = await checkReport(file, 12);
  assert.is(got.n_returns, Math.floor((5760 - 1) / 12));
  assert.is(got.horizon, 12);
});

test('a generated CSV: a walk with a 4-sigma shock every 50 bars', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'walk.csv');
  const rng = new Prng(21);
  const z = new Float64Array(1000);
  rng.fillNormal(z, 0, z.length);
  let price = 100;
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < z.length; i++) {
    const open = price;
    price *= 1 + 0.01 * z[i] * (i % 50 === 0 ? 4 : 1);
    lines.push(`${1_700_000_000_000 + i * 60_000},${open},${Math.max(open, price)},${Math.min(open, price)},${price},1`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const got = await checkReport(file);
  assert.is(got.n_returns, 999);
});

test('without --json: a table naming the file and the fields', async () => {
  const file = sharedFile('stocks/candles/backtrader/nvda-1999-2014.txt');
  if (file === null) return;
  const r = await runCli(['risk', 'report', '--prices', file]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^risk report: .*nvda-1999-2014\.txt/);
  assert.match(r.stdout, /\n {2}var99_hist +9\.976%\n/);
  assert.match(r.stdout, /\n {2}max_drawdown +89\.722%\n/);
});

test.run();
