// The meta-learner's weights travel from one run into the next: a backtest reports what its
// meta-learner learnt, a backtest seeded with that starts from it (its counts carry on from the
// seed's), and walk-forward starts each fold's test runs from what the same config learnt on the
// fold's train window. Real candles (two days of FTX BTC-PERP), the real stage graph.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBacktest } from '../../src/backtest/backtest-command.js';
import { runOptimize } from '../../src/backtest/optimize-command.js';
import { cryptoConfig } from '../pipeline/cli-session.js';
import { smallRun, spaceFile, twoDays } from './optimize-fixture.js';

const learning = (y: string): string => y
  .replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction')
  .replace(/^  metaLearningRate: 0$/m, '  metaLearningRate: 0.5');

test('a backtest reports what it learnt; one seeded with it carries on from there', async () => {
  const data = twoDays();
  if (data === null) return;
  const config = cryptoConfig(learning);
  const args = { assetClass: 'crypto' as const, dataFiles: [data], symbols: ['BTC/USDT'], configPath: config, from: '2022-01-03T00:00', to: '2022-01-03T12:00', log: () => {} };
  const cold = await runBacktest(args);
  assert.ok(cold.learnt !== null, 'learning on: the learnt weights come back');
  const scored = cold.learnt.scored.reduce((a, b) => a + b, 0);
  assert.ok(scored > 100, `calls scored: ${scored}`);
  assert.ok(cold.learnt.lambda.some((l) => l > 0), 'some model lost weight');

  const warm = await runBacktest({ ...args, learntWeights: cold.learnt });
  // The edges, and so the calls scored, do not depend on the weights: the seeded run scores as many again.
  assert.equal(warm.learnt?.scored, cold.learnt.scored.map((n) => 2 * n), 'the counts carry on from the seed');
  assert.not.equal(warm.learnt?.lambda, cold.learnt.lambda, 'and the weights moved on from it');

  const off = await runBacktest({ ...args, configPath: cryptoConfig((y) => y.replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction')) });
  assert.is(off.learnt, null, 'learning off: nothing learnt to carry');
});

test('walk-forward: each fold\'s test runs start from its train runs\' weights', async () => {
  const data = twoDays();
  if (data === null) return;
  const result = await runOptimize({ ...smallRun(data, cryptoConfig(learning), spaceFile()), trials: 1 });
  assert.is(result.folds.length, 2);
  for (const fold of result.folds) {
    assert.ok(fold.metaLearner !== undefined, `fold ${fold.index}`);
    assert.ok((fold.metaLearner.bestCarriedScored ?? 0) > 0, JSON.stringify(fold.metaLearner));
    assert.ok((fold.metaLearner.baseCarriedScored ?? 0) > 0, JSON.stringify(fold.metaLearner));
  }
});

test.run();
