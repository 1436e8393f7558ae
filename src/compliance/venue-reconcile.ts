/**
 * A live session resumed after a crash: the venue kept its own record of the orders the dead
 * session had working, and it is the venue's word that counts. Before the resumed session starts,
 * each order the trail shows working is first cancelled at the venue (so nothing fills after we
 * look), then looked up, and what the venue says happened since the trail's last word (fills, the
 * end) is appended to the trail in the trail's own record format. Recovery then books those
 * fills like any other (session-recovery.ts), so a fill that landed while the process was dead
 * is neither lost nor booked twice (the lookup is compared with the fills the trail holds).
 *
 * An order the venue does not know is left to recovery, which ends it as `session_crashed`. A
 * venue that cannot be asked refuses the resume: starting without knowing what filled would
 * size against a wrong position.
 */
import type { OrderGateway } from '../execution/live/order-gateway.js';
import { LiveGatewayError } from '../execution/live/gateway-error.js';
import { orderEventsBetween, type VenueOrderSnapshot } from '../execution/live/venue-order-events.js';
import { OrderEventType } from '../shm/records.js';
import { AuditTrailWriter } from './audit-trail-writer.js';
import type { RecoveredSession } from './session-recovery.js';

export interface VenueReconcileResult {
  /** Orders asked about. */
  readonly asked: number;
  /** Fills the venue reported that the trail did not hold (now appended). */
  readonly fills: number;
  /** Orders the venue says are over (now ended in the trail). */
  readonly ended: number;
  /** Orders the venue does not know (left to recovery: session_crashed). */
  readonly unknown: number;
}

const EVENT_NAMES: Readonly<Record<number, string>> = {
  [OrderEventType.PartiallyFilled]: 'OrderPartiallyFilled', [OrderEventType.Filled]: 'OrderFilled',
  [OrderEventType.Cancelled]: 'OrderCancelled', [OrderEventType.Expired]: 'OrderExpired', [OrderEventType.Rejected]: 'OrderRejected',
};

/**
 * Ask `gateway` about every order `recovered` shows working and append what it says to the trail
 * in `recovered.dir`. `feeBps`: the fee estimate of an appended fill, bps of its notional.
 */
export async function reconcileOrphansAtVenue(recovered: RecoveredSession, gateway: OrderGateway, feeBps: number): Promise<VenueReconcileResult> {
  let fills = 0;
  let ended = 0;
  let unknown = 0;
  const writer = new AuditTrailWriter(recovered.dir, { fsync: true });
  try {
    for (const o of recovered.orphaned) {
      let snapshot: VenueOrderSnapshot;
      try {
        // Stopped first, so it cannot fill between the look and the resumed session's start.
        await gateway.cancel(o.clientOrderId, o.symbol).catch((error: unknown) => {
          if (!(error instanceof LiveGatewayError && error.failure === 'not_found')) throw error;
        });
        snapshot = await gateway.fetchOrder(o.clientOrderId, o.symbol);
      } catch (error) {
        if (error instanceof LiveGatewayError && error.failure === 'not_found') { unknown++; continue; }
        throw new Error(`the venue could not be asked about order ${o.clientOrderId} (${o.symbol}), working at the crash: ${(error as Error).message}; `
          + 'resume again once it answers (starting without knowing what filled would size against a wrong position)');
      }
      const known: VenueOrderSnapshot = {
        venueOrderId: snapshot.venueOrderId, venueClientOrderId: snapshot.venueClientOrderId, status: 'open', filled: o.filledQty,
        averagePrice: o.filledQty > 0 ? o.filledNotional / o.filledQty : NaN, reason: '',
      };
      for (const e of orderEventsBetween(o.clientOrderId, o.quantity, known, snapshot)) {
        const fill = e.event === OrderEventType.Filled || e.event === OrderEventType.PartiallyFilled;
        const common = {
          event: EVENT_NAMES[e.event] ?? `event_${e.event}`, symbol: o.symbol, clientOrderId: o.clientOrderId, intentId: o.clientOrderId,
          side: o.side, quantity: o.quantity, limitPrice: o.limitPrice,
        };
        if (fill) {
          fills++;
          writer.append('fill', recovered.lastTsUs, {
            ...common, tradeId: 0, lastQty: e.lastQty, lastPrice: e.lastPrice, cumQty: e.cumQty, leavesQty: e.leavesQty,
            feeUsd: e.lastQty * e.lastPrice * feeBps * 1e-4, reason: 'venue_reconcile',
          });
        } else {
          writer.append('order_event', recovered.lastTsUs, { ...common, leavesQty: Math.max(0, o.quantity - e.cumQty), reason: e.reason || 'venue_reconcile' });
        }
        if (e.event !== OrderEventType.PartiallyFilled) ended++;
      }
    }
  } finally {
    writer.close();
  }
  return { asked: recovered.orphaned.length, fills, ended, unknown };
}
