/**
 * The one error type a live gateway throws. Its message has been through the SecretScrubber, and it
 * keeps no `cause`: the original error (ccxt's, fetch's) can hold the request, its headers and its
 * signature, so it never leaves the gateway.
 *
 * A venue saying no to an order is not an error (submit answers with an OrderRejected event);
 * these are the failures where the gateway could not get an answer it can trust.
 */
import type { LiveVenue } from './live-credentials.js';

export type GatewayFailure =
  /** Keys refused or lacking a permission: retrying cannot help. */
  | 'auth'
  /** The request may or may not have reached the venue (refused connection, reset, timeout). */
  | 'network'
  /** The venue asked us to slow down; the request was not acted on. */
  | 'rate_limited'
  /** An answer that could not be read (not JSON, missing fields, a proxy's error page). */
  | 'bad_response'
  /** The venue answered with an error that is neither a rejection nor one of the above (5xx). */
  | 'venue'
  /** The order or id does not exist at the venue. */
  | 'not_found'
  /** The gateway or the order asked for something this venue cannot do. */
  | 'unsupported';

export class LiveGatewayError extends Error {
  override readonly name = 'LiveGatewayError';

  /**
   * `detail`: what went wrong, without the venue the message starts with.
   * `outcomeUnknown`: the venue may have acted on the request (a submit whose answer was lost).
   * Resubmit with the same client order id, or fetch the order by it, to learn what happened.
   */
  constructor(readonly venue: LiveVenue, readonly failure: GatewayFailure, readonly detail: string, readonly outcomeUnknown = false) {
    super(`${venue}: ${detail}`);
  }
}

/**
 * Venues without a dedicated error code for a reused client order id say so in words (Binance
 * "Duplicate order sent.", Alpaca "client_order_id must be unique").
 */
export function mentionsDuplicateClientOrderId(message: string): boolean {
  return /duplicate (order|client)|client.?order.?id.{0,40}(must be unique|already (exists|used))/i.test(message);
}
