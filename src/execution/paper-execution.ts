/**
 * PaperExecution: L4's first execution path. Every intent becomes a marketable IOC order that
 * fills completely, at once, at the intent's limit price (the touch the sizer priced against: the
 * ask for a buy, the bid for a sell), as a taker, paying `feeBps` of the notional.
 *
 * This is deliberately optimistic (no queue, no partial fills, no slippage past the touch, no
 * latency); a fill engine that walks a simulated book comes later. It keeps the record plumbing
 * honest meanwhile: an OrderSubmitted and an OrderFilled event per accepted intent.
 *
 * `nowTs` (epoch µs, the unit of every record's `ts`) is the shell's event time (see
 * core/event-clock.ts), never the wall clock: it stamps the fill. The submission keeps the intent's
 * `ts` (the market event the decision came from); `t0` is copied to both for end-to-end latency.
 * Both carry the intent's instrument and venue (from the record header): a paper order fills on
 * the venue whose market data priced it.
 *
 * Refusals (return false, `rejects[reason] += 1`, nothing written): price NaN/infinite/<= 0,
 * quantity NaN/infinite/<= 0, side not +-1, symbol not a non-negative integer. An order is never
 * sent on a NaN.
 *
 * Hot path: `execute` allocates nothing and never reads the clock.
 */

import { copyHeader, Liquidity, OrderEvent, OrderEventType, OrderType, RecordKind, SizedIntent, TimeInForce } from '../shm/records.js';

export const ExecutionReject = { BadPrice: 0, BadQuantity: 1, BadSide: 2, BadSymbol: 3 } as const;
export const EXECUTION_REJECT_REASONS = ['bad_price', 'bad_quantity', 'bad_side', 'bad_symbol'] as const;

export interface PaperExecutionOptions {
  /** Taker fee in bps of notional. */
  feeBps: number;
  /** Count refusals here (one slot per EXECUTION_REJECT_REASONS entry, e.g. shared memory) instead of a private array. */
  rejects?: Float64Array;
}

const Slot = { FeeBps: 0, Orders: 1, Now: 2 } as const;

export class PaperExecution {
  readonly rejects: Float64Array;
  /** Config and counters in a typed array, so updates never box a double. */
  private readonly state = new Float64Array(3);

  constructor(opts: PaperExecutionOptions) {
    if (!(opts.feeBps >= 0) || !Number.isFinite(opts.feeBps)) throw new Error(`PaperExecution: feeBps must be >= 0, got ${opts.feeBps}`);
    if (opts.rejects && opts.rejects.length < EXECUTION_REJECT_REASONS.length) throw new Error(`PaperExecution: rejects needs ${EXECUTION_REJECT_REASONS.length} slots, got ${opts.rejects.length}`);
    this.rejects = opts.rejects ?? new Float64Array(EXECUTION_REJECT_REASONS.length);
    this.state[Slot.FeeBps] = opts.feeBps;
  }

  /** Taker fee in bps; assignable for hot reload (a NaN, negative or infinite value is ignored). */
  get feeBps(): number {
    return this.state[Slot.FeeBps];
  }

  set feeBps(feeBps: number) {
    if (feeBps >= 0 && feeBps < Infinity) this.state[Slot.FeeBps] = feeBps;
  }

  /** Orders sent so far by this instance. */
  orderCount(): number {
    return this.state[Slot.Orders];
  }

  /**
   * Turn the SizedIntent at `intentF64[intentBase..]` into two OrderEvents in `out`: the order's
   * OrderSubmitted at `submittedBase` and its OrderFilled at `filledBase`; `nowTs` is the event
   * time (epoch µs). Ids derive from the intent id, which increases across restarts of sizing:
   * client order id and trade id = intent id, event numbers 2 id - 1 and 2 id. So a restarted
   * executor needs no counter of its own and never reuses an id. Returns false (nothing written)
   * on a rejected intent.
   *
   * A tiny shim: `nowTs` (~1.7e15, not a small integer) would be boxed into a HeapNumber on every
   * call V8 does not inline; stored into the state array here (this shim is always inlined), it
   * reaches the real work unboxed.
   */
  execute(intentF64: Float64Array, intentBase: number, out: Float64Array, submittedBase: number, filledBase: number, nowTs: number): boolean {
    this.state[Slot.Now] = nowTs;
    return this.executeAt(intentF64, intentBase, out, submittedBase, filledBase);
  }

