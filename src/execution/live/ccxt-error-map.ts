/**
 * What a ccxt error means for an order: the venue said no (a rejection, reported as an event), or
 * the gateway could not get a trustworthy answer (a LiveGatewayError, with whether the request may
 * have been acted on). ccxt's error classes carry the distinction; the order of the checks matters
 * because the classes nest (OrderNotFound is an InvalidOrder, RateLimitExceeded a NetworkError,
 * PermissionDenied an AuthenticationError).
 */
import {
  AuthenticationError, BadRequest, BadResponse, BadSymbol, DuplicateOrderId, ExchangeError, InsufficientFunds,
  InvalidOrder, MarketClosed, NetworkError, NotSupported, OperationRejected, OrderNotFound, RateLimitExceeded,
  DDoSProtection, ArgumentsRequired,
} from 'ccxt';
import { LiveGatewayError, mentionsDuplicateClientOrderId } from './gateway-error.js';
import type { LiveVenue } from './live-credentials.js';
import type { SecretScrubber } from './secret-scrubber.js';

export type CcxtErrorMeaning =
  | { kind: 'duplicate'; message: string }
  | { kind: 'not_found'; message: string }
  | { kind: 'rejected'; message: string }
  | { kind: 'failure'; error: LiveGatewayError };

export function ccxtErrorMeaning(venue: LiveVenue, error: unknown, scrubber: SecretScrubber): CcxtErrorMeaning {
  const message = venueMessage(venue, error, scrubber);
  const fail = (failure: LiveGatewayError['failure'], outcomeUnknown: boolean): CcxtErrorMeaning => (
    { kind: 'failure', error: new LiveGatewayError(venue, failure, message, outcomeUnknown) });

  if (error instanceof AuthenticationError) return fail('auth', false);
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection) return fail('rate_limited', false);
  // Refused connection, reset, timeout, 5xx maintenance pages: the request may have landed.
  if (error instanceof NetworkError) return fail('network', true);
  if (error instanceof BadResponse) return fail('bad_response', true);
  if (error instanceof DuplicateOrderId || mentionsDuplicateClientOrderId(message)) return { kind: 'duplicate', message };
  if (error instanceof OrderNotFound) return { kind: 'not_found', message };
  if (error instanceof NotSupported || error instanceof ArgumentsRequired) return fail('unsupported', false);
  if (error instanceof InvalidOrder || error instanceof InsufficientFunds || error instanceof BadSymbol
    || error instanceof BadRequest || error instanceof MarketClosed || error instanceof OperationRejected) {
    return { kind: 'rejected', message };
  }
  // Any other answer the venue gave as an error (ccxt's catch-all for codes it does not map).
  if (error instanceof ExchangeError) return { kind: 'rejected', message };
  return fail('bad_response', true);
}

/**
 * The error's message without credentials, and without the "<venue> POST https://...?" prefix
 * ccxt puts before an HTTP status error: the URL says nothing the caller needs and may carry a
 * signature.
 */
export function venueMessage(venue: LiveVenue, error: unknown, scrubber: SecretScrubber): string {
  const raw = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  return scrubber.scrub(raw.replace(/\b(GET|POST|PUT|PATCH|DELETE) https?:\/\/\S+/g, '$1 <url>')).slice(0, 500) || `${venue} error`;
}
