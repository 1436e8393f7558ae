/**
 * Runs the simulated exchange (`--source sim`: Binance's protocol for crypto, Alpaca's for stocks) in a thread of its own, so generating and
 * serialising the market never competes with the orchestrator's signal handling or a layer's
 * ring. The session starts it before L0 and stops it after the drain; L0 reaches it over
 * loopback sockets exactly as it would reach the venue.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SimExchange, type SimExchangeOptions } from '../data/sim-exchange/sim-exchange.js';
import { AlpacaSimExchange, type AlpacaSimExchangeOptions } from '../data/sim-exchange/alpaca-sim-exchange.js';

/** Crypto speaks Binance's protocol, stocks Alpaca's. */
export type SimExchangeWorkerData =
  | { protocol: 'binance'; options: SimExchangeOptions }
  | { protocol: 'alpaca'; options: AlpacaSimExchangeOptions };
export type SimExchangeWorkerMessage =
  | { type: 'listening'; wsUrl: string; restUrl: string }
  | { type: 'failed'; message: string };
export type SimExchangeWorkerControl = { type: 'close' };

const parent = parentPort!;
const data = workerData as SimExchangeWorkerData;
const exchange = data.protocol === 'binance' ? new SimExchange(data.options) : new AlpacaSimExchange(data.options);
parent.on('message', (msg: SimExchangeWorkerControl) => {
  if (msg.type === 'close') void exchange.stop().then(() => parent.close());
});
try {
  const endpoints = await exchange.start();
  // Both exchanges report their HTTP origin: Binance's REST API, Alpaca's trading API v2.
  parent.postMessage({ type: 'listening', wsUrl: endpoints.wsUrl, restUrl: endpoints.restUrl } satisfies SimExchangeWorkerMessage);
} catch (err) {
  parent.postMessage({ type: 'failed', message: (err as Error).message } satisfies SimExchangeWorkerMessage);
  parent.close();
}
