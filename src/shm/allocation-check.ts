/**
 * Counts garbage collections while a function runs, to prove a hot path allocates nothing.
 *
 * Method (the one that proved reliable here): warm the function up so it is optimised, then run
 * it N times between `v8.GCProfiler` start/stop and count the GC events. Run the process with a
 * small young generation (`node --max-semi-space-size=1`) so even a few bytes per call trigger
 * scavenges: 16 bytes x 10M calls fills a 1 MB semi-space ~150 times. `PerformanceObserver('gc')`
 * is not used because it under-reports inside a synchronous loop (its callbacks never get to run),
 * and heap-size deltas are noise.
 */

import v8 from 'node:v8';

export interface AllocationReport {
  iterations: number;
  gcCount: number;
  /** GC events by type name (scavenge, mark-sweep-compact, ...). */
  byType: Record<string, number>;
  nsPerCall: number;
}

/**
 * Run `fn(i)` `warmup` times, then `iterations` times under the GC profiler, and report the GC
 * count. `fn` receives the iteration number so the compiler cannot hoist its work out of the loop.
 *
 * The measured loop is repeated up to `attempts` times, each after another warm-up, and the
 * quietest attempt is reported: optimising compilation and other isolate housekeeping can trigger
 * a stray collection, and in a process that has already run many other tests the optimiser can
 * take longer to settle on this function (a few scavenges per 600k calls until it does), but a
 * function that allocates per call triggers collections in every attempt.
 */
export function countGcs(
  fn: (i: number) => void,
  iterations: number,
  warmup = Math.min(iterations, 200_000),
  attempts = 5,
): AllocationReport {
  let best: AllocationReport | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    for (let i = 0; i < warmup; i++) fn(i);
    const report = measureOnce(fn, iterations);
    if (best === undefined || report.gcCount < best.gcCount) best = report;
    if (best.gcCount === 0) break;
  }
  return best!;
}

function measureOnce(fn: (i: number) => void, iterations: number): AllocationReport {
  const profiler = new v8.GCProfiler();
  profiler.start();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn(i);
  const elapsedMs = performance.now() - start;
  const result = profiler.stop() as { statistics?: Array<{ gcType: string }> } | undefined;
  const stats = result?.statistics ?? [];
  const byType: Record<string, number> = {};
  for (const s of stats) byType[s.gcType] = (byType[s.gcType] ?? 0) + 1;
  return { iterations, gcCount: stats.length, byType, nsPerCall: (elapsedMs * 1e6) / iterations };
}

/** The semi-space size this process runs with, in MB, or undefined if not set on the command line. */
export function semiSpaceFlag(): number | undefined {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (const arg of args) {
    const m = /^--max-semi-space-size=(\d+)$/.exec(arg);
    if (m) return Number(m[1]);
  }
  return undefined;
}
