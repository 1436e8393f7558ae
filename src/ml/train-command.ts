/**
 * `tradebot train`: candle files -> feature windows -> a trained LSTM or Transformer -> ONNX
 * verified by onnxruntime -> models/NAME/{model.onnx, card.json} and an entry in
 * models/registry.json. Nothing is written unless the export verified.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readCandleFile } from '../data/replay/candle-file.js';
import type { CandleSeries } from '../data/replay/candle-series.js';
import { parseDuration } from '../pipeline/duration.js';
import { UsageError } from '../pipeline/exit-codes.js';
import { candleFeatures, ENGINE_WINDOWS, FEATURE_COUNT, FEATURE_NAMES, type CandleFeatures } from './candle-features.js';
import type { DeepModel, ModelKind } from './deep-model.js';
import { createLstmAttention, lstmArchitecture } from './lstm-attention.js';
import { ONNX_FILE, sha256, type DataFileRecord, type ModelCard, type SplitMetrics } from '../models/model-card.js';
import { nextVersion, readRegistry, saveModel } from '../models/model-registry.js';
import { exportOnnx } from './onnx/export-graphs.js';
import { OPSET } from './onnx/onnx-graph.js';
import { EXPORT_TOLERANCE, verifyExport } from './onnx/verify-export.js';
import { ProgressBar } from './progress-bar.js';
import { QUANTILES, pinballLoss } from './quantile-head.js';
import { spearman } from './signal-metrics.js';
import { edgesBps } from './baseline-comparison.js';
import { predictWindows, trainModel } from './trainer.js';
import { tfWasm, type Tf } from './tf-runtime.js';
import { createTransformerEncoder, transformerArchitecture } from './transformer-encoder.js';
import { buildWindowDataset, SPLIT_NAMES, type SplitName, type SplitWindows, type WindowDataset } from './window-dataset.js';

export interface TrainCommandOptions {
  model: string;
  data: string[];
  out: string;
  horizon?: string;
  epochs?: number;
  window?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  notes?: string[];
  /** Shown in the card: the command line that made the model. */
  commandLine?: string;
}

const VERIFY_SAMPLES = 512;

export interface LoadedData {
  series: CandleSeries[];
  features: CandleFeatures[];
  intervalUs: number;
}

/** Read candle files that must share one bar interval, and their features. */
export function loadCandleData(files: string[]): LoadedData {
  if (files.length === 0) throw new UsageError('--data needs at least one candle file');
  const series = files.map((f) => readCandleFile(f));
  const intervalUs = series[0].intervalUs;
  for (const s of series) {
    if (s.count < 2) throw new UsageError(`${s.source}: ${s.count} bars is too few`);
    if (s.intervalUs !== intervalUs) throw new UsageError(`${s.source}: bars of ${s.intervalUs / 1e6}s, but ${series[0].source} has ${intervalUs / 1e6}s; one model takes one bar size`);
    if (s.rejectSummary) process.stderr.write(`${s.rejectSummary}\n`);
    if (s.jumpSummary) process.stderr.write(`${s.jumpSummary}\n`);
  }
  return { series, features: series.map(candleFeatures), intervalUs };
}

export function horizonBars(horizon: string, intervalUs: number): number {
  let ms: number;
  try {
    ms = parseDuration(horizon);
  } catch (err) {
    throw new UsageError(`--horizon: ${(err as Error).message}`);
  }
  const bars = (ms * 1000) / intervalUs;
  if (!Number.isInteger(bars) || bars < 1) throw new UsageError(`--horizon ${horizon} is not a whole number of ${intervalUs / 60e6}-minute bars`);
  return bars;
}

function iso(us: number): string {
  return new Date(us / 1000).toISOString();
}

