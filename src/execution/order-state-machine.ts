/**
 * The life of an order, as a table of legal transitions:
 *
 *   new --OrderSubmitted--> submitted --OrderAccepted--> accepted --OrderFilled--> partially_filled | filled
 *   new --OrderDenied--> denied                  (a pre-trade check failed: nothing was sent)
 *   submitted --OrderRejected--> rejected        (the venue said no)
 *   submitted | accepted | partially_filled --OrderCancelled--> cancelled
 *   submitted | accepted | partially_filled --OrderExpired--> expired
 *   submitted | accepted | partially_filled --OrderFilled--> partially_filled | filled
 *   accepted | partially_filled --OrderReplaced--> the same state (re-priced in place, a new limit price)
 *
 * A fill straight after submission (an immediate taker fill whose acknowledgement is still on its
 * way) is legal; anything out of a terminal state (filled, cancelled, rejected, expired, denied) is
 * not. Which of partially_filled or filled a fill leads to is decided by the quantity: filled when
 * nothing is left.
 *
 * OrderTable holds the orders of one execution layer in typed arrays (a slot per live order, no
 * object per order, no allocation per event) and is keyed by the client order id, which makes
 * submission idempotent: opening an id that is already open returns the same slot and counts a
 * duplicate, so a retried or replayed intent never becomes a second order. A fill is applied once
 * per (order, trade id): a venue's resend of the same fill changes nothing.
 */
import { ClientOrderIndex } from './client-order-index.js';

