/**
 * deep_onnx: the registry's promoted deep model (LSTM or Transformer, trained by `tradebot
 * train`), served by onnxruntime inside L1.
 *
 * Lifecycle: the model is loaded (promoted-model.ts, a few ms) the first time the alpha is
 * configured with a weight > 0; until then, and while no model will load, the alpha has no
 * opinion. A failure is logged with the reason and counted in
 * tradebot_refusals_total{layer="L1",reason="deep_model_unavailable"}; the pipeline runs on.
 * Hot swap: every later configure (a SIGHUP reload) checks which model the registry promotes; if
 * `models promote` picked another one since, it is loaded and verified first, then swapped in
 * between two records (the ring holds the ticks meanwhile: none is dropped). A model that fails
 * to load leaves the old one serving, and the log says why.
 *
 * Per record: the record's mid goes into its symbol's bar (bar-feature-builder.ts). When a bar
 * closes with a full window the symbol is due, and every due symbol is run at once in one
 * synchronous onnxruntime call (sync-onnx-session.ts says why not the promise API), so the
 * prediction serves from the very record that closed the bar, and a replay is deterministic.
 * A prediction is used while it is younger (in event time) than the horizon: edge = median
 * forward return in bps (clamped to maxEdgeBps), confidence from the width of the 10-90%
 * quantile interval (quantile-head.ts). A failed run is counted (deep_model_run_failed) and the
 * symbol keeps its previous prediction until that one ages out.
 *
 * Input drift: the newest bar of every window run (normalised as the model saw it) goes into a
 * population stability index against the training distribution (src/ml/drift/population-
 * stability.ts); its worst feature is reported after each run (tradebot_model_input_psi).
 *
 * Hot path: evaluate allocates nothing except in a run (once per closed bar at most: the input
 * tensor's wrapper and the result object onnxruntime returns).
 */
import { Features } from '../../shm/records.js';
import type { AlphaContext, AlphaModel, AlphaModelSpec } from '../alpha-model.js';
import { BarFeatureBuilder, DEEP_ENGINE_WINDOWS, DEEP_FEATURE_COUNT } from '../deep/bar-feature-builder.js';
import { DEEP_ONNX_HORIZON_MS, defaultModelsDir, loadPromotedModel, promotedIdentity, type ServedModel } from '../deep/promoted-model.js';
import { PopulationStability } from '../../ml/drift/population-stability.js';

/** Why L1 could not use its deep model (stage-graph refusals of L1, in this order). */
export const ALPHA_REFUSALS = ['deep_model_unavailable', 'deep_model_run_failed'] as const;
const UNAVAILABLE = 0;
const RUN_FAILED = 1;

const HORIZON_MS = DEEP_ONNX_HORIZON_MS;
/** Width of the 10-90% interval of a model that knows nothing, in normalised units. */
const UNCONDITIONAL_WIDTH = 2.5631;
const Param = { maxEdgeBps: 0 } as const;
const LoadState = { idle: 0, ready: 1, failed: 2 } as const;

export class DeepOnnxAlpha implements AlphaModel {
  private maxEdgeBps = 50;
  private state: number = LoadState.idle;
  private model: ServedModel | null = null;
  private builder: BarFeatureBuilder | null = null;
  private input = new Float32Array(0);
  private readonly due: Uint8Array;
  private readonly dueTs: Float64Array;
  private readonly batchSymbols: Int32Array;
  private readonly edge: Float64Array;
  private readonly confidence: Float64Array;
  private readonly predictionTs: Float64Array;
  private dueCount = 0;
  private reportedRunFailure = false;
  private horizonUs = HORIZON_MS * 1000;
  private readonly inputDrift = new PopulationStability(DEEP_FEATURE_COUNT);

  constructor(private readonly symbolCount: number, private readonly context: AlphaContext, private readonly modelsDir = defaultModelsDir()) {
    this.due = new Uint8Array(symbolCount);
    this.dueTs = new Float64Array(symbolCount);
    this.batchSymbols = new Int32Array(symbolCount);
    this.edge = new Float64Array(symbolCount);
    this.confidence = new Float64Array(symbolCount);
    this.predictionTs = new Float64Array(symbolCount).fill(NaN);
  }

  /** The loaded model, or null (for diagnostics and tests). */
  get served(): ServedModel | null {
    return this.model;
  }

  get loadState(): 'idle' | 'ready' | 'failed' {
    return (['idle', 'ready', 'failed'] as const)[this.state];
  }

  configure(params: Float64Array, offset: number): void {
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
    // The pipeline's weight sits just before a model's own parameters (AlphaParamsLayout).
    if (!(params[offset - 1] > 0)) return;
    if (this.state === LoadState.idle) this.load();
    else this.swapIfPromotedChanged();
  }

  /** Which promoted model was last tried ("name vN sha"), loaded or not. */
  private triedIdentity = '';

