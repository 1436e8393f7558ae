/**
 * L2's per-record step, shared by the L2 worker and the fused L1-L4 worker: blend the alphas'
 * edges with the hot-reloaded model weights and publish the per-symbol edge/confidence gauges.
 */
import { WeightedBlend } from '../../ensemble/weighted-blend.js';
import { ALPHA_MODEL_COUNT } from '../../alpha/alpha-catalogue.js';
import { BlendedEdge } from '../../shm/records.js';
import { ALPHA_PARAMS } from '../../pipeline/params.js';
import { SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import type { LayerRuntime } from '../layer-runtime.js';

export class EnsembleStage {
  private readonly blender: WeightedBlend;
  private readonly symbolCount: number;

  constructor(private readonly rt: LayerRuntime) {
    // The fused worker stands in for L2 too: it counts into L2's refusal block either way.
    this.blender = new WeightedBlend(ALPHA_MODEL_COUNT, rt.telemetryOf('L2').refusals.view(0));
    this.symbolCount = rt.config.symbols.length;
  }

  /** Once per batch: pick up reloaded weights (a copy of one number per model; cheaper than checking). */
  beginBatch(): void {
    const bases = ALPHA_PARAMS.modelBase;
    for (let k = 0; k < bases.length; k++) this.blender.weights[k] = this.rt.params[bases[k]];
  }

  blend(edges: Float64Array, edgesBase: number, out: Float64Array, outBase: number): void {
    this.blender.blend(edges, edgesBase, out, outBase);
    const gauges = this.rt.symbolGauges;
    const s = out[outBase + BlendedEdge.instrument];
    gauges[symbolGaugeIndex(SymbolGauge.edgeBlendedBps, s, this.symbolCount)] = out[outBase + BlendedEdge.edgeBps];
    gauges[symbolGaugeIndex(SymbolGauge.modelConfidence, s, this.symbolCount)] = out[outBase + BlendedEdge.confidence];
  }
}
