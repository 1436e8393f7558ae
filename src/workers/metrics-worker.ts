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
import { startMetricsServer, type HealthReport } from '../pipeline/metrics-server.js';
import { Supervisor } from '../pipeline/telemetry.js';

export interface MetricsWorkerData {
  wiring: Wiring;
  symbols: readonly string[];
  host: string;
  port: number;
  cacheMs: number;
  /** Protocol of each of L0's venue connectors, for the feed series (none: in-process source, no feed). */
  feedVenues: readonly string[];
  /** Unified symbols of a session on several venues, for the consolidated top series (else none). */
  consolidatedSymbols?: readonly string[];
  /** The session replays candle files: their skipped rows get a series. */
  candleReplay?: boolean;
}

/** Worker -> orchestrator, first: the server is up, or it could not bind (`code` as from listen). */
export type MetricsWorkerMessage =
  | { type: 'listening'; port: number; niceness: number | null }
  | { type: 'failed'; message: string; code?: string }
  /** A line for the operator's log (after `listening`; rare, never per scrape). */
  | { type: 'log'; message: string };

/** Orchestrator -> worker. `halted` carries the reason /health reports; the flag itself is shared. */
export type MetricsWorkerControl = { type: 'close' } | { type: 'halted'; reason: string };

const data = workerData as MetricsWorkerData;
const parent = parentPort!;

let niceness: number | null = null;
try {
  os.setPriority(0, 19);
  niceness = os.getPriority(0);
} catch {
  // Not permitted or not supported: serve at normal priority rather than not at all.
}

const topology = new Topology(data.wiring);
const registry = createMetricsRegistry(topology, data.symbols, data.feedVenues,
  (message) => parent.postMessage({ type: 'log', message } satisfies MetricsWorkerMessage), data.consolidatedSymbols ?? [], data.candleReplay === true);

let haltReason: string | null = null;
let server: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
let closing = false;

function health(): HealthReport {
  const restarts = topology.supervisor.get(Supervisor.restarts);
  // The halt is one-way, so either signal is enough: the shared flag may be seen before the
  // message that explains it arrives, and the message before a scrape reads the flag.
  if (topology.supervisor.get(Supervisor.halted) !== 0 || haltReason !== null) {
    return { status: 'halted', reason: haltReason ?? 'unknown', restarts };
  }
  if (topology.supervisor.get(Supervisor.stopping) !== 0) return { status: 'stopping', restarts };
  return { status: 'ok', restarts };
}

function close(): void {
  if (closing) return;
  closing = true;
  // With the server and the port closed nothing keeps this thread's loop alive, so it exits.
  if (server) void server.close().then(() => parent.close());
  // Still binding: the listen result below closes it.
}

// Registered before the bind, so a `halted` sent while it is still binding is not lost.
parent.on('message', (msg: MetricsWorkerControl) => {
  if (msg?.type === 'halted' && typeof msg.reason === 'string') haltReason = msg.reason;
  else if (msg?.type === 'close') close();
});

try {
  server = await startMetricsServer(registry, data.host, data.port, health, data.cacheMs);
  parent.postMessage({ type: 'listening', port: server.port, niceness } satisfies MetricsWorkerMessage);
  if (closing) void server.close().then(() => parent.close());
} catch (err) {
  const { message, code } = err as NodeJS.ErrnoException;
  parent.postMessage({ type: 'failed', message, ...(typeof code === 'string' ? { code } : {}) } satisfies MetricsWorkerMessage);
  parent.close();
}
