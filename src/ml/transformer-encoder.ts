/**
 * A small Transformer encoder for windows of features.
 *
 *   x [batch, T, F] -> Dense(D) + sinusoidal positional encoding [T, D]
 *   one pre-norm encoder block:
 *     x = x + Wo * MultiHeadSelfAttention(LayerNorm(x))   (heads of D / heads dims, softmax(QK^T / sqrt(d)) V)
 *     x = x + W2 * relu(W1 * LayerNorm(x))
 *   pool: [mean over T, last step] -> Dense(headUnits, relu) -> Dense(3) -> quantiles
 * Layer norms use epsilon LAYER_NORM_EPSILON and biased variance, as ONNX LayerNormalization does.
 */
import type * as tfType from '@tensorflow/tfjs';
import { dense, type DeepModel, type TransformerArchitecture } from './deep-model.js';
import { ModelWeights } from './model-weights.js';
import { quantilesFromHead } from './quantile-head.js';
import type { Tf } from './tf-runtime.js';

export const LAYER_NORM_EPSILON = 1e-5;

export function transformerArchitecture(window: number, features: number): TransformerArchitecture {
  return { kind: 'transformer', window, features, modelDim: 16, heads: 2, ffUnits: 32, headUnits: 16 };
}

/** Sinusoidal positional encoding [T, D] (Vaswani et al.): sin on even dims, cos on odd. */
export function positionalEncoding(steps: number, dim: number): Float32Array {
  const out = new Float32Array(steps * dim);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < dim; i++) {
      const angle = t / Math.pow(10000, (2 * Math.floor(i / 2)) / dim);
      out[t * dim + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

export function createTransformerEncoder(tf: Tf, arch: TransformerArchitecture, seed: number): DeepModel {
  const { modelDim: D, heads, ffUnits, window: T } = arch;
  if (D % heads !== 0) throw new Error(`modelDim ${D} is not a multiple of heads ${heads}`);
  const dh = D / heads;
  const w = new ModelWeights(tf, seed);
  w.glorot('in_W', [arch.features, D]);
  w.constant('in_b', [D], 0);
  for (const n of ['ln1', 'ln2']) {
    w.constant(`${n}_scale`, [D], 1);
    w.constant(`${n}_bias`, [D], 0);
  }
  for (const n of ['q', 'k', 'v', 'o']) {
    w.glorot(`attn_W${n}`, [D, D]);
    w.constant(`attn_b${n}`, [D], 0);
  }
  w.glorot('ff_W1', [D, ffUnits]);
  w.constant('ff_b1', [ffUnits], 0);
  w.glorot('ff_W2', [ffUnits, D]);
  w.constant('ff_b2', [D], 0);
  w.glorot('head_W1', [2 * D, arch.headUnits]);
  w.constant('head_b1', [arch.headUnits], 0);
  w.glorot('head_W2', [arch.headUnits, 3]);
  w.constant('head_b2', [3], 0);
  const pe = positionalEncoding(T, D);

  const layerNorm = (x: tfType.Tensor, name: string): tfType.Tensor => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON)));
    return tf.add(tf.mul(normed, w.get(`${name}_scale`)), w.get(`${name}_bias`));
  };
  const splitHeads = (x: tfType.Tensor, batch: number): tfType.Tensor4D =>
    tf.transpose(tf.reshape(x, [batch, T, heads, dh]), [0, 2, 1, 3]) as tfType.Tensor4D;

  const forward = (x: tfType.Tensor3D): tfType.Tensor2D => {
    const batch = x.shape[0];
    let h = tf.add(dense(tf, x, w.get('in_W'), w.get('in_b')), tf.tensor2d(pe, [T, D]));
    const n1 = layerNorm(h, 'ln1');
    const q = splitHeads(dense(tf, n1, w.get('attn_Wq'), w.get('attn_bq')), batch);
    const k = splitHeads(dense(tf, n1, w.get('attn_Wk'), w.get('attn_bk')), batch);
    const v = splitHeads(dense(tf, n1, w.get('attn_Wv'), w.get('attn_bv')), batch);
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh));
    const attended = tf.matMul(tf.softmax(scores), v); // [batch, heads, T, dh]
    const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch, T, D]);
    h = tf.add(h, dense(tf, merged, w.get('attn_Wo'), w.get('attn_bo')));
    const n2 = layerNorm(h, 'ln2');
    h = tf.add(h, dense(tf, tf.relu(dense(tf, n2, w.get('ff_W1'), w.get('ff_b1'))), w.get('ff_W2'), w.get('ff_b2')));
    const last = tf.reshape(tf.slice(h, [0, T - 1, 0], [batch, 1, D]), [batch, D]);
    const pooled = tf.concat([tf.mean(h, 1), last], 1);
    const hidden = tf.relu(dense(tf, pooled, w.get('head_W1'), w.get('head_b1')));
    return quantilesFromHead(tf, dense(tf, hidden, w.get('head_W2'), w.get('head_b2')) as tfType.Tensor2D);
  };
  return { architecture: arch, weights: w, forward };
}
