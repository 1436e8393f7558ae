/**
 * One market-data websocket kept alive: connect, subscribe, hand every frame to the venue's
 * decoder, and come back after anything goes wrong, without ever turning into a reconnect storm.
 *
 * What it guards against, each a failure reported by users of other engines:
 * - A stream that goes silent while the socket still says "connected": a data frame must arrive
 *   within `idleTimeoutMs`, and a websocket ping must be answered within `pongTimeoutMs`;
 *   otherwise the socket is terminated and reconnected (counted as `idle_timeouts` /
 *   `pong_timeouts`). The server's own pings do not count as data: a venue whose stream has died
 *   behind a connection that still pings is exactly the case the idle timeout is for.
 * - Reconnect storms: delays come from ReconnectBackoff (exponential, jittered, reset only after a
 *   stable connection), and there is never more than one socket or one pending attempt.
 * - Lost subscriptions: `subscribeFrames()` is asked again on every open, so a reconnect always
 *   resubscribes. The venue layer resets its books on `onOpen` (a fresh snapshot, never a merge).
 * - A venue that refuses us for good (bad keys): `fail(reason)` stops the feed with no retry.
 *
 * Frames are delivered as the Buffers `ws` produces (no string conversion here), so the decoder
 * can scan bytes. The feed itself does no per-frame work beyond a timestamp and a counter.
 */

import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { ReconnectBackoff, type BackoffOptions } from './reconnect-backoff.js';
import { WS_FEED_COUNTERS, WsFeedCounter } from './ws-feed-counters.js';

export { WS_FEED_COUNTERS, WsFeedCounter } from './ws-feed-counters.js';

export interface WsFeedOptions {
  /** Name for log lines, e.g. `binance` or `sim-binance`. */
  name: string;
  url: string;
  /** Text frames to send after every open (subscriptions, auth). Called anew on each connect. */
  subscribeFrames?: () => string[];
  /** Close and reconnect when no frame arrives for this long, ms (default 30 s; 0 = never). */
  idleTimeoutMs?: number;
  /** Send a websocket ping this often, ms (default 15 s; 0 = never). */
  pingIntervalMs?: number;
  /** A ping unanswered this long kills the socket, ms (default 10 s). */
  pongTimeoutMs?: number;
  /** Give up connecting after this long, ms (default 10 s). */
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

export interface WsFeedEvents {
  open: [];
  /** A frame as `ws` delivered it; `receivedAtMs` from the feed's clock. */
  frame: [data: Buffer, receivedAtMs: number];
  /** The socket is gone; a reconnect is scheduled in `retryInMs` (or none after stop/fail). */
  close: [reason: string, retryInMs: number | null];
  /** Stopped for good by `fail()`. */
  failed: [reason: string];
}

export class WsFeed extends EventEmitter<WsFeedEvents> {
  readonly counters = new Float64Array(WS_FEED_COUNTERS.length);
  private readonly backoff: ReconnectBackoff;
  private readonly now: () => number;
  private socket: WebSocket | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private lastFrameAt = 0;
  private pingSentAt = -1;
  private lastPingAt = 0;
  private stopped = false;
  private failedReason: string | null = null;

  constructor(private readonly options: WsFeedOptions) {
    super();
    this.backoff = new ReconnectBackoff(options.backoff);
    this.now = options.now ?? Date.now;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  get failure(): string | null {
    return this.failedReason;
  }

  /** Reconnect attempts that failed since the last stable connection. */
  get failuresInARow(): number {
    return this.backoff.failures;
  }

  start(): void {
    if (this.stopped || this.socket || this.retryTimer) return;
    this.connect();
  }

  /** Close for good (no reconnect). */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.removeAllListeners();
      s.on('error', () => {});
      s.terminate();
    }
  }

  /** Stop for good because retrying cannot help (e.g. the venue rejected our keys). */
  fail(reason: string): void {
    if (this.failedReason !== null) return;
    this.failedReason = reason;
    this.stop();
    this.emit('failed', reason);
  }

