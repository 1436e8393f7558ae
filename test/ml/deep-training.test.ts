// The two architectures learn: on windows whose target is a function of the inputs (the last
// step's first feature), a few epochs cut the pinball loss well below that of predicting zero;
// and the quantile heads never cross. Tiny shapes keep each run to about a second.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../src/data/prng.js';
import { createLstmAttention, lstmArchitecture } from '../../src/ml/lstm-attention.js';
import { createTransformerEncoder, transformerArchitecture } from '../../src/ml/transformer-encoder.js';
import { predictWindows, splitLoss, trainModel } from '../../src/ml/trainer.js';
import { tfWasm } from '../../src/ml/tf-runtime.js';
import type { SplitWindows } from '../../src/ml/window-dataset.js';

const WINDOW = 8;
const FEATURES = 8;

function learnable(count: number, seed: number): SplitWindows {
  const rng = new Prng(seed);
  const x = new Float32Array(count * WINDOW * FEATURES);
  const y = new Float32Array(count);
  const z = new Float64Array(x.length);
  rng.fillNormal(z, 0, z.length);
  x.set(z);
  for (let i = 0; i < count; i++) y[i] = x[(i * WINDOW + WINDOW - 1) * FEATURES];
  return { count, x, y, targetBps: Float64Array.from(y), lastRaw: new Float64Array(count * FEATURES), endTimeUs: new Float64Array(count), fileStart: [0] };
}

const train = learnable(384, 1);
const validation = learnable(128, 2);
const zeroLoss = (() => {
  // pinball of predicting 0 for all three quantiles = mean over q of E[max(q y, (q-1) y)] = E|y| / 2
  let s = 0;
  for (const v of validation.y) s += Math.abs(v);
  return s / validation.count / 2;
})();

for (const kind of ['lstm', 'transformer'] as const) {
  test(`${kind}: a few epochs learn a target that is in the inputs`, async () => {
    const tf = await tfWasm();
    const model = kind === 'lstm'
      ? createLstmAttention(tf, { ...lstmArchitecture(WINDOW, FEATURES, 8), headUnits: 8 }, 3)
      : createTransformerEncoder(tf, transformerArchitecture(WINDOW, FEATURES), 3);
    const before = splitLoss(tf, model, validation);
    const result = await trainModel(tf, model, train, validation, { epochs: kind === 'lstm' ? 6 : 5, batchSize: 32, learningRate: 1e-2, seed: 5 });
    const after = splitLoss(tf, model, validation);
    assert.ok(after < 0.5 * zeroLoss, `${kind}: validation loss ${after.toFixed(4)} (was ${before.toFixed(4)}; predicting 0 gives ${zeroLoss.toFixed(4)})`);
    assert.is(after, result.bestValidationLoss, 'the best epoch\'s weights are the ones kept');
    const q = predictWindows(tf, model, validation.x, validation.count);
    for (let i = 0; i < validation.count; i++) assert.ok(q[i * 3] <= q[i * 3 + 1] && q[i * 3 + 1] <= q[i * 3 + 2], `quantiles cross at ${i}`);
    model.weights.dispose();
  });
}

test('the same seed gives the same weights (a run is repeatable)', async () => {
  const tf = await tfWasm();
  const weights: Float32Array[][] = [];
  for (let run = 0; run < 2; run++) {
    const model = createTransformerEncoder(tf, transformerArchitecture(WINDOW, FEATURES), 11);
    await trainModel(tf, model, learnable(128, 1), validation, { epochs: 1, batchSize: 32, seed: 4 });
    weights.push([...model.weights.snapshot().values()].map((w) => w.values));
    model.weights.dispose();
  }
  assert.equal(weights[0], weights[1]);
});

test.run();
