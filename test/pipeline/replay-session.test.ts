// `tradebot run --replay FILE...`: history files through the same six workers. Every bar of
// every file reaches the pipeline (a full ring makes the replay wait, it never conflates), the
// session ends by itself when the files are done, and the summary counts bars and ticks. A bad
// file list is refused before anything starts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, summaryOf } from './cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

test('the 45,031-bar FTX file: every bar replayed, 8 events each, the session ends on its own', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const r = await runCli(['run', 'crypto', '--replay', file, '--symbols', 'BTC/USDT', '--json', '--metrics-port', '0'], 60_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.source, 'replay');
  assert.is(s.bars, 45_031);
  assert.is(s.ticks, 45_031 * 8);
  assert.is(s.conflated, 0);
  assert.is(s.bad_input, 0);
  assert.ok(s.orders > 0 && s.orders_filled + s.orders_cancelled === s.orders && s.portfolio_fills === s.fills);
  // The account stays within what a 20k position cap on 100k equity can do over a month.
  assert.ok(Math.abs(s.pnl_usd) < 100_000 && s.max_drawdown_pct < 100, JSON.stringify(s));
  assert.match(r.stderr, /L0 replay finished: 45031 bars, 360248 events/);
});

test('two replays of the same file send the same orders, bit for bit, in every placement', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const run = async (topology: string) => {
    const r = await runCli(['run', 'crypto', '--replay', file, '--symbols', 'BTC/USDT', '--topology', topology, '--json', '--metrics-port', '0'], 60_000);
    assert.is(r.code, 0, r.stderr);
    return summaryOf(r);
  };
  const [a, b, fused, single] = [await run('layered'), await run('layered'), await run('fused'), await run('single')];
  assert.ok(a.orders > 0);
  assert.match(a.order_digest, /^[0-9a-f]{8}$/);
  for (const other of [b, fused, single]) {
    assert.is(other.order_digest, a.order_digest, 'the same orders');
    assert.is(other.orders, a.orders);
    assert.is(other.pnl_usd, a.pnl_usd);
    assert.is(other.fees_usd, a.fees_usd);
  }
});

test('fifteen years of NVDA daily bars as AAPL: the same orders, book and risk figures in every placement', async () => {
  // Prices that multiply and split over the years: a mark that runs ahead of a fill still on its
  // way (L0 is years ahead of L5 in a replay) would value the book at a price it never had.
  const file = sharedFile('stocks/candles/backtrader/nvda-1999-2014.txt');
  if (file === null) return;
  const run = async (topology: string) => {
    const r = await runCli(['run', 'stocks', '--replay', file, '--symbols', 'AAPL', '--topology', topology, '--json', '--metrics-port', '0', '--data-dir', ''], 60_000);
    assert.is(r.code, 0, r.stderr);
    return summaryOf(r);
  };
  const [a, b, fused, single] = [await run('layered'), await run('layered'), await run('fused'), await run('single')];
  assert.ok(a.orders > 0 && a.marks > 0);
  for (const other of [b, fused, single]) {
    assert.equal(
      [other.order_digest, other.orders, other.marks, other.equity_usd, other.max_drawdown_pct, other.max_gross_leverage, other.kill_switch],
      [a.order_digest, a.orders, a.marks, a.equity_usd, a.max_drawdown_pct, a.max_gross_leverage, a.kill_switch],
    );
  }
});

test('two files, two symbols, merged in time order', async () => {
  const eth = sharedFile('crypto/candles/freqtrade/ETH_BTC-5m.json');
  const ltc = sharedFile('crypto/candles/freqtrade/LTC_BTC-5m.json');
  if (eth === null || ltc === null) return;
  const r = await runCli(['run', 'crypto', '--replay', eth, '--replay', ltc, '--symbols', 'ETH/BTC,LTC/BTC', '--json', '--metrics-port', '0'], 60_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.bars, 5760 + 5760);
  assert.is(s.ticks, s.bars * 8);
});

test('--speed N paces every event: in 3 s at 600x no bar is read before its time', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const r = await runCli(['run', 'crypto', '--replay', file, '--symbols', 'BTC/USDT', '--speed', '600', '--duration', '3s', '--json',
    '--metrics-port', '0', '--data-dir', ''], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  // One-minute bars at 600x are due every 100 ms after the first: at most duration x 10 + 1 of them.
  // (A pacer that waited once per batch of events let whole batches through early.)
  assert.ok(s.bars >= 2 && s.bars <= Math.floor(s.duration_s * 10) + 1, `${s.bars} bars in ${s.duration_s} s`);
});

test('refused before starting: file count vs symbols, a missing file, a file in no known format, a bad --speed', async () => {
  const dir = tempDir('tradebot-replay-');
  const junk = path.join(dir, 'notes.txt');
  writeFileSync(junk, 'these are not candles\njust words\n');
  const other = path.join(dir, 'other.txt');
  writeFileSync(other, 'more words\n');
  const cases: [string[], RegExp][] = [
    [['--replay', junk, '--replay', other], /--replay gave 2 files for 1 symbols/],
    [['--replay', path.join(dir, 'missing.csv')], /--replay .*missing\.csv: cannot read it \(ENOENT\)/],
    [['--replay', junk], /--replay .*notes\.txt/],
    [['--replay', junk, '--speed', 'fast'], /--speed must be 0 .* got "fast"/],
    [['--source', 'replay'], /--source replay needs files: --replay FILE/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runCli(['run', 'crypto', '--symbols', 'BTC/USDT', ...args, '--metrics-port', '0']);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
  }
});

test.run();
