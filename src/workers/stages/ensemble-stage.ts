/**
 * L2's stage: blend the alphas' edges with the hot-reloaded model weights, one BlendedEdge out,
 * and publish the per-symbol edge/confidence gauges.
 */
import { WeightedBlend } from '../../ensemble/weighted-blend.js';
import { ALPHA_MODEL_COUNT } from '../../alpha/alpha-catalogue.js';
import { BlendedEdge } from '../../shm/records.js';
import { ALPHA_PARAMS } from '../../pipeline/params.js';
import { SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

export class EnsembleStage implements PipelineStage {
  private readonly blender: WeightedBlend;
  private readonly symbolCount: number;

  constructor(private readonly rt: LayerRuntime, private readonly out: OutputPort) {
    this.symbolCount = rt.config.symbols.length;
    this.blender = new WeightedBlend(ALPHA_MODEL_COUNT, rt.telemetryOf('L2').refusals.view(0));
  }

  /** Once per batch: pick up reloaded weights (a copy of one number per model; cheaper than checking). */
  beginBatch(): void {
    const bases = ALPHA_PARAMS.modelBase;
    for (let k = 0; k < bases.length; k++) this.blender.weights[k] = this.rt.params[bases[k]];
  }

  process(edges: Float64Array, base: number): void {
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
}
