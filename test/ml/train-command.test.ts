// The train -> card -> registry -> eval -> promote path on a small random-walk file: the card
// records what it must (data hash and split times, verified ONNX hash), versions count up, eval
// scores the test split beside the baselines, promotion refuses a model whose file changed, and
// the command line says clearly what is wrong with bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { candleFeatures } from '../../src/ml/candle-features.js';
import { fileSha256 } from '../../src/models/model-card.js';
import { evaluateModel, promoteModel } from '../../src/ml/models-command.js';
import { loadRegisteredCard, readRegistry } from '../../src/models/model-registry.js';
import { runTrain } from '../../src/ml/train-command.js';
import { CliChild } from '../support/cli-child.js';
import { tempDir } from '../support/temp-dir.js';
import { candlesCsv, randomWalkCandles } from './random-walk-candles.js';

const dir = tempDir('tradebot-train-');
const csv = path.join(dir, 'walk.csv');
const series = randomWalkCandles(700, 21);
writeFileSync(csv, candlesCsv(series));
const modelsDir = path.join(dir, 'models');
const out = path.join(modelsDir, 'walk-lstm');

test('train writes a verified ONNX, a card and a registry entry; a retrain is version 2', async () => {
  const card = await runTrain({ model: 'lstm', data: [csv], out, horizon: '5m', epochs: 1, window: 8, batchSize: 32, notes: ['synthetic test data'] });
  assert.is(card.version, 1);
  assert.is(card.horizon.bars, 5);
  assert.is(card.data[0].sha256, fileSha256(csv));
  const s = card.data[0].splits;
  assert.ok(s.train.to! < s.validation.from! && s.validation.to! < s.test.from!, JSON.stringify(s));
  assert.is(card.onnx.sha256, fileSha256(path.join(out, 'model.onnx')));
  assert.ok(card.onnx.verification.maxAbsError <= 1e-5);
  assert.ok(card.metrics.test.windows > 0);
  assert.equal(readRegistry(modelsDir).models.map((m) => [m.name, m.version]), [['walk-lstm', 1]]);
  const again = await runTrain({ model: 'transformer', data: [csv], out, horizon: '5m', epochs: 1, window: 8, batchSize: 32 });
  assert.is(again.version, 2);
  assert.is(readRegistry(modelsDir).models[0].kind, 'transformer');
});

test('eval scores the test split of a training file beside the baselines and records it', async () => {
  const record = await evaluateModel(modelsDir, 'walk-lstm', { data: [csv], costBps: 2 });
  assert.is(record.data[0].scope, 'test split');
  assert.equal(Object.keys(record.signals), ['model', 'model_gated', 'persistence', 'ma_momentum', 'always_long']);
  const { card } = loadRegisteredCard(modelsDir, 'walk-lstm');
  assert.is(record.data[0].windows, card.metrics.test.windows);
  assert.is(card.evaluations.length, 1);
  assert.is(record.signals.always_long.directionalAccuracy !== null, true);
});

test('promote checks the model; a changed ONNX file is refused and the promoted model stays', async () => {
  assert.match(await promoteModel(modelsDir, 'walk-lstm'), /promoted walk-lstm/);
  const onnx = path.join(out, 'model.onnx');
  const bytes = readFileSync(onnx);
  writeFileSync(onnx, bytes.subarray(0, 100));
  try {
    await promoteModel(modelsDir, 'walk-lstm');
    assert.unreachable('promoted a damaged model');
  } catch (err) {
    assert.match((err as Error).message, /sha256/);
  }
  assert.is(readRegistry(modelsDir).promoted, 'walk-lstm');
  writeFileSync(onnx, bytes);
});

test('a NaN in the data is an error naming the file and the bar', () => {
  const close = Float64Array.from(series.close);
  close[300] = NaN;
  assert.throws(() => candleFeatures({ ...series, close }), (err: Error) => /^random-walk-21: .*bar 300/.test(err.message));
});

test('command line: not a candle file -> exit 1 naming it; unknown architecture -> exit 2', async () => {
  const bogus = path.join(dir, 'bogus.txt');
  writeFileSync(bogus, 'hello\nworld\n');
  const bad = new CliChild(['train', '--model', 'lstm', '--data', bogus, '--out', path.join(dir, 'models', 'x')]);
  const e1 = await bad.exit(20_000);
  assert.is(e1.code, 1, bad.transcript);
  assert.match(bad.stderr, /bogus\.txt/);
  const usage = new CliChild(['train', '--model', 'cnn', '--data', csv, '--out', path.join(dir, 'models', 'x')]);
  const e2 = await usage.exit(20_000);
  assert.is(e2.code, 2, usage.transcript);
  assert.match(usage.stderr, /cnn/);
});

test.run();
