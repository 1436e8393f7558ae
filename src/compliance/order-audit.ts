/**
 * OrderAudit: what L5 writes to the audit trail, one record per order event it receives (the
 * order leaving, each fill) with the decision behind the order (the blended edge and confidence,
 * the move sizing made and the limit that bound it, carried on the OrderEvent from its intent).
 *
 * Records are queued as they come, handed to the operating system at the end of every batch
 * (`writeOut`, before L5 publishes the snapshot that books them), and fsynced by `flushIfDue`
 * once 100 ms have passed since the last fsync: the trail keeps up with the pipeline's fill rate,
 * the death of L5's thread or of the process loses none of it, and what only a crash of the
 * machine itself can lose is the last fraction of a second. `close` writes the rest and seals the
 * trail.
 * Allocates per record (msgpack, SHA-256): L5 is off the tick-to-order path.
 */
import { mkdirSync } from 'node:fs';
import { OrderEvent, OrderEventType, SIZING_BOUND_NAMES, SIZING_REASON_NAMES } from '../shm/records.js';
import { AuditTrailWriter } from './audit-trail-writer.js';
import { FillReason, ORDER_END_REASONS } from '../execution/paper-fill-engine.js';
import { DENY_REASONS } from '../execution/pre-trade-checks.js';
import { ALPHA_MODEL_NAMES } from '../alpha/alpha-catalogue.js';
import { unpackAttribution } from '../ensemble/model-attribution.js';

const EVENT_NAMES: Record<number, string> = {
  [OrderEventType.Submitted]: 'OrderSubmitted', [OrderEventType.Accepted]: 'OrderAccepted', [OrderEventType.PartiallyFilled]: 'OrderPartiallyFilled',
  [OrderEventType.Filled]: 'OrderFilled', [OrderEventType.Cancelled]: 'OrderCancelled', [OrderEventType.Rejected]: 'OrderRejected',
  [OrderEventType.Expired]: 'OrderExpired', [OrderEventType.Denied]: 'OrderDenied', [OrderEventType.Replaced]: 'OrderReplaced',
};
const FLUSH_INTERVAL_MS = 100;

/** What OrderEvent.reason means depends on the event: a denial, an unfilled end, or how a fill was priced. */
function reasonName(event: number, code: number): string {
  const names: readonly string[] = event === OrderEventType.Denied || event === OrderEventType.Rejected ? DENY_REASONS
    : event === OrderEventType.Cancelled || event === OrderEventType.Expired || event === OrderEventType.Replaced ? ORDER_END_REASONS
      : code === FillReason.BeyondVisibleDepth ? ['', 'beyond_visible_depth'] : [];
  return names[code] ?? `reason_${code}`;
}

export class OrderAudit {
  private readonly writer: AuditTrailWriter;
  private lastFlush = performance.now();

  /**
   * Audit files go to `dir` (made if missing; a session's own directory, see the run command).
   * `session` (paper or live execution, asset class) is stamped on every file the trail opens.
   */
  constructor(dir: string, private readonly symbols: readonly string[], session?: Readonly<Record<string, string>>) {
    mkdirSync(dir, { recursive: true });
    this.writer = new AuditTrailWriter(dir, { flushEvery: 256, fsync: true, session });
  }

  /** Queue one order event (an OrderEvent record at `f64[base..]`). */
  onOrderEvent(f64: Float64Array, base: number): void {
    const at = (slot: number) => f64[base + slot];
    const event = EVENT_NAMES[at(OrderEvent.event)] ?? `event_${at(OrderEvent.event)}`;
    const instrument = at(OrderEvent.instrument);
    const fill = event === 'OrderFilled' || event === 'OrderPartiallyFilled';
    this.writer.append(fill ? 'fill' : 'order_event', at(OrderEvent.ts), {
      event, symbol: this.symbols[instrument] ?? `#${instrument}`, clientOrderId: at(OrderEvent.clientOrderId),
      intentId: at(OrderEvent.intentId), side: at(OrderEvent.side) > 0 ? 'buy' : 'sell', quantity: at(OrderEvent.quantity),
      limitPrice: at(OrderEvent.limitPrice),
      ...(fill
        ? { tradeId: at(OrderEvent.tradeId), lastQty: at(OrderEvent.lastQty), lastPrice: at(OrderEvent.lastPrice), cumQty: at(OrderEvent.cumQty),
          leavesQty: at(OrderEvent.leavesQty), feeUsd: at(OrderEvent.feeUsd) }
        : { edgeBps: at(OrderEvent.edgeBps), confidence: at(OrderEvent.confidence), arrivalMid: at(OrderEvent.arrivalMid),
          sizingReason: SIZING_REASON_NAMES[at(OrderEvent.sizingReason)] || 'none', sizingBound: SIZING_BOUND_NAMES[at(OrderEvent.sizingBound)] ?? 'none' }),
      ...(at(OrderEvent.reason) !== 0 ? { reason: reasonName(at(OrderEvent.event), at(OrderEvent.reason)) } : {}),
      // The alpha models that weighed most in the decision, with their shares: PnL attribution.
      ...(at(OrderEvent.attribution) > 0
        ? { attribution: unpackAttribution(at(OrderEvent.attribution), at(OrderEvent.attributionMore), ALPHA_MODEL_NAMES) }
        : {}),
    });
  }

  /**
   * Hand what is queued to the operating system (no fsync): L5 does it before publishing a
   * snapshot, so a restarted L5, which skips what the snapshot says is booked, cannot leave a
   * booked fill out of the trail.
   */
  writeOut(): void {
    this.writer.write();
  }

  /** Write what is queued if 100 ms have passed since the last write. */
  flushIfDue(): void {
    const now = performance.now();
    if (now - this.lastFlush < FLUSH_INTERVAL_MS) return;
    this.lastFlush = now;
    this.writer.flush();
  }

  /** The session's clean end: the trail is sealed (see AuditTrailWriter.seal) and closed. */
  close(): void {
    this.writer.seal('session_ended');
  }
}
