// The deep_onnx alpha in L1's shape: it loads the promoted model (a real ONNX file trained here by
// the train command, run by onnxruntime), turns Features records into bars, runs due symbols in
// one synchronous batch and then speaks with a finite edge and a confidence in [0, 1]; with no promoted
// model, or a model file that changed, it stays silent, counts the refusal and says why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { noFeeds } from '../../src/alpha/feeds/alpha-feeds.js';
import { DeepOnnxAlpha } from '../../src/alpha/models/deep-onnx.js';
import { promoteModel } from '../../src/ml/models-command.js';
import { runTrain } from '../../src/ml/train-command.js';
import { Features } from '../../src/shm/records.js';
import { tempDir } from '../support/temp-dir.js';
import { candlesCsv, randomWalkCandles } from '../ml/random-walk-candles.js';

const dir = tempDir('tradebot-deep-alpha-');
const modelsDir = path.join(dir, 'models');
const csv = path.join(dir, 'walk.csv');
const series = randomWalkCandles(500, 3);
writeFileSync(csv, candlesCsv(series));

function context(lines: string[], refusals: Float64Array) {
  return { symbols: ['A', 'B'], feeds: noFeeds(2), log: (l: string) => { lines.push(l); }, refusals };
}

test('loads the promoted model, runs due symbols and speaks', async () => {
  await runTrain({ model: 'lstm', data: [csv], out: path.join(modelsDir, 'walk'), horizon: '5m', epochs: 1, window: 8, batchSize: 32 });
  await promoteModel(modelsDir, 'walk');
  const lines: string[] = [];
  const refusals = new Float64Array(2);
  const alpha = new DeepOnnxAlpha(2, context(lines, refusals), modelsDir);
  alpha.load();
  assert.is(alpha.loadState, 'ready', lines.join('\n'));
  assert.match(lines[0], /serving walk v1/);
  const rec = new Float64Array(Features.f64);
  const out = new Float64Array(4);
  let spoke = 0;
  let firstSpoke = -1;
  let records = 0;
  const edges: number[] = [];
  for (let b = 0; b < 60; b++) {
    for (let k = 0; k < 4; k++) {
      const p = series.close[b] * (1 + 1e-4 * k);
      rec[Features.instrument] = 1;
      rec[Features.ts] = series.openTimeUs[b] + k * 15e6;
      rec[Features.bid] = p * 0.9999;
      rec[Features.ask] = p * 1.0001;
      records++;
      if (alpha.evaluate(rec, 0, out, 2)) {
        if (firstSpoke < 0) {
          firstSpoke = records;
          assert.is(k, 0, 'the first opinion comes on the record that closed a bar');
        }
        spoke++;
        edges.push(out[2]);
        assert.ok(Number.isFinite(out[2]) && Math.abs(out[2]) <= 50, `edge ${out[2]}`);
        assert.ok(out[3] >= 0 && out[3] <= 1, `confidence ${out[3]}`);
      }
    }
  }
  assert.ok(spoke > 100, `spoke on ${spoke} records`);
  assert.is(spoke, records - firstSpoke + 1, 'once speaking, every record has a fresh prediction');
  assert.ok(new Set(edges).size > 5, 'predictions change from bar to bar');
  assert.is(refusals[0] + refusals[1], 0);
  alpha.served!.session.release();
});

test('no promoted model: silent, counted, and says why', async () => {
  const lines: string[] = [];
  const refusals = new Float64Array(2);
  const alpha = new DeepOnnxAlpha(2, context(lines, refusals), path.join(dir, 'empty'));
  alpha.load();
  assert.is(alpha.loadState, 'failed');
  assert.is(refusals[0], 1);
  assert.match(lines.join('\n'), /no promoted model in .*registry\.json/);
  const rec = new Float64Array(Features.f64);
  rec[Features.bid] = 99; rec[Features.ask] = 101; rec[Features.ts] = 1;
  assert.is(alpha.evaluate(rec, 0, new Float64Array(2), 0), false);
});

test('a promoted model whose ONNX file changed is refused with the file named', async () => {
  const onnx = path.join(modelsDir, 'walk', 'model.onnx');
  const bytes = readFileSync(onnx);
  writeFileSync(onnx, Buffer.concat([bytes, Buffer.from([0])]));
  const lines: string[] = [];
  const refusals = new Float64Array(2);
  const alpha = new DeepOnnxAlpha(2, context(lines, refusals), modelsDir);
  alpha.load();
  writeFileSync(onnx, bytes);
  assert.is(alpha.loadState, 'failed');
  assert.is(refusals[0], 1);
  assert.match(lines.join('\n'), /model\.onnx has sha256/);
});

test('a reload swaps in a newly promoted model; a broken one leaves the old one serving', async () => {
  const swapDir = path.join(dir, 'swap-models');
  await runTrain({ model: 'lstm', data: [csv], out: path.join(swapDir, 'first'), horizon: '5m', epochs: 1, window: 8, batchSize: 32 });
  await promoteModel(swapDir, 'first');
  const lines: string[] = [];
  const refusals = new Float64Array(2);
  const alpha = new DeepOnnxAlpha(2, context(lines, refusals), swapDir);
  const params = Float64Array.of(1, 50); // [weight, maxEdgeBps]: the model's own params start at 1
  alpha.configure(params, 1);
  assert.is(alpha.served!.name, 'first');
  alpha.configure(params, 1);
  assert.is(lines.filter((l) => /serving/.test(l)).length, 1, 'nothing promoted since: no reload');

  await runTrain({ model: 'transformer', data: [csv], out: path.join(swapDir, 'second'), horizon: '5m', epochs: 1, window: 8, batchSize: 32 });
  await promoteModel(swapDir, 'second');
  alpha.configure(params, 1);
  assert.is(alpha.served!.name, 'second');
  assert.match(lines.join('\n'), /swapped first v1 for second v1/);

  // Promote a model whose file then breaks: the reload refuses it and 'second' keeps serving.
  await runTrain({ model: 'lstm', data: [csv], out: path.join(swapDir, 'third'), horizon: '5m', epochs: 1, window: 8, batchSize: 32 });
  await promoteModel(swapDir, 'third');
  const onnx = path.join(swapDir, 'third', 'model.onnx');
  writeFileSync(onnx, readFileSync(onnx).subarray(0, 64));
  alpha.configure(params, 1);
  assert.is(alpha.served!.name, 'second');
  assert.is(alpha.loadState, 'ready');
  assert.match(lines.join('\n'), /the newly promoted model did not load, second v1 keeps serving/);
  assert.is(refusals[0], 1);
  alpha.served!.session.release();
});

test.run();