export const OrderState = {
  New: 0, Submitted: 1, Accepted: 2, PartiallyFilled: 3, Filled: 4, Cancelled: 5, Rejected: 6, Expired: 7, Denied: 8,
} as const;
export const ORDER_STATE_NAMES = ['new', 'submitted', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired', 'denied'] as const;

export const OrderEventKind = {
  Submitted: 0, Accepted: 1, Rejected: 2, Denied: 3, Filled: 4, Cancelled: 5, Expired: 6, Replaced: 7,
} as const;
export const ORDER_EVENT_NAMES = ['OrderSubmitted', 'OrderAccepted', 'OrderRejected', 'OrderDenied', 'OrderFilled', 'OrderCancelled', 'OrderExpired', 'OrderReplaced'] as const;

/** What `apply` did. */
export const Applied = { Ok: 0, IllegalTransition: 1, UnknownOrder: 2, BadFill: 3, Overfill: 4, DuplicateFill: 5 } as const;
export const APPLIED_NAMES = ['ok', 'illegal_transition', 'unknown_order', 'bad_fill', 'overfill', 'duplicate_fill'] as const;

const STATES = ORDER_STATE_NAMES.length;
const EVENTS = ORDER_EVENT_NAMES.length;
/** A sentinel next state: the fill's quantity decides (partially_filled or filled). */
const BY_QUANTITY = 254;
const ILLEGAL = 255;

/** next[state * EVENTS + event]: the state an event leads to, or ILLEGAL. */
const NEXT = (() => {
  const t = new Uint8Array(STATES * EVENTS).fill(ILLEGAL);
  const allow = (from: number, event: number, to: number) => { t[from * EVENTS + event] = to; };
  allow(OrderState.New, OrderEventKind.Submitted, OrderState.Submitted);
  allow(OrderState.New, OrderEventKind.Denied, OrderState.Denied);
  allow(OrderState.Submitted, OrderEventKind.Accepted, OrderState.Accepted);
  allow(OrderState.Submitted, OrderEventKind.Rejected, OrderState.Rejected);
  for (const live of [OrderState.Submitted, OrderState.Accepted, OrderState.PartiallyFilled]) {
    allow(live, OrderEventKind.Filled, BY_QUANTITY);
    allow(live, OrderEventKind.Cancelled, OrderState.Cancelled);
    allow(live, OrderEventKind.Expired, OrderState.Expired);
  }
  // Only an order the venue holds can be re-priced; a replace changes its price, not where it is in its life.
  allow(OrderState.Accepted, OrderEventKind.Replaced, OrderState.Accepted);
  allow(OrderState.PartiallyFilled, OrderEventKind.Replaced, OrderState.PartiallyFilled);
  return t;
})();

/** The state `event` leads to from `state`, or -1 when the transition is illegal (fills: filled). */
export function nextState(state: number, event: number, leavesAfter = 0): number {
  if (!(state >= 0 && state < STATES && event >= 0 && event < EVENTS)) return -1;
  const to = NEXT[state * EVENTS + event];
  if (to === ILLEGAL) return -1;
  if (to === BY_QUANTITY) return leavesAfter > 0 ? OrderState.PartiallyFilled : OrderState.Filled;
  return to;
}

export function isTerminal(state: number): boolean {
  return state === OrderState.Filled || state === OrderState.Cancelled || state === OrderState.Rejected
    || state === OrderState.Expired || state === OrderState.Denied;
}

/** Per-order slots of OrderTable.f64. */
const Slot = {
  clientOrderId: 0, instrument: 1, side: 2, quantity: 3, limitPrice: 4, state: 5, cumQty: 6, notional: 7,
  createdUs: 8, updatedUs: 9, lastTradeId: 10,
} as const;
const SLOT_F64 = 12;

/**
 * OrderTable.io: the doubles of the hot methods (`openIo`, `applyIo`, `fillIo`). A call V8 leaves
 * uninlined boxes every double passed to it (a time in µs, a fractional quantity or price); the
 * table's own array does not. The argument-style `open`, `apply` and `fill` write it for callers
 * off the hot path.
 */
export const OrderIo = { clientOrderId: 0, instrument: 1, side: 2, quantity: 3, limitPrice: 4, tsUs: 5, fillQty: 6, fillPrice: 7, tradeId: 8 } as const;
const IO_SLOTS = 9;

export class OrderTable {
  readonly f64: Float64Array;
  private readonly bySlot: Int32Array;
  private readonly idToSlot: ClientOrderIndex;
  private readonly free: Int32Array;
  private freeCount: number;
  /** Arguments of the hot methods (OrderIo). */
  readonly io = new Float64Array(IO_SLOTS);
  /** Opens of an id already open (idempotent resubmissions). */
  duplicates = 0;
  /** Fills applied twice by the venue (same trade id) and ignored. */
  duplicateFills = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new Error(`order table: capacity must be a positive integer, got ${capacity}`);
    this.f64 = new Float64Array(capacity * SLOT_F64);
    this.idToSlot = new ClientOrderIndex(capacity);
    this.bySlot = new Int32Array(capacity).fill(-1);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  /**
   * A new order (state new) for `clientOrderId`, or the slot it already has. -1 when the table is
   * full (the caller denies the order: the table's size is a pre-trade limit on open orders).
   */
  open(clientOrderId: number, instrument: number, side: number, quantity: number, limitPrice: number, tsUs: number): number {
    const io = this.io;
    io[OrderIo.clientOrderId] = clientOrderId;
    io[OrderIo.instrument] = instrument;
    io[OrderIo.side] = side;
    io[OrderIo.quantity] = quantity;
    io[OrderIo.limitPrice] = limitPrice;
    io[OrderIo.tsUs] = tsUs;
    return this.openIo();
  }

  /** `open` with its arguments in `io` (clientOrderId, instrument, side, quantity, limitPrice, tsUs). */
  openIo(): number {
    const io = this.io;
    const clientOrderId = io[OrderIo.clientOrderId];
    const tsUs = io[OrderIo.tsUs];
    const existing = this.idToSlot.get(clientOrderId);
    if (existing >= 0) {
      this.duplicates++;
      return existing;
    }
    if (this.freeCount === 0) return -1;
    const slot = this.free[--this.freeCount];
    const b = slot * SLOT_F64;
    const f = this.f64;
    f[b + Slot.clientOrderId] = clientOrderId;
    f[b + Slot.instrument] = io[OrderIo.instrument];
    f[b + Slot.side] = io[OrderIo.side];
    f[b + Slot.quantity] = io[OrderIo.quantity];
    f[b + Slot.limitPrice] = io[OrderIo.limitPrice];
    f[b + Slot.state] = OrderState.New;
    f[b + Slot.cumQty] = 0;
    f[b + Slot.notional] = 0;
    f[b + Slot.createdUs] = tsUs;
    f[b + Slot.updatedUs] = tsUs;
    f[b + Slot.lastTradeId] = -1;
    this.bySlot[slot] = 1;
    this.idToSlot.set(clientOrderId, slot);
    return slot;
  }

  /** The slot of an open client order id, or -1. */
  slotOf(clientOrderId: number): number {
    return this.idToSlot.get(clientOrderId);
  }

  /** A non-fill event (submitted, accepted, rejected, denied, cancelled, expired, replaced: the new price in io[limitPrice]). */
  apply(slot: number, event: number, tsUs: number): number {
    this.io[OrderIo.tsUs] = tsUs;
    return this.applyIo(slot, event);
  }

  /** `apply` at the time in io[tsUs]. */
  applyIo(slot: number, event: number): number {
    if (!this.live(slot)) return Applied.UnknownOrder;
    if (event === OrderEventKind.Filled) return Applied.BadFill;
    const b = slot * SLOT_F64;
    const to = nextState(this.f64[b + Slot.state], event);
    if (to < 0) return Applied.IllegalTransition;
    this.f64[b + Slot.state] = to;
    this.f64[b + Slot.updatedUs] = this.io[OrderIo.tsUs];
    if (event === OrderEventKind.Replaced) this.f64[b + Slot.limitPrice] = this.io[OrderIo.limitPrice];
    return Applied.Ok;
  }

  /**
   * A fill of `qty` at `price` with the venue's `tradeId` (increasing per order; a trade id not
   * above the last one applied is a resend and is ignored).
   */
  fill(slot: number, qty: number, price: number, tradeId: number, tsUs: number): number {
    const io = this.io;
    io[OrderIo.fillQty] = qty;
    io[OrderIo.fillPrice] = price;
    io[OrderIo.tradeId] = tradeId;
    io[OrderIo.tsUs] = tsUs;
    return this.fillIo(slot);
  }

  /** `fill` with its arguments in `io` (fillQty, fillPrice, tradeId, tsUs). */
  fillIo(slot: number): number {
    const io = this.io;
    const qty = io[OrderIo.fillQty];
    const price = io[OrderIo.fillPrice];
    const tradeId = io[OrderIo.tradeId];
    if (!this.live(slot)) return Applied.UnknownOrder;
    if (!(qty > 0 && qty < Infinity && price > 0 && price < Infinity)) return Applied.BadFill;
    const b = slot * SLOT_F64;
    const f = this.f64;
    if (tradeId <= f[b + Slot.lastTradeId]) {
      this.duplicateFills++;
      return Applied.DuplicateFill;
    }
    const leaves = f[b + Slot.quantity] - f[b + Slot.cumQty];
    // A fill larger than what is left (beyond float dust) is the venue's or the engine's error.
    if (qty > leaves * (1 + 1e-9)) return Applied.Overfill;
    const after = Math.max(0, leaves - qty);
    // Quantities are sums of binary fractions: a remainder within 1e-12 of the order is dust, filled.
    const to = nextState(f[b + Slot.state], OrderEventKind.Filled, after > f[b + Slot.quantity] * 1e-12 ? 1 : 0);
    if (to < 0) return Applied.IllegalTransition;
    f[b + Slot.state] = to;
    f[b + Slot.cumQty] += qty;
    f[b + Slot.notional] += qty * price;
    f[b + Slot.lastTradeId] = tradeId;
    f[b + Slot.updatedUs] = io[OrderIo.tsUs];
    return Applied.Ok;
  }

  /** Free a terminal order's slot (its id may then be opened again). False if it is still live. */
  release(slot: number): boolean {
    if (!this.live(slot) || !isTerminal(this.state(slot))) return false;
    this.idToSlot.delete(this.f64[slot * SLOT_F64 + Slot.clientOrderId]);
    this.bySlot[slot] = -1;
    this.free[this.freeCount++] = slot;
    return true;
  }

  state(slot: number): number { return this.f64[slot * SLOT_F64 + Slot.state]; }
  cumQty(slot: number): number { return this.f64[slot * SLOT_F64 + Slot.cumQty]; }
  limitPrice(slot: number): number { return this.f64[slot * SLOT_F64 + Slot.limitPrice]; }
  leaves(slot: number): number { return this.f64[slot * SLOT_F64 + Slot.quantity] - this.f64[slot * SLOT_F64 + Slot.cumQty]; }
  averagePrice(slot: number): number {
    const q = this.cumQty(slot);
    return q > 0 ? this.f64[slot * SLOT_F64 + Slot.notional] / q : NaN;
  }
  updatedUs(slot: number): number { return this.f64[slot * SLOT_F64 + Slot.updatedUs]; }
  openCount(): number { return this.capacity - this.freeCount; }

  private live(slot: number): boolean {
    return slot >= 0 && slot < this.capacity && this.bySlot[slot] === 1;
  }
}
