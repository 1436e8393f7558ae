/**
 * L1's stage: every catalogued alpha model on one Features record, one Edges record out, with
 * weights and model parameters from the hot-reloaded params block (re-applied only when the
 * block's version moves). Publishes each symbol's regime as a gauge, once per batch.
 */
import { AlphaSet } from '../../alpha/alpha-set.js';
import { ALPHA_PARAMS } from '../../pipeline/params.js';
import { SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

export class AlphaStage implements PipelineStage {
  private readonly alphas: AlphaSet;
  private configuredVersion = -1;

  constructor(private readonly rt: LayerRuntime, private readonly out: OutputPort) {
    this.alphas = new AlphaSet(rt.config.symbols.length);
    this.beginBatch();
  }

  beginBatch(): void {
    const version = this.rt.paramsVersion();
    if (version === this.configuredVersion) return;
    this.alphas.configure(this.rt.params, ALPHA_PARAMS);
    this.configuredVersion = version;
  }

  process(features: Float64Array, base: number): void {
    const out = this.out;
    const o = out.claim();
    this.alphas.evaluate(features, base, out.f64, o);
    out.commit(o);
  }

  endBatch(): void {
    this.out.flush();
    const regimes = this.alphas.regimes.regime;
    const n = regimes.length;
    for (let s = 0; s < n; s++) this.rt.symbolGauges[symbolGaugeIndex(SymbolGauge.regime, s, n)] = regimes[s];
  }
}
