/**
 * L4's per-record step, shared by the L4 worker and the fused L1-L4 worker: turn an intent into
 * an order and its paper fill, on the orders and fills rings to L5.
 *
 * After a halt, intents still in flight are refused (counted as rejects): no order leaves once
 * the orchestrator has said stop.
 *
 * Restart safety: an intent becomes an order at most once. A restarted worker reads the last
 * order it published (still in its slot: only this worker writes that ring) and skips intents
 * up to that id, which a crash between publishing and releasing would otherwise replay.
 */
import { PaperExecution } from '../../execution/paper-execution.js';
import { Fill, Order, SizedIntent, VenueId } from '../../shm/records.js';
import type { SpscRing } from '../../shm/spsc-ring.js';
import { EventClock } from '../../core/event-clock.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { Counter, EXECUTION_REFUSALS_OFFSET, LAYER_REFUSALS, type LayerTelemetry } from '../../pipeline/telemetry.js';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import { OrderDigest } from './order-digest.js';

const HALTED_REFUSAL = LAYER_REFUSALS.L4.indexOf('halted');

export class ExecutionStage {
  private readonly execution: PaperExecution;
  /** [last intent id executed, orders claimed in this batch] */
  private readonly state = new Float64Array(2);
  private readonly nowUs = new Float64Array(1);
  /**
   * Orders and fills carry event time (the intent's market event), never the wall clock: VaR, TTLs
   * and holding periods downstream then run on the market's time, and two replays of the same
   * data send identical orders.
   */
  private readonly clock = new EventClock();
  private readonly digest: OrderDigest;

  constructor(
    private readonly rt: LayerRuntime,
    private readonly orders: SpscRing,
    private readonly fills: SpscRing,
    private readonly telemetry: LayerTelemetry,
  ) {
    this.execution = new PaperExecution({
      feeBps: rt.params[RuntimeParam.feeBps], venue: VenueId.Synthetic, rejects: telemetry.refusals.view(EXECUTION_REFUSALS_OFFSET),
    });
    this.digest = new OrderDigest(telemetry.counters);
    const lastOrder = orders.lastPublishedIndex();
    this.state[0] = lastOrder >= 0 ? orders.f64[lastOrder + Order.intentId] : 0;
  }

  /** The id of the newest intent already executed (0 if none). */
  lastIntentId(): number {
    return this.state[0];
  }

  beginBatch(): void {
    this.execution.feeBps = this.rt.params[RuntimeParam.feeBps];
    this.state[1] = 0;
  }

  /** Execute one intent; false if it was a replay or refused. */
  execute(intent: Float64Array, base: number): boolean {
    const counters = this.telemetry.counters;
    const intentId = intent[base + SizedIntent.intentId];
    if (intentId <= this.state[0]) { counters.inc(Counter.duplicates_skipped); return false; }
    // Halted (repeated failures): intents already in flight are refused, not sent.
    if (this.rt.params[RuntimeParam.haltNewOrders] !== 0) {
      counters.inc(Counter.rejects);
      this.telemetry.refusals.inc(HALTED_REFUSAL);
      return false;
    }
    const orders = this.orders;
    const fills = this.fills;
    const o = this.rt.claimOne(orders);
    const f = this.rt.claimOne(fills);
    this.clock.advanceFrom(intent, base + SizedIntent.ts);
    this.clock.writeTo(this.nowUs, 0);
    if (!this.execution.execute(intent, base, orders.f64, o, fills.f64, f, this.nowUs[0])) {
      counters.inc(Counter.rejects);
      orders.unclaim(1);
      fills.unclaim(1);
      return false;
    }
    // One paper fill per intent: the intent id doubles as order and fill id, which keeps both
    // unique and increasing across restarts.
    orders.f64[o + Order.orderId] = intentId;
    this.digest.add(orders.f64, o);
    fills.f64[f + Fill.orderId] = intentId;
    fills.f64[f + Fill.fillId] = intentId;
    this.state[0] = intentId;
    this.state[1]++;
    return true;
  }

  /**
   * Publish the batch's orders, then their fills (a fill is never visible before its order), and
   * record each order's tick-to-order latency up to the runtime's batch-out time.
   */
  endBatch(): number {
    const sent = this.state[1];
    const orders = this.orders;
    const times = this.rt.times;
    for (let i = 0; i < sent; i++) {
      this.telemetry.sinceT0.record(times[BatchTime.batchOut] - orders.f64[orders.claimIndex(i) + Order.t0]);
    }
    orders.publish();
    this.fills.publish();
    const counters = this.telemetry.counters;
    counters.inc(Counter.orders, sent);
    counters.inc(Counter.fills, sent);
    counters.inc(Counter.records_out, sent);
    this.rt.noteFill(orders);
    return sent;
  }
}
