// Runs a compiled fixture in a real worker thread and resolves with the first message it posts.
// With `deadlineMs`, a worker that has not reported by then is terminated and `done` rejects, so
// a fixture stuck in a spin loop fails its test instead of hanging the suite.
import { Worker } from 'node:worker_threads';

export interface RunWorkerOptions {
  deadlineMs?: number;
}

export function runWorker<T>(fixture: URL, workerData: unknown, options: RunWorkerOptions = {}): { done: Promise<T>; worker: Worker } {
  const worker = new Worker(fixture, { workerData });
  const done = new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = options.deadlineMs === undefined ? undefined : setTimeout(() => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(new Error(`worker ${fixture.pathname} did not report within ${options.deadlineMs} ms (terminated)`));
    }, options.deadlineMs);
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    worker.once('message', (msg: T) => { if (settle()) resolve(msg); });
    worker.once('error', (err) => { if (settle()) reject(err); });
    worker.once('exit', (code) => {
      if (settle()) reject(new Error(`worker ${fixture.pathname} exited with code ${code} before reporting`));
    });
  });
  return { done, worker };
}
