// The allocation assertion of the hot-path tests: `fn` runs `iterations` times (after a warm-up)
// without a single garbage collection. Meaningful only with a tiny young generation, so the
// process must run with --max-semi-space-size=1 (npm test does): without it a few bytes per call
// could go unnoticed, and the assertion says so rather than passing for the wrong reason.
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag, type AllocationReport } from '../../src/shm/allocation-check.js';

export function assertNoGc(what: string, fn: (i: number) => void, iterations: number, warmup?: number): AllocationReport {
  assert.ok(semiSpaceFlag() !== undefined, 'run with node --max-semi-space-size=1 (as npm test does)');
  const report = countGcs(fn, iterations, warmup);
  assert.is(report.gcCount, 0, `${what}: ${report.gcCount} GCs over ${iterations} calls: ${JSON.stringify(report.byType)}`);
  return report;
}
