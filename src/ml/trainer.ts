/**
 * Mini-batch training of a DeepModel on a WindowDataset: Adam on the pinball loss of the three
 * quantiles, shuffled train windows (seeded, so a run is repeatable), validation loss after
 * every epoch, and the weights of the epoch with the lowest validation loss kept (early stopping
 * after `patience` epochs without improvement). The test split is never looked at here.
 */
import type * as tfType from '@tensorflow/tfjs';
import { Prng } from '../data/prng.js';
import type { DeepModel } from './deep-model.js';
import type { WeightValue } from './model-weights.js';
import { ProgressBar } from './progress-bar.js';
import { pinballLoss } from './quantile-head.js';
import type { Tf } from './tf-runtime.js';
import type { SplitWindows } from './window-dataset.js';

export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  patience?: number;
  progress?: ProgressBar;
}

export interface EpochLog {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  seconds: number;
}

export interface TrainResult {
  epochs: EpochLog[];
  bestEpoch: number;
  bestValidationLoss: number;
  meanEpochSeconds: number;
}

/** Model outputs [count, 3] for windows `x` (row-major [count, window, features]). */
export function predictWindows(tf: Tf, model: DeepModel, x: Float32Array, count: number, batchSize = 256): Float32Array {
  const { window, features } = model.architecture;
  const out = new Float32Array(count * 3);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const values = tf.tidy(() => {
      const input = tf.tensor3d(x.subarray(start * window * features, (start + n) * window * features), [n, window, features]);
      return model.forward(input).dataSync() as Float32Array;
    });
    out.set(values, start * 3);
  }
  return out;
}

/** Mean pinball loss of the model on a split (normalised targets). */
export function splitLoss(tf: Tf, model: DeepModel, split: SplitWindows): number {
  if (split.count === 0) return NaN;
  const q = predictWindows(tf, model, split.x, split.count);
  return tf.tidy(() => pinballLoss(tf, tf.tensor2d(q, [split.count, 3]), tf.tensor2d(split.y, [split.count, 1])).dataSync()[0]);
}

export async function trainModel(tf: Tf, model: DeepModel, train: SplitWindows, validation: SplitWindows, options: TrainOptions): Promise<TrainResult> {
  const batchSize = options.batchSize ?? 64;
  const patience = options.patience ?? 5;
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new Error(`epochs must be an integer >= 1, got ${options.epochs}`);
  if (train.count < batchSize) throw new Error(`too few train windows (${train.count}) for a batch of ${batchSize}`);
  if (validation.count === 0) throw new Error('no validation windows: give longer files or a smaller --window / --horizon');
  const { window, features } = model.architecture;
  const windowFloats = window * features;
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const rng = new Prng(options.seed ?? 1);
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const xBatch = new Float32Array(batchSize * windowFloats);
  const yBatch = new Float32Array(batchSize);
  const steps = Math.floor(train.count / batchSize);
  const varList = [...model.weights.variables.values()];
  const logs: EpochLog[] = [];
  let best: Map<string, WeightValue> | null = null;
  let bestLoss = Infinity;
  let bestEpoch = 0;
  const started = Date.now();
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const epochStart = Date.now();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      const t = order[i]; order[i] = order[j]; order[j] = t;
    }
    let lossSum = 0;
    for (let step = 0; step < steps; step++) {
      for (let b = 0; b < batchSize; b++) {
        const k = order[step * batchSize + b];
        xBatch.set(train.x.subarray(k * windowFloats, (k + 1) * windowFloats), b * windowFloats);
        yBatch[b] = train.y[k];
      }
      const loss = tf.tidy(() => {
        const xs = tf.tensor3d(xBatch, [batchSize, window, features]);
        const ys = tf.tensor2d(yBatch, [batchSize, 1]);
        const value = optimizer.minimize(() => pinballLoss(tf, model.forward(xs), ys), true, varList) as tfType.Scalar;
        return value.dataSync()[0];
      });
      if (!Number.isFinite(loss)) throw new Error(`training diverged: loss ${loss} at epoch ${epoch} step ${step + 1}`);
      lossSum += loss;
      options.progress?.update({ epoch, epochs: options.epochs, step: step + 1, steps, loss: lossSum / (step + 1), elapsed: (Date.now() - started) / 1000 });
    }
    const validationLoss = splitLoss(tf, model, validation);
    const seconds = (Date.now() - epochStart) / 1000;
    const improved = validationLoss < bestLoss;
    if (improved) {
      bestLoss = validationLoss;
      bestEpoch = epoch;
      best = model.weights.snapshot();
    }
    logs.push({ epoch, trainLoss: lossSum / steps, validationLoss, seconds });
    options.progress?.epochDone(epoch, options.epochs, lossSum / steps, validationLoss, seconds, improved);
    if (epoch - bestEpoch >= patience) break;
  }
  optimizer.dispose();
  if (best) model.weights.restore(best);
  return { epochs: logs, bestEpoch, bestValidationLoss: bestLoss, meanEpochSeconds: logs.reduce((a, l) => a + l.seconds, 0) / logs.length };
}