export function splitMetrics(tf: Tf, split: SplitWindows, q: Float32Array, ds: WindowDataset): SplitMetrics {
  if (split.count === 0) return { windows: 0, pinballLoss: NaN, directionalAccuracy: null, informationCoefficient: null };
  const loss = tf.tidy(() => pinballLoss(tf, tf.tensor2d(q, [split.count, 3]), tf.tensor2d(split.y, [split.count, 1])).dataSync()[0]);
  const edges = edgesBps(q, split.count, ds.normalisation);
  let hits = 0;
  let calls = 0;
  for (let i = 0; i < split.count; i++) {
    const s = Math.sign(edges[i]);
    const t = Math.sign(split.targetBps[i]);
    if (s !== 0 && t !== 0) { calls++; if (s === t) hits++; }
  }
  return { windows: split.count, pinballLoss: loss, directionalAccuracy: calls ? hits / calls : null, informationCoefficient: spearman(edges, split.targetBps) };
}

export function dataRecords(files: string[], loaded: LoadedData, ds: WindowDataset): DataFileRecord[] {
  return files.map((file, k) => {
    const f = loaded.features[k];
    const s = loaded.series[k];
    const splits = {} as DataFileRecord['splits'];
    for (const name of SPLIT_NAMES) {
      const [first, last] = ds.files[k].ends[name];
      splits[name] = last >= first
        ? { windows: last - first + 1, from: iso(f.openTimeUs[first]), to: iso(f.openTimeUs[last]) }
        : { windows: 0, from: null, to: null };
    }
    return {
      path: file, sha256: sha256(readFileSync(file)), format: s.format, bars: s.count,
      from: iso(s.openTimeUs[0]), to: iso(s.openTimeUs[s.count - 1]), splits,
    };
  });
}

/**
 * `--learning-rate` and `--seed` as typed. A rate of 0 trains nothing and a negative one climbs the
 * loss, yet both finish and register a model as if it had learnt; a rate or seed that is no number
 * only fails later, as a diverged loss or a PRNG error, without naming the flag.
 */
export function checkStepAndSeed(learningRate: number, seed: number): void {
  if (!(Number.isFinite(learningRate) && learningRate > 0 && learningRate <= 1)) {
    throw new UsageError(`--learning-rate must be a number in (0, 1], e.g. 0.001, got ${learningRate}`);
  }
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(`--seed must be a whole number >= 0, got ${seed}`);
  }
}

export function createModel(tf: Tf, kind: ModelKind, window: number, seed: number): DeepModel {
  return kind === 'lstm'
    ? createLstmAttention(tf, lstmArchitecture(window, FEATURE_COUNT), seed)
    : createTransformerEncoder(tf, transformerArchitecture(window, FEATURE_COUNT), seed);
}

/** Train, export and verify as `runTrain` does, and register the model. */
export async function runTrain(opts: TrainCommandOptions): Promise<ModelCard> {
  const { card, onnxBytes } = await trainArtifacts(opts);
  saveModel(path.dirname(path.resolve(opts.out)), card, onnxBytes);
  return card;
}

/**
 * Everything `tradebot train` makes, without writing it: the model card and the verified ONNX
 * bytes. `quiet` leaves stderr alone (a sweep's workers; the sweep shows one progress bar).
 */
