/**
 * Walk-forward for the deep model. A backtest that serves the promoted deep model
 * (`alphas.deep_onnx.weight > 0`) would, in a walk-forward, use a model trained on whatever data
 * it was trained on, possibly bars after the fold's test window. So `tradebot optimize` gives every
 * fold its own model: the promoted model's recipe (architecture kind, window, horizon, epochs,
 * batch size, learning rate, seed, from its card) trained on the fold's TRAIN window of the first
 * data file only, exported and verified as `tradebot train` does, and promoted in a models
 * directory of the fold's own. Every backtest of that fold (its trials, the best params' test run
 * and the base config's) serves it, through TRADEBOT_MODELS_DIR in the backtest's worker.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readCandleFile } from '../data/replay/candle-file.js';
import { loadRegisteredCard, readRegistry, saveModel, writeRegistry } from '../models/model-registry.js';
import type { SplitMetrics } from '../models/model-card.js';
import { trainArtifacts } from '../ml/train-command.js';
import { cutSeries, parseWindow, writeSeries } from './backtest-command.js';
import type { TimeWindow } from './walk-forward.js';

export interface FoldModel {
  /** The models directory the fold's backtests read (TRADEBOT_MODELS_DIR). */
  readonly modelsDir: string;
  readonly name: string;
  readonly onnxSha256: string;
  /** The bars it was trained on: the fold's train window (its own validation and test splits are inside it). */
  readonly trainedOn: TimeWindow;
  readonly validation: SplitMetrics;
}

/** A fold's model cannot be made: nothing promoted to take the recipe from. */
export class FoldModelError extends Error {}

/** The promoted model of `modelsDir`, or an error naming what is missing. */
export function promotedModelName(modelsDir: string): string {
  const registry = readRegistry(modelsDir);
  if (!registry.promoted) throw new FoldModelError(`alphas.deep_onnx has weight > 0 but ${modelsDir} promotes no model to retrain per fold: train one and run tradebot models promote`);
  return registry.promoted;
}

/**
 * Train the fold's own copy of the promoted model of `baseModelsDir` on `train` (bars of
 * `dataFile` opening in [train.from, train.to)), under `workDir`.
 */
export async function trainFoldModel(baseModelsDir: string, dataFile: string, train: TimeWindow, workDir: string): Promise<FoldModel> {
  const name = promotedModelName(baseModelsDir);
  const { card } = loadRegisteredCard(baseModelsDir, name);
  mkdirSync(workDir, { recursive: true });
  const bars = writeSeries(cutSeries(readCandleFile(dataFile), parseWindow(train.from, train.to)), path.join(workDir, 'train-bars.csv'));
  const modelsDir = path.join(workDir, 'models');
  const { card: trained, onnxBytes } = await trainArtifacts({
    model: card.architecture.kind, data: [bars], out: path.join(modelsDir, name), horizon: `${card.horizon.ms}ms`,
    epochs: card.training.epochsRun, window: card.window, batchSize: card.training.batchSize,
    learningRate: card.training.learningRate, seed: card.training.seed,
    notes: [`walk-forward fold model: ${name}'s recipe trained on ${train.from} .. ${train.to} of ${path.basename(dataFile)}`],
  }, true);
  saveModel(modelsDir, trained, onnxBytes);
  const registry = readRegistry(modelsDir);
  registry.promoted = name;
  writeRegistry(modelsDir, registry);
  return { modelsDir, name, onnxSha256: trained.onnx.sha256, trainedOn: train, validation: trained.metrics.validation };
}

/** Whether a config file serves the deep model (its alphas.deep_onnx weight is above 0). */
export function servesDeepModel(config: { alphas: Readonly<Record<string, { weight: number }>> }): boolean {
  return (config.alphas.deep_onnx?.weight ?? 0) > 0;
}
