/**
 * One connection to the simulated Alpaca stream: the server side of the documented session.
 *
 *   connect -> [{"T":"success","msg":"connected"}]
 *   {"action":"auth","key":..,"secret":..} -> [{"T":"success","msg":"authenticated"}]
 *   {"action":"subscribe","trades":[..],"quotes":[..],"bars":[..]} -> [{"T":"subscription",...}]
 *   {"action":"unsubscribe",...} -> [{"T":"subscription",...}] (what is left)
 *
 * Errors, with the documented codes and texts: 400 invalid syntax (not JSON, not an object, an
 * unknown action, a stream list that is not an array of strings), 401 not authenticated
 * (subscribing first), 402 auth failed (empty credentials, or not the expected ones; the
 * connection is then closed), 403 already authenticated, 404 auth timeout (no valid auth within
 * `authTimeoutMs` of connecting; closed), 405 symbol limit exceeded (optional; the subscription
 * is left as it was). Other errors keep the connection open, as the venue does.
 *
 * Data for the client is queued here between the exchange's frame cuts; `wants*[symbol]` say
 * which of the simulated symbols' trades, quotes and bars it asked for ("*" = all).
 */

import type { WebSocket } from 'ws';
import {
  ALPACA_AUTHENTICATED_FRAME, ALPACA_CONNECTED_FRAME, ALPACA_SIM_STREAMS, alpacaErrorFrame, alpacaSubscriptionFrame,
  type AlpacaSimStream,
} from './alpaca-sim-frames.js';

export type AlpacaSimFeed = 'iex' | 'sip' | 'test';

export interface AlpacaSimPolicy {
  /** When set, only these credentials authenticate; otherwise any non-empty key and secret do. */
  credentials?: { key: string; secret: string };
  /** Most distinct symbols one connection may subscribe to (405 beyond); unlimited when unset. */
  symbolLimit?: number;
  authTimeoutMs: number;
}

/** What the exchange counts about its clients. */
export interface AlpacaSimClientStats {
  connections: number;
  authentications: number;
  authFailures: number;
  authTimeouts: number;
  subscriptions: number;
  errorsSent: number;
}

export class AlpacaSimClient {
  authenticated = false;
  /** Per stream, the names the client subscribed to (tickers or "*"). */
  readonly lists = new Map<AlpacaSimStream, Set<string>>();
  readonly wantsTrades: Uint8Array;
  readonly wantsQuotes: Uint8Array;
  readonly wantsBars: Uint8Array;
  /** Messages queued for the next frame, comma-joined, and how many. */
  pending = '';
  pendingCount = 0;
  private authTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly feed: AlpacaSimFeed,
    private readonly symbolIds: ReadonlyMap<string, number>,
    private readonly policy: AlpacaSimPolicy,
    private readonly stats: AlpacaSimClientStats,
  ) {
    this.wantsTrades = new Uint8Array(symbolIds.size);
    this.wantsQuotes = new Uint8Array(symbolIds.size);
    this.wantsBars = new Uint8Array(symbolIds.size);
    for (const stream of ALPACA_SIM_STREAMS) this.lists.set(stream, new Set());
  }

  /** Greet the client and start the auth deadline. */
  start(): void {
    this.stats.connections++;
    this.ws.send(ALPACA_CONNECTED_FRAME);
    this.authTimer = setTimeout(() => {
      this.authTimer = null;
      if (this.authenticated) return;
      this.stats.authTimeouts++;
      this.error(404);
      this.ws.close(1008, 'auth timeout');
    }, this.policy.authTimeoutMs);
  }

  /** The connection is gone: nothing of it may outlive it. */
  dispose(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
    this.pending = '';
    this.pendingCount = 0;
  }

  /** A text frame from the client. */
  control(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.error(400);
      return;
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      this.error(400);
      return;
    }
    const request = msg as Record<string, unknown>;
    if (request.action === 'auth') {
      this.auth(request.key, request.secret);
    } else if (request.action === 'subscribe' || request.action === 'unsubscribe') {
      if (!this.authenticated) this.error(401);
      else this.subscribe(request, request.action === 'subscribe');
    } else {
      this.error(400);
    }
  }

  /** Add one data message to the next frame. */
  queue(message: string): void {
    this.pending = this.pendingCount === 0 ? message : `${this.pending},${message}`;
    this.pendingCount++;
  }

  /** Send the queued messages as one frame; returns how many went. */
  flush(): number {
    const n = this.pendingCount;
    if (n === 0) return 0;
    this.ws.send(`[${this.pending}]`);
    this.pending = '';
    this.pendingCount = 0;
    return n;
  }

  error(code: number): void {
    this.stats.errorsSent++;
    this.ws.send(alpacaErrorFrame(code));
  }

  private auth(key: unknown, secret: unknown): void {
    if (this.authenticated) {
      this.error(403);
      return;
    }
    const expected = this.policy.credentials;
    const ok = typeof key === 'string' && typeof secret === 'string' && key.length > 0 && secret.length > 0
      && (expected === undefined || (key === expected.key && secret === expected.secret));
    if (!ok) {
      this.stats.authFailures++;
      this.error(402);
      this.ws.close(1008, 'auth failed');
      return;
    }
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
    this.authenticated = true;
    this.stats.authentications++;
    this.ws.send(ALPACA_AUTHENTICATED_FRAME);
  }

  private subscribe(request: Record<string, unknown>, add: boolean): void {
    const next = new Map<AlpacaSimStream, Set<string>>();
    for (const stream of ALPACA_SIM_STREAMS) {
      const current = new Set(this.lists.get(stream));
      const given = request[stream];
      if (given !== undefined) {
        if (!Array.isArray(given) || !given.every((s) => typeof s === 'string' && s.length > 0)) {
          this.error(400);
          return;
        }
        for (const name of given as string[]) {
          if (add) current.add(name);
          else current.delete(name);
        }
      }
      next.set(stream, current);
    }
    const limit = this.policy.symbolLimit;
    if (limit !== undefined) {
      const distinct = new Set<string>();
      for (const names of next.values()) for (const name of names) if (name !== '*') distinct.add(name);
      if (distinct.size > limit) {
        this.error(405);
        return;
      }
    }
    // What was queued under the old subscription goes first, so everything after the
    // confirmation follows the new one.
    this.flush();
    for (const [stream, names] of next) this.lists.set(stream, names);
    this.fillWants(this.wantsTrades, 'trades');
    this.fillWants(this.wantsQuotes, 'quotes');
    this.fillWants(this.wantsBars, 'bars');
    this.stats.subscriptions++;
    this.ws.send(alpacaSubscriptionFrame(this.lists));
  }

  private fillWants(wants: Uint8Array, stream: AlpacaSimStream): void {
    const names = this.lists.get(stream)!;
    const all = names.has('*');
    for (const [name, id] of this.symbolIds) wants[id] = all || names.has(name) ? 1 : 0;
  }
}
