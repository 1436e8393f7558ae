/**
 * The uncertainty estimate of every deep alpha: three quantile heads (10%, 50%, 90%) of the
 * normalised forward return, trained with the pinball loss. The network emits (m, a, b) and the
 * quantiles are q50 = m, q10 = m - softplus(a), q90 = m + softplus(b), so they can never cross.
 *
 * edge_bps = q50 * targetStd + targetMean (the median forward return in bps).
 * confidence = clamp(1 - (q90 - q10) / UNCONDITIONAL_WIDTH, 0, 1): the targets are normalised to
 * unit variance, and a model that knows nothing predicts the unconditional spread of a unit
 * normal, q90 - q10 = 2.563; a narrower interval means the model claims more certainty.
 */
import type { Tf } from './tf-runtime.js';
import type * as tfType from '@tensorflow/tfjs';

export const QUANTILES = [0.1, 0.5, 0.9] as const;
export const UNCONDITIONAL_WIDTH = 2.5631;

/** (m, a, b) [batch, 3] -> quantiles [batch, 3] in QUANTILES order. */
export function quantilesFromHead(tf: Tf, head: tfType.Tensor2D): tfType.Tensor2D {
  const [m, a, b] = tf.split(head, 3, 1);
  return tf.concat([tf.sub(m, tf.softplus(a)), m, tf.add(m, tf.softplus(b))], 1) as tfType.Tensor2D;
}

/** Mean pinball loss over the three quantiles; `y` [batch, 1], `q` [batch, 3]. */
export function pinballLoss(tf: Tf, q: tfType.Tensor2D, y: tfType.Tensor2D): tfType.Scalar {
  const err = tf.sub(y, q);
  const levels = tf.tensor2d([Array.from(QUANTILES)], [1, 3]);
  return tf.mean(tf.maximum(tf.mul(levels, err), tf.mul(tf.sub(levels, 1), err))) as tfType.Scalar;
}

/** A model's quantile row (normalised units) as the alpha's edge and confidence. */
export function edgeAndConfidence(q10: number, q50: number, q90: number, targetMean: number, targetStd: number): { edgeBps: number; confidence: number } {
  const width = q90 - q10;
  return {
    edgeBps: q50 * targetStd + targetMean,
    confidence: Math.min(1, Math.max(0, 1 - width / UNCONDITIONAL_WIDTH)),
  };
}
