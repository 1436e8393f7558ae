// `tradebot backtest` says a missing or miscounted --data in its own flags: "--replay" is a
// `run` flag the backtest user never typed. Exit 2, before any bar is replayed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('backtest with one file for two symbols, or --data empty: exit 2 naming --data', async () => {
  const dir = tempDir('tradebot-backtest-data-');
  const bars = path.join(dir, 'bars.csv');
  writeFileSync(bars, `timestamp,open,high,low,close,volume\n${Array.from({ length: 5 }, (_, i) => `${1_640_000_000_000 + i * 60_000},100,101,99,100,1`).join('\n')}\n`);

  const miscounted = await runCli(['backtest', 'crypto', '--data', bars, '--symbols', 'BTC/USDT,ETH/USDT'], 30_000);
  assert.is(miscounted.code, 2, miscounted.stderr);
  assert.match(miscounted.stderr, /^tradebot: backtest: --data gave 1 file for 2 symbols \(BTC\/USDT, ETH\/USDT\): give --symbols with one symbol per file/m);
  assert.not.match(miscounted.stderr, /--replay/);

  const byConfig = await runCli(['backtest', 'crypto', '--data', bars], 30_000);
  assert.is(byConfig.code, 2, byConfig.stderr);
  assert.match(byConfig.stderr, /--data gave 1 file for 2 symbols \(BTC\/USDT, ETH\/USDT, the config's\)/);

  const empty = await runCli(['backtest', 'crypto', '--data', ''], 30_000);
  assert.is(empty.code, 2, empty.stderr);
  assert.match(empty.stderr, /^tradebot: backtest: --data needs candle files, one per symbol$/m);
  assert.not.match(empty.stderr, /--replay/);
});

test.run();
