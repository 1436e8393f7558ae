/**
 * L2's stage: blend the alphas' edges with the hot-reloaded model weights (times the
 * meta-learner's multipliers, when it is on), one BlendedEdge out, and publish the per-symbol
 * edge/confidence gauges and the per-model weight and hit-rate gauges.
 *
 * The meta-learner scores calls against the mid the Edges records carry, in their event time, so
 * what it learns from a replay is what it would have learnt live. What it has learnt is published
 * to shared memory each batch while it learns, and at shutdown (ensemble/meta-learner-state.ts);
 * a new L2 starts from what is there: its predecessor's, or a seed the orchestrator put there
 * before the session (a walk-forward fold's train run).
 */
import { BlendSetting, WeightedBlend } from '../../ensemble/weighted-blend.js';
import { MetaLearner } from '../../ensemble/meta-learner.js';
import { LearntLayout, readLearntInto } from '../../ensemble/meta-learner-state.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';
import { ALPHA_HORIZONS_MS, ALPHA_MODEL_COUNT } from '../../alpha/alpha-catalogue.js';
import { BlendedEdge } from '../../shm/records.js';
import { ALPHA_PARAMS, RuntimeParam } from '../../pipeline/params.js';
import { ModelGauge, modelGaugeIndex, modelWeightIndex, SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import { REGIME_COUNT } from '../../alpha/regime-detector.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

export class EnsembleStage implements PipelineStage {
  private readonly blender: WeightedBlend;
  private readonly meta: MetaLearner;
  /** Each model's scoring horizon, µs (its declared horizon x ensemble.metaHorizonScale). */
  private readonly horizonsUs: Float64Array;
  private readonly symbolCount: number;
  /** Shared memory for what the learner has learnt, and its copy in LearntLayout between writes. */
  private readonly learntBlock: SeqlockBlock;
  private readonly learnt = new Float64Array(LearntLayout.fieldCount(ALPHA_MODEL_COUNT, REGIME_COUNT));
  /** The configured weights, gathered from the params block for `setWeights`. */
  private readonly configuredWeights = new Float64Array(ALPHA_MODEL_COUNT);
  /** The multipliers while the meta-learner is off. */
  private readonly unitMultipliers = new Float64Array(REGIME_COUNT * ALPHA_MODEL_COUNT).fill(1);

  constructor(private readonly rt: LayerRuntime, private readonly out: OutputPort) {
    this.symbolCount = rt.config.symbols.length;
    this.blender = new WeightedBlend(ALPHA_MODEL_COUNT, rt.telemetryOf('L2').refusals.view(0));
    const e = rt.config.ensemble;
    this.horizonsUs = Float64Array.from(ALPHA_HORIZONS_MS, (ms) => ms * 1000 * e.metaHorizonScale);
    this.meta = new MetaLearner(this.symbolCount, ALPHA_MODEL_COUNT, {
      horizonsUs: this.horizonsUs, learningRate: e.metaLearningRate, forgetting: e.metaForgetting,
    });
    this.learntBlock = rt.metaLearnerWriter();
    this.startFromLearnt();
    this.configureMeta();
    this.configureBlend();
    // Only a reload changes the weights, the blend's settings and the learner's parameters:
    // reconfigure then, not every batch.
    rt.onParamsChange(() => {
      this.configureMeta();
      this.configureBlend();
    });
  }

  /** Seed the learner from the shared block, if it holds a state; one that does not fit is logged and left. */
  private startFromLearnt(): void {
    if (!readLearntInto(this.learntBlock, this.learnt)) return;
    try {
      this.meta.seed(this.learnt, LearntLayout.learnt);
      const scored = this.meta.scored.reduce((a, b) => a + b, 0);
      this.rt.log(`meta-learner starts from the weights learnt before (${scored} calls scored)`);
    } catch (err) {
      this.rt.log(`meta-learner: the learnt weights in shared memory do not fit (${(err as Error).message}); starting from equal weights`);
    }
  }

  /** Publish what the learner has learnt (between batches: a copy of a few dozen numbers). */
  private publishLearnt(): void {
    this.learnt[LearntLayout.held] = 1;
    this.meta.writeLearnt(this.learnt, LearntLayout.learnt);
    this.learntBlock.write(this.learnt);
  }

  /** The meta-learner's horizons, rates and sampling (which follows the models switched on). */
  private configureMeta(): void {
    const p = this.rt.params;
    if (!(p[RuntimeParam.metaLearningRate] > 0)) return;
    const scale = p[RuntimeParam.metaHorizonScale];
    for (let k = 0; k < ALPHA_MODEL_COUNT; k++) this.horizonsUs[k] = ALPHA_HORIZONS_MS[k] * 1000 * scale;
    const weights = ALPHA_PARAMS.modelBase.map((base) => p[base]);
    this.meta.configure(this.horizonsUs, p[RuntimeParam.metaLearningRate], p[RuntimeParam.metaForgetting], 10, Float64Array.from(weights));
  }

  /** The configured weights and the blend's settings; the multipliers back to 1 while learning is off. */
  private configureBlend(): void {
    const p = this.rt.params;
    const blender = this.blender;
    const bases = ALPHA_PARAMS.modelBase;
    for (let k = 0; k < bases.length; k++) this.configuredWeights[k] = p[bases[k]];
    blender.setWeights(this.configuredWeights);
    blender.settings[BlendSetting.minConfidence] = p[RuntimeParam.minConfidence];
    blender.settings[BlendSetting.topK] = p[RuntimeParam.topK];
    blender.settings[BlendSetting.shrinkage] = p[RuntimeParam.shrinkage];
    if (!(p[RuntimeParam.metaLearningRate] > 0)) blender.setMultipliers(this.unitMultipliers);
  }

  /**
   * Once per batch, while the meta-learner learns: hand its weights to the blend and publish
   * them; and every batch, the model gauges.
   */
  beginBatch(): void {
    const blender = this.blender;
    if (this.rt.params[RuntimeParam.metaLearningRate] > 0) {
      this.publishLearnt();
      blender.setMultipliers(this.meta.weights);
    }
    const gauges = this.rt.modelGauges;
    // The weight gauges are laid out as the blend's table: regime-major, a model per slot.
    blender.effectiveWeightsInto(gauges, modelWeightIndex(0, 0, ALPHA_MODEL_COUNT));
    for (let k = 0; k < ALPHA_MODEL_COUNT; k++) {
      gauges[modelGaugeIndex(ModelGauge.hitRate, k, ALPHA_MODEL_COUNT)] = this.meta.hitRate[k];
      gauges[modelGaugeIndex(ModelGauge.scored, k, ALPHA_MODEL_COUNT)] = this.meta.scored[k];
      gauges[modelGaugeIndex(ModelGauge.driftScore, k, ALPHA_MODEL_COUNT)] = this.meta.drift.score[k];
      gauges[modelGaugeIndex(ModelGauge.driftAlarms, k, ALPHA_MODEL_COUNT)] = this.meta.drift.alarms[k];
    }
  }

  process(edges: Float64Array, base: number): void {
    if (this.rt.params[RuntimeParam.metaLearningRate] > 0) this.meta.observe(edges, base);
    const out = this.out;
    const o = out.claim();
    this.blender.blend(edges, base, out.f64, o);
    const gauges = this.rt.symbolGauges;
    const s = out.f64[o + BlendedEdge.instrument];
    gauges[symbolGaugeIndex(SymbolGauge.edgeBlendedBps, s, this.symbolCount)] = out.f64[o + BlendedEdge.edgeBps];
    gauges[symbolGaugeIndex(SymbolGauge.modelConfidence, s, this.symbolCount)] = out.f64[o + BlendedEdge.confidence];
    out.commit(o);
  }

  endBatch(): void {
    this.out.flush();
  }

  /** The input is done: what the learner learnt since the last batch began goes out too. */
  shutdown(): void {
    if (this.rt.params[RuntimeParam.metaLearningRate] > 0) this.publishLearnt();
  }
}
