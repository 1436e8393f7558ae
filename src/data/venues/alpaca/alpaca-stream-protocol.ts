/**
 * The client side of Alpaca's market-data websocket (v2 stocks: iex / sip / delayed_sip / test;
 * v1beta3 crypto): the URL, the connect -> auth -> subscribe state machine, and the decoding of
 * every frame (a JSON array of messages). No I/O: the connector feeds frames in, and the return
 * value of `onFrame` tells it what to do next (send auth, send the subscription, reconnect, stop).
 *
 *   idle --onOpen--> awaiting_connected --[success connected]--> authenticating (send auth)
 *     --[success authenticated]--> subscribing (send subscribe) --[subscription]--> streaming
 *
 * Errors (`{"T":"error","code":N,"msg":...}`) are mapped by ALPACA_ERRORS:
 * - terminal: bad credentials (402), not authenticated (401), connection limit (406), symbol limit
 *   (405), insufficient subscription (409), v2 not enabled (408), invalid syntax (400), invalid
 *   subscribe action (410). Retrying would fail the same way, and a reconnect loop on bad keys is
 *   exactly the storm that gets an account throttled, so the machine enters `failed`, which it
 *   never leaves (`onOpen` is ignored there), returns AlpacaAction.Stop once, and sets
 *   `failureMessage` to one sentence for the operator.
 * - retryable: slow client (407), auth timeout (404), internal error (500) and unknown codes:
 *   AlpacaAction.Reconnect; the connector closes and comes back after its backoff.
 * - 403 (already authenticated) changes nothing.
 *
 * Credentials: kept in private fields, written only into `authMessage()` (which is for the socket,
 * never for a log). Every string this module builds for humans (`describe`, `failureMessage`,
 * `toJSON`, util.inspect) is free of them, and `redact(text)` / `redactAlpacaCredentials` scrub
 * them from any text a logging path wants to print (e.g. a frame it sent).
 *
 * One JSON.parse per frame is accepted: Alpaca is not the latency-critical path. Data messages are
 * decoded into preallocated arrays by AlpacaMessageDecoder without further allocation.
 */

import { symbolProblem } from '../../../core/symbols.js';
import { NOT_JSON, parseJsonFrame } from '../frame-text.js';
import { AlpacaBarKind, AlpacaMessageDecoder } from './alpaca-message-decoder.js';
import { ALPACA_ERRORS, ALPACA_UNKNOWN_ERROR } from './alpaca-error-codes.js';

export type AlpacaFeed = 'iex' | 'sip' | 'delayed_sip' | 'test' | 'crypto';

/** The stream URL for a feed (`sandbox` selects Alpaca's sandbox host). */
export function alpacaStreamUrl(feed: AlpacaFeed, options: { sandbox?: boolean } = {}): string {
  const host = options.sandbox ? 'stream.data.sandbox.alpaca.markets' : 'stream.data.alpaca.markets';
  if (feed === 'crypto') return `wss://${host}/v1beta3/crypto/us`;
  if (feed !== 'iex' && feed !== 'sip' && feed !== 'delayed_sip' && feed !== 'test') throw new Error(`Alpaca: unknown feed ${String(feed)}`);
  return `wss://${host}/v2/${feed}`;
}

export const AlpacaState = {
  Idle: 0, AwaitingConnected: 1, Authenticating: 2, Subscribing: 3, Streaming: 4, Reconnecting: 5, Failed: 6,
} as const;
export const ALPACA_STATES = ['idle', 'awaiting_connected', 'authenticating', 'subscribing', 'streaming', 'reconnecting', 'failed'] as const;

/** What the connector must do after `onFrame`. */
export const AlpacaAction = { None: 0, SendAuth: 1, SendSubscribe: 2, Reconnect: 3, Stop: 4 } as const;

