/**
 * `tradebot train ... --sweep KEY=V1,V2 [--sweep KEY=...] [--parallel N]`: every combination of
 * the swept values (a grid) trained on a piscina pool, each run in its own worker thread with
 * its own tfjs, registered as NAME-1, NAME-2, ... in grid order. The runs are compared on the
 * validation split (their pinball loss) and the one chosen there is named; the test split's
 * figures are printed beside it, never used to choose. Nothing is promoted.
 */
import path from 'node:path';
import { Piscina } from 'piscina';
import { UsageError } from '../../pipeline/exit-codes.js';
import { nextVersion, readRegistry, saveModel } from '../../models/model-registry.js';
import type { ModelCard } from '../../models/model-card.js';
import { ProgressBar } from '../progress-bar.js';
import type { TrainCommandOptions } from '../train-command.js';

/** What can be swept: the flag and the option it sets. */
const SWEEPABLE = {
  seed: 'seed', 'learning-rate': 'learningRate', window: 'window', 'batch-size': 'batchSize', epochs: 'epochs', model: 'model',
} as const satisfies Record<string, keyof TrainCommandOptions>;
type SweepKey = keyof typeof SWEEPABLE;

export type SweepGrid = Array<Partial<TrainCommandOptions>>;

/** `["seed=1,2", "learning-rate=1e-3,3e-3"]` -> the 4 combinations, the first key varying slowest. */
export function parseSweep(specs: readonly string[]): SweepGrid {
  let grid: SweepGrid = [{}];
  const seen = new Set<string>();
  for (const spec of specs) {
    const m = /^([a-z-]+)=(.+)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--sweep takes KEY=V1,V2,... (e.g. seed=1,2,3), got "${spec}"`);
    const key = m[1] as SweepKey;
    if (!Object.hasOwn(SWEEPABLE, key)) throw new UsageError(`--sweep: "${m[1]}" cannot be swept (one of ${Object.keys(SWEEPABLE).join(', ')})`);
    if (seen.has(key)) throw new UsageError(`--sweep: ${key} is given twice`);
    seen.add(key);
    const values = m[2].split(',').map((v) => v.trim()).filter((v) => v !== '').map((v) => {
      if (key === 'model') {
        if (v !== 'lstm' && v !== 'transformer') throw new UsageError(`--sweep model: lstm or transformer, got "${v}"`);
        return v;
      }
      const n = Number(v);
      const integer = key !== 'learning-rate';
      if (!(Number.isFinite(n) && n > 0) || (integer && !Number.isInteger(n))) {
        throw new UsageError(`--sweep ${key}: "${v}" is not a positive ${integer ? 'integer' : 'number'}`);
      }
      return n;
    });
    if (values.length === 0) throw new UsageError(`--sweep ${key}: no values`);
    grid = grid.flatMap((g) => values.map((v) => ({ ...g, [SWEEPABLE[key]]: v })));
  }
  return grid;
}

export interface SweepRun {
  readonly name: string;
  readonly params: Partial<TrainCommandOptions>;
  readonly card: ModelCard;
}

export interface SweepResult {
  readonly runs: SweepRun[];
  /** The run with the lowest validation pinball loss. */
  readonly chosen: string;
}

export async function runSweep(base: TrainCommandOptions, grid: SweepGrid, parallel: number): Promise<SweepResult> {
  if (!(Number.isInteger(parallel) && parallel >= 1)) throw new UsageError(`--parallel must be a positive integer, got ${parallel}`);
  const out = path.resolve(base.out);
  const modelsDir = path.dirname(out);
  const stem = path.basename(out);
  const pool = new Piscina({
    filename: new URL('./train-worker.js', import.meta.url).href,
    minThreads: 0, maxThreads: Math.min(parallel, grid.length), idleTimeout: 1000,
  });
  const bar = new ProgressBar();
  const started = performance.now();
  let done = 0;
  try {
    const results = await Promise.all(grid.map(async (params, k) => {
      const opts: TrainCommandOptions = { ...base, ...params, out: path.join(modelsDir, `${stem}-${k + 1}`) };
      const r = (await pool.run(opts)) as { card: ModelCard; onnxBytes: Uint8Array };
      bar.task('train sweep: runs', ++done, grid.length, (performance.now() - started) / 1000);
      return { params, ...r };
    }));
    // Registered one at a time, in grid order: each gets the version the registry gives it then.
    const runs: SweepRun[] = [];
    for (const r of results) {
      const card = { ...r.card, version: nextVersion(readRegistry(modelsDir), r.card.name) };
      saveModel(modelsDir, card, r.onnxBytes);
      runs.push({ name: card.name, params: r.params, card });
    }
    const chosen = runs.reduce((a, b) => (b.card.metrics.validation.pinballLoss < a.card.metrics.validation.pinballLoss ? b : a));
    return { runs, chosen: chosen.name };
  } finally {
    await pool.destroy();
  }
}

export function sweepSummary(result: SweepResult): string {
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  const lines = ['run            params                              validation pinball  direction  | test pinball  direction'];
  for (const r of result.runs) {
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
    const v = r.card.metrics.validation;
    const t = r.card.metrics.test;
    lines.push(`${(r.name === result.chosen ? '* ' : '  ') + r.name.padEnd(13)}${params.padEnd(36)}${v.pinballLoss.toFixed(4).padStart(18)}  ${pct(v.directionalAccuracy).padStart(9)}  | ${t.pinballLoss.toFixed(4).padStart(12)}  ${pct(t.directionalAccuracy).padStart(9)}`);
  }
  lines.push(`* chosen on the validation split: ${result.chosen} (registered, not promoted: tradebot models promote ${result.chosen})`);
  return lines.join('\n');
}
