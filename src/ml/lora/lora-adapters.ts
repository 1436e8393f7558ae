/**
 * LoRA (Hu et al. 2021): fine-tune a trained model by learning, for each chosen weight matrix W
 * [in, out], a low-rank update (alpha / r) A B with A [in, r] and B [r, out], while W itself stays
 * frozen. B starts at zero, so the adapted model starts exactly where the base model is; A starts
 * small and random (Glorot), so the gradient of B is not zero. Only A and B are trained: for a rank
 * r the trainable count is r (in + out) per matrix instead of in x out.
 *
 * Targets: every 2-D weight whose name says it is a dense or attention projection (`*_W*`: the
 * head, the Transformer's Q/K/V/O and feed-forward, its input projection) and whose smaller side
 * exceeds the rank (a rank-4 update of a [32, 1] query vector would not be low-rank). The LSTM's
 * recurrent weights are left frozen whole: they are most of its parameters and the dynamics it
 * learnt; the head adapts what those dynamics mean on the new data.
 *
 * `merge()` folds the updates into the base weights (W <- W + (alpha / r) A B), so the result
 * exports through the unchanged ONNX exporter and is verified the same way.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { DeepModel } from '../deep-model.js';
import { ModelWeights } from '../model-weights.js';
import type { Tf } from '../tf-runtime.js';

export interface LoraModel {
  /** The adapted model: `weights` holds only the adapters (what the trainer updates). */
  readonly model: DeepModel;
  readonly targets: string[];
  readonly trainable: number;
  readonly frozen: number;
  /** Fold A B into the base weights; the base model then computes what the adapted one did. */
  merge(): void;
}

export function isLoraTarget(name: string, shape: number[], rank: number): boolean {
  return /_W/.test(name) && shape.length === 2 && Math.min(shape[0], shape[1]) > rank;
}

export function attachLora(tf: Tf, base: DeepModel, rank: number, alpha = 2 * rank, seed = 1): LoraModel {
  if (!(Number.isInteger(rank) && rank >= 1)) throw new Error(`LoRA rank must be an integer >= 1, got ${rank}`);
  const scale = alpha / rank;
  const adapters = new ModelWeights(tf, seed);
  const targets: string[] = [];
  for (const [name, v] of base.weights.variables) {
    if (!isLoraTarget(name, v.shape, rank)) continue;
    const [inUnits, outUnits] = v.shape;
    adapters.glorot(`${name}_lora_A`, [inUnits, rank]);
    adapters.constant(`${name}_lora_B`, [rank, outUnits], 0);
    targets.push(name);
  }
  if (targets.length === 0) throw new Error(`no weight of this ${base.architecture.kind} can take a rank-${rank} adapter`);
  const frozen = base.weights.parameterCount();
  // The base forward reads its weights through `get` at every call: route the targets through
  // W + scale A B. The base variables are not in the trainer's list, so they stay frozen.
  const baseGet = base.weights.get.bind(base.weights);
  const targetSet = new Set(targets);
  base.weights.get = ((name: string) => {
    const w = baseGet(name);
    if (!targetSet.has(name)) return w;
    const delta = tf.mul(tf.matMul(adapters.get(`${name}_lora_A`) as tfType.Tensor2D, adapters.get(`${name}_lora_B`) as tfType.Tensor2D), scale);
    return tf.add(w, delta) as unknown as tfType.Variable;
  }) as typeof base.weights.get;
  return {
    model: { architecture: base.architecture, weights: adapters, forward: base.forward },
    targets,
    trainable: adapters.parameterCount(),
    frozen,
    merge() {
      base.weights.get = baseGet;
      for (const name of targets) {
        const merged = tf.tidy(() => tf.add(baseGet(name), tf.mul(tf.matMul(adapters.get(`${name}_lora_A`) as tfType.Tensor2D, adapters.get(`${name}_lora_B`) as tfType.Tensor2D), scale)));
        baseGet(name).assign(merged);
        merged.dispose();
      }
    },
  };
}
