// `tradebot backtest` as a real child process on real candles: the fills come from the same
// workers a session runs, the report is the same byte for byte on a second run and in another
// placement, the HTML report is written, and bad windows or files are usage errors (exit 2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tradingCryptoConfig } from '../pipeline/cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';
const WINDOW = ['--from', '2022-01-03', '--to', '2022-01-06'];

test('three days of BTC-PERP: the same report twice and in the layered placement; the HTML written', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const config = tradingCryptoConfig();
  const html = path.join(tempDir('tradebot-backtest-'), 'report.html');
  const args = ['backtest', 'crypto', '--data', file, '--symbols', 'BTC/USDT', '--config', config, ...WINDOW, '--json'];
  const a = await runCli([...args, '--html', html], 60_000);
  assert.is(a.code, 0, a.stderr);
  // The window is replayed from a temporary cut of the file; the log names the user's file.
  assert.ok(a.stderr.includes(`L0 replay ${file} (cut to the window)`), a.stderr);
  assert.not.match(a.stderr, /tradebot-backtest-[^/]*\/bars-0\.csv/);
  const b = await runCli(args, 60_000);
  const layered = await runCli([...args, '--topology', 'layered'], 60_000);
  assert.is(b.stdout, a.stdout, 'byte for byte the same report');
  assert.is(layered.stdout, a.stdout, 'the same trades in the layered placement');

  const report = JSON.parse(a.stdout) as { inputs: Array<Record<string, unknown>> };
  const text = JSON.stringify(report);
  // What the file gave, beside the figures: the whole month read, three days of it in the window.
  assert.equal(report.inputs, [{
    symbol: 'BTC/USDT', file: path.basename(FTX), format: 'csv-ohlcv', rowsRead: 45_031, bars: 45_031, barsInWindow: 4320,
    skipped: {}, gaps: report.inputs[0].gaps, missingBars: report.inputs[0].missingBars, jumps: 0, reversed: false,
  }]);
  // 3 days of 1-minute bars, from the window.
  assert.match(text, /4320 bars/);
  assert.match(a.stderr, /L0 replay finished: 4320 bars, 34560 events/);
  const session = /backtest: 34560 events replayed .*; (\d+) orders, (\d+) fills/.exec(a.stderr);
  assert.ok(session !== null && Number(session[1]) > 0, a.stderr);
  const page = readFileSync(html, 'utf8');
  assert.ok(page.startsWith('<!DOCTYPE html>') || page.startsWith('<!doctype html>'), page.slice(0, 40));
  assert.ok((page.match(/<svg/g) ?? []).length >= 2, 'equity and drawdown charts inline');
});

test('the human report names ours beside buy-and-hold, the naive baseline and the claims', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const r = await runCli(['backtest', 'crypto', '--data', file, '--symbols', 'BTC/USDT', '--config', tradingCryptoConfig(), ...WINDOW], 60_000);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /metric +ours +buy-and-hold +naive +original \(claimed\)/);
  assert.match(r.stdout, /Sharpe ratio/);
  assert.match(r.stdout, /Max drawdown/);
  assert.match(r.stdout, /\ndata:\nsymbol +file +format +rows +bars +in window +skipped +gaps \(missing bars\) +jumps\n.*\nBTC\/USDT +ftx-btc-perp-20211231-20220201_1m\.csv +csv-ohlcv +45,031 +45,031 +4,320 +0 /);
});

test('a window with no bars, a bad date and a missing file are usage errors', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const base = ['backtest', 'crypto', '--data', file, '--symbols', 'BTC/USDT'];
  const empty = await runCli([...base, '--from', '2030-01-01'], 30_000);
  assert.is(empty.code, 2, empty.stderr);
  assert.match(empty.stderr, /0 bars between --from and --to/);
  const bad = await runCli([...base, '--from', 'yesterday'], 30_000);
  assert.is(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--from "yesterday" is not a date/);
  const missing = await runCli(['backtest', 'crypto', '--data', '/nonexistent/bars.csv', '--symbols', 'BTC/USDT'], 30_000);
  assert.is(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /\/nonexistent\/bars\.csv/);
});

test('an --html path that cannot be written is a usage error before anything runs', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const r = await runCli(['backtest', 'crypto', '--data', file, '--symbols', 'BTC/USDT', ...WINDOW, '--html', path.join(tempDir('tradebot-bt-'), 'no', 'such', 'dir', 'r.html')], 30_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--html .*r\.html: cannot write it \(ENOENT\)/);
  assert.not.match(r.stderr, /backtest: \d+ events replayed/);
});

test.run();
