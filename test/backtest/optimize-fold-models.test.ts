// Walk-forward with the deep model served: each fold retrains the promoted model's recipe on its
// own train window before any of its backtests, so no backtest of a fold serves a model that saw
// bars after the fold's train window. Real candles, the real trainer and exporter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOptimize } from '../../src/backtest/optimize-command.js';
import { readRegistry } from '../../src/models/model-registry.js';
import { defaultModelsDir } from '../../src/alpha/deep/promoted-model.js';
import { cryptoConfig } from '../pipeline/cli-session.js';
import { smallRun, spaceFile, twoDays } from './optimize-fixture.js';

test('every fold trains its own deep model on its train window only', async () => {
  const data = twoDays();
  if (data === null) return;
  const config = cryptoConfig((y) => y
    .replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction')
    .replace(/^  deep_onnx:\n    weight: 0$/m, '  deep_onnx:\n    weight: 1'));
  const result = await runOptimize({ ...smallRun(data, config, spaceFile()), trials: 1 });
  const promoted = readRegistry(defaultModelsDir()).promoted;
  assert.is(result.folds.length, 2);
  for (const fold of result.folds) {
    const model = fold.model;
    assert.ok(model !== undefined, `fold ${fold.index} has no model of its own`);
    assert.is(model.name, promoted);
    assert.equal(model.trainedOn, fold.train, 'trained on exactly the fold\'s train window');
    assert.ok(Date.parse(model.trainedOn.to) <= Date.parse(fold.testWindow.from), 'nothing from the test window');
    assert.match(model.onnxSha256, /^[0-9a-f]{64}$/);
  }
  assert.is.not(result.folds[0].model!.onnxSha256, result.folds[1].model!.onnxSha256, 'two windows, two models');
});

test('the deep model off: no fold trains one', async () => {
  const data = twoDays();
  if (data === null) return;
  const config = cryptoConfig((y) => y.replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction'));
  const result = await runOptimize({ ...smallRun(data, config, spaceFile()), trials: 1 });
  for (const fold of result.folds) assert.is(fold.model, undefined);
});

test.run();
