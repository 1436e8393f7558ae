/**
 * PaperExecution: L4's first execution path. Every intent becomes a marketable IOC order that
 * fills completely, at once, at the intent's limit price (the touch the sizer priced against: the
 * ask for a buy, the bid for a sell), as a taker, paying `feeBps` of the notional.
 *
 * This is deliberately optimistic (no queue, no partial fills, no slippage past the touch, no
 * latency); a fill engine that walks a simulated book comes later. It keeps the record plumbing
 * honest meanwhile: one Order and one Fill per accepted intent, with ids from per-instance counters.
 *
 * `nowTs` (epoch µs, the unit of every record's `ts`) is the shell's event time (see
 * core/event-clock.ts), never the wall clock: it becomes Order.sentAt and Fill.ts. Order.ts keeps the intent's `ts`
 * (the market event the decision came from); `t0` is copied to both for end-to-end latency.
 * Order and Fill carry this executor's `venue`, not the market-data venue of the intent.
 *
 * Refusals (return false, `rejects[reason] += 1`, nothing written): price NaN/infinite/<= 0,
 * quantity NaN/infinite/<= 0, side not +-1, symbol not a non-negative integer. An order is never
 * sent on a NaN.
 *
 * Hot path: `execute` allocates nothing and never reads the clock.
 */

import { Fill, Liquidity, Order, OrderType, SizedIntent, TimeInForce } from '../shm/records.js';

export const ExecutionReject = { BadPrice: 0, BadQuantity: 1, BadSide: 2, BadSymbol: 3 } as const;
export const EXECUTION_REJECT_REASONS = ['bad_price', 'bad_quantity', 'bad_side', 'bad_symbol'] as const;

export interface PaperExecutionOptions {
  /** Taker fee in bps of notional. */
  feeBps: number;
  /** VenueId written on orders and fills. */
  venue: number;
  /** First orderId / fillId (default 1), so a restarted L4 can continue its id sequence. */
  firstOrderId?: number;
  firstFillId?: number;
  /** Count refusals here (one slot per EXECUTION_REJECT_REASONS entry, e.g. shared memory) instead of a private array. */
  rejects?: Float64Array;
}

const Slot = { FeeBps: 0, Venue: 1, NextOrderId: 2, NextFillId: 3, Now: 4 } as const;

export class PaperExecution {
  readonly rejects: Float64Array;
  /** Config and counters in a typed array, so updates never box a double. */
  private readonly state = new Float64Array(5);

  constructor(opts: PaperExecutionOptions) {
    if (!(opts.feeBps >= 0) || !Number.isFinite(opts.feeBps)) throw new Error(`PaperExecution: feeBps must be >= 0, got ${opts.feeBps}`);
    if (!Number.isInteger(opts.venue) || opts.venue < 0) throw new Error(`PaperExecution: bad venue ${opts.venue}`);
    if (opts.rejects && opts.rejects.length < EXECUTION_REJECT_REASONS.length) throw new Error(`PaperExecution: rejects needs ${EXECUTION_REJECT_REASONS.length} slots, got ${opts.rejects.length}`);
    this.rejects = opts.rejects ?? new Float64Array(EXECUTION_REJECT_REASONS.length);
    this.state[Slot.FeeBps] = opts.feeBps;
    this.state[Slot.Venue] = opts.venue;
    this.state[Slot.NextOrderId] = opts.firstOrderId ?? 1;
    this.state[Slot.NextFillId] = opts.firstFillId ?? 1;
  }

  /** Taker fee in bps; assignable for hot reload (a NaN, negative or infinite value is ignored). */
  get feeBps(): number {
    return this.state[Slot.FeeBps];
  }

  set feeBps(feeBps: number) {
    if (feeBps >= 0 && feeBps < Infinity) this.state[Slot.FeeBps] = feeBps;
  }

  /** Orders sent so far. */
  orderCount(): number {
    return this.state[Slot.NextOrderId] - 1;
  }

  /**
   * Turn the SizedIntent at `intentF64[intentBase..]` into an Order at `orderOut[orderBase..]` and
   * its Fill at `fillOut[fillBase..]`; `nowTs` is epoch µs. Returns false (nothing written) on a
   * rejected intent.
   *
   * A tiny shim: `nowTs` (~1.7e15, not a small integer) would be boxed into a HeapNumber on every
   * call V8 does not inline; stored into the state array here (this shim is always inlined), it
   * reaches the real work unboxed.
   */
  execute(
    intentF64: Float64Array, intentBase: number,
    orderOut: Float64Array, orderBase: number,
    fillOut: Float64Array, fillBase: number,
    nowTs: number,
  ): boolean {
    this.state[Slot.Now] = nowTs;
    return this.executeAt(intentF64, intentBase, orderOut, orderBase, fillOut, fillBase);
  }

  private executeAt(
    intentF64: Float64Array, intentBase: number,
    orderOut: Float64Array, orderBase: number,
    fillOut: Float64Array, fillBase: number,
  ): boolean {
    const price = intentF64[intentBase + SizedIntent.limitPrice];
    const quantity = intentF64[intentBase + SizedIntent.quantity];
    const side = intentF64[intentBase + SizedIntent.side];
    const symbol = intentF64[intentBase + SizedIntent.symbol];
    if (!(price > 0) || price === Infinity) return this.reject(ExecutionReject.BadPrice);
    if (!(quantity > 0) || quantity === Infinity) return this.reject(ExecutionReject.BadQuantity);
    if (side !== 1 && side !== -1) return this.reject(ExecutionReject.BadSide);
    if (!(symbol >= 0) || Math.floor(symbol) !== symbol) return this.reject(ExecutionReject.BadSymbol);

    const s = this.state;
    const orderId = s[Slot.NextOrderId];
    const fillId = s[Slot.NextFillId];
    s[Slot.NextOrderId] = orderId + 1;
    s[Slot.NextFillId] = fillId + 1;
    const venue = s[Slot.Venue];
    const nowTs = s[Slot.Now];
    const t0 = intentF64[intentBase + SizedIntent.t0];

    orderOut[orderBase + Order.t0] = t0;
    orderOut[orderBase + Order.ts] = intentF64[intentBase + SizedIntent.ts];
    orderOut[orderBase + Order.orderId] = orderId;
    orderOut[orderBase + Order.intentId] = intentF64[intentBase + SizedIntent.intentId];
    orderOut[orderBase + Order.symbol] = symbol;
    orderOut[orderBase + Order.venue] = venue;
    orderOut[orderBase + Order.side] = side;
    orderOut[orderBase + Order.type] = OrderType.Market;
    orderOut[orderBase + Order.quantity] = quantity;
    orderOut[orderBase + Order.limitPrice] = price;
    orderOut[orderBase + Order.timeInForce] = TimeInForce.IOC;
    orderOut[orderBase + Order.sentAt] = nowTs;

    fillOut[fillBase + Fill.t0] = t0;
    fillOut[fillBase + Fill.ts] = nowTs;
    fillOut[fillBase + Fill.orderId] = orderId;
    fillOut[fillBase + Fill.symbol] = symbol;
    fillOut[fillBase + Fill.venue] = venue;
    fillOut[fillBase + Fill.side] = side;
    fillOut[fillBase + Fill.quantity] = quantity;
    fillOut[fillBase + Fill.price] = price;
    fillOut[fillBase + Fill.feeUsd] = s[Slot.FeeBps] * 1e-4 * quantity * price;
    fillOut[fillBase + Fill.liquidity] = Liquidity.Taker;
    fillOut[fillBase + Fill.remaining] = 0;
    fillOut[fillBase + Fill.fillId] = fillId;
    return true;
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
