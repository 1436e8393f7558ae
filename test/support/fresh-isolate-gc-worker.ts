// The worker side of fresh-isolate-gc.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { countGcs } from '../../src/shm/allocation-check.js';
import type { Probe } from './fresh-isolate-gc.js';

const { moduleUrl, exportName, iterations } = workerData as { moduleUrl: string; exportName: string; iterations: number };
const mod = (await import(moduleUrl)) as Record<string, () => Probe>;
const probe = mod[exportName]();
const report = countGcs(probe, iterations);
parentPort!.postMessage({ ...report, after: probe.after?.() ?? null });
