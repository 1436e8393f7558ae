/**
 * onnxruntime's native session, called synchronously.
 *
 * onnxruntime-node's public `InferenceSession.run()` returns a promise, but it only defers the
 * same synchronous native call to a setImmediate: the thread blocks for the run either way. In
 * L1 that deferral is harmful: the answer arrives only when the worker next yields to its event
 * loop, by which time a fast replay has moved minutes of event time on, and when it lands depends
 * on scheduling, so two replays of the same files would no longer give the same orders. Calling
 * the native session directly gives the prediction on the record that made it due,
 * deterministically. The binding is the package's own (dist/binding.js), the one its public API
 * wraps.
 */
import { createRequire } from 'node:module';
import type { InferenceSession, Tensor as TensorType } from 'onnxruntime-node';

interface NativeSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: InferenceSession.SessionOptions): void;
  run(feeds: Record<string, TensorType>, fetches: Record<string, null>, options: object): Record<string, { dims: readonly number[]; data: unknown }>;
  dispose(): void;
}

interface Runtime {
  binding: { InferenceSession: new () => NativeSession };
  initOrt: () => void;
  Tensor: typeof TensorType;
}

let runtime: Runtime | null = null;

/**
 * onnxruntime's native library, loaded on first use: every L1 worker imports this module through
 * the alpha catalogue, and one whose deep model is off must not pay for loading the library.
 */
function onnxRuntime(): Runtime {
  if (runtime === null) {
    const require = createRequire(import.meta.url);
    const { binding, initOrt } = require('onnxruntime-node/dist/binding') as Omit<Runtime, 'Tensor'>;
    const { Tensor } = require('onnxruntime-node') as { Tensor: typeof TensorType };
    runtime = { binding, initOrt, Tensor };
  }
  return runtime;
}

const NO_RUN_OPTIONS = {};

export class SyncOnnxSession {
  private readonly native: NativeSession;
  private readonly fetches: Record<string, null>;
  private readonly Tensor: typeof TensorType;
  /** `runRows`' feeds per row count, over the rows of `rowsOf` (made once per count, not per run). */
  private readonly feedsByRows = new Map<number, Record<string, TensorType>>();
  private rowsOf: Float32Array | null = null;

  /**
   * Load `bytes`; one intra-op thread (two ruin p99.9 on 2 cores and steal another layer's), and
   * no CPU memory arena: with tensors this small the arena's bookkeeping costs more than it saves
   * (measured on the shipped LSTM: p50 48-50 us without it, 52-54 us with it).
   */
  constructor(bytes: Uint8Array, private readonly input: string, private readonly output: string) {
    const { binding, initOrt, Tensor } = onnxRuntime();
    this.Tensor = Tensor;
    initOrt();
    this.native = new binding.InferenceSession();
    this.native.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, {
      intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', executionProviders: ['cpu'], enableCpuMemArena: false,
    });
    this.fetches = { [output]: null };
  }

  /**
   * Run on the first `rows` rows of `data`, each of shape `rowDims` (the model's per-sample
   * shape). For a caller that fills the same buffer every time (L1's deep model): the input
   * tensor and its feeds are made once per row count and reused, which saves a few microseconds
   * a run against `run`.
   */
  runRows(data: Float32Array, rows: number, rowDims: readonly number[]): { data: Float32Array; dims: readonly number[] } {
    if (data !== this.rowsOf) {
      this.feedsByRows.clear();
      this.rowsOf = data;
    }
    let feeds = this.feedsByRows.get(rows);
    if (feeds === undefined) {
      const size = rowDims.reduce((a, b) => a * b, 1);
      feeds = { [this.input]: new this.Tensor('float32', data.subarray(0, rows * size), [rows, ...rowDims]) };
      this.feedsByRows.set(rows, feeds);
    }
    return this.outputOf(this.native.run(feeds, this.fetches, NO_RUN_OPTIONS));
  }

  /** Run on `data` of shape `dims`; returns the output's values and shape. */
  run(data: Float32Array, dims: number[]): { data: Float32Array; dims: readonly number[] } {
    return this.outputOf(this.native.run({ [this.input]: new this.Tensor('float32', data, dims) }, this.fetches, NO_RUN_OPTIONS));
  }

  private outputOf(outputs: Record<string, { dims: readonly number[]; data: unknown }>): { data: Float32Array; dims: readonly number[] } {
    const result = outputs[this.output];
    if (!result || !(result.data instanceof Float32Array)) throw new Error(`no float output "${this.output}"`);
    return { data: result.data, dims: result.dims };
  }

  release(): void {
    this.native.dispose();
  }
}
