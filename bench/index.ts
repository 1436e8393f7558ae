/**
 * Benchmark registry. `tradebot bench <name> [--quick]` (src/cli.ts) calls `runBench`; new
 * benchmarks register here. It can also be run directly: `node dist/bench/index.js ring --quick`.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRingBench } from './ring.js';
import { runPipelineBench } from './pipeline.js';
import { runMetricsBench } from './metrics.js';
import { runIngestBench } from './ingest.js';
import { runIndicatorsBench } from './indicators.js';
import { runDecideBench } from './decide.js';
import { runExecutionBench } from './execution.js';
import { runOnnxBench } from './onnx.js';
import { runRouterBench } from './router.js';
import { runBacktestBench } from './backtest.js';

export interface BenchOptions {
  /** Shorter run for a smoke check (seconds, not a minute). */
  quick?: boolean;
}

export const BENCHMARKS: Record<string, (opts: BenchOptions) => Promise<unknown>> = {
  ring: runRingBench,
  pipeline: runPipelineBench,
  'pipeline-fused': (opts) => runPipelineBench({ ...opts, topology: 'fused' }),
  metrics: runMetricsBench,
  ingest: runIngestBench,
  indicators: runIndicatorsBench,
  decide: runDecideBench,
  execution: runExecutionBench,
  router: runRouterBench,
  onnx: runOnnxBench,
  backtest: runBacktestBench,
};

/** Run one benchmark by name, or every one in order with `all`. Resolves to name -> result. */
export async function runBench(name: string, opts: BenchOptions = {}): Promise<Record<string, unknown>> {
  const names = name === 'all' ? Object.keys(BENCHMARKS) : [name];
  for (const n of names) {
    if (!Object.hasOwn(BENCHMARKS, n)) {
      throw new Error(`unknown benchmark "${n}" (available: ${[...Object.keys(BENCHMARKS), 'all'].join(', ')})`);
    }
  }
  const results: Record<string, unknown> = {};
  // Sequentially: two benchmarks at once would share the two cores and measure each other.
  for (const n of names) results[n] = await BENCHMARKS[n](opts);
  return results;
}

// Direct entry: `node dist/bench/index.js [name|all] [--quick]`.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('-')) ?? 'all';
  runBench(name, { quick: args.includes('--quick') }).catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
