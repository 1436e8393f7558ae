// `report tax --trail`: the Form 8949 rows come from what a session's portfolio booked, read
// from its audit trail: a replay of January 2022 trades BTC/USDT, and the year's Schedule D has
// one short-term row per lot disposed, proceeds equal to what the sells received.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tradingCryptoConfig } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import { fillsFromTrail } from '../../src/compliance/fills-file.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

test('a replayed session\'s trail gives the tax year\'s disposals; --trail and --fills are exclusive', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const data = tempDir('tradebot-tax-trail-');
  const run = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--replay', file, '--symbols', 'BTC/USDT', '--json',
    '--metrics-port', '0', '--data-dir', data], 60_000);
  assert.is(run.code, 0, run.stderr);
  const trail = path.join(data, 'audit');
  const { fills, sessions } = fillsFromTrail(trail);
  assert.equal(sessions, { paper: 1, live: 0, unknown: 0 }, 'the trail says its session traded paper');
  const summary = JSON.parse(run.stdout.trim().split('\n').pop()!) as { fills: number; fees_usd: number };
  assert.is(fills.length, summary.fills, 'every booked fill is in the trail');
  assert.ok(Math.abs(fills.reduce((a, f) => a + f.fee, 0) - summary.fees_usd) < 0.01, 'and its fees');
  assert.ok(fills.every((f) => new Date(f.tsMs).getUTCFullYear() >= 2021 && new Date(f.tsMs).getUTCFullYear() <= 2022), 'event times, not the wall clock');

  const csv = path.join(data, 'f8949.csv');
  const report = await runCli(['report', 'tax', '--year', '2022', '--trail', trail, '--out', csv, '--json'], 30_000);
  assert.is(report.code, 0, report.stderr);
  const totals = JSON.parse(report.stdout) as { rows: number; schedule_d: { short: { rows: number; proceeds: number }; long: { rows: number } }; from: unknown };
  assert.equal(totals.from, { execution: 'all', sessions: { paper: 1, live: 0, unknown: 0 } });
  assert.ok(totals.rows > 0 && totals.schedule_d.short.rows === totals.rows && totals.schedule_d.long.rows === 0, report.stdout);
  const sold = fills.filter((f) => f.side === 'sell' && new Date(f.tsMs).getUTCFullYear() === 2022);
  assert.ok(sold.length > 0);
  assert.ok(readFileSync(csv, 'utf8').split('\n').length > totals.rows, 'one CSV row per disposal, and a header');

  const byDataDir = await runCli(['report', 'tax', '--year', '2022', '--data-dir', data, '--json'], 30_000);
  assert.is(byDataDir.code, 0, byDataDir.stderr);
  assert.equal(JSON.parse(byDataDir.stdout), totals, 'the data directory\'s trails by default: the same totals');
  const noData = await runCli(['report', 'tax', '--year', '2022', '--data-dir', path.join(data, 'none')], 15_000);
  assert.is(noData.code, 2);
  assert.match(noData.stderr, /no audit trail at .*none.audit \(give --data-dir, --trail or --fills\)/);

  // A paper session disposes of nothing: live sessions only, and the text says what was read.
  const liveOnly = await runCli(['report', 'tax', '--year', '2022', '--trail', trail, '--execution', 'live', '--json'], 30_000);
  assert.is(liveOnly.code, 0, liveOnly.stderr);
  assert.is((JSON.parse(liveOnly.stdout) as { rows: number }).rows, 0);
  const text = await runCli(['report', 'tax', '--year', '2022', '--trail', trail], 30_000);
  assert.match(text.stdout, /sessions read: 0 live, 1 paper, 0 not recorded; paper fills are included \(they dispose of nothing: --execution live keeps live sessions only\)/);
  const badExecution = await runCli(['report', 'tax', '--year', '2022', '--trail', trail, '--execution', 'demo'], 15_000);
  assert.is(badExecution.code, 2);
  assert.match(badExecution.stderr, /--execution must be one of all, paper, live, unknown, got demo/);

  const both = await runCli(['report', 'tax', '--year', '2022', '--trail', trail, '--fills', csv], 15_000);
  assert.is(both.code, 2);
  assert.match(both.stderr, /one of --trail DIR .* or --fills FILE/);
  const missing = await runCli(['report', 'tax', '--year', '2022', '--trail', path.join(data, 'nope')], 15_000);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /no audit trail at/);
});

test.run();
