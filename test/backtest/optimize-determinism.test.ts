// The same seed gives the same optimisation report, byte for byte, although the trials run on
// two workers and finish in whatever order they do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderOptimizeJson, runOptimize } from '../../src/backtest/optimize-command.js';
import { smallRun, spaceFile, tradingConfig, twoDays } from './optimize-fixture.js';

test('two runs with the same seed print the same JSON', async () => {
  const data = twoDays();
  if (data === null) return;
  const args = smallRun(data, tradingConfig(), spaceFile());
  const first = renderOptimizeJson(await runOptimize(args));
  const second = renderOptimizeJson(await runOptimize(args));
  assert.is(second, first);
  const parsed = JSON.parse(first) as { seed: number; folds: Array<{ trials: unknown[] }>; outOfSample: { testObjective: { n: number } } };
  assert.is(parsed.seed, 11);
  assert.is(parsed.folds.length, 2);
  assert.is(parsed.folds[0].trials.length, 3);
  assert.not.match(first, /tradebot-optimize-data-/, 'no temporary paths in the report');
});

test.run();
