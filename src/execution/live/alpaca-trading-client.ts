/**
 * A minimal client for Alpaca's trading API v2 (orders only) over Node's fetch: the base URL, the
 * key headers, a deadline per request, and answers reduced to status + parsed JSON. Failures to
 * get an answer become LiveGatewayErrors with scrubbed messages; HTTP error statuses are returned
 * to the gateway, which knows what each means for the operation it made.
 *
 * Paper trading (https://paper-api.alpaca.markets) is the default. The live endpoint is used only
 * when asked for with `live: true`; a base URL given in the config or in TRADEBOT_ALPACA_TRADING_URL
 * (a loopback server in tests, a proxy) replaces either, but never turns the live host into a
 * non-live gateway.
 */
import { LiveGatewayError } from './gateway-error.js';
import type { VenueCredentials } from './live-credentials.js';
import { liveRefusal } from './order-gateway.js';
import type { SecretScrubber } from './secret-scrubber.js';

export const ALPACA_PAPER_TRADING_URL = 'https://paper-api.alpaca.markets';
export const ALPACA_LIVE_TRADING_URL = 'https://api.alpaca.markets';
/** The environment variable that replaces the trading API's base URL. */
export const ALPACA_TRADING_URL_VAR = 'TRADEBOT_ALPACA_TRADING_URL';

export interface AlpacaAnswer {
  status: number;
  /** The parsed JSON body (undefined for an empty body, such as a 204). */
  body: unknown;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The trading API base URL for `live`, with the explicit or environment override; refuses the live host unless `live`. */
export function alpacaTradingBase(live: boolean, override: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = override ?? (env[ALPACA_TRADING_URL_VAR] || undefined);
  const base = (chosen ?? (live ? ALPACA_LIVE_TRADING_URL : ALPACA_PAPER_TRADING_URL)).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) {
    throw new Error(`${override !== undefined ? 'baseUrl' : ALPACA_TRADING_URL_VAR}=${JSON.stringify(base)} is not a http:// or https:// URL`);
  }
  const host = new URL(base).host;
  if (!live && host === new URL(ALPACA_LIVE_TRADING_URL).host) throw liveRefusal('live Alpaca', `the paper endpoint ${ALPACA_PAPER_TRADING_URL}`);
  if (live && host === new URL(ALPACA_PAPER_TRADING_URL).host) throw new Error(`AlpacaOrderGateway: live: true contradicts the paper endpoint ${base}`);
  return base;
}

export class AlpacaTradingClient {
  constructor(
    readonly base: string,
    private readonly credentials: VenueCredentials,
    private readonly scrubber: SecretScrubber,
    private readonly timeoutMs: number,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  /**
   * One request. `mayHaveActed`: whether a lost answer leaves the venue's state unknown (true for
   * order submission and cancellation, false for reads).
   */
  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, mayHaveActed = method !== 'GET'): Promise<AlpacaAnswer> {
    const headers: Record<string, string> = {
      'APCA-API-KEY-ID': this.credentials.apiKey,
      'APCA-API-SECRET-KEY': this.credentials.secret,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.base + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      throw new LiveGatewayError('alpaca', 'network', `${method} ${path} got no answer: ${this.transportReason(error)}`, mayHaveActed);
    }
    if (text.trim() === '') return { status: response.status, body: undefined };
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      if (response.status >= 200 && response.status < 300) {
        throw new LiveGatewayError('alpaca', 'bad_response', `${method} ${path} answered ${response.status} with a body that is not JSON: ${this.scrubber.scrub(text.slice(0, 200))}`, mayHaveActed);
      }
      // An error page (proxy, load balancer): its text is the message.
      return { status: response.status, body: { message: text.slice(0, 200) } };
    }
  }

  /** The venue's words in an error answer (Alpaca sends {code, message}), scrubbed. */
  message(answer: AlpacaAnswer): string {
    const body = answer.body as { message?: unknown; code?: unknown } | undefined;
    const words = typeof body?.message === 'string' ? body.message : `HTTP ${answer.status}`;
    return this.scrubber.scrub(typeof body?.code === 'number' ? `${words} (code ${body.code})` : words);
  }

  private transportReason(error: unknown): string {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timed out after ${this.timeoutMs} ms`;
    const cause = error instanceof Error ? (error as Error & { cause?: { code?: unknown; message?: unknown } }).cause : undefined;
    const reason = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
    return this.scrubber.scrub(reason);
  }
}
