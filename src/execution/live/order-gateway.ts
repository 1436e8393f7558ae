/**
 * What L4 sees of a live venue: submit, cancel and look up orders, with answers in our own
 * vocabulary. Each venue (ccxt-order-gateway.ts, alpaca-order-gateway.ts) implements it.
 *
 * Events: the caller records OrderSubmitted itself, before calling submit (so an answer lost on
 * the way back still leaves the order submitted); a gateway's `events` are what the venue's answer
 * implies after that (OrderAccepted, fills, or OrderRejected), ready for the order state machine.
 *
 * Ids: a number is always our client order id, a string always the venue's order id.
 */
import type { LiveVenue } from './live-credentials.js';
import type { LiveOrder } from './live-order.js';
import type { LiveOrderEvent, VenueOrderSnapshot } from './venue-order-events.js';

export interface SubmitResult {
  /** The venue's id for the order; null when the venue rejected it. */
  venueOrderId: string | null;
  /** The venue already had an order with this client order id, and this is that order. */
  duplicate: boolean;
  snapshot: VenueOrderSnapshot | null;
  events: LiveOrderEvent[];
}

export type CancelOutcome =
  /** The venue confirms the order is cancelled. */
  | 'cancelled'
  /** The venue took the request; the cancellation shows in a later fetchOrder. */
  | 'requested'
  /** The venue refused: the order is filled, already cancelled, or unknown to it. */
  | 'refused';

export interface CancelResult {
  venueOrderId: string | null;
  outcome: CancelOutcome;
  /** The order as the cancel answer describes it, when the venue sends it. */
  snapshot: VenueOrderSnapshot | null;
  reason: string;
}

export interface OrderGateway {
  readonly venue: LiveVenue;
  /** True when orders reach a real account (neither sandbox nor paper). */
  readonly live: boolean;
  submit(order: LiveOrder): Promise<SubmitResult>;
  /** Cancel by our client order id (number) or the venue's order id (string). */
  cancel(id: number | string, symbol: string): Promise<CancelResult>;
  /** The venue's current view of an order; LiveGatewayError 'not_found' when it has none. */
  fetchOrder(id: number | string, symbol: string): Promise<VenueOrderSnapshot>;
  close(): Promise<void>;
}

/** The refusal to build a gateway on a real account without an explicit live flag, in one wording. */
export function liveRefusal(what: string, safeAlternative: string): Error {
  return new Error(`refusing to build a ${what} gateway: it would place real orders with real money. `
    + `Pass live: true only when the operator asked for live trading explicitly (--live), or use ${safeAlternative}`);
}
