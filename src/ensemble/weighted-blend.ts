/**
 * WeightedBlend: L2's first ensemble, one BlendedEdge per Edges record.
 *
 *   edgeBps    = sum_k w_k c_k e_k / sum_k w_k c_k        (confidence-weighted mean edge)
 *   confidence = sum_k w_k c_k / sum_k w_k                (weight-weighted mean confidence)
 *   horizonMs  = sum_k w_k c_k h_k / sum_k w_k c_k        (the horizon the edge is earned over)
 *
 * over the models k whose bit is set in Edges.mask and whose weight is > 0. Weighting the edge by
 * confidence lets a sure model outvote an unsure one; averaging the confidence (rather than
 * summing it) keeps it in [0, 1], and a model that is present but unsure pulls it down.
 *
 * A model with a non-finite edge or confidence, or a confidence outside [0, 1], is ignored and
 * counted in `rejects[BlendReject.BadModelValue]` (one bad model must not poison the blend with a
 * NaN). A weight that is <= 0 or NaN switches its model off. With no usable model, or all
 * confidences 0, the result is edge 0, confidence 0 (no opinion).
 *
 * Refinements, all off at their defaults (`settings`, set by the L2 shell from the params block):
 * - minConfidence: a model less sure than this is left out (as if it had no opinion);
 * - topK: only the K most confident of the remaining models count (0 = all);
 * - shrinkage: Bayesian shrinkage of the edge towards a prior of 0 bps with the strength of
 *   `shrinkage` units of confidence-weight, edge = sum w c e / (sum w c + shrinkage) (the
 *   posterior mean when each model's call is a noisy observation with precision w c): a lone,
 *   unsure model moves the blend little; several sure ones move it almost all the way.
 * - `multipliers` (the meta-learner's exp(-lambda), per regime: `regime * maxModels + k`) scale
 *   each configured weight by what the model has earned in the regime the record was made in.
 *
 * `weights` is public: the L2 shell copies hot-reloaded weights into it (index = model id).
 * Hot path: `blend` allocates nothing.
 */

import { BLENDED_MODEL_TERM_SLOTS, BlendedEdge, copyHeader, RecordKind } from '../shm/records.js';
import { ALPHA_HORIZONS_MS, ALPHA_MODEL_COUNT, Edges } from '../alpha/alpha-catalogue.js';
import { REGIME_COUNT } from '../alpha/regime-detector.js';
import { MAX_ATTRIBUTABLE_MODELS } from './model-attribution.js';

export const BlendReject = { BadModelValue: 0 } as const;
/** Slots of `WeightedBlend.settings`. */
export const BlendSetting = { minConfidence: 0, topK: 1, shrinkage: 2 } as const;
export const BLEND_REJECT_REASONS = ['bad_model_value'] as const;

// Record offsets as plain constants: a property read per use on the hot path is measurable here.
const EDGES_MASK = Edges.mask;
const EDGES_REGIME = Edges.regime;
const EDGES_FIRST_MODEL = Edges.edgeBps;
const EDGES_BID = Edges.bid;
const EDGES_ASK = Edges.ask;
const EDGES_VOLATILITY = Edges.volatility;
const EDGES_VOLATILITY_1S = Edges.volatility1s;
const OUT_EDGE = BlendedEdge.edgeBps;
const OUT_CONFIDENCE = BlendedEdge.confidence;
const OUT_HORIZON = BlendedEdge.horizonMs;
const OUT_BID = BlendedEdge.bid;
const OUT_ASK = BlendedEdge.ask;
const OUT_VOLATILITY = BlendedEdge.volatility;
const OUT_VOLATILITY_1S = BlendedEdge.volatility1s;
const OUT_MODEL_TERMS = BlendedEdge.modelTerms;

export class WeightedBlend {
  readonly maxModels: number;
  /** Per-model weight, default 1. */
  readonly weights: Float64Array;
  readonly rejects: Float64Array;
  /** See BlendSetting; all 0 = the plain confidence-weighted mean. */
  readonly settings = new Float64Array(3);
  /** Per regime and model multiplier of the weight (the meta-learner's), default 1. */
  readonly multipliers: Float64Array;
  /** Per model, this record: 1 if it counts in the blend. */
  private readonly usable: Uint8Array;
  /** Per-model horizon (AlphaModelSpec.horizonMs), ms; the catalogue's by default. */
  readonly horizonsMs: Float64Array;
  /** The top-k path's sum w, sum w c, sum w c e and sum w c h (scratch: numbers back without an object). */
  private readonly sums = new Float64Array(4);

