// An allocation check in a fresh isolate: a worker thread imports `exportName` from `moduleUrl`
// (a factory returning the per-call function), runs countGcs on it and reports back. The function
// may carry an `after` check, run in the isolate once counting is done; its verdict (what went
// wrong, or null) comes back as the report's `after`.
//
// Why: whether V8 inlines a call (and so whether a double argument is boxed) depends on what else
// the isolate has compiled. In a test process that has already loaded hundreds of modules (ccxt,
// the whole pipeline), a path that allocates nothing when run alone can be left uninlined and
// allocate a little. The worker starts from nothing, like the hot path's own thread does, so the
// check measures the code, not the test order. The process-wide V8 flags (--max-semi-space-size)
// apply to the worker too.
import { Worker } from 'node:worker_threads';
import type { AllocationReport } from '../../src/shm/allocation-check.js';
import { withDeadline } from './deadline.js';

/** A per-call function, optionally with a check that it did its work. */
export type Probe = ((i: number) => void) & { after?: () => string | null };

export interface IsolateAllocationReport extends AllocationReport {
  /** The probe's `after` verdict: null when it passed or the probe has none. */
  after: string | null;
}

export async function countGcsInFreshIsolate(moduleUrl: string, exportName: string, iterations: number): Promise<IsolateAllocationReport> {
  const worker = new Worker(new URL('./fresh-isolate-gc-worker.js', import.meta.url), { workerData: { moduleUrl, exportName, iterations } });
  const done = new Promise<IsolateAllocationReport>((resolve, reject) => {
    worker.once('message', (report: IsolateAllocationReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`allocation probe exited with ${code} before reporting`)));
  });
  try {
    return await withDeadline(done, 60_000, `the allocation probe ${exportName}`);
  } finally {
    await worker.terminate();
  }
}
