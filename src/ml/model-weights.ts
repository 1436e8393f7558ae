/**
 * Named weights of a deep model, as tfjs variables during training and as plain Float32Arrays
 * (with shapes) for export. Names are the ONNX initializer names, so exporter and trainer cannot
 * disagree about which tensor is which.
 */
import type * as tfType from '@tensorflow/tfjs';
import { Prng } from '../data/prng.js';
import type { Tf } from './tf-runtime.js';

export interface WeightValue {
  readonly shape: number[];
  readonly values: Float32Array;
}

export class ModelWeights {
  readonly variables = new Map<string, tfType.Variable>();
  private readonly rng: Prng;

  constructor(private readonly tf: Tf, seed: number) {
    this.rng = new Prng(seed);
  }

  /** Glorot-uniform weights: scale from fan in and fan out (the last two dims, or given). */
  glorot(name: string, shape: number[], fanIn = shape[shape.length - 2] ?? shape[0], fanOut = shape[shape.length - 1]): tfType.Variable {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const n = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = (this.rng.uniform() * 2 - 1) * limit;
    return this.add(name, shape, values);
  }

  constant(name: string, shape: number[], value: number): tfType.Variable {
    return this.add(name, shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value));
  }

  add(name: string, shape: number[], values: Float32Array): tfType.Variable {
    if (this.variables.has(name)) throw new Error(`weight ${name} defined twice`);
    const v = this.tf.variable(this.tf.tensor(values, shape), true);
    this.variables.set(name, v);
    return v;
  }

  get(name: string): tfType.Variable {
    const v = this.variables.get(name);
    if (!v) throw new Error(`no weight named ${name}`);
    return v;
  }

  /** Current values of every weight (copies). */
  snapshot(): Map<string, WeightValue> {
    const out = new Map<string, WeightValue>();
    for (const [name, v] of this.variables) out.set(name, { shape: v.shape.slice(), values: Float32Array.from(v.dataSync() as Float32Array) });
    return out;
  }

  restore(snapshot: Map<string, WeightValue>): void {
    for (const [name, w] of snapshot) this.get(name).assign(this.tf.tensor(w.values, w.shape));
  }

  parameterCount(): number {
    let n = 0;
    for (const v of this.variables.values()) n += v.size;
    return n;
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}
