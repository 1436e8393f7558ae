/**
 * The alpha models this build knows, in slot order: model k owns bit k of `Edges.mask`, slot pair
 * k of the Edges record and its block of the params block. The pipeline derives everything else
 * from this list (record width, params layout, the config's `alphas` section, metric labels), so
 * a new model is its own file under `models/` plus one line here and its entry in conf/.
 *
 * Order matters only within one process tree: records and params never outlive the session
 * (recordings hold raw venue frames, not Edges), so reordering is safe between releases.
 */
import { edgesLayout } from '../shm/records.js';
import type { AlphaModelSpec } from './alpha-model.js';
import { bookPressure } from './models/book-pressure.js';
import { maMomentum } from './models/ma-momentum.js';
import { rsiReversion } from './models/rsi-reversion.js';
import { meanReversion } from './models/mean-reversion.js';
import { vwapReversion } from './models/vwap-reversion.js';
import { depthPressure } from './models/depth-pressure.js';
import { breakout } from './models/breakout.js';
import { pairsCointegration } from './models/pairs-cointegration.js';
import { newsSentiment } from './models/news-sentiment.js';
import { onchainFlow } from './models/onchain-flow.js';
import { fundingBasis } from './models/funding-basis.js';
import { barTrend } from './models/bar-trend.js';
import { deepOnnx } from './models/deep-onnx.js';

export const ALPHA_MODELS: readonly AlphaModelSpec[] = Object.freeze([
  bookPressure,
  maMomentum,
  rsiReversion,
  meanReversion,
  vwapReversion,
  depthPressure,
  breakout,
  pairsCointegration,
  newsSentiment,
  onchainFlow,
  fundingBasis,
  barTrend,
  deepOnnx,
]);

export const ALPHA_MODEL_NAMES: readonly string[] = ALPHA_MODELS.map((m) => m.name);
/** Each model's horizon (AlphaModelSpec.horizonMs), by slot. */
export const ALPHA_HORIZONS_MS: readonly number[] = ALPHA_MODELS.map((m) => m.horizonMs);
export const ALPHA_MODEL_COUNT = ALPHA_MODELS.length;

/** The Edges record of this pipeline: one (edgeBps, confidence) pair per catalogued model. */
export const Edges = edgesLayout(ALPHA_MODEL_COUNT);

for (const [i, m] of ALPHA_MODELS.entries()) {
  if (!/^[a-z][a-z0-9_]*$/.test(m.name)) throw new Error(`alpha catalogue: model name "${m.name}" must be snake_case`);
  if (ALPHA_MODEL_NAMES.indexOf(m.name) !== i) throw new Error(`alpha catalogue: model "${m.name}" is listed twice`);
  if (!(m.horizonMs > 0 && m.horizonMs < Infinity)) throw new Error(`alpha catalogue: model "${m.name}" needs a positive horizonMs`);
  if ('weight' in m.params) throw new Error(`alpha catalogue: model "${m.name}" may not name a parameter "weight" (the ensemble's)`);
}

/** The slot index of a model by name, or -1. */
export function alphaModelIndex(name: string): number {
  return ALPHA_MODEL_NAMES.indexOf(name);
}
