/**
 * Serves `/metrics` and `/health` from a thread of its own, at the lowest CPU priority.
 *
 * On a small machine the cost of scraping is not the render itself but whose CPU it takes: six
 * layer workers share two cores, and a scrape flood on a normal-priority thread preempts them
 * (tick-to-order p99 doubled in measurements). On Linux, `os.setPriority(0, n)` called from a
 * thread renices only that thread, so here the scheduler gives the layers the CPU first and the
 * exporter what is left. Everything it reads is in shared memory; it never talks to a layer.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Topology, type Wiring } from '../pipeline/topology.js';
import { createMetricsRegistry } from '../pipeline/metrics-exporter.js';
import { startMetricsServer } from '../pipeline/metrics-server.js';
import { Supervisor } from '../pipeline/telemetry.js';

export interface MetricsWorkerData {
  wiring: Wiring;
  symbols: readonly string[];
  host: string;
  port: number;
  cacheMs: number;
}

export type MetricsWorkerMessage =
  | { type: 'listening'; port: number; niceness: number | null }
  | { type: 'failed'; message: string };

const data = workerData as MetricsWorkerData;

let niceness: number | null = null;
try {
  os.setPriority(0, 19);
  niceness = os.getPriority(0);
} catch {
  // Not permitted or not supported: serve at normal priority rather than not at all.
}

const topology = new Topology(data.wiring);
const registry = createMetricsRegistry(topology, data.symbols);
try {
  const server = await startMetricsServer(registry, data.host, data.port, () => {
    const halted = topology.supervisor.get(Supervisor.halted) !== 0;
    const stopping = topology.supervisor.get(Supervisor.stopping) !== 0;
    return { status: halted ? 'halted' : stopping ? 'stopping' : 'ok', restarts: topology.supervisor.get(Supervisor.restarts) };
  }, data.cacheMs);
  parentPort!.postMessage({ type: 'listening', port: server.port, niceness } satisfies MetricsWorkerMessage);
  parentPort!.on('message', (msg: { type: 'close' }) => {
    if (msg.type === 'close') void server.close().then(() => parentPort!.close());
  });
} catch (err) {
  parentPort!.postMessage({ type: 'failed', message: (err as Error).message } satisfies MetricsWorkerMessage);
  parentPort!.close();
}
