// An ONNX file that loads but takes windows of another shape than its card's (another model's
// file copied under this card, its hash updated) is refused by `models promote`, which leaves the
// promoted model as it was: serving would refuse it anyway, in every session, after the promotion
// said it succeeded. `models eval` of it fails naming the model and the file. A model of another
// horizon than the deep_onnx alpha serves is refused for the same reason.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateModel, promoteModel } from '../../src/ml/models-command.js';
import { runTrain } from '../../src/ml/train-command.js';
import { fileSha256 } from '../../src/models/model-card.js';
import { readRegistry } from '../../src/models/model-registry.js';
import { tempDir } from '../support/temp-dir.js';
import { candlesCsv, randomWalkCandles } from '../ml/random-walk-candles.js';

const SHIPPED_MODELS = fileURLToPath(new URL('../../../models', import.meta.url));

test('promote refuses an ONNX file of another window than its card; eval names the model', async () => {
  const dir = tempDir('tradebot-promote-shape-');
  const models = path.join(dir, 'models');
  cpSync(SHIPPED_MODELS, models, { recursive: true });
  const csv = path.join(dir, 'walk.csv');
  writeFileSync(csv, candlesCsv(randomWalkCandles(500, 5)));
  const other = await runTrain({ model: 'lstm', data: [csv], out: path.join(models, 'window-8'), horizon: '5m', epochs: 1, window: 8, batchSize: 32 });
  assert.is(other.window, 8);

  const before = readRegistry(models).promoted;
  const onnx = path.join(models, 'sim-btc-lstm', 'model.onnx');
  copyFileSync(path.join(models, 'window-8', 'model.onnx'), onnx);
  const cardFile = path.join(models, 'sim-btc-lstm', 'card.json');
  const card = JSON.parse(readFileSync(cardFile, 'utf8'));
  assert.is.not(card.window, 8);
  card.onnx.sha256 = fileSha256(onnx);
  writeFileSync(cardFile, JSON.stringify(card));

  try {
    await promoteModel(models, 'sim-btc-lstm');
    assert.unreachable('promoted an ONNX file of another shape');
  } catch (err) {
    assert.match((err as Error).message, /model sim-btc-lstm: .*model\.onnx does not answer a zero window of its card's shape \[1, 32, 8\]/);
  }
  assert.is(readRegistry(models).promoted, before);
  try {
    await evaluateModel(models, 'sim-btc-lstm', { data: [csv] });
    assert.unreachable('evaluated an ONNX file of another shape');
  } catch (err) {
    assert.match((err as Error).message, /^model sim-btc-lstm: .*model\.onnx did not run on windows of its card's shape/);
  }
  assert.match(await promoteModel(models, 'window-8'), /promoted window-8/);
});

test('promote refuses a model of another horizon than the deep_onnx alpha serves, as every session would', async () => {
  const dir = tempDir('tradebot-promote-horizon-');
  const models = path.join(dir, 'models');
  cpSync(SHIPPED_MODELS, models, { recursive: true });
  const csv = path.join(dir, 'walk.csv');
  writeFileSync(csv, candlesCsv(randomWalkCandles(500, 6)));
  await runTrain({ model: 'lstm', data: [csv], out: path.join(models, 'ten-minutes'), horizon: '10m', epochs: 1, window: 8, batchSize: 32 });
  const before = readRegistry(models).promoted;
  try {
    await promoteModel(models, 'ten-minutes');
    assert.unreachable('promoted a 10-minute model');
  } catch (err) {
    assert.match((err as Error).message, /^model ten-minutes cannot be served as the deep_onnx alpha: horizon 600000 ms, the deep_onnx alpha declares 300000 ms/);
  }
  assert.is(readRegistry(models).promoted, before);
});

test.run();
