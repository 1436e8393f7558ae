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
 * Weights, multipliers and horizons are set through `setWeight(s)`, `setMultipliers` and
 * `setHorizonsMs` (the L2 shell once per batch, index = model id), which fold them into one table
 * of (w, w h) per regime and model. Why a table: V8 re-checks a typed array's map and bounds on
 * every access inside a loop (it hoists neither), so each array the model loop touches costs a few
 * ns per model; reading the product from one array instead of three took the blend of 12 models
 * from ~120 to under 100 ns.
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

/**
 * The model terms a BlendedEdge carries, slots [0, BLEND_TERM_COUNT) from `modelTerms`: one per
 * catalogued model. The slots past them are never read (the blend may write a 0 in the first).
 */
export const BLEND_TERM_COUNT = ALPHA_MODEL_COUNT;
// The blend's pair loop writes a term for an odd count's pad model, and reads its Edges slots.
if (BLEND_TERM_COUNT + (BLEND_TERM_COUNT & 1) > BLENDED_MODEL_TERM_SLOTS) throw new Error(`BlendedEdge has ${BLENDED_MODEL_TERM_SLOTS} term slots for ${BLEND_TERM_COUNT} models`);
if (Edges.edgeBps + 2 * (ALPHA_MODEL_COUNT + (ALPHA_MODEL_COUNT & 1)) > Edges.f64) throw new Error('Edges has no room for the blend to read a pair past its last model');

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
  readonly rejects: Float64Array;
  /** See BlendSetting; all 0 = the plain confidence-weighted mean. */
  readonly settings = new Float64Array(3);
  /** Per-model weight, default 1 (<= 0 or NaN: off). */
  private readonly weights: Float64Array;
  /** Per regime and model multiplier of the weight (the meta-learner's), default 1. */
  private readonly multipliers: Float64Array;
  /** Per-model horizon (AlphaModelSpec.horizonMs), ms; the catalogue's by default. */
  private readonly horizonsMs: Float64Array;
  /**
   * Per regime and model, at 2 (regime * maxModels + k): the effective weight w = weight x
   * multiplier, then w x horizon. Rebuilt by every setter; the only weights `blend` reads.
   */
  private readonly effective: Float64Array;
  /** Per model, this record: 1 if it counts in the blend (top-k path). */
  private readonly usable: Uint8Array;
  /** The top-k path's sum w, sum w c, sum w c e and sum w c h (scratch: numbers back without an object). */
  private readonly sums = new Float64Array(4);

  /** `rejects`: count refusals here (one slot per BLEND_REJECT_REASONS entry, e.g. shared memory). */
  constructor(maxModels: number, rejects?: Float64Array) {
    // The Edges record has slots for the catalogued models only: reading past them reads the next record.
    if (!Number.isInteger(maxModels) || maxModels <= 0 || maxModels > ALPHA_MODEL_COUNT) {
      throw new Error(`WeightedBlend: maxModels must be an integer in 1..${ALPHA_MODEL_COUNT}, got ${maxModels}`);
    }
    // Each model's term has a slot in the record, and the attribution names a model in 5 bits.
    const attributable = Math.min(BLEND_TERM_COUNT, MAX_ATTRIBUTABLE_MODELS);
    if (maxModels > attributable) throw new Error(`WeightedBlend: at most ${attributable} models can be attributed, got ${maxModels}`);
    this.maxModels = maxModels;
    this.weights = new Float64Array(maxModels).fill(1);
    this.horizonsMs = Float64Array.from(ALPHA_HORIZONS_MS.slice(0, maxModels));
    this.multipliers = new Float64Array(REGIME_COUNT * maxModels).fill(1);
    // + 2: the pair loop's read past an odd last model of the last regime (never used).
    this.effective = new Float64Array(2 * REGIME_COUNT * maxModels + 2);
    this.usable = new Uint8Array(maxModels);
    if (rejects && rejects.length < BLEND_REJECT_REASONS.length) throw new Error(`WeightedBlend: rejects needs ${BLEND_REJECT_REASONS.length} slots, got ${rejects.length}`);
    this.rejects = rejects ?? new Float64Array(BLEND_REJECT_REASONS.length);
    this.rebuild();
  }

  /** Model `model`'s configured weight (<= 0 or NaN switches it off). */
  setWeight(model: number, weight: number): void {
    this.modelIndex(model);
    this.weights[model] = weight;
    this.rebuild();
  }

  /** Every model's weight, by model id: values[0..maxModels). No allocation. */
  setWeights(values: ArrayLike<number>): void {
    if (values.length < this.maxModels) throw new Error(`WeightedBlend: ${this.maxModels} weights needed, got ${values.length}`);
    for (let k = 0; k < this.maxModels; k++) this.weights[k] = values[k];
    this.rebuild();
  }

  /** The meta-learner's multipliers, at regime * maxModels + model: values[0..REGIME_COUNT * maxModels). No allocation. */
  setMultipliers(values: ArrayLike<number>): void {
    const n = this.multipliers.length;
    if (values.length < n) throw new Error(`WeightedBlend: ${n} multipliers needed, got ${values.length}`);
    for (let i = 0; i < n; i++) this.multipliers[i] = values[i];
    this.rebuild();
  }

  /** One multiplier (regime, model). */
  setMultiplier(regime: number, model: number, multiplier: number): void {
    this.modelIndex(model);
    if (!(Number.isInteger(regime) && regime >= 0 && regime < REGIME_COUNT)) throw new Error(`WeightedBlend: regime must be in 0..${REGIME_COUNT - 1}, got ${regime}`);
    this.multipliers[regime * this.maxModels + model] = multiplier;
    this.rebuild();
  }

  /** Each model's horizon, ms, by model id: values[0..maxModels). */
  setHorizonsMs(values: ArrayLike<number>): void {
    if (values.length < this.maxModels) throw new Error(`WeightedBlend: ${this.maxModels} horizons needed, got ${values.length}`);
    for (let k = 0; k < this.maxModels; k++) this.horizonsMs[k] = values[k];
    this.rebuild();
  }

  /** The weight `blend` applies to `model` in `regime`: configured weight x multiplier. */
  effectiveWeight(regime: number, model: number): number {
    return this.effective[2 * (regime * this.maxModels + model)];
  }

  /**
   * Every effective weight into out[at + regime * maxModels + model], for the gauges once per
   * batch: a copy between typed arrays, where a double returned per (regime, model) could be boxed.
   */
  effectiveWeightsInto(out: Float64Array, at: number): void {
    const cells = REGIME_COUNT * this.maxModels;
    for (let i = 0; i < cells; i++) out[at + i] = this.effective[2 * i];
  }

  private modelIndex(model: number): void {
    if (!(Number.isInteger(model) && model >= 0 && model < this.maxModels)) throw new Error(`WeightedBlend: model must be in 0..${this.maxModels - 1}, got ${model}`);
  }

  private rebuild(): void {
    const n = this.maxModels;
    for (let r = 0; r < REGIME_COUNT; r++) {
      for (let k = 0; k < n; k++) {
        const w = this.weights[k] * this.multipliers[r * n + k];
        this.effective[2 * (r * n + k)] = w;
        this.effective[2 * (r * n + k) + 1] = w * this.horizonsMs[k];
      }
    }
  }

  blend(inF64: Float64Array, inBase: number, outF64: Float64Array, outBase: number): void {
    // The mask is a small integer stored as a double: convert once, not once per model.
    const mask = inF64[inBase + EDGES_MASK] | 0;
    const regime = inF64[inBase + EDGES_REGIME];
    const n = this.maxModels;
    const settings = this.settings;
    const at = regime >= 0 && regime < REGIME_COUNT ? 2 * (regime | 0) * n : 0;
    let weightSum = 0;
    let weightConfSum = 0;
    let weightedEdgeSum = 0;
    let weightedHorizonSum = 0;
    // Each model's |w c e| goes straight into the record (0 for one that did not speak).
    const terms = outBase + OUT_MODEL_TERMS;
    if (settings[BlendSetting.topK] >= 1) {
      this.sumMostConfident(inF64, inBase, mask, at, settings[BlendSetting.topK], outF64, terms);
      weightSum = this.sums[0];
      weightConfSum = this.sums[1];
      weightedEdgeSum = this.sums[2];
      weightedHorizonSum = this.sums[3];
    } else {
      // The usual case, in this one loop (a helper method here cost ~2x: the sums went through
      // memory and the call was not always inlined): screen and sum, each value read once, one
      // store per model. Two models per iteration: V8 checks each typed array's map and bounds
      // once per group of reads in an iteration, so pairing halves those checks (~10 ns of ~95).
      // The pair past an odd last model reads the next slots (the table and the Edges record
      // have room for them) and never uses them: its mask bit is cleared below.
      const effective = this.effective;
      const minConfidence = settings[BlendSetting.minConfidence];
      const first = inBase + EDGES_FIRST_MODEL;
      let bad = 0;
      let pending = mask & ((1 << n) - 1);
      // Running indices (weights, Edges slots, terms) rather than k-based arithmetic: fewer adds
      // and overflow checks per pair.
      let wi = at;
      let ei = first;
      let ti = terms;
      for (let k = 0; k < n; k += 2, pending >>= 2, wi += 4, ei += 4, ti += 2) {
        const w0 = effective[wi];
        const w1 = effective[wi + 2];
        const e0 = inF64[ei];
        const c0 = inF64[ei + 1];
        const e1 = inF64[ei + 2];
        const c1 = inF64[ei + 3];
        let size0 = 0;
        let size1 = 0;
        if ((pending & 1) !== 0 && w0 > 0) {
          // One test screens both: c (1 - c) >= 0 exactly for c in [0, 1], and e - e is 0 for
          // a finite e and NaN otherwise, which fails any comparison.
          if (!(c0 * (1 - c0) + (e0 - e0) >= 0)) bad++;
          else if (!(c0 < minConfidence)) {
            const wc = w0 * c0;
            const term = wc * e0;
            weightSum += w0;
            weightConfSum += wc;
            weightedEdgeSum += term;
            weightedHorizonSum += c0 * effective[wi + 1];
            // Math.abs, not a ternary: the sign of a term is a coin toss, and a branch on it mispredicts.
            size0 = Math.abs(term);
          }
        }
        if ((pending & 2) !== 0 && w1 > 0) {
          if (!(c1 * (1 - c1) + (e1 - e1) >= 0)) bad++;
          else if (!(c1 < minConfidence)) {
            const wc = w1 * c1;
            const term = wc * e1;
            weightSum += w1;
            weightConfSum += wc;
            weightedEdgeSum += term;
            weightedHorizonSum += c1 * effective[wi + 3];
            size1 = Math.abs(term);
          }
        }
        outF64[ti] = size0;
        outF64[ti + 1] = size1;
      }
      if (bad > 0) this.rejects[BlendReject.BadModelValue] += bad;
    }

    copyHeader(inF64, inBase, outF64, outBase, RecordKind.BlendedEdge);
    outF64[outBase + OUT_BID] = inF64[inBase + EDGES_BID];
    outF64[outBase + OUT_ASK] = inF64[inBase + EDGES_ASK];
    outF64[outBase + OUT_VOLATILITY] = inF64[inBase + EDGES_VOLATILITY];
    outF64[outBase + OUT_VOLATILITY_1S] = inF64[inBase + EDGES_VOLATILITY_1S];
    for (let k = n; k < BLEND_TERM_COUNT; k++) outF64[terms + k] = 0;
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
  private sumMostConfident(inF64: Float64Array, inBase: number, mask: number, at: number, topK: number, outF64: Float64Array, terms: number): void {
    const minConfidence = this.settings[BlendSetting.minConfidence];
    const usable = this.usable;
    const effective = this.effective;
    let candidates = 0;
    for (let k = 0; k < this.maxModels; k++) {
      usable[k] = 0;
      if ((mask & (1 << k)) === 0) continue;
      if (!(effective[at + 2 * k] > 0)) continue;
      const e = inF64[inBase + Edges.edgeBps + 2 * k];
      const c = inF64[inBase + Edges.confidence + 2 * k];
      if (!(c * (1 - c) + (e - e) >= 0)) {
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
      const w = effective[at + 2 * k];
      const e = inF64[inBase + Edges.edgeBps + 2 * k];
      const c = inF64[inBase + Edges.confidence + 2 * k];
      const term = w * c * e;
      weightSum += w;
      weightConfSum += w * c;
      weightedEdgeSum += term;
      weightedHorizonSum += c * effective[at + 2 * k + 1];
      outF64[terms + k] = Math.abs(term);
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
