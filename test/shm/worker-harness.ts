// Runs a compiled fixture in a real worker thread and resolves with the first message it posts.
import { Worker } from 'node:worker_threads';

export function runWorker<T>(fixture: URL, workerData: unknown): { done: Promise<T>; worker: Worker } {
  const worker = new Worker(fixture, { workerData });
  const done = new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (msg: T) => { settled = true; resolve(msg); });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker ${fixture.pathname} exited with code ${code} before reporting`));
    });
  });
  return { done, worker };
}
