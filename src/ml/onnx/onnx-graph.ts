/**
 * A small builder for ONNX graphs written from TypeScript with onnx-proto: nodes get unique
 * output names, float weights are stored as little-endian raw_data, and int64 constants (axes,
 * shapes, slice bounds) are initializers, because from opset 13 Squeeze, ReduceSum and friends
 * take their axes as an input rather than an attribute.
 */
import { createRequire } from 'node:module';
import type * as OnnxProto from 'onnx-proto';

// onnx-proto is CommonJS that assigns its namespace at run time, which Node's ESM named-export
// detection cannot see: load it through require.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as typeof OnnxProto;
export { onnx };

/** Opset 17: LayerNormalization exists, ReduceMean still takes axes as an attribute. */
export const OPSET = 17;
const IR_VERSION = 8;

type AttributeValue = number | number[] | string | { float: number } | { floats: number[] } | { strings: string[] };

export class OnnxGraph {
  private readonly nodes: OnnxProto.onnx.INodeProto[] = [];
  private readonly initializers: OnnxProto.onnx.ITensorProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  /** Add a node; returns its output names (`outputs` of them, default 1). */
  node(op: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, () => this.fresh(op.toLowerCase()));
    this.nodes.push({
      opType: op, input: inputs, output: outs, name: `${op}_${this.counter}`,
      attribute: Object.entries(attributes).map(([name, v]) => attribute(name, v)),
    });
    return outs;
  }

  /** A single-output node. */
  op(op: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    return this.node(op, inputs, attributes)[0];
  }

  /** A single-output node whose output has a given name (a graph output). */
  named(op: string, inputs: string[], output: string): string {
    this.claim(output);
    this.nodes.push({ opType: op, input: inputs, output: [output], name: `${op}_${this.counter++}` });
    return output;
  }

  float(name: string, dims: number[], values: Float32Array): string {
    const n = dims.reduce((a, b) => a * b, 1);
    if (values.length !== n) throw new Error(`initializer ${name}: ${values.length} values for shape [${dims.join(', ')}]`);
    this.claim(name);
    const bytes = new Uint8Array(n * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < n; i++) view.setFloat32(i * 4, values[i], true);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes });
    return name;
  }

  int64(values: number[]): string {
    const name = this.fresh('const');
    this.claim(name);
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    return name;
  }

  /** Serialise with one float input [batch, ...inputShape] and one float output [batch, outputWidth]. */
  encode(input: string, inputShape: number[], output: string, outputWidth: number, metadata: Record<string, string>, graphName: string): Uint8Array {
    const valueInfo = (name: string, dims: (number | string)[]): OnnxProto.onnx.IValueInfoProto => ({
      name,
      type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
    });
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'tradebot',
      opsetImport: [{ domain: '', version: OPSET }],
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(input, ['batch', ...inputShape])],
        output: [valueInfo(output, ['batch', outputWidth])],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`; while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  private claim(name: string): void {
    if (this.initializers.some((t) => t.name === name)) throw new Error(`initializer ${name} defined twice`);
    this.names.add(name);
  }
}

function attribute(name: string, v: AttributeValue): OnnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: T.INT, i: v } : { name, type: T.FLOAT, f: v };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  if ('strings' in v) return { name, type: T.STRINGS, strings: v.strings.map((x) => new TextEncoder().encode(x)) };
  return { name, type: T.FLOATS, floats: v.floats };
}
