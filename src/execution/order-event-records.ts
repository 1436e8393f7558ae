/**
 * What both executors (the paper fill engine and the venue executor of a live session) do the
 * same way: refuse an intent that is not an order, carry the decision from the intent onto the
 * order, and write the OrderDenied an intent gets when a pre-trade check refuses it.
 */
import { copyHeader, OrderEvent, OrderEventType, RecordKind, SizedIntent } from '../shm/records.js';
import type { OrderEventSink } from './paper-fill-engine.js';

/** Why an intent cannot be an order (EXECUTION_REJECT_REASONS' first four, by index), or -1. */
const BAD_PRICE = 0;
const BAD_QUANTITY = 1;
const BAD_SIDE = 2;
const BAD_SYMBOL = 3;

/**
 * The first reason the intent at `intent[base..]` cannot become an order on one of `instruments`
 * instruments: price or quantity not a positive finite number, side not +-1, instrument not one
 * of the session's (ExecutionReject codes); -1 when it can. Never an order on a NaN.
 */
export function intentRefusal(intent: Float64Array, base: number, instruments: number): number {
  const price = intent[base + SizedIntent.limitPrice];
  const quantity = intent[base + SizedIntent.quantity];
  const side = intent[base + SizedIntent.side];
  const instrument = intent[base + SizedIntent.instrument];
  if (!(price > 0) || price === Infinity) return BAD_PRICE;
  if (!(quantity > 0) || quantity === Infinity) return BAD_QUANTITY;
  if (side !== 1 && side !== -1) return BAD_SIDE;
  if (!(instrument >= 0) || instrument >= instruments || Math.floor(instrument) !== instrument) return BAD_SYMBOL;
  return -1;
}

/** The decision behind an order, from its intent: edge, confidence, sizing's move and limit, arrival mid, lead model. */
export function copyDecision(intent: Float64Array, base: number, out: Float64Array, at: number): void {
  out[at + OrderEvent.edgeBps] = intent[base + SizedIntent.edgeBps];
  out[at + OrderEvent.confidence] = intent[base + SizedIntent.confidence];
  out[at + OrderEvent.sizingReason] = intent[base + SizedIntent.reason];
  out[at + OrderEvent.sizingBound] = intent[base + SizedIntent.bound];
  out[at + OrderEvent.arrivalMid] = intent[base + SizedIntent.arrivalMid];
  out[at + OrderEvent.attribution] = intent[base + SizedIntent.attribution];
  out[at + OrderEvent.attributionMore] = intent[base + SizedIntent.attributionMore];
}

/**
 * An intent a pre-trade check refused: an OrderDenied with the check's reason (`reason`,
 * DENY_REASONS of pre-trade-checks.ts) and event number `seq` goes to the sink, so the audit trail
 * names it; no order exists.
 */
export function writeOrderDenied(intent: Float64Array, base: number, seq: number, orderType: number, reason: number, sink: OrderEventSink, clientOrderId = intent[base + SizedIntent.seq]): void {
  const out = sink.claim();
  const f = sink.f64;
  for (let k = 0; k < OrderEvent.f64; k++) f[out + k] = 0;
  copyHeader(intent, base, f, out, RecordKind.OrderEvent);
  const intentId = intent[base + SizedIntent.seq];
  f[out + OrderEvent.seq] = seq;
  f[out + OrderEvent.event] = OrderEventType.Denied;
  f[out + OrderEvent.clientOrderId] = clientOrderId;
  f[out + OrderEvent.intentId] = intentId;
  f[out + OrderEvent.side] = intent[base + SizedIntent.side];
  f[out + OrderEvent.orderType] = orderType;
  f[out + OrderEvent.quantity] = intent[base + SizedIntent.quantity];
  f[out + OrderEvent.limitPrice] = intent[base + SizedIntent.limitPrice];
  f[out + OrderEvent.leavesQty] = intent[base + SizedIntent.quantity];
  f[out + OrderEvent.reason] = reason;
  copyDecision(intent, base, f, out);
  sink.commit(out);
}

/**
 * A maker's price: its own side's touch when the intent was sized. The intent carries the touch
 * it would take (already in `out[at]`) and the mid; the near touch is the mid reflected across
 * it. Written in place, not returned: a double returned from a call that is not inlined is boxed.
 */
export function nearTouchInto(intent: Float64Array, base: number, side: number, out: Float64Array, at: number): void {
  const mid = intent[base + SizedIntent.arrivalMid];
  const takePrice = out[at];
  if (!(mid > 0 && mid < Infinity)) return;
  const near = 2 * mid - takePrice;
  if (near > 0 && (side > 0 ? near <= takePrice : near >= takePrice)) out[at] = near;
}
