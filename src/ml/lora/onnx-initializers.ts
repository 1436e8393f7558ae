/**
 * The float weights of an exported model, read back from its ONNX file's initializers (the
 * exporter names them after the trainer's weights, model-weights.ts), so a model can be rebuilt
 * for fine-tuning from the file that is served: no second copy of the weights to drift apart.
 */
import { onnx } from '../onnx/onnx-graph.js';
import type { WeightValue } from '../model-weights.js';

export function readFloatInitializers(bytes: Uint8Array): Map<string, WeightValue> {
  const model = onnx.ModelProto.decode(bytes);
  const out = new Map<string, WeightValue>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataType !== onnx.TensorProto.DataType.FLOAT || !t.name) continue;
    const shape = (t.dims ?? []).map(Number);
    const n = shape.reduce((a, b) => a * b, 1);
    let values: Float32Array;
    if (t.rawData && t.rawData.length === n * 4) {
      const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
      values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = view.getFloat32(i * 4, true);
    } else if (t.floatData && t.floatData.length === n) {
      values = Float32Array.from(t.floatData);
    } else {
      throw new Error(`initializer ${t.name}: no ${n} float values in the file`);
    }
    out.set(t.name, { shape, values });
  }
  return out;
}
