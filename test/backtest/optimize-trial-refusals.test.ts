// `tradebot optimize` refuses what every trial's backtest would refuse (one file per symbol, a bad
// symbol) before any trial runs, as a usage error (exit 2): the trials run on workers, where the
// same refusal was an uncaught error with a stack trace (exit 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('optimize with one file for the config\'s two symbols, or a stock ticker for crypto: exit 2, no stack trace', async () => {
  const dir = tempDir('tradebot-optimize-trials-');
  const space = path.join(dir, 'space.json');
  writeFileSync(space, '{"risk.fraction": {"min": 0.01, "max": 0.05}}');
  const bars = path.join(dir, 'bars.csv');
  writeFileSync(bars, `timestamp,open,high,low,close,volume\n${Array.from({ length: 8 }, (_, i) => `${1_640_000_000_000 + i * 60_000},100,101,99,100,1`).join('\n')}\n`);
  const base = ['optimize', 'crypto', '--data', bars, '--space', space, '--objective', 'sharpe', '--trials', '1', '--folds', '1'];

  const miscounted = await runCli(base, 60_000);
  assert.is(miscounted.code, 2, miscounted.stderr);
  assert.match(miscounted.stderr, /^tradebot: optimize: --data gave 1 file for 2 symbols \(BTC\/USDT, ETH\/USDT\)/m);
  assert.not.match(miscounted.stderr, /\n\s+at /);

  const badSymbol = await runCli([...base, '--symbols', 'AAPL'], 60_000);
  assert.is(badSymbol.code, 2, badSymbol.stderr);
  assert.match(badSymbol.stderr, /^tradebot: optimize: --symbols must be a crypto pair/m);
  assert.not.match(badSymbol.stderr, /\n\s+at /);
});

test.run();
