/**
 * Starts and stops the simulated exchange's thread for a `--source sim` session. It must be up
 * before L0 connects and go down only after the drain, so it lives beside the orchestrator
 * rather than among the supervised layers: it holds no pipeline state, and if it dies the
 * connector's reconnect and stale-data handling take over as they would for a real venue.
 */
import { Worker } from 'node:worker_threads';
import type { PipelineConfig } from './config.js';
import type { MarketDataEndpoints } from '../data/venues/market-data-endpoints.js';
import type { SimExchangeWorkerControl, SimExchangeWorkerData, SimExchangeWorkerMessage } from '../workers/sim-exchange-worker.js';

export class SimExchangeHost {
  private worker: Worker | null = null;

  /**
   * `account`: the one API key the simulated exchange (Binance for crypto, Alpaca for stocks)
   * accepts for trading (none: its trading endpoints refuse every request). Handed to the thread
   * only, never logged. The endpoints' `restBase` is the exchange's HTTP origin for both: the
   * Binance REST API, or Alpaca's trading API v2 (an AlpacaOrderGateway's baseUrl).
   */
  async start(config: PipelineConfig, account?: { apiKey: string; secret: string } | null): Promise<MarketDataEndpoints> {
    const options = {
      symbols: config.symbols,
      startPrices: config.source.startPrices,
      annualVol: config.source.annualVol,
      seed: config.source.seed,
      eventsPerSecond: config.source.ratePerSecond,
    };
    const data: SimExchangeWorkerData = config.assetClass === 'crypto'
      ? { protocol: 'binance', options: { ...options, account: account ?? null } }
      : { protocol: 'alpaca', options: { ...options, account: account ?? null } };
    const worker = new Worker(new URL('../workers/sim-exchange-worker.js', import.meta.url), { workerData: data, name: 'tradebot-sim-exchange' });
    const msg = await new Promise<SimExchangeWorkerMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (msg.type === 'failed') {
      await worker.terminate();
      throw new Error(`simulated exchange could not start: ${msg.message}`);
    }
    this.worker = worker;
    return { protocol: data.protocol, wsBase: msg.wsUrl, restBase: msg.restUrl };
  }

  /** Close the servers; resolves once the thread is gone (at most ~0.5 s), leaving no timer. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'close' } satisfies SimExchangeWorkerControl);
    await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 500); })]);
    clearTimeout(timer);
    await worker.terminate();
  }
}
