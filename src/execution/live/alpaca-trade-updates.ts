/**
 * Alpaca's trading stream (`wss://paper-api.alpaca.markets/stream`, or the live host's): the
 * venue's own reports of our orders (`trade_updates`: new, fill, partial_fill, canceled,
 * expired, rejected...), each carrying the order as it now stands.
 *
 * Protocol: after the socket opens, `{"action":"auth","key","secret"}` is answered by an
 * `authorization` message (authorized, or unauthorized and closed), then
 * `{"action":"listen","data":{"streams":["trade_updates"]}}` by `listening`. Alpaca sends these
 * as binary frames holding JSON text.
 *
 * Reliability as BinanceUserStream: jittered backoff between reconnects (never a storm), and
 * `onReconnected` after each, because updates sent while we were away are not replayed: the
 * executor then looks up every working order. A refused key stops the stream for good (retrying
 * cannot help) and says so once.
 *
 * The keys travel only in the auth message; they appear in no URL, log line or error.
 */
import WebSocket from 'ws';
import { ReconnectBackoff } from '../../data/venues/reconnect-backoff.js';
import { alpacaOrderSnapshot } from './alpaca-order-gateway.js';
import type { VenueCredentials } from './live-credentials.js';
import { clientOrderIdFromVenue } from './live-order.js';
import type { OrderReportStream, OrderReportStreamOptions } from './order-report-stream.js';
import type { VenueOrderSnapshot } from './venue-order-events.js';

interface StreamMessage { stream?: unknown; data?: { status?: unknown; event?: unknown; order?: unknown } }

/** Our client order id and the order's state from one trade update, or null (not ours, malformed). */
export function snapshotFromTradeUpdate(prefix: string, data: unknown): { clientOrderId: number; snapshot: VenueOrderSnapshot } | null {
  if (typeof data !== 'object' || data === null) return null;
  const update = data as { event?: unknown; order?: unknown };
  const snapshot = alpacaOrderSnapshot(update.order);
  if (snapshot === null) return null;
  const clientOrderId = clientOrderIdFromVenue(prefix, snapshot.venueClientOrderId);
  if (clientOrderId === undefined) return null;
  if (snapshot.status === 'rejected' || snapshot.status === 'canceled' || snapshot.status === 'expired') {
    snapshot.reason = typeof update.event === 'string' ? update.event : '';
  }
  return { clientOrderId, snapshot };
}

export class AlpacaTradeUpdates implements OrderReportStream {
  readonly stats = { connects: 0, reports: 0, skipped: 0, malformed: 0, refusedKeys: 0 };
  private ws: WebSocket | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly backoff: ReconnectBackoff;
  private readonly url: string;

  /** `baseUrl`: the trading API's origin (http(s)://...; the stream is its `/stream` over ws(s)). */
  constructor(baseUrl: string, private readonly credentials: VenueCredentials, private readonly opts: OrderReportStreamOptions) {
    this.backoff = opts.backoff ?? new ReconnectBackoff();
    this.url = `${baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/stream`;
  }

  async start(): Promise<void> {
    await this.connect(true);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.ws?.terminate();
    this.ws = null;
  }

  private connect(first: boolean): Promise<void> {
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    return new Promise<void>((resolve, reject) => {
      let listening = false;
      const fail = (why: string): void => {
        if (first && !listening) reject(new Error(`alpaca trade updates: ${why}`));
      };
      ws.once('open', () => ws.send(JSON.stringify({ action: 'auth', key: this.credentials.apiKey, secret: this.credentials.secret })));
      ws.on('message', (raw) => {
        let msg: StreamMessage;
        try {
          msg = JSON.parse(raw.toString()) as StreamMessage;
        } catch {
          this.stats.malformed++;
          return;
        }
        // Valid JSON that is no message (`null`, a number): reading its fields would throw in this callback.
        if (typeof msg !== 'object' || msg === null) { this.stats.malformed++; return; }
        if (msg.stream === 'authorization') {
          if (msg.data?.status === 'authorized') {
            ws.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
          } else {
            this.stats.refusedKeys++;
            this.closed = true;
            this.opts.log('alpaca trade updates: the venue refused the API keys; the stream stays off (orders are followed by lookups)');
            fail('the venue refused the API keys');
            ws.close();
          }
        } else if (msg.stream === 'listening') {
          listening = true;
          this.stats.connects++;
          this.backoff.connected(Date.now());
          if (!first) this.opts.onReconnected();
          resolve();
        } else if (msg.stream === 'trade_updates') {
          const read = snapshotFromTradeUpdate(this.opts.clientOrderIdPrefix, msg.data);
          if (read === null) { this.stats.skipped++; return; }
          this.stats.reports++;
          this.opts.onReport(read.clientOrderId, read.snapshot);
        }
      });
      ws.once('error', (error) => fail(`could not connect: ${error.message}`));
      ws.once('close', () => {
        if (this.ws === ws) this.ws = null;
        fail('closed before listening');
        if (!this.closed) {
          this.opts.log('alpaca trade updates closed; reconnecting (working orders are looked up once it is back)');
          this.scheduleReconnect();
        }
        resolve();
      });
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry !== null) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect(false).catch(() => undefined);
    }, this.backoff.nextDelay(Date.now()));
  }
}