  /** Send a text frame on the open socket; false (counted) when it is not open. */
  send(text: string): boolean {
    const s = this.socket;
    if (!s || s.readyState !== WebSocket.OPEN) {
      this.counters[WsFeedCounter.send_failures]++;
      return false;
    }
    s.send(text);
    return true;
  }

  /** Drop the current socket and reconnect through the backoff (a venue layer that saw a gap, say). */
  reconnect(reason: string): void {
    if (this.socket) this.drop(reason);
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.stopped) return;
    const o = this.options;
    const socket = new WebSocket(o.url, { handshakeTimeout: o.connectTimeoutMs ?? 10_000, perMessageDeflate: false });
    this.socket = socket;
    socket.on('open', () => {
      this.counters[WsFeedCounter.connects]++;
      this.backoff.connected(this.now());
      this.lastFrameAt = this.now();
      this.pingSentAt = -1;
      this.lastPingAt = this.lastFrameAt;
      for (const frame of o.subscribeFrames?.() ?? []) socket.send(frame);
      this.startWatch();
      this.emit('open');
    });
    socket.on('message', (data: Buffer) => {
      const at = this.now();
      this.lastFrameAt = at;
      this.counters[WsFeedCounter.frames]++;
      this.counters[WsFeedCounter.bytes] += data.length;
      this.emit('frame', data, at);
    });
    socket.on('pong', () => { this.pingSentAt = -1; });
    socket.on('error', (err) => {
      this.counters[WsFeedCounter.errors]++;
      // 'close' follows; remember why for the log line.
      this.lastError = err.message;
    });
    socket.on('close', (code, reasonBuf) => {
      if (this.socket !== socket) return;
      const why = this.lastError ?? `closed by peer (code ${code}${reasonBuf.length ? `: ${reasonBuf.toString()}` : ''})`;
      this.lastError = null;
      this.afterClose(why);
    });
  }

  private lastError: string | null = null;

  /** Terminate the socket (its 'close' is ignored) and schedule a reconnect. */
  private drop(reason: string): void {
    const s = this.socket;
    if (s) {
      this.socket = null;
      s.removeAllListeners();
      s.on('error', () => {});
      s.terminate();
    }
    this.afterClose(reason);
  }

  private afterClose(reason: string): void {
    this.socket = null;
    this.clearTimers();
    this.counters[WsFeedCounter.disconnects]++;
    if (this.stopped) {
      this.emit('close', reason, null);
      return;
    }
    const delay = this.backoff.nextDelay(this.now());
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.emit('close', reason, delay);
  }

  /** One timer per feed checks staleness and drives pings; cheaper than a timer per frame. */
  private startWatch(): void {
    const o = this.options;
    const idle = o.idleTimeoutMs ?? 30_000;
    const pingEvery = o.pingIntervalMs ?? 15_000;
    const pongWithin = o.pongTimeoutMs ?? 10_000;
    const tick = Math.max(10, Math.min(idle || Infinity, pingEvery || Infinity, pongWithin, 1000) / 4);
    this.watchTimer = setInterval(() => {
      const s = this.socket;
      if (!s || s.readyState !== WebSocket.OPEN) return;
      const now = this.now();
      if (idle > 0 && now - this.lastFrameAt >= idle) {
        this.counters[WsFeedCounter.idle_timeouts]++;
        this.drop(`no data for ${idle} ms (stale stream)`);
        return;
      }
      if (this.pingSentAt >= 0 && now - this.pingSentAt >= pongWithin) {
        this.counters[WsFeedCounter.pong_timeouts]++;
        this.drop(`ping unanswered for ${pongWithin} ms`);
        return;
      }
      if (pingEvery > 0 && this.pingSentAt < 0 && now - this.lastPingAt >= pingEvery) {
        this.pingSentAt = now;
        this.lastPingAt = now;
        s.ping();
      }
    }, tick);
  }

  private clearTimers(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.watchTimer = null;
    this.retryTimer = null;
  }
}