export async function trainArtifacts(opts: TrainCommandOptions, quiet = false): Promise<{ card: ModelCard; onnxBytes: Uint8Array }> {
  if (opts.model !== 'lstm' && opts.model !== 'transformer') throw new UsageError(`--model must be lstm or transformer, got "${opts.model}"`);
  if (!opts.out) throw new UsageError('--out is required (e.g. models/btc-lstm)');
  const window = opts.window ?? 64;
  const epochs = opts.epochs ?? 10;
  const batchSize = opts.batchSize ?? 64;
  const learningRate = opts.learningRate ?? 1e-3;
  const seed = opts.seed ?? 1;
  for (const [flag, v] of [['--window', window], ['--epochs', epochs], ['--batch-size', batchSize]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`${flag} must be a positive integer, got ${v}`);
  }
  checkStepAndSeed(learningRate, seed);
  const out = path.resolve(opts.out);
  const name = path.basename(out);
  const modelsDir = path.dirname(out);
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new UsageError(`--out: model name "${name}" must be lower-case letters, digits, '.', '_' or '-'`);

  const loaded = loadCandleData(opts.data);
  const bars = horizonBars(opts.horizon ?? '5m', loaded.intervalUs);
  const ds = buildWindowDataset(loaded.features, window, bars);
  if (!quiet) process.stderr.write(`windows: train ${ds.splits.train.count}, validation ${ds.splits.validation.count}, test ${ds.splits.test.count} (window ${window}, horizon ${bars} bars)\n`);

  const tf = await tfWasm();
  const model = createModel(tf, opts.model, window, seed);
  const result = await trainModel(tf, model, ds.splits.train, ds.splits.validation, { epochs, batchSize, learningRate, seed, progress: quiet ? undefined : new ProgressBar() });

  const outputs = {} as Record<SplitName, Float32Array>;
  for (const split of SPLIT_NAMES) outputs[split] = predictWindows(tf, model, ds.splits[split].x, ds.splits[split].count);
  const held = ds.splits.test.count > 0 ? ds.splits.test : ds.splits.validation;
  const heldOutputs = ds.splits.test.count > 0 ? outputs.test : outputs.validation;
  const samples = Math.min(VERIFY_SAMPLES, held.count);
  const metadata = { normalisation: JSON.stringify(ds.normalisation), window: String(window), features: FEATURE_NAMES.join(',') };
  const onnxBytes = exportOnnx(model.architecture, model.weights.snapshot(), metadata);
  const check = await verifyExport(onnxBytes, held.x, samples, window, FEATURE_COUNT, heldOutputs, `${name} ONNX export`);

  const metrics = {} as Record<SplitName, SplitMetrics>;
  for (const split of SPLIT_NAMES) metrics[split] = splitMetrics(tf, ds.splits[split], outputs[split], ds);
  const registry = readRegistry(modelsDir);
  const card: ModelCard = {
    name,
    version: nextVersion(registry, name),
    createdAt: new Date().toISOString(),
    architecture: model.architecture,
    parameterCount: model.weights.parameterCount(),
    features: FEATURE_NAMES,
    featureEngine: { ...ENGINE_WINDOWS, spreadBps: 1 },
    window,
    barIntervalMs: loaded.intervalUs / 1000,
    horizon: { bars, ms: (bars * loaded.intervalUs) / 1000 },
    normalisation: ds.normalisation,
    output: {
      quantiles: QUANTILES,
      edgeBps: 'quantile 0.5 x normalisation.targetStd + normalisation.targetMean (median forward log return, bps)',
      confidence: 'clamp(1 - (q90 - q10) / 2.5631, 0, 1) on normalised quantiles',
    },
    data: dataRecords(opts.data, loaded, ds),
    training: {
      epochsRun: result.epochs.length, bestEpoch: result.bestEpoch, meanEpochSeconds: result.meanEpochSeconds,
      batchSize, learningRate, seed, log: result.epochs,
    },
    metrics,
    onnx: { file: ONNX_FILE, sha256: sha256(onnxBytes), opset: OPSET, verification: { samples: check.samples, maxAbsError: check.maxAbsError, tolerance: EXPORT_TOLERANCE } },
    evaluations: [],
    notes: [...(opts.notes ?? []), ...(opts.commandLine ? [`made by: ${opts.commandLine}`] : [])],
  };
  model.weights.dispose();
  return { card, onnxBytes };
}

export function trainSummary(card: ModelCard): string {
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  const ic = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(3));
  const lines = [
    `${card.name} v${card.version}: ${card.architecture.kind}, ${card.parameterCount} parameters, ${card.training.epochsRun} epochs (best ${card.training.bestEpoch}), ${card.training.meanEpochSeconds.toFixed(2)} s/epoch`,
    `ONNX verified on ${card.onnx.verification.samples} held-out windows: max |error| ${card.onnx.verification.maxAbsError.toExponential(2)} (tolerance ${card.onnx.verification.tolerance})`,
  ];
  for (const split of SPLIT_NAMES) {
    const m = card.metrics[split];
    lines.push(`${split.padEnd(10)} windows ${String(m.windows).padStart(6)}  pinball ${m.pinballLoss.toFixed(4)}  direction ${pct(m.directionalAccuracy)}  IC ${ic(m.informationCoefficient)}`);
  }
  return lines.join('\n');
}
