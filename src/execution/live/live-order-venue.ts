/**
 * Where a live session's orders go, and the pieces that take them there: the venue's gateway for
 * requests, its push channel for reports (order-report-stream.ts), a periodic reconcile, and the
 * executor that turns all of it into order events (venue-execution.ts).
 *
 * Which venue: crypto goes to Binance spot through ccxt (its user-data stream for reports), or to
 * Coinbase (Exchange or Advanced Trade) through ccxt, whose working orders are looked up every
 * second instead (order-report-polling.ts: this build reads no Coinbase push channel for orders);
 * stocks go to Alpaca's trading API v2 (its trade updates stream). With `--source sim` every request
 * goes to the simulated exchange on loopback, which serves the venue's own REST and stream paths,
 * so a `--live` sim session runs exactly the adapter code a real session runs. With
 * `--source live` orders go to the venue's test environment (Binance testnet, Alpaca paper)
 * unless `execution.venueSandbox: false` asks for the real account.
 *
 * The keys are read here, in L4's thread, from the environment (live-credentials.ts), and go
 * nowhere but into request headers, signatures and the stream's auth message.
 */
import { urlOverride } from '../../data/venues/market-data-endpoints.js';
import { AlpacaOrderGateway } from './alpaca-order-gateway.js';
import { ALPACA_LIVE_TRADING_URL, ALPACA_PAPER_TRADING_URL } from './alpaca-trading-client.js';
import { AlpacaTradeUpdates } from './alpaca-trade-updates.js';
import { BinanceUserStream } from './binance-user-stream.js';
import { OrderReportPolling } from './order-report-polling.js';
import { CcxtOrderGateway } from './ccxt-order-gateway.js';
import { credentialsFromEnv } from './live-credentials.js';
import type { OrderGateway } from './order-gateway.js';
import type { OrderReportStream, OrderReportStreamOptions } from './order-report-stream.js';
import { VenueExecution, type VenueExecutionOptions } from './venue-execution.js';

/** The venues a live session can send orders to (ccxt's ids for the crypto ones). */
export type OrderVenueName = 'binance' | 'coinbase' | 'coinbaseexchange' | 'alpaca';

/** What the run command tells L4 about where orders go (plain data: it crosses to the worker). */
export interface OrderVenueEndpoints {
  venue: OrderVenueName;
  /** REST origin of the venue's order API; null = the gateway's own (the venue, or its sandbox). */
  restBase: string | null;
  /** Websocket origin of its report stream (Binance's user-data stream; Alpaca's is on restBase). */
  wsBase: string;
  /** The venue's test environment (no real money). */
  sandbox: boolean;
  /** Said in the summary: "simulated exchange", "Binance testnet", "Binance". */
  label: string;
}

const CLIENT_ORDER_ID_PREFIX = 'tb-';
export { LIVE_SETTLE_MS } from './venue-execution.js';
const RECONCILE_EVERY_MS = 5_000;
/** How often a venue without a push channel here (Coinbase) has its working orders looked up. */
const POLL_EVERY_MS = 1_000;

/** Environment variables that point a live session's Binance orders elsewhere (a proxy, a loopback venue). */
export const BINANCE_TRADING_URL_VAR = 'TRADEBOT_BINANCE_TRADING_URL';
export const BINANCE_USER_STREAM_URL_VAR = 'TRADEBOT_BINANCE_USER_STREAM_URL';

/** The venues' real-account order hosts: a sandbox session's orders must not be pointed at one. */
const REAL_ORDER_HOSTS: Readonly<Record<'binance' | 'coinbaseexchange', RegExp>> = {
  binance: /^api(\d|-gcp)?\.binance\.com$/i,
  coinbaseexchange: /^api\.(exchange|pro)\.coinbase\.com$/i,
};

/**
 * A URL override that would send a test-environment session's orders to the real account (the same
 * key variables serve both): refused, as Alpaca's client refuses its live host for a paper session.
 */
function checkSandboxOverride(venue: 'binance' | 'coinbaseexchange', sandbox: boolean, name: string, url: string | null): void {
  if (!sandbox || url === null || !REAL_ORDER_HOSTS[venue].test(new URL(url).hostname)) return;
  throw new Error(`${name}=${url} is the real ${venue} account's order API, and this session trades the test environment (execution.venueSandbox: true), `
    + 'so its orders would be real ones: unset it, or set execution.venueSandbox: false to trade the real account');
}

/** Binance spot's REST and user-data origins, test environment or real, or where `env` points them. */
export function binanceOrderEndpoints(sandbox: boolean, env: NodeJS.ProcessEnv = process.env): OrderVenueEndpoints {
  const venue = sandbox
    ? { venue: 'binance' as const, restBase: null, wsBase: 'wss://stream.testnet.binance.vision', sandbox: true, label: 'Binance testnet' }
    : { venue: 'binance' as const, restBase: null, wsBase: 'wss://stream.binance.com:9443', sandbox: false, label: 'Binance' };
  const rest = urlOverride(env, BINANCE_TRADING_URL_VAR, 'http');
  checkSandboxOverride('binance', sandbox, BINANCE_TRADING_URL_VAR, rest);
  const ws = urlOverride(env, BINANCE_USER_STREAM_URL_VAR, 'ws');
  return {
    ...venue,
    restBase: rest ? rest.replace(/\/+$/, '') : null,
    wsBase: ws ? ws.replace(/\/+$/, '') : venue.wsBase,
    label: rest ? `${venue.label} at ${new URL(rest).host}` : venue.label,
  };
}

