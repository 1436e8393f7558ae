/**
 * The model card: everything needed to serve, reproduce and judge a model, stored as
 * models/NAME/card.json beside models/NAME/model.onnx. Serving reads the window, features,
 * engine windows and normalisation from here; nothing about a model lives only in code.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Architecture } from '../ml/deep-model.js';
import type { Normalisation, SplitName } from '../ml/window-dataset.js';
import type { SignalMetrics } from '../ml/signal-metrics.js';
import type { SignalName } from '../ml/baseline-comparison.js';
import type { EpochLog } from '../ml/trainer.js';

export const CARD_FILE = 'card.json';
export const ONNX_FILE = 'model.onnx';

export interface DataFileRecord {
  path: string;
  sha256: string;
  format: string;
  bars: number;
  /** ISO times of the first and last bar, and of each split's first and last window end. */
  from: string;
  to: string;
  splits: Record<SplitName, { windows: number; from: string | null; to: string | null }>;
  licence?: string;
}

export interface SplitMetrics {
  windows: number;
  pinballLoss: number;
  directionalAccuracy: number | null;
  informationCoefficient: number | null;
}

export interface EvaluationRecord {
  at: string;
  command: string;
  costBps: number;
  data: { path: string; sha256: string; windows: number; scope: 'test split' | 'whole file' }[];
  signals: Record<SignalName, SignalMetrics>;
}

export interface ModelCard {
  name: string;
  version: number;
  createdAt: string;
  architecture: Architecture;
  parameterCount: number;
  features: readonly string[];
  featureEngine: { shortWindow: number; longWindow: number; spreadBps: number };
  window: number;
  barIntervalMs: number;
  horizon: { bars: number; ms: number };
  normalisation: Normalisation;
  output: { quantiles: readonly number[]; edgeBps: string; confidence: string };
  data: DataFileRecord[];
  training: {
    epochsRun: number;
    bestEpoch: number;
    meanEpochSeconds: number;
    batchSize: number;
    learningRate: number;
    seed: number;
    log: EpochLog[];
  };
  metrics: Record<SplitName, SplitMetrics>;
  onnx: { file: string; sha256: string; opset: number; verification: { samples: number; maxAbsError: number; tolerance: number } };
  evaluations: EvaluationRecord[];
  notes: string[];
  /** A LoRA fine-tune (tradebot train --lora): the base it adapted and what was trained. */
  lora?: {
    base: { name: string; version: number; onnxSha256: string };
    rank: number;
    alpha: number;
    targets: string[];
    trainableParameters: number;
    frozenParameters: number;
    /** 1 - trainable / frozen: the share of the base's parameters not trained. */
    reduction: number;
    /** The base model's metrics on this data's splits, before fine-tuning (same normalisation). */
    before: Record<SplitName, SplitMetrics>;
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fileSha256(path: string): string {
  return sha256(readFileSync(path));
}

export function readCard(path: string): ModelCard {
  let card: ModelCard;
  try {
    card = JSON.parse(readFileSync(path, 'utf8')) as ModelCard;
  } catch (err) {
    throw new Error(`model card ${path}: ${(err as Error).message}`);
  }
  // JSON that parses but is no object (null, a list, a number) would fail later without the file's name.
  if (card === null || typeof card !== 'object' || Array.isArray(card)) throw new Error(`model card ${path}: not a JSON object`);
  for (const key of ['name', 'architecture', 'features', 'featureEngine', 'normalisation', 'window', 'barIntervalMs', 'horizon', 'onnx'] as const) {
    if (card[key] === undefined) throw new Error(`model card ${path}: no "${key}"`);
  }
  return card;
}

export function writeCard(path: string, card: ModelCard): void {
  writeFileSync(path, `${JSON.stringify(card, null, 2)}\n`);
}