export const AlpacaFrameReject = { MalformedJson: 0, NotAnArray: 1, NotAnObject: 2, UnknownType: 3, BadControl: 4 } as const;
export const ALPACA_FRAME_REJECT_REASONS = ['malformed_json', 'not_an_array', 'not_an_object', 'unknown_type', 'bad_control'] as const;

/** Accepted messages by type. */
export const AlpacaCount = { Success: 0, Error: 1, Subscription: 2, Trade: 3, Quote: 4, Bar: 5, DailyBar: 6, UpdatedBar: 7, Ignored: 8 } as const;
export const ALPACA_COUNT_NAMES = ['success', 'error', 'subscription', 'trade', 'quote', 'bar', 'daily_bar', 'updated_bar', 'ignored'] as const;

/** Streams of a subscription; bit k of `confirmed[symbol]` is stream k. */
export const ALPACA_STREAMS = ['trades', 'quotes', 'bars', 'dailyBars', 'updatedBars'] as const;
export type AlpacaSubscription = Partial<Record<typeof ALPACA_STREAMS[number], readonly string[]>>;

/** Types on the stream this client does not decode (statuses, corrections, cancels, LULD, order books, imbalances). */
const IGNORED_TYPES = ['s', 'x', 'c', 'l', 'o', 'i'];

export interface AlpacaStreamOptions {
  feed: AlpacaFeed;
  keyId: string;
  secretKey: string;
  /** Dense id = index: tickers (AAPL) for stock feeds, BASE/QUOTE pairs for crypto. */
  symbols: readonly string[];
  /** What to subscribe to after authenticating; symbols must be in `symbols` (or "*"). */
  subscription: AlpacaSubscription;
  /** Messages of one kind one frame may carry (default 4096). */
  batchCapacity?: number;
}

