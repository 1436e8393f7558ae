/**
 * Which alpha models a decision came from, in two doubles that travel with it from the blend to
 * the order events and the audit trail, so realised PnL can be split among the models that
 * earned it (backtest/alpha-attribution.ts).
 *
 * A model's share is its |w c e| over the sum of |w c e| of the models in the blend (see
 * weighted-blend.ts). The six largest shares are kept, three per double: each as
 * (model index + 1) * 4096 + round(share * 4095), 17 bits, so a double holds three as an integer
 * below 2^51, exact. Why packed: the records have fixed cache-line layouts, the order event's is
 * full, and a decision rarely owes much to a seventh model; whatever the six leave (and the
 * rounding, at most 1/8190 a model) is reported as unattributed, never spread over the others.
 * An empty pair (0) ends the list; two zeros mean no model spoke.
 *
 * `packAttribution` runs once per intent (not per tick: the blend only records each model's term):
 * it takes and writes typed arrays only and allocates nothing. `unpackAttribution` builds an
 * object, for cold readers (the audit trail, reports, tests).
 */

/** Models kept per decision. */
export const ATTRIBUTED_MODELS = 6;
/** Models per double. */
const PER_SLOT = 3;
/** Share resolution: a share is stored as round(share * SHARE_STEPS). */
const SHARE_STEPS = 4095;
/** One pair's span: 12 bits of share under 5 bits of model index + 1. */
const PAIR = 4096 * 32;
/** The most models an index can name (5 bits, 0 meaning none). */
export const MAX_ATTRIBUTABLE_MODELS = 31;

/**
 * Write the attribution of terms[at..at + n) (each model's |w c e|, 0 for a model not in the
 * blend) into out[outAt] and out[outAt + 1]. Reads the terms without changing them (they may be
 * a ring's record). The largest share first; ties go to the lower model index.
 */
export function packAttribution(terms: Float64Array, at: number, n: number, out: Float64Array, outAt: number): void {
  let total = 0;
  for (let k = 0; k < n; k++) if (terms[at + k] > 0) total += terms[at + k];
  out[outAt] = 0;
  out[outAt + 1] = 0;
  if (!(total > 0 && total < Infinity)) return;
  // Each pick is the largest term ordered after the previous pick (size down, index up).
  let lastSize = Infinity;
  let lastModel = -1;
  let scale = 1;
  for (let picked = 0; picked < ATTRIBUTED_MODELS; picked++) {
    let best = -1;
    let bestSize = 0;
    for (let k = 0; k < n; k++) {
      const size = terms[at + k];
      if (size > lastSize || (size === lastSize && k <= lastModel)) continue;
      if (size > bestSize) { bestSize = size; best = k; }
    }
    if (best < 0) return;
    lastSize = bestSize;
    lastModel = best;
    if (picked === PER_SLOT) scale = 1;
    const q = Math.round((bestSize / total) * SHARE_STEPS);
    out[outAt + (picked < PER_SLOT ? 0 : 1)] += ((best + 1) * 4096 + (q > SHARE_STEPS ? SHARE_STEPS : q)) * scale;
    scale *= PAIR;
  }
}

/** The attribution in two packed doubles, by model name (`names[index]`); {} when no model spoke. */
export function unpackAttribution(first: number, second: number, names: readonly string[]): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const packed of [first, second]) {
    let rest = packed;
    for (let i = 0; i < PER_SLOT && rest > 0; i++) {
      const pair = rest % PAIR;
      rest = Math.floor(rest / PAIR);
      const model = Math.floor(pair / 4096) - 1;
      if (model < 0) break;
      const name = names[model] ?? `model_${model}`;
      shares[name] = (shares[name] ?? 0) + (pair % 4096) / SHARE_STEPS;
    }
  }
  return shares;
}
