/**
 * Runs the simulated exchange (`--source sim`) in a thread of its own, so generating and
 * serialising the market never competes with the orchestrator's signal handling or a layer's
 * ring. The session starts it before L0 and stops it after the drain; L0 reaches it over
 * loopback sockets exactly as it would reach the venue.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SimExchange, type SimExchangeEndpoints, type SimExchangeOptions } from '../data/sim-exchange/sim-exchange.js';

export type SimExchangeWorkerMessage =
  | { type: 'listening'; endpoints: SimExchangeEndpoints }
  | { type: 'failed'; message: string };
export type SimExchangeWorkerControl = { type: 'close' };

const parent = parentPort!;
const exchange = new SimExchange(workerData as SimExchangeOptions);
parent.on('message', (msg: SimExchangeWorkerControl) => {
  if (msg.type === 'close') void exchange.stop().then(() => parent.close());
});
try {
  const endpoints = await exchange.start();
  parent.postMessage({ type: 'listening', endpoints } satisfies SimExchangeWorkerMessage);
} catch (err) {
  parent.postMessage({ type: 'failed', message: (err as Error).message } satisfies SimExchangeWorkerMessage);
  parent.close();
}
