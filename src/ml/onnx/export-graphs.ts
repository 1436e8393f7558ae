/**
 * ONNX graphs of the two architectures, from trained weights (names as in model-weights.ts).
 * The graph mirrors the tfjs forward pass op for op; verify-export.ts proves it numerically.
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
  // quantiles = [m - softplus(a), m, m + softplus(b)] (quantile-head.ts)
  const column = (k: number): string => g.op('Slice', [head, g.int64([k]), g.int64([k + 1]), g.int64([1])]);
  const m = column(0);
  const q10 = g.op('Sub', [m, g.op('Softplus', [column(1)])]);
  const q90 = g.op('Add', [m, g.op('Softplus', [column(2)])]);
  const out = g.node('Concat', [q10, m, q90], { axis: 1 })[0];
  // The graph output needs its public name: route through Identity.
  const renamed = renameOutput(g, out);
  return g.encode(ONNX_INPUT, [arch.window, arch.features], renamed, 3, metadata, `tradebot_${arch.kind}`);
}

function renameOutput(g: OnnxGraph, name: string): string {
  return g.named('Identity', [name], ONNX_OUTPUT);
}

function lstmBody(g: OnnxGraph, arch: LstmArchitecture, w: (n: string) => string): string {
  const T = arch.window;
  const H = arch.hidden;
  const seqMajor = g.op('Transpose', [ONNX_INPUT], { perm: [1, 0, 2] });
  const [y, yh] = g.node('LSTM', [seqMajor, w('lstm_W'), w('lstm_R'), w('lstm_B')], {
    hidden_size: H, activations: { strings: ['Sigmoid', 'Tanh', 'Tanh'] }, direction: 'forward',
  }, 2);
  const states = g.op('Transpose', [g.op('Squeeze', [y, g.int64([1])])], { perm: [1, 0, 2] }); // [batch, T, H]
  const parts: string[] = [];
  for (const s of arch.scales) {
    const recent = g.op('Slice', [states, g.int64([T - s]), g.int64([T]), g.int64([1])]);
    const weights = g.op('Softmax', [g.op('MatMul', [recent, w(`attn_query_${s}`)])], { axis: 1 });
    parts.push(g.op('ReduceSum', [g.op('Mul', [recent, weights]), g.int64([1])], { keepdims: 0 }));
  }
  parts.push(g.op('Squeeze', [yh, g.int64([0])]));
  return g.op('Concat', parts, { axis: 1 });
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
