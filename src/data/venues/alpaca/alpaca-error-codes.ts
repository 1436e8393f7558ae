/**
 * Alpaca market-data stream error codes and what a client must do about each.
 *
 * `stop`: retrying would fail the same way (bad or missing credentials, plan or limit problems,
 * a malformed request from this client), and reconnecting in a loop on them is the retry storm
 * that gets an account throttled. The stream stops until an operator changes something.
 * `reconnect`: transient (the server dropped a slow client, an internal error, auth that came
 * too late): close and come back after the connector's backoff.
 * `ignore`: harmless, the session goes on.
 *
 * Hints speak to the operator; none of them may ever include a credential.
 */

export type AlpacaErrorEffect = 'stop' | 'reconnect' | 'ignore';

export interface AlpacaErrorCode {
  readonly name: string;
  readonly effect: AlpacaErrorEffect;
  readonly hint: string;
}

export const ALPACA_ERRORS: ReadonlyMap<number, AlpacaErrorCode> = new Map<number, AlpacaErrorCode>([
  [400, { name: 'invalid syntax', effect: 'stop', hint: 'the client sent a malformed message; this is a bug to fix, not a condition to wait out' }],
  [401, { name: 'not authenticated', effect: 'stop', hint: 'a message was sent before authentication succeeded' }],
  [402, { name: 'auth failed', effect: 'stop', hint: 'check the API key id and secret key, and that they belong to this environment (live or paper)' }],
  [403, { name: 'already authenticated', effect: 'ignore', hint: 'a second auth message on the same connection' }],
  [404, { name: 'auth timeout', effect: 'reconnect', hint: 'credentials did not arrive within the server\'s deadline after connecting' }],
  [405, { name: 'symbol limit exceeded', effect: 'stop', hint: 'subscribe to fewer symbols or upgrade the data plan' }],
  [406, { name: 'connection limit exceeded', effect: 'stop', hint: 'another connection already uses these credentials; close it first' }],
  [407, { name: 'slow client', effect: 'reconnect', hint: 'messages were not read fast enough and the server dropped us' }],
  [408, { name: 'v2 not enabled', effect: 'stop', hint: 'the account has no access to the v2 market-data stream' }],
  [409, { name: 'insufficient subscription', effect: 'stop', hint: 'the data plan does not include this feed (e.g. sip needs a paid plan; use iex)' }],
  [410, { name: 'invalid subscribe action for this feed', effect: 'stop', hint: 'the feed does not offer one of the requested streams' }],
  [500, { name: 'internal error', effect: 'reconnect', hint: 'a server-side problem' }],
]);

/** A code not in the table: retry, since there is no evidence that it is permanent. */
export const ALPACA_UNKNOWN_ERROR: AlpacaErrorCode = { name: 'unknown error', effect: 'reconnect', hint: 'a code this client does not know' };
