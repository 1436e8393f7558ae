/**
 * L1's per-record step, shared by the L1 worker and the fused L1-L4 worker: every catalogued
 * alpha model on one Features record, with weights and model parameters from the hot-reloaded
 * params block (re-applied only when the block's version moves).
 */
import { AlphaSet } from '../../alpha/alpha-set.js';
import { ALPHA_PARAMS } from '../../pipeline/params.js';
import type { LayerRuntime } from '../layer-runtime.js';

export class AlphaStage {
  private readonly alphas: AlphaSet;
  private configuredVersion = -1;

  constructor(private readonly rt: LayerRuntime) {
    this.alphas = new AlphaSet(rt.config.symbols.length);
    this.beginBatch();
  }

  beginBatch(): void {
    const version = this.rt.paramsVersion();
    if (version === this.configuredVersion) return;
    this.alphas.configure(this.rt.params, ALPHA_PARAMS);
    this.configuredVersion = version;
  }

  evaluate(features: Float64Array, base: number, out: Float64Array, outBase: number): void {
    this.alphas.evaluate(features, base, out, outBase);
  }
}