  /** A reload: load the newly promoted model, if another one is promoted, and swap it in. */
  private swapIfPromotedChanged(): void {
    let identity: string;
    try {
      identity = promotedIdentity(this.modelsDir);
    } catch (err) {
      this.context.log?.(`deep_onnx: cannot read the model registry, keeping what runs: ${(err as Error).message}`);
      return;
    }
    if (identity === this.triedIdentity) return;
    const old = this.model;
    this.load();
    if (this.model !== old && old !== null) {
      old.session.release();
      this.context.log?.(`deep_onnx: swapped ${old.name} v${old.version} for ${this.model!.name} v${this.model!.version}`);
    }
  }

  /** Load the promoted model now (configure does this when the weight is > 0). */
  load(): void {
    try {
      this.triedIdentity = promotedIdentity(this.modelsDir);
    } catch {
      this.triedIdentity = '';
    }
    try {
      const model = loadPromotedModel(this.modelsDir, HORIZON_MS);
      // A swap to a model with the same bars keeps the bar history: it speaks at once.
      const old = this.model;
      if (old === null || old.intervalUs !== model.intervalUs || old.window !== model.window) {
        this.builder = new BarFeatureBuilder(this.symbolCount, model.intervalUs, model.window, DEEP_ENGINE_WINDOWS);
        this.input = new Float32Array(this.symbolCount * model.window * DEEP_FEATURE_COUNT);
      }
      this.horizonUs = model.horizonMs * 1000;
      this.model = model;
      this.state = LoadState.ready;
      this.context.log?.(`deep_onnx: serving ${model.name} v${model.version} (${model.window} bars of ${model.intervalUs / 60e6} min, horizon ${model.horizonMs / 60000} min) from ${model.onnxPath}`);
    } catch (err) {
      if (this.context.refusals) this.context.refusals[UNAVAILABLE]++;
      if (this.model !== null) {
        this.context.log?.(`deep_onnx: the newly promoted model did not load, ${this.model.name} v${this.model.version} keeps serving: ${(err as Error).message}`);
        return;
      }
      this.state = LoadState.failed;
      this.context.log?.(`deep_onnx: no model, the alpha stays silent: ${(err as Error).message}`);
    }
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const builder = this.builder;
    if (builder === null) return false;
    const symbol = f[base + Features.instrument];
    const ts = f[base + Features.ts];
    if (builder.onRecord(f, base)) {
      if (this.due[symbol] === 0) this.dueCount++;
      this.due[symbol] = 1;
      this.dueTs[symbol] = ts;
    }
    if (this.dueCount > 0) this.runDue();
    const at = this.predictionTs[symbol];
    if (!(ts - at <= this.horizonUs)) return false;
    out[slot] = this.edge[symbol];
    out[slot + 1] = this.confidence[symbol];
    return true;
  }

  /** Every due symbol in one run. */
  private runDue(): void {
    const model = this.model!;
    const builder = this.builder!;
    const floats = model.window * DEEP_FEATURE_COUNT;
    let n = 0;
    for (let s = 0; s < this.symbolCount; s++) {
      if (this.due[s] === 0) continue;
      builder.writeWindow(s, model.featureMean, model.featureStd, this.input, n * floats);
      this.inputDrift.observe(this.input, (n + 1) * floats - DEEP_FEATURE_COUNT);
      this.batchSymbols[n++] = s;
      this.due[s] = 0;
    }
    this.dueCount = 0;
    let q: Float32Array;
    try {
      q = model.session.runRows(this.input, n, model.rowDims).data;
    } catch (err) {
      if (this.context.refusals) this.context.refusals[RUN_FAILED]++;
      if (!this.reportedRunFailure) this.context.log?.(`deep_onnx: a run of ${model.name} failed: ${(err as Error).message}`);
      this.reportedRunFailure = true;
      return;
    }
    for (let i = 0; i < n; i++) {
      const s = this.batchSymbols[i];
      let edge = q[i * 3 + 1] * model.targetStd + model.targetMean;
      if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
      if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
      const c = 1 - (q[i * 3 + 2] - q[i * 3]) / UNCONDITIONAL_WIDTH;
      if (!(edge === edge && c === c)) continue;
      this.edge[s] = edge;
      this.confidence[s] = c < 0 ? 0 : c > 1 ? 1 : c;
      this.predictionTs[s] = this.dueTs[s];
    }
    this.context.reportInputPsi?.('deep_onnx', this.inputDrift.maxIndex());
  }
}

export const deepOnnx: AlphaModelSpec = {
  name: 'deep_onnx',
  description: 'the promoted deep model (LSTM or Transformer on bar features, ONNX via onnxruntime): median 5-minute forward return',
  defaultWeight: 0,
  horizonMs: HORIZON_MS,
  params: {
    maxEdgeBps: { default: 50, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: (symbolCount, context) => new DeepOnnxAlpha(symbolCount, context),
};
