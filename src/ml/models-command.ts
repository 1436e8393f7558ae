/**
 * `tradebot models list | show NAME | promote NAME | eval NAME --data FILE...`.
 *
 * eval runs the model's ONNX file in onnxruntime (what serving runs) on windows built with the
 * card's own normalisation and horizon, beside the naive baselines on the same windows, and
 * records the result in the card. Files the model was trained on are scored on their test split
 * only (the last 15%, never seen in training or model selection); other files are scored whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unservableCard } from '../alpha/deep/promoted-model.js';
import { UsageError } from '../pipeline/exit-codes.js';
import { compareWithBaselines, edgesBps, SIGNAL_NAMES, type SignalName } from './baseline-comparison.js';
import { ENGINE_WINDOWS, FEATURE_COUNT, FEATURE_NAMES } from './candle-features.js';
import { CARD_FILE, sha256, writeCard, type EvaluationRecord, type ModelCard } from '../models/model-card.js';
import { loadRegisteredCard, modelDir, readRegistry, writeRegistry } from '../models/model-registry.js';
import { openSession, runSession } from './onnx/verify-export.js';
import type { SignalMetrics } from './signal-metrics.js';
import { loadCandleData } from './train-command.js';
import { allEnds, buildWindows, splitEnds } from './window-dataset.js';

const BATCH = 1024;

export function listModels(modelsDir: string): string {
  const registry = readRegistry(modelsDir);
  if (registry.models.length === 0) return `no models in ${modelsDir}`;
  const rows = registry.models.map((m) => `${m.name === registry.promoted ? '*' : ' '} ${m.name.padEnd(24)} v${String(m.version).padEnd(4)} ${m.kind.padEnd(12)} horizon ${String(m.horizonMs / 60000).padStart(4)}m  ${m.createdAt}  onnx ${m.onnxSha256.slice(0, 12)}`);
  return [`  ${'name'.padEnd(24)} ${'ver'.padEnd(5)} ${'kind'.padEnd(12)} (* = promoted)`, ...rows].join('\n');
}

export function showModel(modelsDir: string, name: string): ModelCard {
  return loadRegisteredCard(modelsDir, name).card;
}

export async function promoteModel(modelsDir: string, name: string): Promise<string> {
  const { card, onnxPath } = loadRegisteredCard(modelsDir, name);
  // What a session checks before serving it: a model promoted here is one sessions serve.
  const unservable = unservableCard(card);
  if (unservable !== null) throw new Error(`model ${name} cannot be served as the deep_onnx alpha: ${unservable}`);
  const session = await openSession(readFileSync(onnxPath), onnxPath);
  try {
    // Serving runs windows of the card's shape: an ONNX file that loads but takes another shape
    // (another model's file under this card) would be promoted, then refused by every session.
    const q = await runSession(session, new Float32Array(card.window * FEATURE_COUNT), 1, card.window, FEATURE_COUNT);
    if (!Array.from(q).every(Number.isFinite)) throw new Error('its quantiles are not finite');
  } catch (err) {
    throw new Error(`model ${name}: ${onnxPath} does not answer a zero window of its card's shape [1, ${card.window}, ${FEATURE_COUNT}] with 3 finite quantiles: ${(err as Error).message}`);
  } finally {
    await session.release();
  }
  const registry = readRegistry(modelsDir);
  const previous = registry.promoted;
  registry.promoted = name;
  writeRegistry(modelsDir, registry);
  return previous && previous !== name ? `promoted ${name} (was ${previous})` : `promoted ${name}`;
}

export interface EvalOptions {
  data: string[];
  costBps?: number;
  commandLine?: string;
}

export async function evaluateModel(modelsDir: string, name: string, opts: EvalOptions): Promise<EvaluationRecord> {
  const costBps = opts.costBps ?? 5;
  if (!(costBps >= 0) || !Number.isFinite(costBps)) throw new UsageError(`--cost-bps must be a number >= 0, got ${opts.costBps}`);
  const { card, onnxPath } = loadRegisteredCard(modelsDir, name);
  if (card.featureEngine.shortWindow !== ENGINE_WINDOWS.shortWindow || card.featureEngine.longWindow !== ENGINE_WINDOWS.longWindow
    || card.features.join(',') !== FEATURE_NAMES.join(',')) {
    throw new Error(`model ${name} was trained on features this build does not compute (card: ${card.features.join(',')}, engine ${JSON.stringify(card.featureEngine)})`);
  }
  const loaded = loadCandleData(opts.data);
  if (loaded.intervalUs / 1000 !== card.barIntervalMs) {
    throw new UsageError(`model ${name} takes ${card.barIntervalMs / 60000}-minute bars; ${opts.data[0]} has ${loaded.intervalUs / 60e6}-minute bars`);
  }
  const bars = card.horizon.bars;
  const trainedOn = new Set(card.data.map((d) => d.sha256));
  const hashes = opts.data.map((f) => sha256(readFileSync(f)));
  const ends = loaded.features.map((f, k) => (trainedOn.has(hashes[k]) ? splitEnds(f.rows, card.window, bars).test : allEnds(f.rows, card.window, bars)));
  const split = buildWindows(loaded.features, ends, card.window, bars, card.normalisation);
  if (split.count === 0) throw new UsageError(`no held-out windows in ${opts.data.join(', ')} (window ${card.window}, horizon ${bars} bars)`);

  const session = await openSession(readFileSync(onnxPath), onnxPath);
  const quantiles = new Float32Array(split.count * 3);
  try {
    const windowFloats = card.window * FEATURE_COUNT;
    for (let start = 0; start < split.count; start += BATCH) {
      const n = Math.min(BATCH, split.count - start);
      const q = await runSession(session, split.x.subarray(start * windowFloats), n, card.window, FEATURE_COUNT);
      quantiles.set(q, start * 3);
    }
  } catch (err) {
    throw new Error(`model ${name}: ${onnxPath} did not run on windows of its card's shape [n, ${card.window}, ${FEATURE_COUNT}]: ${(err as Error).message}`);
  } finally {
    await session.release();
  }
  const signals = compareWithBaselines(split, edgesBps(quantiles, split.count, card.normalisation), bars, costBps);
  const record: EvaluationRecord = {
    at: new Date().toISOString(),
    command: opts.commandLine ?? `tradebot models eval ${name} --data ${opts.data.join(' ')} --cost-bps ${costBps}`,
    costBps,
    data: opts.data.map((p, k) => ({
      path: p, sha256: hashes[k], windows: Math.max(0, ends[k][1] - ends[k][0] + 1),
      scope: trainedOn.has(hashes[k]) ? 'test split' as const : 'whole file' as const,
    })),
    signals,
  };
  card.evaluations = [...(card.evaluations ?? []), record];
  writeCard(path.join(modelDir(modelsDir, name), CARD_FILE), card);
  return record;
}

export function evaluationTable(record: EvaluationRecord): string {
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  const num = (v: number | null, d = 3): string => (v === null ? 'n/a' : v.toFixed(d));
  const head = `${'signal'.padEnd(12)} ${'direction'.padStart(9)} ${'IC'.padStart(7)} ${'periods'.padStart(8)} ${'exposure'.padStart(8)} ${'gross bps'.padStart(10)} ${'cost bps'.padStart(9)} ${'net bps'.padStart(10)} ${'net/period'.padStart(10)}`;
  const rows = SIGNAL_NAMES.map((name: SignalName) => {
    const m: SignalMetrics = record.signals[name];
    return `${name.padEnd(12)} ${pct(m.directionalAccuracy).padStart(9)} ${num(m.informationCoefficient).padStart(7)} ${String(m.pnl.periods).padStart(8)} ${pct(m.pnl.exposure).padStart(8)} ${m.pnl.grossBps.toFixed(1).padStart(10)} ${m.pnl.costPaidBps.toFixed(1).padStart(9)} ${m.pnl.netBps.toFixed(1).padStart(10)} ${m.pnl.netBpsPerPeriod.toFixed(2).padStart(10)}`;
  });
  const scope = record.data.map((d) => `${d.path}: ${d.windows} windows (${d.scope})`).join('\n');
  return [scope, `cost ${record.costBps} bps per unit of position change`, head, ...rows].join('\n');
}
