// The metrics worker thread on its own, over shared memory and real HTTP: /health follows the
// shared supervisor flags and reports the halt reason the orchestrator sends; a failed bind
// reports its error code; `close` ends the thread promptly, with nothing left holding it open.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { fetchWithin, waitUntil, withDeadline } from '../support/deadline.js';
import { Topology } from '../../src/pipeline/topology.js';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { Supervisor } from '../../src/pipeline/telemetry.js';
import type { MetricsWorkerControl, MetricsWorkerData, MetricsWorkerMessage } from '../../src/workers/metrics-worker.js';

const WORKER = new URL('../../src/workers/metrics-worker.js', import.meta.url);
const config = loadConfig(defaultConfigPath('crypto'));

function startWorker(topo: Topology, host = '127.0.0.1', port = 0): { worker: Worker; first: Promise<MetricsWorkerMessage>; exited: Promise<number> } {
  const data: MetricsWorkerData = { wiring: topo.wiring, symbols: config.symbols, host, port, cacheMs: 0, feedVenues: [] };
  const worker = new Worker(WORKER, { workerData: data });
  const first = withDeadline(new Promise<MetricsWorkerMessage>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }), 10_000, `the metrics worker on ${host}:${port} to report listening or failed`);
  first.catch(() => {}); // awaited by the test; a test that failed first must not leave it unhandled
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return { worker, first, exited };
}

async function health(port: number): Promise<{ status: number; body: string }> {
  const res = await fetchWithin(`http://127.0.0.1:${port}/health`);
  return { status: res.status, body: await res.text() };
}

/** Polls /health until `done` holds for the reply (at most 1 s), and returns that reply. */
async function healthUntil(port: number, done: (reply: { status: number; body: string }) => boolean): Promise<{ status: number; body: string }> {
  let reply = await health(port);
  await waitUntil(async () => done(reply = await health(port)), 1000, () => `/health to change, last ${JSON.stringify(reply)}`, 20)
    .catch(() => {}); // the caller's assertion on the last reply says what was wrong
  return reply;
}

/** Resolves with how long the worker took to exit, or rejects after `ms`. */
async function exitWithin(exited: Promise<number>, ms: number): Promise<{ code: number; elapsedMs: number }> {
  const start = performance.now();
  const code = await withDeadline(exited, ms, `the worker to exit (still running ${ms} ms after close)`);
  return { code, elapsedMs: performance.now() - start };
}

test('/health: ok, then stopping, then halted with the reason; close exits promptly', async () => {
  const topo = Topology.create(config);
  const { worker, first, exited } = startWorker(topo);
  try {
    const msg = await first;
    assert.is(msg.type, 'listening', JSON.stringify(msg));
    const port = (msg as { port: number }).port;

    assert.equal(await health(port), { status: 200, body: '{"status":"ok","restarts":0}' });

    topo.supervisor.set(Supervisor.stopping, 1);
    assert.equal(await health(port), { status: 503, body: '{"status":"stopping","restarts":0}' });

    topo.supervisor.set(Supervisor.restarts, 3);
    topo.supervisor.set(Supervisor.halted, 1);
    worker.postMessage({ type: 'halted', reason: 'L4 failed 3 times within 60 s' } satisfies MetricsWorkerControl);
    const reply = await healthUntil(port, (r) => r.body.includes('reason":"L4'));
    assert.equal(reply, { status: 503, body: '{"status":"halted","reason":"L4 failed 3 times within 60 s","restarts":3}' });
    const metrics = await (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /^tradebot_halted 1$/m);

    worker.postMessage({ type: 'close' } satisfies MetricsWorkerControl);
    const { code, elapsedMs } = await exitWithin(exited, 2000);
    assert.is(code, 0);
    assert.ok(elapsedMs < 400, `exited ${elapsedMs.toFixed(0)} ms after close; the orchestrator gives it 500 ms`);
  } finally {
    await worker.terminate();
  }
});

test('a halt sent while the worker is still binding is reported, even before the shared flag', async () => {
  const topo = Topology.create(config);
  const { worker, first, exited } = startWorker(topo);
  try {
    worker.postMessage({ type: 'halted', reason: 'early' } satisfies MetricsWorkerControl);
    const msg = await first;
    assert.is(msg.type, 'listening');
    const port = (msg as { port: number }).port;
    const reply = await healthUntil(port, (r) => r.status !== 200);
    assert.equal(reply, { status: 503, body: '{"status":"halted","reason":"early","restarts":0}' });
    worker.postMessage({ type: 'close' } satisfies MetricsWorkerControl);
    assert.is((await exitWithin(exited, 2000)).code, 0);
  } finally {
    await worker.terminate();
  }
});

test('listen failures carry the error code, and the worker exits by itself', async () => {
  const taken = http.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const busyPort = (taken.address() as AddressInfo).port;
  try {
    // 192.0.2.0/24 is reserved for documentation, so no interface here has that address.
    for (const [host, port, code] of [['127.0.0.1', busyPort, 'EADDRINUSE'], ['192.0.2.1', 0, 'EADDRNOTAVAIL']] as const) {
      const { worker, first, exited } = startWorker(Topology.create(config), host, port);
      try {
        const msg = await first;
        assert.is(msg.type, 'failed', `${host}:${port}: ${JSON.stringify(msg)}`);
        const failed = msg as Extract<MetricsWorkerMessage, { type: 'failed' }>;
        assert.is(failed.code, code, `${host}:${port}: ${JSON.stringify(msg)}`);
        assert.ok(failed.message.length > 0);
        assert.is((await exitWithin(exited, 2000)).code, 0);
      } finally {
        await worker.terminate();
      }
    }
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

test.run();
