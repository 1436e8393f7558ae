/**
 * From what a venue says about an order to our order events (records.ts OrderEventType, past
 * tense). A venue answers with the order's current state (status, cumulative filled quantity,
 * average price); the events are the difference between two such snapshots: the first snapshot
 * after submission yields Accepted (or Rejected), a larger filled quantity yields a fill of the
 * difference at the price that moves the average from the old to the new, and a terminal status
 * yields Cancelled, Expired or Rejected after any last fill.
 *
 * The sequences are the ones the order state machine accepts (order-state-machine.ts): Rejected
 * only straight after submission, nothing after a terminal event, and an order a venue closes with
 * quantity left (a Coinbase market buy spending its quote budget) is cancelled for the rest rather
 * than left partially filled forever.
 */
import { OrderEventType } from '../../shm/records.js';

/** ccxt's unified statuses, plus `pending` (sent, not yet acknowledged) and `unknown`. */
export type VenueOrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired' | 'rejected' | 'unknown';

export interface VenueOrderSnapshot {
  venueOrderId: string;
  /** The client order id as the venue echoes it. */
  venueClientOrderId: string | undefined;
  status: VenueOrderStatus;
  /** Base quantity filled so far. */
  filled: number;
  /** Average fill price (NaN while nothing is filled). */
  averagePrice: number;
  /** The venue's words when it rejected, cancelled or expired the order ('' otherwise). */
  reason: string;
  /**
   * Commission charged on the order so far, in its quote currency, when the venue said so in that
   * currency; undefined when it did not (or charged another asset, such as BNB).
   */
  feeQuote?: number;
}

export interface LiveOrderEvent {
  /** OrderEventType. */
  event: number;
  clientOrderId: number;
  venueOrderId: string;
  /** This fill's quantity and price (0 on a non-fill). */
  lastQty: number;
  lastPrice: number;
  cumQty: number;
  leavesQty: number;
  reason: string;
  /** This fill's commission in the quote currency, when both snapshots carried one; else undefined. */
  feeQuote?: number;
}

/** A fill leaving less than this fraction of the order open is the whole order (float dust). */
const DUST = 1e-9;

/** The events that take an order of `quantity` from `previous` (null: just submitted) to `next`. */
export function orderEventsBetween(
  clientOrderId: number, quantity: number, previous: VenueOrderSnapshot | null, next: VenueOrderSnapshot,
): LiveOrderEvent[] {
  const events: LiveOrderEvent[] = [];
  const before = previous === null ? 0 : previous.filled;
  const emit = (event: number, lastQty: number, lastPrice: number, cumQty: number, reason = '') => {
    events.push({
      event, clientOrderId, venueOrderId: next.venueOrderId, lastQty, lastPrice, cumQty,
      leavesQty: event === OrderEventType.PartiallyFilled || event === OrderEventType.Accepted ? Math.max(0, quantity - cumQty) : 0,
      reason,
    });
  };
  if (previous !== null && isTerminalStatus(previous.status)) return events;

  // The venue refused the order before it ever worked (nothing filled).
  if (previous === null && next.status === 'rejected' && !(next.filled > 0)) {
    emit(OrderEventType.Rejected, 0, 0, 0, next.reason || 'rejected');
    return events;
  }
  if (previous === null || previous.status === 'pending') {
    if (next.status === 'pending') return events;
    emit(OrderEventType.Accepted, 0, 0, before);
  }

  let cum = before;
  if (next.filled > before * (1 + DUST) && next.filled > before) {
    const lastQty = next.filled - before;
    const lastPrice = fillPrice(previous, next, lastQty);
    cum = next.filled;
    const done = cum >= quantity * (1 - DUST);
    emit(done ? OrderEventType.Filled : OrderEventType.PartiallyFilled, lastQty, lastPrice, cum);
    const feeBefore = previous === null || before === 0 ? 0 : previous.feeQuote;
    const fee = next.feeQuote !== undefined && feeBefore !== undefined ? next.feeQuote - feeBefore : NaN;
    if (fee >= 0 && fee < Infinity) events[events.length - 1].feeQuote = fee;
    if (done) return events;
  }
  switch (next.status) {
    case 'closed': // done with quantity left: the rest will never fill
    case 'canceled':
    case 'rejected': // after working: for our state machine, a cancellation by the venue
      emit(OrderEventType.Cancelled, 0, 0, cum, next.reason || (next.status === 'canceled' ? '' : next.status));
      break;
    case 'expired':
      emit(OrderEventType.Expired, 0, 0, cum, next.reason);
      break;
    default:
      break;
  }
  return events;
}

export function isTerminalStatus(status: VenueOrderStatus): boolean {
  return status === 'closed' || status === 'canceled' || status === 'expired' || status === 'rejected';
}

/** The price of the newest fill: what moves the average from the old filled quantity to the new. */
function fillPrice(previous: VenueOrderSnapshot | null, next: VenueOrderSnapshot, lastQty: number): number {
  const oldNotional = previous !== null && previous.filled > 0 && Number.isFinite(previous.averagePrice) ? previous.filled * previous.averagePrice : 0;
  const price = (next.filled * next.averagePrice - oldNotional) / lastQty;
  // A venue rounding its average can make the difference meaningless; its average is then the best estimate.
  return price > 0 && Number.isFinite(price) ? price : next.averagePrice;
}
