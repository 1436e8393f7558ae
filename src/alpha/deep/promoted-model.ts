/**
 * The model L1 serves: the registry's promoted model, checked (card readable, ONNX file hash as
 * the card says, the features and engine windows this build computes, the horizon the alpha
 * declares), opened in onnxruntime with one intra-op thread (two threads double batch throughput
 * on this 2-core machine but ruin single-sample p99.9 and steal the core of another layer), and
 * run once on a zero window to prove it answers with [1, 3] finite values. Any failure is one
 * Error saying which model, which file and what was wrong.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelCard } from '../../models/model-card.js';
import { loadRegisteredCard, readRegistry, registryPath } from '../../models/model-registry.js';
import { DEEP_ENGINE_WINDOWS, DEEP_FEATURE_COUNT, DEEP_FEATURE_NAMES } from './bar-feature-builder.js';
import { SyncOnnxSession } from './sync-onnx-session.js';

export interface ServedModel {
  readonly name: string;
  readonly version: number;
  readonly window: number;
  /** One sample's shape, [window, features]: a batch of n is [n, ...rowDims]. */
  readonly rowDims: readonly number[];
  readonly intervalUs: number;
  readonly horizonMs: number;
  readonly featureMean: Float64Array;
  readonly featureStd: Float64Array;
  readonly targetMean: number;
  readonly targetStd: number;
  readonly session: SyncOnnxSession;
  readonly onnxPath: string;
}

/** TRADEBOT_MODELS_DIR, else the package's own models/ folder. */
export function defaultModelsDir(): string {
  return process.env.TRADEBOT_MODELS_DIR ?? path.resolve(fileURLToPath(new URL('../../../../models', import.meta.url)));
}

/**
 * Which model the registry promotes right now, as "name vN sha256" ("" when none): cheap to read
 * on every reload, and it changes whenever `models promote` picks another model or version.
 */
export function promotedIdentity(modelsDir: string): string {
  const registry = readRegistry(modelsDir);
  if (!registry.promoted) return '';
  const entry = registry.models.find((m) => m.name === registry.promoted);
  return entry ? `${entry.name} v${entry.version} ${entry.onnxSha256}` : registry.promoted;
}

/** The horizon the deep_onnx alpha serves: a model predicting any other is refused. */
export const DEEP_ONNX_HORIZON_MS = 300_000;

/**
 * Why this build cannot serve a model with `card` as the deep_onnx alpha (features, feature
 * engine, horizon, normalisation), or null when it can. `models promote` asks the same question a
 * session asks at start, so a model that promotes is one sessions serve.
 */
export function unservableCard(card: ModelCard, horizonMs = DEEP_ONNX_HORIZON_MS): string | null {
  if (card.features.join(',') !== DEEP_FEATURE_NAMES.join(',')) return `trained on features [${card.features.join(', ')}], this build serves [${DEEP_FEATURE_NAMES.join(', ')}]`;
  if (card.featureEngine.shortWindow !== DEEP_ENGINE_WINDOWS.shortWindow || card.featureEngine.longWindow !== DEEP_ENGINE_WINDOWS.longWindow) {
    return `trained with feature engine windows ${JSON.stringify(card.featureEngine)}, this build uses ${JSON.stringify(DEEP_ENGINE_WINDOWS)}`;
  }
  if (card.horizon.ms !== horizonMs) return `horizon ${card.horizon.ms} ms, the deep_onnx alpha declares ${horizonMs} ms`;
  const norm = card.normalisation;
  const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  if (norm.featureMean.length !== DEEP_FEATURE_COUNT || !norm.featureMean.every(finite) || !norm.featureStd.every((s) => finite(s) && s > 0)
    || !finite(norm.targetMean) || !(norm.targetStd > 0)) {
    return `the card's normalisation is not ${DEEP_FEATURE_COUNT} finite means and positive deviations`;
  }
  return null;
}

export function loadPromotedModel(modelsDir: string, horizonMs: number): ServedModel {
  const registry = readRegistry(modelsDir);
  if (!registry.promoted) throw new Error(`no promoted model in ${registryPath(modelsDir)} (tradebot models promote NAME)`);
  const { card, onnxPath } = loadRegisteredCard(modelsDir, registry.promoted);
  const what = `model ${card.name} v${card.version} (${onnxPath})`;
  const problem = unservableCard(card, horizonMs);
  if (problem !== null) throw new Error(`${what}: ${problem}`);
  let session: SyncOnnxSession;
  try {
    session = new SyncOnnxSession(readFileSync(onnxPath), 'window', 'quantiles');
  } catch (err) {
    throw new Error(`${what}: onnxruntime cannot load it: ${(err as Error).message}`);
  }
  let probe: { data: Float32Array; dims: readonly number[] } | null = null;
  try {
    probe = session.run(new Float32Array(card.window * DEEP_FEATURE_COUNT), [1, card.window, DEEP_FEATURE_COUNT]);
  } catch (err) {
    session.release();
    throw new Error(`${what}: a zero window did not run: ${(err as Error).message}`);
  }
  if (probe.dims.join(',') !== '1,3' || !Array.from(probe.data).every(Number.isFinite)) {
    session.release();
    throw new Error(`${what}: a zero window did not give 3 finite quantiles (got [${probe.dims.join(', ')}])`);
  }
  const norm = card.normalisation;
  return {
    name: card.name, version: card.version, window: card.window, rowDims: [card.window, DEEP_FEATURE_COUNT],
    intervalUs: card.barIntervalMs * 1000, horizonMs: card.horizon.ms,
    featureMean: Float64Array.from(norm.featureMean), featureStd: Float64Array.from(norm.featureStd),
    targetMean: norm.targetMean, targetStd: norm.targetStd, session, onnxPath,
  };
}
