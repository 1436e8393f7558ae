// A backtest a trial cannot run because of its inputs (here a window outside the data) comes back
// from the optimize worker as a refusal, not as an error: an error's class does not survive the
// trip from the worker, so the command could not tell it from a crash (exit 1, a stack trace).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import runTrial from '../../src/backtest/optimize-worker.js';
import { cryptoConfig } from '../pipeline/cli-session.js';
import { twoDays } from './optimize-fixture.js';

test('a window without the data is refused, naming why', async () => {
  const data = twoDays();
  if (data === null) return;
  const outcome = await runTrial({
    assetClass: 'crypto', dataFiles: [data], symbols: ['BTC/USDT'], configPath: cryptoConfig(), from: '2023-01-01', to: '2023-01-02',
  });
  assert.ok('refused' in outcome, JSON.stringify(outcome));
  assert.match((outcome as { refused: string }).refused, /0 bars between --from and --to/);
});

test('a window with data gives figures', async () => {
  const data = twoDays();
  if (data === null) return;
  const outcome = await runTrial({
    assetClass: 'crypto', dataFiles: [data], symbols: ['BTC/USDT'], configPath: cryptoConfig(), from: '2022-01-03T00:00:00Z', to: '2022-01-03T06:00:00Z',
  });
  assert.not.ok('refused' in outcome, JSON.stringify(outcome));
  assert.type((outcome as { trades: number }).trades, 'number');
});

test.run();
