/**
 * A drift alarm on the served deep model starts a retrain in the background: the promoted
 * model's architecture, window and horizon trained again (`train`'s own path: export, verify) on
 * a piscina worker, off the pipeline's threads, and registered as NAME-retrain (its version
 * counting up). It is never promoted here: `tradebot models promote NAME-retrain` (which also
 * swaps it into running sessions) is the operator's decision, after `models eval`.
 *
 * The trigger is the Page-Hinkley alarm count the meta-learner keeps for the model in shared
 * memory (`tradebot_model_drift_alarms`): when it has risen since the last look and no retrain is
 * running, one starts. Alarms while one runs are counted, not queued: the next look after it ends
 * starts another only if the count rose again. The data is what the session knows to be the
 * model's market: the files it replays, else the promoted model's own training files.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { loadRegisteredCard, nextVersion, readRegistry, saveModel } from '../models/model-registry.js';
import type { ModelCard } from '../models/model-card.js';
import type { TrainCommandOptions } from './train-command.js';

export interface DriftRetrainOptions {
  readonly modelsDir: string;
  /** Candle files to retrain on; empty = the promoted model's own training files that still exist. */
  readonly dataFiles: readonly string[];
  readonly epochs: number;
  readonly log: (line: string) => void;
}

export class DriftRetrainer {
  private alarmsSeen = 0;
  private running: Promise<void> | null = null;
  private pool: Piscina | null = null;
  /** Retrains started, and finished with a registered model. */
  started = 0;
  registered = 0;
  /** Alarms that came while a retrain ran (not queued). */
  skipped = 0;

  constructor(private readonly opts: DriftRetrainOptions) {}

  /** A retrain is running now. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** The model's alarm count now (monotone); true when this look started a retrain. */
  onAlarms(count: number): boolean {
    if (!(count > this.alarmsSeen)) return false;
    const rose = count - this.alarmsSeen;
    this.alarmsSeen = count;
    if (this.running !== null) {
      this.skipped += rose;
      return false;
    }
    const task = this.task();
    if (task === null) return false;
    this.started++;
    this.opts.log(`drift alarm on the deep model (${count} so far): retraining ${task.name} in the background on ${task.opts.data.length} file(s)`);
    this.running = this.retrain(task).finally(() => { this.running = null; });
    return true;
  }

  /** Resolves when no retrain is running. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** Stop: a retrain still running is abandoned (nothing of it is registered). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool !== null) await pool.destroy();
    await this.running?.catch(() => {});
  }

  private task(): { name: string; opts: TrainCommandOptions } | null {
    const { modelsDir, log } = this.opts;
    const promoted = readRegistry(modelsDir).promoted;
    if (!promoted) {
      log('drift alarm on the deep model, but no model is promoted: nothing to retrain');
      return null;
    }
    let card: ModelCard;
    try {
      card = loadRegisteredCard(modelsDir, promoted).card;
    } catch (err) {
      log(`drift alarm: cannot read the promoted model's card: ${(err as Error).message}`);
      return null;
    }
    const data = this.opts.dataFiles.length > 0 ? [...this.opts.dataFiles] : card.data.map((d) => d.path).filter((p) => existsSync(p));
    if (data.length === 0) {
      log(`drift alarm on ${card.name}: no candle files to retrain on (the session replays none and the card's are gone)`);
      return null;
    }
    const base = card.name.endsWith('-retrain') ? card.name : `${card.name}-retrain`;
    return {
      name: base,
      opts: {
        model: card.architecture.kind, data, out: path.join(modelsDir, base), horizon: `${card.horizon.ms}ms`, epochs: this.opts.epochs,
        window: card.window, batchSize: card.training.batchSize, learningRate: card.training.learningRate, seed: card.training.seed + this.started,
        notes: [`retrained after a drift alarm on ${card.name} v${card.version}`],
      },
    };
  }

  private async retrain(task: { name: string; opts: TrainCommandOptions }): Promise<void> {
    this.pool ??= new Piscina({ filename: new URL('./sweep/train-worker.js', import.meta.url).href, minThreads: 0, maxThreads: 1, idleTimeout: 1000 });
    const started = performance.now();
    try {
      const r = (await this.pool.run(task.opts)) as { card: ModelCard; onnxBytes: Uint8Array };
      const card = { ...r.card, version: nextVersion(readRegistry(this.opts.modelsDir), r.card.name) };
      saveModel(this.opts.modelsDir, card, r.onnxBytes);
      this.registered++;
      const v = card.metrics.validation;
      this.opts.log(`retrain done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${card.name} v${card.version} registered, not promoted `
        + `(validation pinball ${v.pinballLoss.toFixed(4)}; tradebot models eval ${card.name}, then models promote ${card.name})`);
    } catch (err) {
      if (this.pool === null) return; // closed: abandoned on purpose
      this.opts.log(`retrain of ${task.name} failed: ${(err as Error).message}`);
    }
  }
}
