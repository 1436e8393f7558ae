// `tradebot stats coint A B --json` as a child process: on real candles (freqtrade ETH/BTC and
// LTC/BTC 5m; Yahoo daily NVDA and ORCL, whose spans differ) and on a generated cointegrated pair
// whose files overlap only in part. One JSON line, finite fields, the bars joined on open time,
// and the numbers equal to engleGranger on the same aligned closes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import { readCandleFile } from '../../src/data/replay/candle-file.js';
import { cointOutput, type CointOutput } from '../../src/stats/coint-command.js';
import { alignByTime } from '../../src/stats/time-alignment.js';
import { Prng } from '../../src/data/prng.js';

async function checkCoint(fileA: string, fileB: string): Promise<CointOutput> {
  const r = await runCli(['stats', 'coint', fileA, fileB, '--json']);
  assert.is(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  assert.ok(r.stdout.indexOf('\n') === r.stdout.length - 1, `one line: ${r.stdout}`);
  const got = JSON.parse(r.stdout) as CointOutput;
  for (const key of ['hedge_ratio', 'intercept', 'adf_stat', 'p_value', 'n'] as const) assert.ok(Number.isFinite(got[key]), `${key} = ${got[key]}`);
  assert.ok(got.p_value >= 0 && got.p_value <= 1);
  const a = readCandleFile(fileA);
  const b = readCandleFile(fileB);
  const aligned = alignByTime(a.openTimeUs, a.close, b.openTimeUs, b.close);
  assert.equal(got, JSON.parse(JSON.stringify(cointOutput(aligned.a, aligned.b))), 'CLI equals the domain module');
  return got;
}

test('ETH/BTC on LTC/BTC 5m (freqtrade JSON): every common bar', async () => {
  const eth = sharedFile('crypto/candles/freqtrade/ETH_BTC-5m.json');
  const ltc = sharedFile('crypto/candles/freqtrade/LTC_BTC-5m.json');
  if (eth === null || ltc === null) return;
  const got = await checkCoint(eth, ltc);
  assert.is(got.n, 5760);
});

test('NVDA on ORCL (Yahoo daily): joined on the dates both have', async () => {
  const nvda = sharedFile('stocks/candles/backtrader/nvda-1999-2014.txt');
  const orcl = sharedFile('stocks/candles/backtrader/orcl-1995-2014.txt');
  if (nvda === null || orcl === null) return;
  const got = await checkCoint(nvda, orcl);
  assert.is(got.n, 4012);
});

test('generated pair A = 2B + 1 + noise, files overlapping in 400 of 500 bars', async () => {
  const dir = tempDir();
  const rng = new Prng(77);
  const z = new Float64Array(1000);
  rng.fillNormal(z, 0, z.length);
  const header = 'timestamp,open,high,low,close,volume';
  const rowsA = [header];
  const rowsB = [header];
  let b = 100;
  let noise = 0;
  for (let i = 0; i < 500; i++) {
    b += z[i];
    noise = 0.5 * noise + 0.25 * z[500 + i];
    const a = 2 * b + 1 + noise;
    const t = 1_700_000_000_000 + i * 60_000;
    if (i >= 100) rowsA.push(`${t},${a},${a},${a},${a},1`);
    rowsB.push(`${t},${b},${b},${b},${b},1`);
  }
  const fileA = path.join(dir, 'a.csv');
  const fileB = path.join(dir, 'b.csv');
  writeFileSync(fileA, `${rowsA.join('\n')}\n`);
  writeFileSync(fileB, `${rowsB.join('\n')}\n`);
  const got = await checkCoint(fileA, fileB);
  assert.is(got.n, 400);
  assert.ok(Math.abs(got.hedge_ratio - 2) < 0.05, `hedge ${got.hedge_ratio}`);
  assert.ok(got.p_value < 0.01, `p ${got.p_value}`);
});

test('a missing file: exit 2, one line naming it', async () => {
  const nvda = sharedFile('stocks/candles/backtrader/nvda-1999-2014.txt') ?? 'nvda.txt';
  const r = await runCli(['stats', 'coint', nvda, '/nonexistent/b.csv', '--json']);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr, 'tradebot: /nonexistent/b.csv: no such file\n');
});

test.run();
