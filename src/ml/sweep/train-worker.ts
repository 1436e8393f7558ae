/**
 * The piscina worker of `tradebot train --sweep`: one training run (train, export, verify), its
 * card and ONNX bytes sent back to the sweep, which registers them one at a time (the registry is
 * one file; workers writing it at once would lose entries).
 */
import { trainArtifacts, type TrainCommandOptions } from '../train-command.js';
import type { ModelCard } from '../../models/model-card.js';

export default async function trainTrial(opts: TrainCommandOptions): Promise<{ card: ModelCard; onnxBytes: Uint8Array }> {
  return trainArtifacts(opts, true);
}
