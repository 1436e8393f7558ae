/**
 * Binance spot's user-data stream: the venue's own reports of our orders (`executionReport`), so
 * fills of resting orders reach L4 as they happen rather than when someone asks.
 *
 * Protocol: `POST /api/v3/userDataStream` with the API key header (no signature) answers a
 * listenKey; `wss://<stream host>/ws/<listenKey>` then carries one bare JSON object per event;
 * `PUT` with the key keeps it alive (Binance expires an idle key after 60 minutes, so every 30).
 *
 * Reliability: a dropped socket reconnects with the market-data connectors' jittered backoff
 * (never a storm), asking for a fresh listenKey each time (the old one may have expired while we
 * were away). Reports sent while we were disconnected are lost to the stream, so every reconnect
 * calls `onReconnected`, which makes the executor look up every working order (reconcile).
 *
 * The API key travels only in the request header; it appears in no URL, log line or error.
 */
import WebSocket from 'ws';
import { ReconnectBackoff } from '../../data/venues/reconnect-backoff.js';
import type { VenueCredentials } from './live-credentials.js';
import { clientOrderIdFromVenue } from './live-order.js';
import type { OrderReportStream, OrderReportStreamOptions } from './order-report-stream.js';
import { SecretScrubber } from './secret-scrubber.js';
import type { VenueOrderSnapshot, VenueOrderStatus } from './venue-order-events.js';

export interface BinanceUserStreamOptions extends OrderReportStreamOptions {
  /** REST origin, e.g. https://api.binance.com (or the simulated exchange's). */
  restBase: string;
  /** Websocket origin, e.g. wss://stream.binance.com:9443. */
  wsBase: string;
  credentials: VenueCredentials;
  /** ms between keepalives (default 30 min). */
  keepAliveMs?: number;
}

/** How long closing waits for the venue to drop the listenKey, ms. */
const CLOSE_TIMEOUT_MS = 1_000;

/** Binance's order status words, as ours (venue-order-events.ts). */
const STATUS: Readonly<Record<string, VenueOrderStatus>> = {
  NEW: 'open', PARTIALLY_FILLED: 'open', PENDING_NEW: 'pending', FILLED: 'closed', CANCELED: 'canceled',
  PENDING_CANCEL: 'open', REJECTED: 'rejected', EXPIRED: 'expired', EXPIRED_IN_MATCH: 'expired',
};

interface ExecutionReport {
  e?: unknown; c?: unknown; C?: unknown; X?: unknown; i?: unknown; z?: unknown; Z?: unknown; r?: unknown;
  s?: unknown; x?: unknown; n?: unknown; N?: unknown; t?: unknown;
}

/** An order's commission so far in its quote currency (NaN once the venue charged another asset), and the trades counted in it. */
interface OrderCommission { total: number; trades: Set<number> }

/** Our client order id and the order's state from one `executionReport`, or null (not ours, malformed). */
export function snapshotFromExecutionReport(prefix: string, report: ExecutionReport): { clientOrderId: number; snapshot: VenueOrderSnapshot } | null {
  if (report.e !== 'executionReport') return null;
  // A cancellation's report carries the cancel request's own id in `c` and the order's in `C`.
  const venueClientId = typeof report.C === 'string' && report.C !== '' ? report.C : report.c;
  const clientOrderId = clientOrderIdFromVenue(prefix, typeof venueClientId === 'string' ? venueClientId : undefined);
  const status = typeof report.X === 'string' ? STATUS[report.X] : undefined;
  const filled = Number(report.z);
  const quote = Number(report.Z);
  if (clientOrderId === undefined || status === undefined || !(filled >= 0) || !(quote >= 0)) return null;
  return {
    clientOrderId,
    snapshot: {
      venueOrderId: String(report.i ?? ''),
      venueClientOrderId: typeof venueClientId === 'string' ? venueClientId : undefined,
      status, filled, averagePrice: filled > 0 ? quote / filled : NaN,
      reason: typeof report.r === 'string' && report.r !== 'NONE' ? report.r : '',
    },
  };
}

export class BinanceUserStream implements OrderReportStream {
  readonly stats = { connects: 0, reports: 0, skipped: 0, malformed: 0, listenKeyFailures: 0 };
  private ws: WebSocket | null = null;
  private listenKey = '';
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private keepAlive: NodeJS.Timeout | null = null;
  private readonly backoff: ReconnectBackoff;
  /** The venue's (or a proxy's) error pages can echo the request's key header. */
  private readonly scrubber: SecretScrubber;
  /** Per venue order id while it works: commission from its TRADE reports (each trade once). */
  private readonly commissions = new Map<string, OrderCommission>();

  constructor(private readonly opts: BinanceUserStreamOptions) {
    this.backoff = opts.backoff ?? new ReconnectBackoff();
    this.scrubber = new SecretScrubber(opts.credentials.secretValues());
  }