  private executeAt(intentF64: Float64Array, intentBase: number, out: Float64Array, sub: number, fill: number): boolean {
    const price = intentF64[intentBase + SizedIntent.limitPrice];
    const quantity = intentF64[intentBase + SizedIntent.quantity];
    const side = intentF64[intentBase + SizedIntent.side];
    const instrument = intentF64[intentBase + SizedIntent.instrument];
    if (!(price > 0) || price === Infinity) return this.reject(ExecutionReject.BadPrice);
    if (!(quantity > 0) || quantity === Infinity) return this.reject(ExecutionReject.BadQuantity);
    if (side !== 1 && side !== -1) return this.reject(ExecutionReject.BadSide);
    if (!(instrument >= 0) || Math.floor(instrument) !== instrument) return this.reject(ExecutionReject.BadSymbol);

    const s = this.state;
    s[Slot.Orders] += 1;
    const intentId = intentF64[intentBase + SizedIntent.seq];

    copyHeader(intentF64, intentBase, out, sub, RecordKind.OrderEvent);
    out[sub + OrderEvent.seq] = 2 * intentId - 1;
    out[sub + OrderEvent.event] = OrderEventType.Submitted;
    out[sub + OrderEvent.clientOrderId] = intentId;
    out[sub + OrderEvent.venueOrderId] = intentId;
    out[sub + OrderEvent.tradeId] = 0;
    out[sub + OrderEvent.intentId] = intentId;
    out[sub + OrderEvent.side] = side;
    out[sub + OrderEvent.orderType] = OrderType.Market;
    out[sub + OrderEvent.timeInForce] = TimeInForce.IOC;
    out[sub + OrderEvent.quantity] = quantity;
    out[sub + OrderEvent.limitPrice] = price;
    out[sub + OrderEvent.lastQty] = 0;
    out[sub + OrderEvent.lastPrice] = 0;
    out[sub + OrderEvent.cumQty] = 0;
    out[sub + OrderEvent.leavesQty] = quantity;
    out[sub + OrderEvent.feeUsd] = 0;
    out[sub + OrderEvent.liquidity] = Liquidity.Taker;
    out[sub + OrderEvent.reason] = 0;
    out[sub + OrderEvent.edgeBps] = intentF64[intentBase + SizedIntent.edgeBps];
    out[sub + OrderEvent.confidence] = intentF64[intentBase + SizedIntent.confidence];
    out[sub + OrderEvent.sizingReason] = intentF64[intentBase + SizedIntent.reason];
    out[sub + OrderEvent.sizingBound] = intentF64[intentBase + SizedIntent.bound];
    out[sub + OrderEvent.arrivalMid] = intentF64[intentBase + SizedIntent.arrivalMid];

    // The fill: the same order after one trade for all of it at the touch the intent priced.
    for (let k = 0; k < OrderEvent.f64; k++) out[fill + k] = out[sub + k];
    out[fill + OrderEvent.ts] = s[Slot.Now];
    out[fill + OrderEvent.seq] = 2 * intentId;
    out[fill + OrderEvent.event] = OrderEventType.Filled;
    out[fill + OrderEvent.tradeId] = intentId;
    out[fill + OrderEvent.lastQty] = quantity;
    out[fill + OrderEvent.lastPrice] = price;
    out[fill + OrderEvent.cumQty] = quantity;
    out[fill + OrderEvent.leavesQty] = 0;
    out[fill + OrderEvent.feeUsd] = s[Slot.FeeBps] * 1e-4 * quantity * price;
    return true;
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
