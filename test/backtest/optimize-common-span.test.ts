// Walk-forward over several files folds only the span every file covers: each backtest replays
// just that span (common-span.ts), so a fold past the end of a shorter file had no bars and its
// trials died on a worker with a stack trace and exit 1. Real files: XRP/USDT perpetual 1-hour
// trade candles (2021-11-17 01:00 .. 11-21 04:00) beside its mark-price candles (11-15 06:00 .. 11-19 09:00).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOptimize } from '../../src/backtest/optimize-command.js';
import { sharedFile } from '../support/shared-data.js';
import { spaceFile, tradingConfig } from './optimize-fixture.js';

const FUTURES = 'crypto/candles/freqtrade/futures/XRP_USDT_USDT-1h-futures.json';
const MARK = 'crypto/candles/freqtrade/futures/XRP_USDT_USDT-1h-mark.json';

function args(futures: string, mark: string) {
  return {
    assetClass: 'crypto' as const, dataFiles: [futures, mark], symbols: ['BTC/USDT', 'ETH/USDT'], configPath: tradingConfig(), spaceFile: spaceFile(),
    objective: 'sharpe' as const, trials: 1, folds: 2, seed: 3, parallel: 1, progress: false,
  };
}

test('the folds lie inside the overlap of the two files, and every fold runs', async () => {
  const futures = sharedFile(FUTURES);
  const mark = sharedFile(MARK);
  if (futures === null || mark === null) return;
  const result = await runOptimize(args(futures, mark));
  assert.is(result.folds.length, 2);
  assert.ok(result.data.from >= '2021-11-17T01:00:00.000Z', result.data.from);
  assert.ok(result.data.to <= '2021-11-19T09:00:00.001Z', result.data.to);
  for (const fold of result.folds) assert.is(fold.trials[0].error, undefined, JSON.stringify(fold.trials[0]));
});

test('a --from after --to is a usage error', async () => {
  const futures = sharedFile(FUTURES);
  const mark = sharedFile(MARK);
  if (futures === null || mark === null) return;
  await runOptimize({ ...args(futures, mark), from: '2021-11-19', to: '2021-11-18' }).then(
    () => assert.unreachable('a reversed window was folded'),
    (err: Error) => {
      assert.is(err.constructor.name, 'OptimizeUsageError');
      assert.match(err.message, /--from 2021-11-19 is not before --to 2021-11-18/);
    },
  );
});

test.run();
