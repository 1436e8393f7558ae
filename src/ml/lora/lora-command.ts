/**
 * `tradebot train --lora --base models/NAME --rank 4 --data FILE... --out models/NEW`: fine-tune a
 * registered model on new candles with low-rank adapters (lora-adapters.ts), keeping the base's
 * architecture, window, horizon and normalisation (the new data is normalised as the base was
 * trained, or the base's weights would be fed inputs they never saw). The base's metrics on the
 * new data's validation and test splits are measured before and the adapted model's after; the
 * adapters are merged into the weights, exported to ONNX and verified like any export, and the
 * card records the base, the rank, the trainable-parameter reduction and both sets of metrics.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../pipeline/exit-codes.js';
import { ONNX_FILE, sha256, type ModelCard, type SplitMetrics } from '../../models/model-card.js';
import { loadRegisteredCard, nextVersion, readRegistry, saveModel } from '../../models/model-registry.js';
import { FEATURE_COUNT } from '../candle-features.js';
import type { DeepModel } from '../deep-model.js';
import { createLstmAttention } from '../lstm-attention.js';
import { exportOnnx } from '../onnx/export-graphs.js';
import { EXPORT_TOLERANCE, verifyExport } from '../onnx/verify-export.js';
import { OPSET } from '../onnx/onnx-graph.js';
import { ProgressBar } from '../progress-bar.js';
import { predictWindows, trainModel } from '../trainer.js';
import { tfWasm, type Tf } from '../tf-runtime.js';
import { createTransformerEncoder } from '../transformer-encoder.js';
import { buildWindows, SPLIT_NAMES, splitEnds, type SplitName, type SplitWindows, type WindowDataset } from '../window-dataset.js';
import { checkStepAndSeed, dataRecords, loadCandleData, splitMetrics } from '../train-command.js';
import { attachLora } from './lora-adapters.js';
import { readFloatInitializers } from './onnx-initializers.js';

export interface LoraCommandOptions {
  base: string;
  data: string[];
  out: string;
  rank?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  commandLine?: string;
}

function rebuild(tf: Tf, card: ModelCard, seed: number): DeepModel {
  const arch = card.architecture;
  return arch.kind === 'lstm' ? createLstmAttention(tf, arch, seed) : createTransformerEncoder(tf, arch, seed);
}

export async function runLora(opts: LoraCommandOptions): Promise<ModelCard> {
  const rank = opts.rank ?? 4;
  const epochs = opts.epochs ?? 10;
  const batchSize = opts.batchSize ?? 64;
  const learningRate = opts.learningRate ?? 1e-3;
  const seed = opts.seed ?? 1;
  for (const [flag, v] of [['--rank', rank], ['--epochs', epochs], ['--batch-size', batchSize]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`${flag} must be a positive integer, got ${v}`);
  }
  checkStepAndSeed(learningRate, seed);
  if (!opts.out) throw new UsageError('--out is required (e.g. models/btc-lstm-lora)');
  const basePath = path.resolve(opts.base);
  const { card: baseCard, onnxPath } = loadRegisteredCard(path.dirname(basePath), path.basename(basePath));
  const out = path.resolve(opts.out);
  const name = path.basename(out);
  const modelsDir = path.dirname(out);
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new UsageError(`--out: model name "${name}" must be lower-case letters, digits, '.', '_' or '-'`);

  const loaded = loadCandleData(opts.data);
  if (loaded.intervalUs !== baseCard.barIntervalMs * 1000) {
    throw new UsageError(`--data has ${loaded.intervalUs / 60e6}-minute bars; ${baseCard.name} was trained on ${baseCard.barIntervalMs / 60_000}-minute bars`);
  }
  const { window } = baseCard;
  const bars = baseCard.horizon.bars;
  const fileSplits = loaded.features.map((f) => ({ source: f.source, rows: f.rows, ends: splitEnds(f.rows, window, bars) }));
  const splits = {} as Record<SplitName, SplitWindows>;
  for (const split of SPLIT_NAMES) splits[split] = buildWindows(loaded.features, fileSplits.map((s) => s.ends[split]), window, bars, baseCard.normalisation);
  const ds: WindowDataset = { window, horizonBars: bars, normalisation: baseCard.normalisation, splits, files: fileSplits };

  const tf = await tfWasm();
  const model = rebuild(tf, baseCard, seed);
  const baseBytes = readFileSync(onnxPath);
  const initializers = readFloatInitializers(baseBytes);
  for (const [weight, v] of model.weights.variables) {
    const stored = initializers.get(weight);
    if (!stored || stored.values.length !== v.size) throw new Error(`${baseCard.name}: the ONNX file has no weight ${weight} of ${v.size} values`);
    v.assign(tf.tensor(stored.values, v.shape));
  }
  const measure = (): Record<SplitName, SplitMetrics> => {
    const metrics = {} as Record<SplitName, SplitMetrics>;
    for (const split of SPLIT_NAMES) metrics[split] = splitMetrics(tf, splits[split], predictWindows(tf, model, splits[split].x, splits[split].count), ds);
    return metrics;
  };
  const before = measure();

  const alpha = 2 * rank;
  const lora = attachLora(tf, model, rank, alpha, seed);
  process.stderr.write(`LoRA rank ${rank} on ${lora.targets.join(', ')}: ${lora.trainable} trainable of ${lora.frozen} base parameters (${((1 - lora.trainable / lora.frozen) * 100).toFixed(1)}% fewer)\n`);
  const result = await trainModel(tf, lora.model, splits.train, splits.validation, { epochs, batchSize, learningRate, seed, progress: new ProgressBar() });
  lora.merge();
  const after = measure();

  const held = splits.test.count > 0 ? splits.test : splits.validation;
  const heldOut = predictWindows(tf, model, held.x, held.count);
  const metadata = { normalisation: JSON.stringify(baseCard.normalisation), window: String(window), features: baseCard.features.join(',') };
  const onnxBytes = exportOnnx(model.architecture, model.weights.snapshot(), metadata);
  const check = await verifyExport(onnxBytes, held.x, Math.min(512, held.count), window, FEATURE_COUNT, heldOut, `${name} ONNX export`);
  lora.model.weights.dispose();
  model.weights.dispose();

  const registry = readRegistry(modelsDir);
  const card: ModelCard = {
    ...baseCard,
    name,
    version: nextVersion(registry, name),
    createdAt: new Date().toISOString(),
    data: dataRecords(opts.data, loaded, ds),
    training: {
      epochsRun: result.epochs.length, bestEpoch: result.bestEpoch, meanEpochSeconds: result.meanEpochSeconds,
      batchSize, learningRate, seed, log: result.epochs,
    },
    metrics: after,
    onnx: { file: ONNX_FILE, sha256: sha256(onnxBytes), opset: OPSET, verification: { samples: check.samples, maxAbsError: check.maxAbsError, tolerance: EXPORT_TOLERANCE } },
    evaluations: [],
    lora: {
      base: { name: baseCard.name, version: baseCard.version, onnxSha256: baseCard.onnx.sha256 },
      rank, alpha, targets: lora.targets, trainableParameters: lora.trainable, frozenParameters: lora.frozen,
      reduction: 1 - lora.trainable / lora.frozen, before,
    },
    notes: [`LoRA fine-tune of ${baseCard.name} v${baseCard.version}, merged into the weights`, ...(opts.commandLine ? [`made by: ${opts.commandLine}`] : [])],
  };
  saveModel(modelsDir, card, onnxBytes);
  return card;
}

export function loraSummary(card: ModelCard): string {
  const l = card.lora!;
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  const lines = [
    `${card.name} v${card.version}: LoRA rank ${l.rank} on ${l.base.name} v${l.base.version}, ${l.trainableParameters} trainable of ${l.frozenParameters} (${(l.reduction * 100).toFixed(1)}% fewer), ONNX verified (max |error| ${card.onnx.verification.maxAbsError.toExponential(2)})`,
  ];
  for (const split of ['validation', 'test'] as const) {
    const b = l.before[split];
    const a = card.metrics[split];
    lines.push(`${split.padEnd(10)} pinball ${b.pinballLoss.toFixed(4)} -> ${a.pinballLoss.toFixed(4)}  direction ${pct(b.directionalAccuracy)} -> ${pct(a.directionalAccuracy)}`);
  }
  return lines.join('\n');
}
