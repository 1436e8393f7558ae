// Runs a compiled fixture in a real worker thread and resolves with the first message it posts.
// Every run has a deadline: a fixture that never reports (a ring that never fills or drains, a
// peer that died) fails the test naming the fixture and its role instead of hanging the suite,
// and the worker is terminated when the deadline passes. Callers still `stop()` their workers
// in `finally`, so a failing assertion does not leave a spinning or parked thread alive either.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { withDeadline } from '../support/deadline.js';

export interface RunWorkerOptions {
  /** Fail (and terminate the worker) if it has not reported after this long, ms. Default 60 s. */
  deadlineMs?: number;
  /** What the worker is, for the timeout message (default: the fixture file and its role). */
  what?: string;
}

export interface WorkerRun<T> {
  /** The first message the worker posts; rejects if it fails, exits first, or misses the deadline. */
  done: Promise<T>;
  worker: Worker;
  /** Terminate the worker (idempotent; fine after it exited). */
  stop(): Promise<void>;
}

export function runWorker<T>(fixture: URL, workerData: unknown, options: RunWorkerOptions = {}): WorkerRun<T> {
  const worker = new Worker(fixture, { workerData });
  const role = (workerData as { role?: unknown } | null)?.role;
  const what = options.what ?? `worker ${path.basename(fixture.pathname)}${typeof role === 'string' ? ` (${role})` : ''} to report`;
  const reported = new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (msg: T) => { settled = true; resolve(msg); });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker ${fixture.pathname} exited with code ${code} before reporting`));
    });
  });
  const stop = async (): Promise<void> => { await worker.terminate(); };
  const done = withDeadline(reported, options.deadlineMs ?? 60_000, what, stop);
  // A run nobody awaits (the test failed first) must not surface as an unhandled rejection.
  done.catch(() => {});
  return { done, worker, stop };
}

/** Terminate every worker of `runs`, for `finally`. */
export async function stopAll(...runs: { stop(): Promise<void> }[]): Promise<void> {
  await Promise.all(runs.map((r) => r.stop()));
}
