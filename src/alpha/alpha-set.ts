/**
 * L1's step: every catalogued model evaluated on one Features record into one Edges record.
 *
 * A record whose touch is invalid (non-finite, <= 0, crossed) or whose symbol is out of range gets
 * mask 0 (no model has an opinion). Every model slot is rewritten every time, so a reused ring slot
 * never carries a stale edge. A model whose weight is 0 is switched off: it is not evaluated at
 * all (its state does not advance), which is what "off" means to a model router.
 *
 * Params: `configure(params, layout)` hands each model its slice of the hot-reloaded params block
 * (see src/pipeline/params.ts); the caller does it when the block's version moves.
 *
 * Every record also gets its instrument's market regime (regime-detector.ts), for L2.
 *
 * `opinions` counts, per model, the records it gave an opinion on (L1 publishes and resets it
 * once per batch), which is how an operator sees that a model fed by a file is actually speaking.
 *
 * Hot path: `evaluate` allocates nothing.
 */
import { copyHeader, Features, RecordKind } from '../shm/records.js';
import type { AlphaContext, AlphaModel } from './alpha-model.js';
import { noFeeds } from './feeds/alpha-feeds.js';
import { ALPHA_MODELS, Edges } from './alpha-catalogue.js';
import { RegimeDetector } from './regime-detector.js';

/** Where each model's weight and parameters sit in a params array. */
export interface AlphaParamsLayout {
  /** Index of model k's weight; its parameters follow in spec order. */
  readonly modelBase: readonly number[];
}

export class AlphaSet {
  readonly symbolCount: number;
  private readonly models: AlphaModel[];
  /** Weight per model as last configured (0 = off). */
  readonly weights: Float64Array;
  /** Every record's regime, whatever models run (L2 reads it from Edges.regime). */
  readonly regimes: RegimeDetector;
  /** Per model: records it gave an opinion on since the caller last reset this. */
  readonly opinions: Float64Array;

  /** `context`: the session's symbols and feeds (default: no feeds, for models that need none). */
  constructor(symbolCount: number, context: AlphaContext = { symbols: [], feeds: noFeeds(symbolCount) }) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`AlphaSet: bad symbolCount ${symbolCount}`);
    this.symbolCount = symbolCount;
    this.models = ALPHA_MODELS.map((spec) => spec.create(symbolCount, context));
    this.opinions = new Float64Array(ALPHA_MODELS.length);
    this.weights = new Float64Array(ALPHA_MODELS.length).fill(1);
    this.regimes = new RegimeDetector(symbolCount);
  }

  /** Model k of the catalogue, for inspecting its state (tests, diagnostics); not for the hot path. */
  model(k: number): AlphaModel {
    const model = this.models[k];
    if (model === undefined) throw new RangeError(`AlphaSet.model: no model ${k} among ${this.models.length}`);
    return model;
  }

  /** Take weights and model parameters from a params array laid out as `layout` says. */
  configure(params: Float64Array, layout: AlphaParamsLayout): void {
    for (let k = 0; k < this.models.length; k++) {
      const base = layout.modelBase[k];
      this.weights[k] = params[base];
      this.models[k].configure(params, base + 1);
    }
  }

  evaluate(inF64: Float64Array, inBase: number, outF64: Float64Array, outBase: number): void {
    const symbol = inF64[inBase + Features.instrument];
    const bid = inF64[inBase + Features.bid];
    const ask = inF64[inBase + Features.ask];
    copyHeader(inF64, inBase, outF64, outBase, RecordKind.Edges);
    outF64[outBase + Edges.bid] = bid;
    outF64[outBase + Edges.ask] = ask;
    outF64[outBase + Edges.volatility] = inF64[inBase + Features.volatility];
    outF64[outBase + Edges.volatility1s] = inF64[inBase + Features.volatility1s];
    const models = this.models;
    for (let k = 0; k < models.length; k++) {
      outF64[outBase + Edges.edgeBps + 2 * k] = 0;
      outF64[outBase + Edges.confidence + 2 * k] = 0;
    }
    let mask = 0;
    let count = 0;
    const validSymbol = symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol;
    const validTouch = bid > 0 && ask > bid && ask < Infinity;
    outF64[outBase + Edges.regime] = validSymbol && validTouch ? this.regimes.update(inF64, inBase) : 0;
    if (validSymbol && validTouch) {
      for (let k = 0; k < models.length; k++) {
        if (!(this.weights[k] > 0)) continue;
        if (models[k].evaluate(inF64, inBase, outF64, outBase + Edges.edgeBps + 2 * k)) {
          mask |= 1 << k;
          count++;
          this.opinions[k]++;
        }
      }
    }
    outF64[outBase + Edges.mask] = mask;
    outF64[outBase + Edges.count] = count;
  }
}
