// The worker side of fresh-isolate-gc.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { countGcs } from '../../src/shm/allocation-check.js';

const { moduleUrl, exportName, iterations } = workerData as { moduleUrl: string; exportName: string; iterations: number };
const mod = (await import(moduleUrl)) as Record<string, () => (i: number) => void>;
parentPort!.postMessage(countGcs(mod[exportName](), iterations));
