/**
 * Every order event execution emits, held against the order state machine on its way out: the
 * order table (order-state-machine.ts) follows each client order id from OrderSubmitted (or
 * OrderDenied) to its end, so an event that the life of an order does not allow (a fill after the
 * order filled, an acceptance of an order never submitted, a fill beyond the quantity, a resent
 * fill, an OrderFilled that leaves quantity, a second submission of an id still working) is
 * caught where it is made and counted by kind. The events still go out: the engine is the record
 * of what happened, and this is the check that what happened is a legal order life. A slot is
 * freed when its order ends, so the table holds the orders working now.
 *
 * A restarted executor adopts the orders its predecessor left working (`adopt`) before it emits
 * anything for them. Allocation-free per event.
 */
import { OrderEvent, OrderEventType } from '../shm/records.js';
import { Applied, OrderEventKind, OrderIo, OrderState, OrderTable } from './order-state-machine.js';

export const LIFECYCLE_VIOLATIONS = [
  'illegal_transition', 'unknown_order', 'bad_fill', 'overfill', 'duplicate_fill', 'table_full', 'state_mismatch', 'unknown_event',
] as const;
const V = Object.fromEntries(LIFECYCLE_VIOLATIONS.map((n, i) => [n, i])) as { readonly [K in (typeof LIFECYCLE_VIOLATIONS)[number]]: number };
/** Applied code -> violation index (Applied.Ok has none). */
const FROM_APPLIED = [-1, V.illegal_transition, V.unknown_order, V.bad_fill, V.overfill, V.duplicate_fill];

export class OrderLifecycle {
  readonly table: OrderTable;
  /** Events refused by the state machine, by LIFECYCLE_VIOLATIONS index. */
  readonly violations = new Float64Array(LIFECYCLE_VIOLATIONS.length);

  constructor(capacity: number) {
    this.table = new OrderTable(capacity);
  }

  /** Check one OrderEvent record at `f[base..]`; returns the violation index, or -1 when legal. */
  onEvent(f: Float64Array, base: number): number {
    const t = this.table;
    // Every double goes to the table through its io array: nothing is boxed, inlined or not.
    const io = t.io;
    const type = f[base + OrderEvent.event];
    io[OrderIo.clientOrderId] = f[base + OrderEvent.clientOrderId];
    io[OrderIo.tsUs] = f[base + OrderEvent.ts];
    let slot = t.slotOf(io[OrderIo.clientOrderId]);
    let applied: number;
    let kind = -1;
    if (type === OrderEventType.Submitted || type === OrderEventType.Denied) {
      if (slot >= 0) return this.count(V.illegal_transition); // the id is already working
      io[OrderIo.instrument] = f[base + OrderEvent.instrument];
      io[OrderIo.side] = f[base + OrderEvent.side];
      io[OrderIo.quantity] = f[base + OrderEvent.quantity];
      io[OrderIo.limitPrice] = f[base + OrderEvent.limitPrice];
      slot = t.openIo();
      if (slot < 0) return this.count(V.table_full);
      kind = type === OrderEventType.Submitted ? OrderEventKind.Submitted : OrderEventKind.Denied;
      applied = t.applyIo(slot, kind);
    } else if (type === OrderEventType.Filled || type === OrderEventType.PartiallyFilled) {
      io[OrderIo.fillQty] = f[base + OrderEvent.lastQty];
      io[OrderIo.fillPrice] = f[base + OrderEvent.lastPrice];
      io[OrderIo.tradeId] = f[base + OrderEvent.tradeId];
      applied = t.fillIo(slot);
      if (applied === Applied.Ok && (t.state(slot) === OrderState.Filled) !== (type === OrderEventType.Filled)) {
        t.release(slot);
        return this.count(V.state_mismatch);
      }
    } else {
      kind = type === OrderEventType.Accepted ? OrderEventKind.Accepted
        : type === OrderEventType.Cancelled ? OrderEventKind.Cancelled
          : type === OrderEventType.Expired ? OrderEventKind.Expired
            : type === OrderEventType.Rejected ? OrderEventKind.Rejected
              : type === OrderEventType.Replaced ? OrderEventKind.Replaced : -1;
      if (kind < 0) return this.count(V.unknown_event);
      io[OrderIo.limitPrice] = f[base + OrderEvent.limitPrice];
      applied = t.applyIo(slot, kind);
    }
    if (slot >= 0) t.release(slot); // frees it only if the order has ended
    return applied === Applied.Ok ? -1 : this.count(FROM_APPLIED[applied]);
  }

  /**
   * An order a predecessor left working, from its current OrderEvent record (as the engine holds
   * it): opened, submitted, accepted when it was, and filled by what it has filled so far.
   */
  adopt(f: Float64Array, base: number): void {
    const t = this.table;
    const ts = f[base + OrderEvent.ts];
    const slot = t.open(f[base + OrderEvent.clientOrderId], f[base + OrderEvent.instrument], f[base + OrderEvent.side],
      f[base + OrderEvent.quantity], f[base + OrderEvent.limitPrice], ts);
    if (slot < 0) {
      this.count(V.table_full);
      return;
    }
    t.apply(slot, OrderEventKind.Submitted, ts);
    if (f[base + OrderEvent.event] !== OrderEventType.Submitted) t.apply(slot, OrderEventKind.Accepted, ts);
    const cum = f[base + OrderEvent.cumQty];
    // One fill for what it has: its trade id the last event number, below any fill still to come.
    if (cum > 0) t.fill(slot, cum, f[base + OrderEvent.limitPrice] > 0 ? f[base + OrderEvent.limitPrice] : 1, f[base + OrderEvent.seq], ts);
  }

  /** Orders the table holds as working. */
  working(): number {
    return this.table.openCount();
  }

  private count(violation: number): number {
    this.violations[violation]++;
    return violation;
  }
}
