// ONNX export of both architectures, checked by onnxruntime against the trainer on held-out
// windows (<= 1e-5), and a deliberately broken export (the LSTM's gates in Keras' i, f, c, o
// order instead of ONNX's i, o, f, c, or one transformer weight nudged) is caught loudly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../src/data/prng.js';
import type { DeepModel } from '../../src/ml/deep-model.js';
import { createLstmAttention, lstmArchitecture } from '../../src/ml/lstm-attention.js';
import { exportOnnx } from '../../src/ml/onnx/export-graphs.js';
import { EXPORT_TOLERANCE, ExportVerificationError, verifyExport } from '../../src/ml/onnx/verify-export.js';
import { predictWindows } from '../../src/ml/trainer.js';
import { tfWasm } from '../../src/ml/tf-runtime.js';
import { createTransformerEncoder, transformerArchitecture } from '../../src/ml/transformer-encoder.js';
import type { WeightValue } from '../../src/ml/model-weights.js';

const WINDOW = 24;
const FEATURES = 8;
const COUNT = 32;

function inputs(seed: number): Float32Array {
  const z = new Float64Array(COUNT * WINDOW * FEATURES);
  new Prng(seed).fillNormal(z, 0, z.length);
  return Float32Array.from(z);
}

async function models(): Promise<DeepModel[]> {
  const tf = await tfWasm();
  return [
    createLstmAttention(tf, lstmArchitecture(WINDOW, FEATURES, 16), 9),
    createTransformerEncoder(tf, transformerArchitecture(WINDOW, FEATURES), 9),
  ];
}

/** Untrained weights are too tame to show a wrong op: scale them up so every path matters. */
function livelyWeights(model: DeepModel): Map<string, WeightValue> {
  const snap = model.weights.snapshot();
  for (const [name, w] of snapshotEntries(snap)) if (!name.includes('ln')) w.values.forEach((v, i) => { w.values[i] = v * 1.5 + 0.05 * Math.sin(i); });
  model.weights.restore(snap);
  return snap;
}

function snapshotEntries(snap: Map<string, WeightValue>): [string, WeightValue][] {
  return [...snap.entries()];
}

test('onnxruntime reproduces both architectures within 1e-5 on held-out inputs', async () => {
  const tf = await tfWasm();
  const x = inputs(4);
  for (const model of await models()) {
    const weights = livelyWeights(model);
    const expected = predictWindows(tf, model, x, COUNT);
    const check = await verifyExport(exportOnnx(model.architecture, weights), x, COUNT, WINDOW, FEATURES, expected, model.architecture.kind);
    assert.ok(check.maxAbsError <= EXPORT_TOLERANCE, `${model.architecture.kind}: ${check.maxAbsError}`);
    assert.ok(expected.some((v) => Math.abs(v) > 0.05), 'outputs are not trivially zero');
    model.weights.dispose();
  }
});

test('an LSTM exported with Keras gate order (i, f, c, o) is refused', async () => {
  const tf = await tfWasm();
  const [lstm, other] = await models();
  other.weights.dispose();
  const weights = livelyWeights(lstm);
  const x = inputs(5);
  const expected = predictWindows(tf, lstm, x, COUNT);
  const H = 16;
  const broken = new Map(weights);
  for (const name of ['lstm_W', 'lstm_R']) {
    const w = weights.get(name)!;
    const per = w.values.length / 4; // one gate block
    const [i, o, f, c] = [0, 1, 2, 3].map((k) => w.values.subarray(k * per, (k + 1) * per));
    const keras = new Float32Array(w.values.length);
    [i, f, c, o].forEach((block, k) => keras.set(block, k * per));
    broken.set(name, { shape: w.shape, values: keras });
  }
  assert.is(weights.get('lstm_W')!.values.length, 4 * H * FEATURES);
  try {
    await verifyExport(exportOnnx(lstm.architecture, broken), x, COUNT, WINDOW, FEATURES, expected, 'broken lstm');
    assert.unreachable('the broken export was accepted');
  } catch (err) {
    assert.instance(err, ExportVerificationError);
    assert.match((err as Error).message, /differs from the trainer by/);
  }
  lstm.weights.dispose();
});

test('a transformer export with one weight off by 1e-3 is refused; bytes that are no model are refused', async () => {
  const tf = await tfWasm();
  const [lstm, transformer] = await models();
  lstm.weights.dispose();
  const weights = livelyWeights(transformer);
  const x = inputs(6);
  const expected = predictWindows(tf, transformer, x, COUNT);
  const broken = new Map(weights);
  const wo = weights.get('attn_Wo')!;
  const nudged = Float32Array.from(wo.values);
  nudged[3] += 1e-3;
  broken.set('attn_Wo', { shape: wo.shape, values: nudged });
  try {
    await verifyExport(exportOnnx(transformer.architecture, broken), x, COUNT, WINDOW, FEATURES, expected, 'nudged transformer');
    assert.unreachable('the broken export was accepted');
  } catch (err) {
    assert.instance(err, ExportVerificationError);
  }
  try {
    await verifyExport(new Uint8Array([1, 2, 3, 4]), x, COUNT, WINDOW, FEATURES, expected, 'garbage.onnx');
    assert.unreachable('garbage was accepted');
  } catch (err) {
    assert.instance(err, ExportVerificationError);
    assert.match((err as Error).message, /garbage\.onnx: onnxruntime cannot load/);
  }
  transformer.weights.dispose();
});

test.run();