/** Environment variable that points a live session's Coinbase orders elsewhere (a proxy, a loopback venue). */
export const COINBASE_TRADING_URL_VAR = 'TRADEBOT_COINBASE_TRADING_URL';

/**
 * Coinbase's order API through ccxt: Exchange (`coinbaseexchange`, its sandbox unless
 * `sandbox` is false) or Advanced Trade (`coinbase`, which has no test environment in ccxt: only
 * the real account). `TRADEBOT_COINBASE_TRADING_URL` re-roots every request.
 */
export function coinbaseOrderEndpoints(venue: 'coinbase' | 'coinbaseexchange', sandbox: boolean, env: NodeJS.ProcessEnv = process.env): OrderVenueEndpoints {
  const name = venue === 'coinbase' ? 'Coinbase Advanced Trade' : 'Coinbase Exchange';
  const testable = venue === 'coinbaseexchange' && sandbox;
  const rest = urlOverride(env, COINBASE_TRADING_URL_VAR, 'http');
  if (venue === 'coinbaseexchange') checkSandboxOverride(venue, testable, COINBASE_TRADING_URL_VAR, rest);
  const label = testable ? `${name} sandbox` : name;
  return {
    venue, restBase: rest ? rest.replace(/\/+$/, '') : null, wsBase: '', sandbox: testable,
    label: rest ? `${label} at ${new URL(rest).host}` : label,
  };
}

/** Alpaca's trading API, paper account or real. */
export function alpacaOrderEndpoints(sandbox: boolean): OrderVenueEndpoints {
  const base = sandbox ? ALPACA_PAPER_TRADING_URL : ALPACA_LIVE_TRADING_URL;
  return { venue: 'alpaca', restBase: null, wsBase: base.replace(/^http/, 'ws'), sandbox, label: sandbox ? 'Alpaca paper' : 'Alpaca' };
}

/** The gateway that sends orders to `endpoints` (keys from the environment). */
export function orderGatewayFor(endpoints: OrderVenueEndpoints): CcxtOrderGateway | AlpacaOrderGateway {
  const credentials = credentialsFromEnv(endpoints.venue);
  const restBase = endpoints.restBase ?? undefined;
  return endpoints.venue === 'alpaca'
    ? new AlpacaOrderGateway({
      credentials, live: !endpoints.sandbox, clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX, ...(restBase === undefined ? {} : { baseUrl: restBase }),
    })
    : new CcxtOrderGateway({
      venue: endpoints.venue, credentials, sandbox: endpoints.sandbox, live: !endpoints.sandbox,
      clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX, ...(restBase === undefined ? {} : { restBase }),
    });
}

export class LiveOrderVenue {
  readonly executor: VenueExecution;
  readonly gateway: OrderGateway;
  private readonly stream: OrderReportStream;
  private reconcileTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly endpoints: OrderVenueEndpoints,
    executorOptions: Omit<VenueExecutionOptions, 'gateway'>,
  ) {
    const credentials = credentialsFromEnv(endpoints.venue);
    const reports: OrderReportStreamOptions = {
      clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX,
      onReport: (id, snapshot) => this.executor.onVenueReport(id, snapshot),
      onReconnected: () => void this.executor.reconcile(),
      log: executorOptions.log,
    };
    const gateway = orderGatewayFor(endpoints);
    this.gateway = gateway;
    this.stream = gateway instanceof AlpacaOrderGateway
      ? new AlpacaTradeUpdates(gateway.baseUrl, credentials, reports)
      : endpoints.venue === 'binance'
        ? new BinanceUserStream({
          ...reports, credentials, wsBase: endpoints.wsBase,
          restBase: endpoints.restBase ?? (endpoints.sandbox ? 'https://testnet.binance.vision' : 'https://api.binance.com'),
        })
        : new OrderReportPolling(POLL_EVERY_MS, () => this.executor.reconcile());
    this.executor = new VenueExecution({ ...executorOptions, gateway: this.gateway, postOnly: endpoints.venue === 'binance' });
  }

  get streamStats(): OrderReportStream['stats'] { return this.stream.stats; }

  /**
   * Connect the report stream and start the periodic reconcile; orders adopted from a
   * predecessor are looked up at once (their reports went to it). Rejects when the stream cannot
   * start; the reconcile runs either way, so orders are still followed, by lookups.
   */
  async start(): Promise<void> {
    this.reconcileTimer = setInterval(() => void this.executor.reconcile(), RECONCILE_EVERY_MS);
    this.reconcileTimer.unref();
    if (this.executor.adoptedCount > 0) void this.executor.reconcile();
    await this.stream.start();
  }

  /** Cancel what is working (bounded by `timeoutMs`), then close the stream and the gateway. */
  async close(timeoutMs: number): Promise<void> {
    if (this.reconcileTimer !== null) clearInterval(this.reconcileTimer);
    await this.executor.cancelAll(timeoutMs);
    await this.stream.close();
    await this.gateway.close();
  }
}
