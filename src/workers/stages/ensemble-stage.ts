/**
 * L2's per-record step, shared by the L2 worker and the fused L1-L4 worker: blend the alphas'
 * edges with the hot-reloaded model weights and publish the per-symbol edge/confidence gauges.
 */
import { WeightedBlend } from '../../ensemble/weighted-blend.js';
import { ALPHA_MODELS } from '../../alpha/rule-alphas.js';
import { BlendedEdge } from '../../shm/records.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import type { LayerRuntime } from '../layer-runtime.js';

export class EnsembleStage {
  private readonly blender = new WeightedBlend(ALPHA_MODELS.length);
  private readonly symbolCount: number;

  constructor(private readonly rt: LayerRuntime) {
    this.symbolCount = rt.config.symbols.length;
  }

  /** Once per batch: pick up reloaded weights (a copy of two numbers; cheaper than checking). */
  beginBatch(): void {
    this.blender.weights[0] = this.rt.params[RuntimeParam.weightBookPressure];
    this.blender.weights[1] = this.rt.params[RuntimeParam.weightMaMomentum];
  }

  blend(edges: Float64Array, edgesBase: number, out: Float64Array, outBase: number): void {
    this.blender.blend(edges, edgesBase, out, outBase);
    const gauges = this.rt.symbolGauges;
    const s = out[outBase + BlendedEdge.symbol];
    gauges[symbolGaugeIndex(SymbolGauge.edgeBlendedBps, s, this.symbolCount)] = out[outBase + BlendedEdge.edgeBps];
    gauges[symbolGaugeIndex(SymbolGauge.modelConfidence, s, this.symbolCount)] = out[outBase + BlendedEdge.confidence];
  }
}