  /** `rejects`: count refusals here (one slot per BLEND_REJECT_REASONS entry, e.g. shared memory). */
  constructor(maxModels: number, rejects?: Float64Array) {
    // The Edges record has slots for the catalogued models only: reading past them reads the next record.
    if (!Number.isInteger(maxModels) || maxModels <= 0 || maxModels > ALPHA_MODEL_COUNT) {
      throw new Error(`WeightedBlend: maxModels must be an integer in 1..${ALPHA_MODEL_COUNT}, got ${maxModels}`);
    }
    // Each model's term has a slot in the record, and the attribution names a model in 5 bits.
    const attributable = Math.min(BLENDED_MODEL_TERM_SLOTS, MAX_ATTRIBUTABLE_MODELS);
    if (maxModels > attributable) throw new Error(`WeightedBlend: at most ${attributable} models can be attributed, got ${maxModels}`);
    this.maxModels = maxModels;
    this.weights = new Float64Array(maxModels).fill(1);
    this.horizonsMs = Float64Array.from(ALPHA_HORIZONS_MS.slice(0, maxModels));
    this.multipliers = new Float64Array(REGIME_COUNT * maxModels).fill(1);
    this.usable = new Uint8Array(maxModels);
    if (rejects && rejects.length < BLEND_REJECT_REASONS.length) throw new Error(`WeightedBlend: rejects needs ${BLEND_REJECT_REASONS.length} slots, got ${rejects.length}`);
    this.rejects = rejects ?? new Float64Array(BLEND_REJECT_REASONS.length);
  }

  blend(inF64: Float64Array, inBase: number, outF64: Float64Array, outBase: number): void {
    // The mask is a small integer stored as a double: convert once, not once per model.
    const mask = inF64[inBase + EDGES_MASK] | 0;
    const regime = inF64[inBase + EDGES_REGIME];
    const n = this.maxModels;
    const settings = this.settings;
    const row = regime >= 0 && regime < REGIME_COUNT ? (regime | 0) * n : 0;
    let weightSum = 0;
    let weightConfSum = 0;
    let weightedEdgeSum = 0;
    let weightedHorizonSum = 0;
    // Each model's |w c e| goes straight into the record (0 for one that did not speak).
    const terms = outBase + OUT_MODEL_TERMS;
    if (settings[BlendSetting.topK] >= 1) {
      this.sumMostConfident(inF64, inBase, mask, row, settings[BlendSetting.topK], outF64, terms);
      weightSum = this.sums[0];
      weightConfSum = this.sums[1];
      weightedEdgeSum = this.sums[2];
      weightedHorizonSum = this.sums[3];
    } else {
      // The usual case, in this one loop (a helper method here cost ~2x: the sums went through
      // memory and the call was not always inlined): screen and sum, each value read once.
      const weights = this.weights;
      const multipliers = this.multipliers;
      const horizons = this.horizonsMs;
      const minConfidence = settings[BlendSetting.minConfidence];
      let bad = 0;
      let slot = inBase + EDGES_FIRST_MODEL;
      for (let k = 0; k < n; k++, slot += 2) {
        outF64[terms + k] = 0;
        if ((mask & (1 << k)) === 0) continue;
        const w = weights[k] * multipliers[row + k];
        if (!(w > 0)) continue;
        const e = inF64[slot];
        const c = inF64[slot + 1];
        if (!(c >= 0 && c <= 1) || !(e > -Infinity && e < Infinity)) { bad++; continue; }
        if (c < minConfidence) continue;
        const wc = w * c;
        const term = wc * e;
        weightSum += w;
        weightConfSum += wc;
        weightedEdgeSum += term;
        weightedHorizonSum += wc * horizons[k];
        outF64[terms + k] = term < 0 ? -term : term;
      }
      if (bad > 0) this.rejects[BlendReject.BadModelValue] += bad;
    }

    copyHeader(inF64, inBase, outF64, outBase, RecordKind.BlendedEdge);
    outF64[outBase + OUT_BID] = inF64[inBase + EDGES_BID];
    outF64[outBase + OUT_ASK] = inF64[inBase + EDGES_ASK];
    outF64[outBase + OUT_VOLATILITY] = inF64[inBase + EDGES_VOLATILITY];
    outF64[outBase + OUT_VOLATILITY_1S] = inF64[inBase + EDGES_VOLATILITY_1S];
    for (let k = n; k < BLENDED_MODEL_TERM_SLOTS; k++) outF64[terms + k] = 0;
    if (weightConfSum > 0) {
      outF64[outBase + OUT_EDGE] = weightedEdgeSum / (weightConfSum + settings[BlendSetting.shrinkage]);
      outF64[outBase + OUT_CONFIDENCE] = weightConfSum / weightSum;
      outF64[outBase + OUT_HORIZON] = weightedHorizonSum / weightConfSum;
    } else {
      outF64[outBase + OUT_EDGE] = 0;
      outF64[outBase + OUT_CONFIDENCE] = 0;
      outF64[outBase + OUT_HORIZON] = 0;
    }
  }

