/**
 * The timing loop of `bench onnx`, shared by the in-process run and the worker-thread run (which
 * imports this from bench/onnx-worker.ts): load a model file, then time single-sample runs and
 * batch-64 runs through the synchronous native session L1 uses, the way L1 calls it (`runRows`).
 */
import { readFileSync } from 'node:fs';
import { SyncOnnxSession } from '../src/alpha/deep/sync-onnx-session.js';
import { speedProbeNs } from './speed-probe.js';

/** Single-sample runs per round: each round is timed right after a machine speed probe. */
const ROUND_SINGLES = 1000;

export interface OnnxRound {
  /** The machine speed probe just before the round (speed-probe.ts; lower is faster). */
  probe_ns: number;
  p50_us: number;
}

export interface OnnxTiming {
  load_ms: number;
  /** Over every single-sample run of every round. */
  p50_us: number;
  p99_us: number;
  batch_per_s: number;
  rounds: OnnxRound[];
}

export function timeOnnxModel(onnxPath: string, window: number, features: number, singles: number, batches: number): OnnxTiming {
  const bytes = readFileSync(onnxPath);
  const t0 = performance.now();
  const session = new SyncOnnxSession(bytes, 'window', 'quantiles');
  const loadMs = performance.now() - t0;
  let seed = 5;
  const fill = (a: Float32Array) => { for (let i = 0; i < a.length; i++) { seed = (seed * 16_807) % 2_147_483_647; a[i] = seed / 2_147_483_647 - 0.5; } return a; };
  const one = fill(new Float32Array(window * features));
  // As L1 runs it: one buffer the model reads its rows from, its tensor made once.
  const row = [window, features];
  for (let i = 0; i < 200; i++) session.runRows(one, 1, row);
  const times = new Float64Array(singles);
  const rounds: OnnxRound[] = [];
  for (let from = 0; from < singles; from += ROUND_SINGLES) {
    const probe = speedProbeNs();
    const to = Math.min(singles, from + ROUND_SINGLES);
    for (let i = from; i < to; i++) {
      const s = performance.now();
      session.runRows(one, 1, row);
      times[i] = (performance.now() - s) * 1000;
    }
    const round = times.slice(from, to).sort();
    rounds.push({ probe_ns: probe, p50_us: round[Math.floor(round.length * 0.5)] });
  }
  times.sort();
  const batch = fill(new Float32Array(64 * window * features));
  for (let i = 0; i < 10; i++) session.runRows(batch, 64, row);
  const b0 = performance.now();
  for (let i = 0; i < batches; i++) session.runRows(batch, 64, row);
  const batchPerS = (64 * batches) / ((performance.now() - b0) / 1000);
  session.release();
  return { load_ms: loadMs, p50_us: times[Math.floor(singles * 0.5)], p99_us: times[Math.floor(singles * 0.99)], batch_per_s: batchPerS, rounds };
}
