// `tradebot optimize` as a child process: a bad search space, objective or fold count is a usage
// error (exit 2) whose message names the key or flag and the bad value, before any backtest runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('bad space, objective and folds exit 2 naming what is wrong', async () => {
  const dir = tempDir('tradebot-optimize-cli-');
  const space = path.join(dir, 'space.yml');
  writeFileSync(space, 'risk.fracton: {min: 0.01, max: 0.1}\nstrategy.edgeThresholdBps: {min: 9, max: 2}\n');
  const bars = path.join(dir, 'bars.csv');
  writeFileSync(bars, `timestamp,open,high,low,close,volume\n${Array.from({ length: 5 }, (_, i) => `${1_640_000_000_000 + i * 60_000},100,101,99,100,1`).join('\n')}\n`);
  const base = ['optimize', 'crypto', '--data', bars, '--symbols', 'BTC/USDT'];

  const badSpace = await runCli([...base, '--space', space, '--objective', 'sharpe'], 30_000);
  assert.is(badSpace.code, 2, badSpace.stderr);
  assert.match(badSpace.stderr, /"risk\.fracton" is not a config path/);
  assert.match(badSpace.stderr, /"strategy\.edgeThresholdBps": min 9 must be below max 2/);

  writeFileSync(space, '{"risk.fraction": {"min": 0.01, "max": 0.05}}');
  const badObjective = await runCli([...base, '--space', space, '--objective', 'profit'], 30_000);
  assert.is(badObjective.code, 2, badObjective.stderr);
  assert.match(badObjective.stderr, /--objective must be one of sharpe \| sortino \| calmar, got "profit"/);

  const tooManyFolds = await runCli([...base, '--space', space, '--objective', 'sharpe', '--folds', '4'], 30_000);
  assert.is(tooManyFolds.code, 2, tooManyFolds.stderr);
  assert.match(tooManyFolds.stderr, /4 rolling folds need at least 6 bars, got 5/);
});

test.run();
