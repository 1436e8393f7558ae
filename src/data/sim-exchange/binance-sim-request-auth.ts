/**
 * Binance's request security for the simulated exchange: the API key header (USER_STREAM and
 * SIGNED endpoints) and, for SIGNED ones, the HMAC-SHA256 signature and the timestamp window.
 *
 * The signature covers `totalParams`: the query string and the body exactly as they arrived
 * (still percent-encoded, `signature` taken out), concatenated without a separator, as Binance
 * specifies. Decoding and re-encoding would accept requests Binance refuses (and the reverse).
 *
 * Timestamps are checked against the wall clock, not the market's virtual one: clients stamp
 * requests with their own wall time, and the simulated market may run faster or from another epoch.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export interface SimAccount {
  apiKey: string;
  secret: string;
}

export interface BinanceRefusal {
  status: number;
  code: number;
  msg: string;
}

export const INVALID_API_KEY: BinanceRefusal = { status: 401, code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' };
const BAD_SIGNATURE: BinanceRefusal = { status: 400, code: -1022, msg: 'Signature for this request is not valid.' };
const OUTSIDE_RECV_WINDOW: BinanceRefusal = { status: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' };
const RECV_WINDOW_TOO_LARGE: BinanceRefusal = { status: 400, code: -1131, msg: 'recvWindow must be less than 60000' };

const DEFAULT_RECV_WINDOW_MS = 5000;
const MAX_RECV_WINDOW_MS = 60_000;
/** Binance refuses a timestamp more than this far ahead of its clock. */
const MAX_AHEAD_MS = 1000;

/** The API key header names the account (compared in constant time), or the -2015 refusal. */
export function apiKeyRefusal(headers: http.IncomingHttpHeaders, account: SimAccount | null): BinanceRefusal | null {
  const sent = headers['x-mbx-apikey'];
  if (account === null || typeof sent !== 'string' || !sameText(sent, account.apiKey)) return INVALID_API_KEY;
  return null;
}

/**
 * Checks a SIGNED request; on success, its parameters (query and body merged, the query's
 * value winning where both carry one, as Binance does).
 */
export function checkSignedRequest(
  headers: http.IncomingHttpHeaders, rawQuery: string, rawBody: string, account: SimAccount | null, wallNowMs: number,
): { params: URLSearchParams } | { refusal: BinanceRefusal } {
  const keyRefusal = apiKeyRefusal(headers, account);
  if (keyRefusal !== null || account === null) return { refusal: keyRefusal ?? INVALID_API_KEY };
  const query = withoutSignature(rawQuery);
  const body = withoutSignature(rawBody);
  const signature = query.signature ?? body.signature;
  const expected = createHmac('sha256', account.secret).update(query.rest + body.rest).digest('hex');
  if (signature === undefined || !sameText(signature.toLowerCase(), expected)) return { refusal: BAD_SIGNATURE };

  const params = new URLSearchParams(rawBody);
  for (const [k, v] of new URLSearchParams(rawQuery)) params.set(k, v);
  params.delete('signature');
  const recvWindow = params.has('recvWindow') ? Number(params.get('recvWindow')) : DEFAULT_RECV_WINDOW_MS;
  if (!(recvWindow >= 0) || recvWindow > MAX_RECV_WINDOW_MS) return { refusal: RECV_WINDOW_TOO_LARGE };
  const timestamp = Number(params.get('timestamp') ?? NaN);
  if (!Number.isFinite(timestamp) || timestamp > wallNowMs + MAX_AHEAD_MS || wallNowMs - timestamp > recvWindow) {
    return { refusal: OUTSIDE_RECV_WINDOW };
  }
  return { params };
}

/** A raw `a=1&b=2&signature=..` split into the signature's value and the rest, untouched. */
function withoutSignature(raw: string): { signature: string | undefined; rest: string } {
  if (raw === '') return { signature: undefined, rest: '' };
  let signature: string | undefined;
  const rest: string[] = [];
  for (const part of raw.split('&')) {
    if (part.startsWith('signature=')) signature = safeDecode(part.slice(10));
    else rest.push(part);
  }
  return { signature, rest: rest.join('&') };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

/** Constant-time equality of two strings (a length difference is not secret). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
