/**
 * ONNX graphs of the two architectures, from trained weights (names as in model-weights.ts).
 * The graph computes the tfjs forward pass, with fewer nodes where the same values come out of
 * one node (every node costs onnxruntime ~1-2 us a run, whatever its size, and this model's
 * tensors are tiny: the LSTM op alone is ~36 us on this machine, the 27 nodes a straight
 * transcription needed took ~65 us, the 16 here ~50 us). verify-export.ts proves it numerically.
 *
 * Pitfalls of this stack, and how they are met:
 * - onnxruntime rejects LSTM layout=1: the input [batch, T, F] is transposed to [T, batch, F]
 *   and the LSTM runs with the default layout 0.
 * - Gate order and kernel layout: the trainer keeps W [1, 4H, F], R [1, 4H, H] and B [1, 8H] in
 *   ONNX's i, o, f, c order already (lstm-attention.ts), so they are copied, not rearranged.
 * - Activations are written out (Sigmoid, Tanh, Tanh), matching the trainer's sigmoid gates.
 * - From opset 13 Squeeze and ReduceSum take axes as an input (int64 initializers here);
 *   ReduceMean still takes an attribute in opset 17.
 */
import type { Architecture, LstmArchitecture, TransformerArchitecture } from '../deep-model.js';
import type { WeightValue } from '../model-weights.js';
import { LAYER_NORM_EPSILON, positionalEncoding } from '../transformer-encoder.js';
import { OnnxGraph } from './onnx-graph.js';

export const ONNX_INPUT = 'window';
export const ONNX_OUTPUT = 'quantiles';

export function exportOnnx(arch: Architecture, weights: Map<string, WeightValue>, metadata: Record<string, string> = {}): Uint8Array {
  const g = new OnnxGraph();
  const w = (name: string): string => {
    const v = weights.get(name);
    if (!v) throw new Error(`ONNX export: weight ${name} is missing`);
    return g.float(name, v.shape, v.values);
  };
  const pooled = arch.kind === 'lstm' ? lstmBody(g, arch, w) : transformerBody(g, arch, w);
  const hidden = g.op('Relu', [g.op('Gemm', [pooled, w('head_W1'), w('head_b1')])]);
  const head = g.op('Gemm', [hidden, w('head_W2'), w('head_b2')]);
  // quantiles = [m - softplus(a), m, m + softplus(b)] (quantile-head.ts), as one product of
  // [m, a, b, softplus(m, a, b)] with a 0/±1 matrix: each output is one term or the difference of
  // two, so the result is what the separate ops give, in three nodes instead of nine (every node
  // costs onnxruntime about 2 us per run, more than this head's arithmetic).
  const both = g.op('Concat', [head, g.op('Softplus', [head])], { axis: 1 });
  return g.encode(ONNX_INPUT, [arch.window, arch.features], g.named('MatMul', [both, g.float('quantile_combine', [6, 3], QUANTILE_COMBINE)], ONNX_OUTPUT), 3, metadata, `tradebot_${arch.kind}`);
}

/** Rows m, a, b, softplus(m), softplus(a), softplus(b); columns q10, q50, q90. */
const QUANTILE_COMBINE = Float32Array.from([
  1, 1, 1,
  0, 0, 0,
  0, 0, 0,
  0, 0, 0,
  -1, 0, 0,
  0, 0, 1,
]);

/** Added to an attention score at the steps outside its window: exp() of it is exactly 0 in float32. */
const OUTSIDE_WINDOW = -1e9;

