/**
 * Where a live session's orders go, and the pieces that take them there: the ccxt gateway for
 * requests, the venue's user-data stream for its reports, a periodic reconcile, and the executor
 * that turns all of it into order events (venue-execution.ts).
 *
 * Which venue: Binance spot, through ccxt. With `--source sim` every request goes to the
 * simulated exchange on loopback, which serves Binance's own REST and user-data paths, so a
 * `--live` sim session runs exactly the adapter code a real session runs. With `--source live`
 * orders go to Binance's test environment (testnet.binance.vision) unless
 * `execution.venueSandbox: false` asks for the real account.
 *
 * The keys are read here, in L4's thread, from the environment (live-credentials.ts), and go
 * nowhere but into request headers and signatures.
 */
import { CcxtOrderGateway } from './ccxt-order-gateway.js';
import { credentialsFromEnv } from './live-credentials.js';
import { BinanceUserStream } from './binance-user-stream.js';
import { VenueExecution, type VenueExecutionOptions } from './venue-execution.js';

/** What the run command tells L4 about where orders go (plain data: it crosses to the worker). */
export interface OrderVenueEndpoints {
  venue: 'binance';
  /** REST origin of the venue's order API; null = ccxt's own (the venue, or its sandbox). */
  restBase: string | null;
  /** Websocket origin of its user-data stream. */
  wsBase: string;
  /** The venue's test environment (no real money). */
  sandbox: boolean;
  /** Said in the summary: "simulated exchange", "Binance testnet", "Binance". */
  label: string;
}

const CLIENT_ORDER_ID_PREFIX = 'tb-';
/** How long the end of a live session waits for the venue to confirm its cancels, ms. */
export const LIVE_SETTLE_MS = 5_000;
const RECONCILE_EVERY_MS = 5_000;

/** Binance spot's REST and user-data origins, test environment or real. */
export function binanceOrderEndpoints(sandbox: boolean): OrderVenueEndpoints {
  return sandbox
    ? { venue: 'binance', restBase: null, wsBase: 'wss://stream.testnet.binance.vision', sandbox: true, label: 'Binance testnet' }
    : { venue: 'binance', restBase: null, wsBase: 'wss://stream.binance.com:9443', sandbox: false, label: 'Binance' };
}

export class LiveOrderVenue {
  readonly executor: VenueExecution;
  readonly gateway: CcxtOrderGateway;
  private readonly stream: BinanceUserStream;
  private reconcileTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly endpoints: OrderVenueEndpoints,
    executorOptions: Omit<VenueExecutionOptions, 'gateway'>,
  ) {
    const credentials = credentialsFromEnv(endpoints.venue);
    this.gateway = new CcxtOrderGateway({
      venue: 'binance', credentials, sandbox: endpoints.sandbox, live: !endpoints.sandbox,
      clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX, ...(endpoints.restBase === null ? {} : { restBase: endpoints.restBase }),
    });
    this.executor = new VenueExecution({ ...executorOptions, gateway: this.gateway });
    const restBase = endpoints.restBase ?? (endpoints.sandbox ? 'https://testnet.binance.vision' : 'https://api.binance.com');
    this.stream = new BinanceUserStream({
      restBase, wsBase: endpoints.wsBase, credentials, clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX,
      onReport: (id, snapshot) => this.executor.onVenueReport(id, snapshot),
      onReconnected: () => void this.executor.reconcile(),
      log: executorOptions.log,
    });
  }

  get streamStats(): BinanceUserStream['stats'] { return this.stream.stats; }

  /** Connect the report stream and start the periodic reconcile. */
  async start(): Promise<void> {
    await this.stream.start();
    this.reconcileTimer = setInterval(() => void this.executor.reconcile(), RECONCILE_EVERY_MS);
    this.reconcileTimer.unref();
  }

  /** Cancel what is working (bounded by `timeoutMs`), then close the stream and the gateway. */
  async close(timeoutMs: number): Promise<void> {
    if (this.reconcileTimer !== null) clearInterval(this.reconcileTimer);
    await this.executor.cancelAll(timeoutMs);
    await this.stream.close();
    await this.gateway.close();
  }
}