  /** Resolves once the first connection is open (rejects if the first listenKey is refused). */
  async start(): Promise<void> {
    await this.connect(true);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    if (this.keepAlive !== null) clearInterval(this.keepAlive);
    const ws = this.ws;
    this.ws = null;
    if (ws !== null) ws.terminate();
    // A courtesy (an unused key expires by itself), so it gets a short deadline: the session's end
    // waits on it, within a drain budget that the last cancels' answers still have to make.
    if (this.listenKey !== '') await this.request('DELETE', this.listenKey, CLOSE_TIMEOUT_MS).catch(() => undefined);
  }

  private async connect(first: boolean): Promise<void> {
    let key: string;
    try {
      key = await this.newListenKey();
    } catch (error) {
      this.stats.listenKeyFailures++;
      // A first refusal (a 5xx, a rate limit) fails start(), which says so, and is retried like any
      // later one: otherwise the stream would stay off for the rest of the session.
      if (first) { this.scheduleReconnect(); throw error; }
      this.opts.log(`binance user-data stream: ${(error as Error).message}; retrying`);
      this.scheduleReconnect();
      return;
    }
    if (this.closed) return;
    this.listenKey = key;
    const ws = new WebSocket(`${this.opts.wsBase}/ws/${key}`, { perMessageDeflate: false });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        this.stats.connects++;
        this.backoff.connected(Date.now());
        if (!first) this.opts.onReconnected();
        resolve();
      });
      ws.once('error', (error) => {
        if (first && this.stats.connects === 0) reject(new Error(`binance user-data stream: could not connect: ${error.message}`));
      });
      ws.on('message', (data) => this.onMessage(data.toString()));
      ws.once('close', () => {
        if (this.ws === ws) this.ws = null;
        if (!this.closed) {
          this.opts.log('binance user-data stream closed; reconnecting (working orders are looked up once it is back)');
          this.scheduleReconnect();
        }
        resolve();
      });
    });
    if (this.keepAlive === null) {
      this.keepAlive = setInterval(() => {
        if (this.listenKey !== '') this.request('PUT', this.listenKey).catch((error: unknown) => this.opts.log(`binance user-data stream keepalive: ${(error as Error).message}`));
      }, this.opts.keepAliveMs ?? 30 * 60_000);
      this.keepAlive.unref();
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry !== null) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect(false);
    }, this.backoff.nextDelay(Date.now()));
  }

  private onMessage(text: string): void {
    let report: ExecutionReport;
    try {
      report = JSON.parse(text) as ExecutionReport;
    } catch {
      this.stats.malformed++;
      return;
    }
    if (report === null || typeof report !== 'object') { this.stats.malformed++; return; }
    const read = snapshotFromExecutionReport(this.opts.clientOrderIdPrefix, report);
    if (read === null) { this.stats.skipped++; return; }
    this.stats.reports++;
    const fee = this.commissionOf(report, read.snapshot.venueOrderId);
    if (fee === fee) read.snapshot.feeQuote = fee;
    if (read.snapshot.status !== 'open' && read.snapshot.status !== 'pending') this.commissions.delete(read.snapshot.venueOrderId);
    this.opts.onReport(read.clientOrderId, read.snapshot);
  }

  /**
   * The order's commission so far in its quote currency, counting each TRADE report's `n` once
   * (by trade id `t`); NaN once a commission came in another asset (`N`, e.g. BNB).
   */
  private commissionOf(report: ExecutionReport, orderId: string): number {
    let entry = this.commissions.get(orderId);
    if (entry === undefined) {
      entry = { total: 0, trades: new Set() };
      this.commissions.set(orderId, entry);
    }
    const trade = Number(report.t);
    if (report.x === 'TRADE' && Number.isInteger(trade) && trade >= 0 && !entry.trades.has(trade)) {
      entry.trades.add(trade);
      const commission = Number(report.n);
      const inQuote = typeof report.N === 'string' && typeof report.s === 'string' && report.s.endsWith(report.N);
      const none = report.N === null || commission === 0;
      entry.total = none ? entry.total : inQuote && commission > 0 && commission < Infinity ? entry.total + commission : NaN;
    }
    return entry.total;
  }

  private async newListenKey(): Promise<string> {
    const body = await this.request('POST', '');
    const key = (body as { listenKey?: unknown }).listenKey;
    if (typeof key !== 'string' || key === '') throw new Error('binance user-data stream: the venue answered no listenKey');
    return key;
  }

  private async request(method: 'POST' | 'PUT' | 'DELETE', key: string, timeoutMs = 10_000): Promise<unknown> {
    const query = key === '' ? '' : `?listenKey=${encodeURIComponent(key)}`;
    const res = await fetch(`${this.opts.restBase}/api/v3/userDataStream${query}`, {
      method, headers: { 'X-MBX-APIKEY': this.opts.credentials.apiKey }, signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} userDataStream answered HTTP ${res.status}: ${this.scrubber.scrub(text.slice(0, 200))}`);
    try {
      return text === '' ? {} : JSON.parse(text) as unknown;
    } catch {
      // JSON.parse's own message quotes the text, unscrubbed.
      throw new Error(`${method} userDataStream answered HTTP ${res.status} with a body that is not JSON`);
    }
  }
}