  /** With top-k: screen into `usable`, keep the K most confident, then sum those. */
  private sumMostConfident(inF64: Float64Array, inBase: number, mask: number, row: number, topK: number, outF64: Float64Array, terms: number): void {
    const minConfidence = this.settings[BlendSetting.minConfidence];
    const usable = this.usable;
    let candidates = 0;
    for (let k = 0; k < this.maxModels; k++) {
      usable[k] = 0;
      if ((mask & (1 << k)) === 0) continue;
      if (!(this.weights[k] * this.multipliers[row + k] > 0)) continue;
      const e = inF64[inBase + Edges.edgeBps + 2 * k];
      const c = inF64[inBase + Edges.confidence + 2 * k];
      if (!(c >= 0 && c <= 1) || !(e > -Infinity && e < Infinity)) {
        this.rejects[BlendReject.BadModelValue] += 1;
        continue;
      }
      if (c < minConfidence) continue;
      usable[k] = 1;
      candidates++;
    }
    this.keepMostConfident(inF64, inBase, candidates, topK);

    let weightSum = 0;
    let weightConfSum = 0;
    let weightedEdgeSum = 0;
    let weightedHorizonSum = 0;
    for (let k = 0; k < this.maxModels; k++) {
      outF64[terms + k] = 0;
      if (usable[k] === 0) continue;
      const w = this.weights[k] * this.multipliers[row + k];
      const e = inF64[inBase + Edges.edgeBps + 2 * k];
      const c = inF64[inBase + Edges.confidence + 2 * k];
      const term = w * c * e;
      const size = term < 0 ? -term : term;
      weightSum += w;
      weightConfSum += w * c;
      weightedEdgeSum += term;
      weightedHorizonSum += w * c * this.horizonsMs[k];
      outF64[terms + k] = size;
    }
    this.sums[0] = weightSum;
    this.sums[1] = weightConfSum;
    this.sums[2] = weightedEdgeSum;
    this.sums[3] = weightedHorizonSum;
  }

  /**
   * Leave only the `topK` most confident usable models (ties: the lower model index wins).
   * O(K x models) selection on the `usable` flags; no allocation.
   */
  private keepMostConfident(inF64: Float64Array, inBase: number, candidates: number, topK: number): void {
    if (candidates <= topK) return;
    const usable = this.usable;
    // Mark the chosen ones 2, then demote the rest.
    for (let picked = 0; picked < topK; picked++) {
      let best = -1;
      let bestC = -1;
      for (let k = 0; k < this.maxModels; k++) {
        if (usable[k] !== 1) continue;
        const c = inF64[inBase + Edges.confidence + 2 * k];
        if (c > bestC) { bestC = c; best = k; }
      }
      if (best < 0) break;
      usable[best] = 2;
    }
    for (let k = 0; k < this.maxModels; k++) usable[k] = usable[k] === 2 ? 1 : 0;
  }
}
