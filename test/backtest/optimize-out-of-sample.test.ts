// Walk-forward optimisation on two days of real BTC-PERP bars (3 trials, 2 folds, 2 workers):
// each test window comes after its train window, and the chosen params come from the train
// windows only: distorting the last test window's prices (which no train window holds) leaves
// every fold's trials and choice unchanged while that fold's out-of-sample figures move.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOptimize } from '../../src/backtest/optimize-command.js';
import { smallRun, spaceFile, tradingConfig, twoDays } from './optimize-fixture.js';

test('test windows follow their train windows; corrupting a test window does not change the chosen params', async () => {
  const clean = twoDays();
  if (clean === null) return;
  const config = tradingConfig();
  const space = spaceFile();
  const a = await runOptimize(smallRun(clean, config, space));
  assert.is(a.folds.length, 2);
  for (const f of a.folds) {
    assert.ok(Date.parse(f.train.from) < Date.parse(f.train.to), JSON.stringify(f.train));
    assert.ok(Date.parse(f.testWindow.from) >= Date.parse(f.train.to), `fold ${f.index}: test ${f.testWindow.from} starts before train ends ${f.train.to}`);
    assert.is(f.train.bars, 1440);
    assert.is(f.testWindow.bars, 720);
    assert.equal(f.trials.map((t) => t.trial), [0, 1, 2]);
    assert.ok(f.trials.some((t) => t.params === f.best.params || JSON.stringify(t.params) === JSON.stringify(f.best.params)));
  }
  assert.is(a.folds[1].testWindow.to, '2022-01-04T23:59:00.001Z', 'the last fold ends at the data\'s end');
  assert.ok(a.folds.some((f) => f.test.trades > 0 || f.base.trades > 0), 'something traded out of sample');

  // The last test window holds bars no train window has: distort exactly those.
  const lastTest = a.folds[1].testWindow.from;
  for (const f of a.folds) assert.ok(Date.parse(f.train.to) <= Date.parse(lastTest));
  const corrupt = twoDays(lastTest);
  assert.ok(corrupt !== null);
  const b = await runOptimize(smallRun(corrupt, config, space));
  for (const [i, f] of b.folds.entries()) {
    assert.equal(f.best, a.folds[i].best, `fold ${i}: the same choice`);
    assert.equal(f.trials, a.folds[i].trials, `fold ${i}: the same train results`);
  }
  assert.equal(b.folds[0].test, a.folds[0].test, 'the first test window was not touched');
  assert.not.equal(b.folds[1].base, a.folds[1].base, 'the distorted test window changed the out-of-sample figures');
});

test.run();
