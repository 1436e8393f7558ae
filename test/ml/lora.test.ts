// LoRA fine-tuning: the base rebuilt from its own ONNX file computes what the file does; adapters
// start as a no-op (B = 0), only they train (the base weights do not move), the merged model
// exports and verifies, and the card records the base, the reduction and the metrics before/after.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTrain } from '../../src/ml/train-command.js';
import { runLora } from '../../src/ml/lora/lora-command.js';
import { attachLora, isLoraTarget } from '../../src/ml/lora/lora-adapters.js';
import { readFloatInitializers } from '../../src/ml/lora/onnx-initializers.js';
import { createLstmAttention, lstmArchitecture } from '../../src/ml/lstm-attention.js';
import { predictWindows } from '../../src/ml/trainer.js';
import { tfWasm } from '../../src/ml/tf-runtime.js';
import { fileSha256 } from '../../src/models/model-card.js';
import { loadRegisteredCard } from '../../src/models/model-registry.js';
import { tempDir } from '../support/temp-dir.js';
import { randomWalkCandles } from './random-walk-candles.js';

function writeCsv(file: string, bars: number, seed: number): void {
  const s = randomWalkCandles(bars, seed);
  writeFileSync(file, ['timestamp,open,high,low,close,volume',
    ...Array.from({ length: s.count }, (_, i) => `${s.openTimeUs[i] / 1000},${s.open[i]},${s.high[i]},${s.low[i]},${s.close[i]},${s.volume[i]}`)].join('\n'));
}

test('adapters start as a no-op and only they are trainable; targets are the dense projections', async () => {
  const tf = await tfWasm();
  const model = createLstmAttention(tf, lstmArchitecture(8, 8, 16), 3);
  const x = new Float32Array(4 * 8 * 8).map((_, i) => Math.sin(i));
  const before = predictWindows(tf, model, x, 4);
  const lora = attachLora(tf, model, 4);
  assert.equal(lora.targets.sort(), ['head_W1', 'head_W2'].filter((n) => isLoraTarget(n, model.weights.get(n).shape, 4)).sort());
  assert.ok(lora.trainable < lora.frozen * 0.5, `${lora.trainable} trainable of ${lora.frozen}`);
  assert.ok([...lora.model.weights.variables.keys()].every((n) => n.includes('_lora_')));
  const after = predictWindows(tf, lora.model, x, 4);
  for (let i = 0; i < before.length; i++) assert.ok(Math.abs(before[i] - after[i]) < 1e-6, 'B = 0: the adapted model is the base');
  lora.merge();
  model.weights.dispose();
  lora.model.weights.dispose();
});

test('train --lora on new data: base weights read back from ONNX, fine-tuned, merged, verified, carded', async () => {
  const dir = tempDir('tradebot-lora-');
  const baseCsv = path.join(dir, 'base.csv');
  const newCsv = path.join(dir, 'new.csv');
  writeCsv(baseCsv, 600, 5);
  writeCsv(newCsv, 600, 99);
  const modelsDir = path.join(dir, 'models');
  const base = await runTrain({ model: 'lstm', data: [baseCsv], out: path.join(modelsDir, 'base-lstm'), horizon: '3m', epochs: 1, window: 8, batchSize: 32 });
  const baseOnnx = readFileSync(path.join(modelsDir, 'base-lstm', 'model.onnx'));
  const initializers = readFloatInitializers(baseOnnx);
  assert.ok(initializers.has('lstm_W') && initializers.has('head_W1'));

  const card = await runLora({ base: path.join(modelsDir, 'base-lstm'), data: [newCsv], out: path.join(modelsDir, 'base-lstm-lora'), rank: 2, epochs: 2, batchSize: 32 });
  const l = card.lora!;
  assert.is(l.base.name, 'base-lstm');
  assert.is(l.base.onnxSha256, base.onnx.sha256);
  assert.is(l.rank, 2);
  assert.ok(l.reduction > 0.5 && l.reduction < 1, `reduction ${l.reduction}`);
  assert.is(l.trainableParameters + Math.round(l.frozenParameters * l.reduction), l.frozenParameters, 'reduction = 1 - trainable / frozen');
  assert.ok(l.before.validation.windows > 0 && card.metrics.validation.windows === l.before.validation.windows);
  assert.ok(card.onnx.verification.maxAbsError <= 1e-5);
  assert.equal(card.normalisation, base.normalisation, 'the base normalisation is kept');
  const { onnxPath } = loadRegisteredCard(modelsDir, 'base-lstm-lora');
  assert.is(card.onnx.sha256, fileSha256(onnxPath));
  // The recurrent weights were frozen: identical in the fine-tuned file; the head moved.
  const tuned = readFloatInitializers(readFileSync(onnxPath));
  assert.equal(Array.from(tuned.get('lstm_W')!.values), Array.from(initializers.get('lstm_W')!.values));
  assert.not.equal(Array.from(tuned.get('head_W1')!.values), Array.from(initializers.get('head_W1')!.values));
});

test.run();
