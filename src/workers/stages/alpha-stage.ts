/**
 * L1's stage: every catalogued alpha model on one Features record, one Edges record out, with
 * weights and model parameters from the hot-reloaded params block (re-applied only when the
 * block's version moves). Publishes each symbol's regime as a gauge and each model's opinion
 * count, once per batch.
 *
 * The models' external feeds (source.newsFile, source.onchainFile, source.fundingFile) are read here, once, when the
 * stage is built: in L1's worker, or in the one thread of the single-thread placement. The
 * session checked them before starting, so a failure here means the file changed since.
 */
import { AlphaSet } from '../../alpha/alpha-set.js';
import { loadAlphaFeeds } from '../../alpha/feeds/alpha-feeds.js';
import { ALPHA_PARAMS } from '../../pipeline/params.js';
import { SymbolGauge, symbolGaugeIndex } from '../../pipeline/telemetry.js';
import { ALPHA_MODEL_COUNT, alphaModelIndex } from '../../alpha/alpha-catalogue.js';
import { ModelGauge, modelGaugeIndex } from '../../pipeline/telemetry.js';
import type { LayerRuntime } from '../layer-runtime.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

export class AlphaStage implements PipelineStage {
  private readonly alphas: AlphaSet;
  private configuredVersion = -1;

  constructor(private readonly rt: LayerRuntime, private readonly out: OutputPort) {
    const { feeds, summary } = loadAlphaFeeds(rt.config);
    // Once per start, not per record: what the models got to read.
    if (rt.restarts === 0) for (const line of summary) rt.log(line);
    this.alphas = new AlphaSet(rt.config.symbols.length, {
      symbols: rt.config.symbols, feeds, log: (line) => rt.log(line), refusals: rt.telemetry.refusals.view(0),
      reportInputPsi: (model, psi) => {
        const k = alphaModelIndex(model);
        if (k >= 0) rt.modelGauges[modelGaugeIndex(ModelGauge.inputPsi, k, ALPHA_MODEL_COUNT)] = psi;
      },
    });
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
    // Added rather than set: the shared totals outlive this worker, so a restart carries on.
    const opinions = this.alphas.opinions;
    const shared = this.rt.modelOpinions;
    for (let k = 0; k < opinions.length; k++) {
      shared[k] += opinions[k];
      opinions[k] = 0;
    }
  }
}