/** Replace every occurrence of the given secrets, and any auth-looking JSON field or header, with `***`. */
export function redactAlpacaCredentials(text: string, ...secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out
    .replace(/("(?:key|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"***"')
    .replace(/(APCA-API-(?:KEY-ID|SECRET-KEY)\s*[:=]\s*)\S+/gi, '$1***');
}

export class AlpacaStreamProtocol {
  readonly feed: AlpacaFeed;
  readonly decoder: AlpacaMessageDecoder;
  readonly rejects = new Float64Array(ALPACA_FRAME_REJECT_REASONS.length);
  readonly counts = new Float64Array(ALPACA_COUNT_NAMES.length);
  /** Per symbol: bit k set when the last `subscription` message listed it under ALPACA_STREAMS[k]. */
  readonly confirmed: Uint8Array;
  /** Bit k set when the last `subscription` message had "*" under ALPACA_STREAMS[k]. */
  confirmedWildcards = 0;
  state: number = AlpacaState.Idle;
  /** After Reconnect/Stop: may the connector try again? */
  retryAllowed = true;
  /** Why the stream stopped (`failed`) or must reconnect: one sentence for the operator, no credentials. */
  failureMessage = '';
  /** The last error code received (0 if none). */
  lastErrorCode = 0;

  readonly #keyId: string;
  readonly #secretKey: string;
  readonly #subscribeMessage: string;
  private readonly symbols: Map<string, number>;

  constructor(options: AlpacaStreamOptions) {
    this.feed = options.feed;
    alpacaStreamUrl(options.feed);
    if (typeof options.keyId !== 'string' || options.keyId.length === 0
      || typeof options.secretKey !== 'string' || options.secretKey.length === 0) {
      throw new Error('Alpaca: an API key id and secret key are required');
    }
    this.#keyId = options.keyId;
    this.#secretKey = options.secretKey;
    const assetClass = options.feed === 'crypto' ? 'crypto' : 'stocks';
    this.symbols = new Map();
    options.symbols.forEach((symbol, id) => {
      const problem = symbolProblem(assetClass, symbol);
      if (problem !== undefined) throw new Error(`Alpaca symbol ${id} ${problem}`);
      if (this.symbols.has(symbol)) throw new Error(`Alpaca symbol ${symbol} is listed twice`);
      this.symbols.set(symbol, id);
    });
    const message: Record<string, unknown> = { action: 'subscribe' };
    for (const stream of ALPACA_STREAMS) {
      const list = options.subscription[stream];
      if (list === undefined || list.length === 0) continue;
      for (const s of list) if (s !== '*' && !this.symbols.has(s)) throw new Error(`Alpaca subscription ${stream}: ${s} is not one of the symbols`);
      message[stream] = [...list];
    }
    this.#subscribeMessage = Object.keys(message).length > 1 ? JSON.stringify(message) : '';
    this.confirmed = new Uint8Array(options.symbols.length);
    this.decoder = new AlpacaMessageDecoder(this.symbols, options.batchCapacity ?? 4096);
  }

  url(options: { sandbox?: boolean } = {}): string {
    return alpacaStreamUrl(this.feed, options);
  }

  /** The socket is open. Ignored once failed: a terminal failure is not retried. */
  onOpen(): void {
    if (this.state === AlpacaState.Failed) return;
    this.state = AlpacaState.AwaitingConnected;
    this.retryAllowed = true;
    this.confirmed.fill(0);
    this.confirmedWildcards = 0;
  }

  /** The socket closed (by either side). */
  onClose(): void {
    if (this.state !== AlpacaState.Failed) this.state = AlpacaState.Idle;
  }

  /** The auth frame to send now. It holds the credentials: send it, never log it. */
  authMessage(): string {
    return JSON.stringify({ action: 'auth', key: this.#keyId, secret: this.#secretKey });
  }

  /** The subscribe frame to send now ('' when the subscription is empty). */
  subscribeMessage(): string {
    return this.#subscribeMessage;
  }

  /** `text` with this client's credentials (and any auth field or header) replaced by `***`. */
  redact(text: string): string {
    return redactAlpacaCredentials(text, this.#keyId, this.#secretKey);
  }

  /** A status line for logs. */
  describe(): string {
    const base = `alpaca ${this.feed}: ${ALPACA_STATES[this.state]}`;
    return this.state === AlpacaState.Failed || this.state === AlpacaState.Reconnecting ? `${base} (${this.failureMessage})` : base;
  }

  toJSON(): Record<string, unknown> {
    return { feed: this.feed, state: ALPACA_STATES[this.state], retryAllowed: this.retryAllowed, lastErrorCode: this.lastErrorCode, failure: this.failureMessage };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `AlpacaStreamProtocol { ${this.describe()} }`;
  }

  /**
   * Decode one frame (text, or the UTF-8 bytes a websocket delivers). Data messages land in
   * `decoder`; the return value is the AlpacaAction the connector must take.
   */
  onFrame(frame: unknown): number {
    this.decoder.reset();
    if (this.state === AlpacaState.Failed) return AlpacaAction.None;
    const value = parseJsonFrame(frame);
    return value === NOT_JSON ? this.reject(AlpacaFrameReject.MalformedJson) : this.handle(value);
  }

  /** Decode one already-parsed frame. */
  handle(value: unknown): number {
    if (this.state === AlpacaState.Failed) return AlpacaAction.None;
    if (!Array.isArray(value)) return this.reject(AlpacaFrameReject.NotAnArray);
    let action: number = AlpacaAction.None;
    for (let i = 0; i < value.length; i++) {
      const msg = value[i] as Record<string, unknown> | null;
      if (msg === null || typeof msg !== 'object') { this.reject(AlpacaFrameReject.NotAnObject); continue; }
      const a = this.message(msg);
      if (a > action) action = a;
      if (this.state === AlpacaState.Failed) break;
    }
    return action;
  }

  private message(msg: Record<string, unknown>): number {
    const type = msg.T;
    const d = this.decoder;
    switch (type) {
      case 't': if (d.trade(msg)) this.counts[AlpacaCount.Trade] += 1; return AlpacaAction.None;
      case 'q': if (d.quote(msg)) this.counts[AlpacaCount.Quote] += 1; return AlpacaAction.None;
      case 'b': if (d.barMessage(msg, AlpacaBarKind.Minute)) this.counts[AlpacaCount.Bar] += 1; return AlpacaAction.None;
      case 'd': if (d.barMessage(msg, AlpacaBarKind.Daily)) this.counts[AlpacaCount.DailyBar] += 1; return AlpacaAction.None;
      case 'u': if (d.barMessage(msg, AlpacaBarKind.Updated)) this.counts[AlpacaCount.UpdatedBar] += 1; return AlpacaAction.None;
      case 'success': return this.onSuccess(msg.msg);
      case 'error': return this.onError(msg.code);
      case 'subscription': return this.onSubscription(msg);
      default:
        if (typeof type === 'string' && IGNORED_TYPES.includes(type)) {
          this.counts[AlpacaCount.Ignored] += 1;
          return AlpacaAction.None;
        }
        this.reject(AlpacaFrameReject.UnknownType);
        return AlpacaAction.None;
    }
  }

  private onSuccess(text: unknown): number {
    if (text === 'connected') {
      this.counts[AlpacaCount.Success] += 1;
      this.state = AlpacaState.Authenticating;
      return AlpacaAction.SendAuth;
    }
    if (text === 'authenticated') {
      this.counts[AlpacaCount.Success] += 1;
      if (this.#subscribeMessage === '') {
        this.state = AlpacaState.Streaming;
        return AlpacaAction.None;
      }
      this.state = AlpacaState.Subscribing;
      return AlpacaAction.SendSubscribe;
    }
    this.reject(AlpacaFrameReject.BadControl);
    return AlpacaAction.None;
  }

  private onError(code: unknown): number {
    if (typeof code !== 'number') {
      this.reject(AlpacaFrameReject.BadControl);
      return AlpacaAction.None;
    }
    this.counts[AlpacaCount.Error] += 1;
    this.lastErrorCode = code;
    const known = ALPACA_ERRORS.get(code);
    const error = known ?? ALPACA_UNKNOWN_ERROR;
    if (error.effect === 'ignore') return AlpacaAction.None;
    const what = known ? `${code} ${error.name}` : `unknown error code ${code}`;
    if (error.effect === 'stop') {
      this.state = AlpacaState.Failed;
      this.retryAllowed = false;
      this.failureMessage = `Alpaca ${this.feed} stream refused us: ${what}; not retrying (${error.hint})`;
      return AlpacaAction.Stop;
    }
    this.state = AlpacaState.Reconnecting;
    this.retryAllowed = true;
    this.failureMessage = `Alpaca ${this.feed} stream: ${what}; reconnecting after backoff (${error.hint})`;
    return AlpacaAction.Reconnect;
  }

  private onSubscription(msg: Record<string, unknown>): number {
    this.counts[AlpacaCount.Subscription] += 1;
    this.confirmed.fill(0);
    this.confirmedWildcards = 0;
    for (let bit = 0; bit < ALPACA_STREAMS.length; bit++) {
      const list = msg[ALPACA_STREAMS[bit]];
      if (!Array.isArray(list)) continue;
      for (let k = 0; k < list.length; k++) {
        const name = list[k];
        if (name === '*') { this.confirmedWildcards |= 1 << bit; continue; }
        const symbol = typeof name === 'string' ? this.symbols.get(name) : undefined;
        if (symbol !== undefined) this.confirmed[symbol] |= 1 << bit;
      }
    }
    if (this.state === AlpacaState.Subscribing) this.state = AlpacaState.Streaming;
    return AlpacaAction.None;
  }

  private reject(reason: number): number {
    this.rejects[reason] += 1;
    return AlpacaAction.None;
  }
}
