/**
 * What a trainable deep alpha is: its architecture description (saved in the model card and read
 * by the ONNX exporter), its weights, and a forward pass from normalised windows [batch, window,
 * features] to quantiles [batch, 3] (quantile-head.ts).
 */
import type * as tfType from '@tensorflow/tfjs';
import type { ModelWeights } from './model-weights.js';
import type { Tf } from './tf-runtime.js';

export interface LstmArchitecture {
  readonly kind: 'lstm';
  readonly window: number;
  readonly features: number;
  readonly hidden: number;
  /** Attention pooling spans, in time steps counted back from the last one. */
  readonly scales: number[];
  readonly headUnits: number;
}

export interface TransformerArchitecture {
  readonly kind: 'transformer';
  readonly window: number;
  readonly features: number;
  readonly modelDim: number;
  readonly heads: number;
  readonly ffUnits: number;
  readonly headUnits: number;
}

export type Architecture = LstmArchitecture | TransformerArchitecture;
export type ModelKind = Architecture['kind'];

export interface DeepModel {
  readonly architecture: Architecture;
  readonly weights: ModelWeights;
  /** Quantiles [batch, 3] of the normalised target. */
  forward(x: tfType.Tensor3D): tfType.Tensor2D;
}

/** x [.., in] times w [in, out] plus b [out], for x of rank 2 or 3. */
export function dense(tf: Tf, x: tfType.Tensor, w: tfType.Tensor, b: tfType.Tensor): tfType.Tensor {
  const [inUnits, outUnits] = w.shape;
  if (x.rank === 2) return tf.add(tf.matMul(x as tfType.Tensor2D, w as tfType.Tensor2D), b);
  const lead = x.shape.slice(0, -1);
  const flat = tf.reshape(x, [-1, inUnits]) as tfType.Tensor2D;
  return tf.reshape(tf.add(tf.matMul(flat, w as tfType.Tensor2D), b), [...lead, outUnits]);
}
