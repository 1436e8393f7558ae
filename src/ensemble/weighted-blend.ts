/**
 * WeightedBlend: L2's first ensemble, one BlendedEdge per Edges record.
 *
 *   edgeBps    = sum_k w_k c_k e_k / sum_k w_k c_k        (confidence-weighted mean edge)
 *   confidence = sum_k w_k c_k / sum_k w_k                (weight-weighted mean confidence)
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
 * `weights` is public: the L2 shell copies hot-reloaded weights into it (index = model id).
 * Hot path: `blend` allocates nothing.
 */

import { BlendedEdge, copyHeader, RecordKind } from '../shm/records.js';
import { ALPHA_MODEL_COUNT, Edges } from '../alpha/alpha-catalogue.js';

export const BlendReject = { BadModelValue: 0 } as const;
export const BLEND_REJECT_REASONS = ['bad_model_value'] as const;

export class WeightedBlend {
  readonly maxModels: number;
  /** Per-model weight, default 1. */
  readonly weights: Float64Array;
  readonly rejects: Float64Array;

  /** `rejects`: count refusals here (one slot per BLEND_REJECT_REASONS entry, e.g. shared memory). */
  constructor(maxModels: number, rejects?: Float64Array) {
    // The Edges record has slots for the catalogued models only: reading past them reads the next record.
    if (!Number.isInteger(maxModels) || maxModels <= 0 || maxModels > ALPHA_MODEL_COUNT) {
      throw new Error(`WeightedBlend: maxModels must be an integer in 1..${ALPHA_MODEL_COUNT}, got ${maxModels}`);
    }
    this.maxModels = maxModels;
    this.weights = new Float64Array(maxModels).fill(1);
    if (rejects && rejects.length < BLEND_REJECT_REASONS.length) throw new Error(`WeightedBlend: rejects needs ${BLEND_REJECT_REASONS.length} slots, got ${rejects.length}`);
    this.rejects = rejects ?? new Float64Array(BLEND_REJECT_REASONS.length);
  }

  blend(inF64: Float64Array, inBase: number, outF64: Float64Array, outBase: number): void {
    const mask = inF64[inBase + Edges.mask];
    let weightSum = 0;
    let weightConfSum = 0;
    let weightedEdgeSum = 0;
    for (let k = 0; k < this.maxModels; k++) {
      if ((mask & (1 << k)) === 0) continue;
      const w = this.weights[k];
      if (!(w > 0)) continue;
      const e = inF64[inBase + Edges.edgeBps + 2 * k];
      const c = inF64[inBase + Edges.confidence + 2 * k];
      if (!(c >= 0 && c <= 1) || !(e > -Infinity && e < Infinity)) {
        this.rejects[BlendReject.BadModelValue] += 1;
        continue;
      }
      weightSum += w;
      weightConfSum += w * c;
      weightedEdgeSum += w * c * e;
    }

    copyHeader(inF64, inBase, outF64, outBase, RecordKind.BlendedEdge);
    outF64[outBase + BlendedEdge.bid] = inF64[inBase + Edges.bid];
    outF64[outBase + BlendedEdge.ask] = inF64[inBase + Edges.ask];
    outF64[outBase + BlendedEdge.volatility] = inF64[inBase + Edges.volatility];
    if (weightConfSum > 0) {
      outF64[outBase + BlendedEdge.edgeBps] = weightedEdgeSum / weightConfSum;
      outF64[outBase + BlendedEdge.confidence] = weightConfSum / weightSum;
    } else {
      outF64[outBase + BlendedEdge.edgeBps] = 0;
      outF64[outBase + BlendedEdge.confidence] = 0;
    }
  }
}
