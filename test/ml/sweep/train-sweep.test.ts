// `train --sweep`: the grid is every combination, the first key varying slowest, and bad specs
// are refused naming the flag; a real sweep trains its runs on a worker pool, registers each
// one (NAME-1, NAME-2) with a verified ONNX, chooses on the validation split and promotes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSweep } from '../../../src/ml/sweep/train-sweep.js';
import { readRegistry } from '../../../src/models/model-registry.js';
import { fileSha256 } from '../../../src/models/model-card.js';
import { runCli } from '../../pipeline/cli-session.js';
import { tempDir } from '../../support/temp-dir.js';
import { candlesCsv, randomWalkCandles } from '../random-walk-candles.js';

test('the grid: every combination, in order; bad specs refused by name', () => {
  assert.equal(parseSweep(['seed=1,2', 'learning-rate=1e-3,3e-3']), [
    { seed: 1, learningRate: 1e-3 }, { seed: 1, learningRate: 3e-3 }, { seed: 2, learningRate: 1e-3 }, { seed: 2, learningRate: 3e-3 },
  ]);
  assert.equal(parseSweep(['model=lstm,transformer']), [{ model: 'lstm' }, { model: 'transformer' }]);
  assert.throws(() => parseSweep(['seed']), /KEY=V1,V2/);
  assert.throws(() => parseSweep(['horizon=5m']), /"horizon" cannot be swept/);
  assert.throws(() => parseSweep(['window=8,0.5']), /window: "0.5" is not a positive integer/);
  assert.throws(() => parseSweep(['seed=1', 'seed=2']), /seed is given twice/);
  assert.throws(() => parseSweep(['model=gru']), /lstm or transformer, got "gru"/);
});

test('a sweep of two seeds: both trained in workers, registered, the choice made on validation', async () => {
  const dir = tempDir('tradebot-sweep-');
  const csv = path.join(dir, 'walk.csv');
  const series = randomWalkCandles(700, 5);
  writeFileSync(csv, candlesCsv(series));
  const modelsDir = path.join(dir, 'models');
  const run = await runCli(['train', '--model', 'lstm', '--data', csv, '--out', path.join(modelsDir, 'walk'), '--horizon', '3m', '--epochs', '1',
    '--window', '8', '--batch-size', '32', '--sweep', 'seed=3,4', '--parallel', '2', '--json'], 180_000);
  assert.is(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { chosen: string; runs: Array<{ name: string; params: { seed: number }; card: { metrics: { validation: { pinballLoss: number } }; onnx: { sha256: string }; training: { seed: number } } }> };
  assert.equal(result.runs.map((r) => [r.name, r.params.seed, r.card.training.seed]), [['walk-1', 3, 3], ['walk-2', 4, 4]]);
  const best = result.runs.reduce((a, b) => (b.card.metrics.validation.pinballLoss < a.card.metrics.validation.pinballLoss ? b : a));
  assert.is(result.chosen, best.name);
  const registry = readRegistry(modelsDir);
  assert.equal(registry.models.map((m) => m.name).sort(), ['walk-1', 'walk-2']);
  assert.is(registry.promoted, null, 'a sweep promotes nothing');
  for (const r of result.runs) assert.is(fileSha256(path.join(modelsDir, r.name, 'model.onnx')), r.card.onnx.sha256);
  assert.not.equal(result.runs[0].card.onnx.sha256, result.runs[1].card.onnx.sha256, 'two seeds, two models');
});

test.run();
