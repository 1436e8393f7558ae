/**
 * LSTM with a multi-scale attention head.
 *
 * The LSTM is written out in tfjs ops with its weights already in ONNX's layout and gate order
 * (W [4H, F], R [4H, H], gates i, o, f, c; B = [Wb; Rb]; sigmoid gates, tanh cell), so the
 * exporter copies them verbatim: no Keras i,f,c,o reordering, no kernel transpose, no
 * hard-sigmoid to mistake for a sigmoid.
 *
 * Head: for each scale s (e.g. the last 8, 32 and all 64 steps) a learned query vector v_s scores
 * the last s hidden states, softmax over those steps, and the states are pooled by those weights.
 * The pooled vectors of every scale and the last hidden state are concatenated, then
 * Dense(headUnits, relu) and Dense(3) -> quantiles (quantile-head.ts).
 */
import type * as tfType from '@tensorflow/tfjs';
import { dense, type DeepModel, type LstmArchitecture } from './deep-model.js';
import { ModelWeights } from './model-weights.js';
import { quantilesFromHead } from './quantile-head.js';
import type { Tf } from './tf-runtime.js';

export function lstmArchitecture(window: number, features: number, hidden = 32): LstmArchitecture {
  const scales = [...new Set([8, 32, window].filter((s) => s <= window))].sort((a, b) => a - b);
  return { kind: 'lstm', window, features, hidden, scales, headUnits: 16 };
}

export function createLstmAttention(tf: Tf, arch: LstmArchitecture, seed: number): DeepModel {
  const w = new ModelWeights(tf, seed);
  const H = arch.hidden;
  w.glorot('lstm_W', [1, 4 * H, arch.features], arch.features, 4 * H);
  w.glorot('lstm_R', [1, 4 * H, H], H, 4 * H);
  // Forget-gate bias 1 (the third gate block in i, o, f, c): remember by default early on.
  const bias = new Float32Array(8 * H);
  bias.fill(1, 2 * H, 3 * H);
  w.add('lstm_B', [1, 8 * H], bias);
  for (const s of arch.scales) w.glorot(`attn_query_${s}`, [H, 1]);
  const pooled = H * (arch.scales.length + 1);
  w.glorot('head_W1', [pooled, arch.headUnits]);
  w.constant('head_b1', [arch.headUnits], 0);
  w.glorot('head_W2', [arch.headUnits, 3]);
  w.constant('head_b2', [3], 0);

  const forward = (x: tfType.Tensor3D): tfType.Tensor2D => {
    const [batch, steps] = x.shape;
    const W = tf.reshape(w.get('lstm_W'), [4 * H, arch.features]) as tfType.Tensor2D;
    const R = tf.reshape(w.get('lstm_R'), [4 * H, H]) as tfType.Tensor2D;
    const B = tf.reshape(w.get('lstm_B'), [8 * H]);
    const b = tf.add(tf.slice(B, [0], [4 * H]), tf.slice(B, [4 * H], [4 * H]));
    // Input projections of every step at once, then the recurrence step by step.
    const xw = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [-1, arch.features]) as tfType.Tensor2D, W, false, true), b), [batch, steps, 4 * H]);
    const xs = tf.unstack(xw, 1) as tfType.Tensor2D[];
    let h = tf.zeros([batch, H]) as tfType.Tensor2D;
    let c = tf.zeros([batch, H]) as tfType.Tensor2D;
    const states: tfType.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const g = tf.add(xs[t], tf.matMul(h, R, false, true));
      const [gi, go, gf, gc] = tf.split(g, 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(gf), c), tf.mul(tf.sigmoid(gi), tf.tanh(gc)));
      h = tf.mul(tf.sigmoid(go), tf.tanh(c));
      states.push(h);
    }
    const hs = tf.stack(states, 1) as tfType.Tensor3D; // [batch, steps, H]
    const parts: tfType.Tensor[] = [];
    for (const s of arch.scales) {
      const recent = tf.slice(hs, [0, steps - s, 0], [batch, s, H]);
      const scores = tf.reshape(tf.matMul(tf.reshape(recent, [-1, H]) as tfType.Tensor2D, w.get(`attn_query_${s}`) as tfType.Tensor2D), [batch, s]);
      const weights = tf.reshape(tf.softmax(scores), [batch, s, 1]);
      parts.push(tf.sum(tf.mul(recent, weights), 1));
    }
    parts.push(h);
    const hidden = tf.relu(dense(tf, tf.concat(parts, 1), w.get('head_W1'), w.get('head_b1')));
    return quantilesFromHead(tf, dense(tf, hidden, w.get('head_W2'), w.get('head_b2')) as tfType.Tensor2D);
  };
  return { architecture: arch, weights: w, forward };
}