function lstmBody(g: OnnxGraph, arch: LstmArchitecture, w: (n: string) => string): string {
  const T = arch.window;
  const H = arch.hidden;
  // Pooled vectors: one per attention scale, then the last hidden state (the trainer's order).
  const P = arch.scales.length + 1;
  const seqMajor = g.op('Transpose', [ONNX_INPUT], { perm: [1, 0, 2] });
  const y = g.node('LSTM', [seqMajor, w('lstm_W'), w('lstm_R'), w('lstm_B')], {
    hidden_size: H, activations: { strings: ['Sigmoid', 'Tanh', 'Tanh'] }, direction: 'forward',
  })[0]; // [T, 1, batch, H]
  // Every pooled vector in one attention pass, instead of a slice, softmax and weighted sum per
  // scale plus a squeeze of the last state: each node costs onnxruntime ~1-2 us a run whatever
  // its size, and these tensors are tiny. Scale s attends over the last s steps: its score column
  // is masked before them, so a softmax over all T steps gives exactly the weights of a softmax
  // over the last s. The last state is one more column, masked everywhere but step T-1 (weight
  // exactly 1). The queries keep the trainer's names (a fine-tune reads them back) and are put
  // side by side in the graph: onnxruntime folds that constant Concat once, at load.
  const queries = g.op('Concat', [...arch.scales.map((s) => w(`attn_query_${s}`)), g.float('attn_query_last', [H, 1], new Float32Array(H))], { axis: 1 });
  const mask = new Float32Array(T * P);
  [...arch.scales, 1].forEach((s, k) => { for (let t = 0; t < T - s; t++) mask[t * P + k] = OUTSIDE_WINDOW; });
  const scores = g.op('Add', [g.op('MatMul', [y, queries]), g.float('attn_window_mask', [T, 1, 1, P], mask)]);
  const weights = g.op('Softmax', [scores], { axis: 0 }); // [T, 1, batch, P]
  const pooled = g.op('MatMul', [g.op('Transpose', [weights], { perm: [1, 2, 3, 0] }), g.op('Transpose', [y], { perm: [1, 2, 0, 3] })]); // [1, batch, P, H]
  return g.op('Reshape', [pooled, g.int64([-1, P * H])]);
}

function transformerBody(g: OnnxGraph, arch: TransformerArchitecture, w: (n: string) => string): string {
  const { window: T, modelDim: D, heads } = arch;
  const dh = D / heads;
  const dense = (x: string, name: string): string => g.op('Add', [g.op('MatMul', [x, w(`${name.replace('#', 'W')}`)]), w(`${name.replace('#', 'b')}`)]);
  let h = g.op('Add', [dense(ONNX_INPUT, 'in_#'), g.float('positional_encoding', [T, D], positionalEncoding(T, D))]);
  const norm = (x: string, n: string): string => g.op('LayerNormalization', [x, w(`${n}_scale`), w(`${n}_bias`)], { axis: -1, epsilon: { float: LAYER_NORM_EPSILON } });
  const headsShape = g.int64([0, T, heads, dh]);
  const split = (x: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [x, headsShape])], { perm });
  const n1 = norm(h, 'ln1');
  const q = split(dense(n1, 'attn_#q'), [0, 2, 1, 3]);
  const kT = split(dense(n1, 'attn_#k'), [0, 2, 3, 1]);
  const v = split(dense(n1, 'attn_#v'), [0, 2, 1, 3]);
  const scale = g.float('attn_scale', [], Float32Array.of(Math.sqrt(dh)));
  const probs = g.op('Softmax', [g.op('Div', [g.op('MatMul', [q, kT]), scale])], { axis: -1 });
  const merged = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }), g.int64([0, T, D])]);
  h = g.op('Add', [h, dense(merged, 'attn_#o')]);
  const n2 = norm(h, 'ln2');
  h = g.op('Add', [h, dense(g.op('Relu', [dense(n2, 'ff_#1')]), 'ff_#2')]);
  const mean = g.op('ReduceMean', [h], { axes: [1], keepdims: 0 });
  const last = g.op('Squeeze', [g.op('Slice', [h, g.int64([T - 1]), g.int64([T]), g.int64([1])]), g.int64([1])]);
  return g.op('Concat', [mean, last], { axis: 1 });
}
