/**
 * L4's per-record step, shared by the L4 worker and the fused L1-L4 worker: turn an intent into
 * an order, sent to paper execution, and publish the order's events (OrderSubmitted, then its
 * fills) on the order-events ring to L5.
 *
 * After a halt, intents still in flight are refused (counted as rejects): no order leaves once
 * the orchestrator has said stop.
 *
 * Exposure: every intent taken in and every fill received is added to the exposure block sizing
 * reads (see execution/execution-exposure.ts), published after the batch's events.
 *
 * Restart safety: an intent becomes an order at most once. A restarted worker reads the last
 * event it published (still in its slot: only this worker writes that ring) and skips intents up
 * to that event's intent id, which a crash between publishing and releasing would otherwise replay.
 */
import { PaperExecution } from '../../execution/paper-execution.js';
import { ExecutionExposure } from '../../execution/execution-exposure.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';
import { OrderEvent, OrderEventType, SizedIntent } from '../../shm/records.js';
import type { SpscRing } from '../../shm/spsc-ring.js';
import { EventClock } from '../../core/event-clock.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { Counter, EXECUTION_REFUSALS_OFFSET, LAYER_REFUSALS, type LayerTelemetry } from '../../pipeline/telemetry.js';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import { OrderDigest } from './order-digest.js';

const HALTED_REFUSAL = LAYER_REFUSALS.L4.indexOf('halted');

export class ExecutionStage {
  private readonly execution: PaperExecution;
  /** [last intent id executed, orders sent in this batch, fills in this batch] */
  private readonly state = new Float64Array(3);
  private readonly nowUs = new Float64Array(1);
  /**
   * Orders and fills carry event time (the intent's market event), never the wall clock: VaR, TTLs
   * and holding periods downstream then run on the market's time, and two replays of the same
   * data send identical orders.
   */
  private readonly clock = new EventClock();
  private readonly digest: OrderDigest;
  /** What became of the intents taken in, published for sizing once per batch. */
  private readonly exposure: ExecutionExposure;
  private readonly exposureBlock: SeqlockBlock;

  constructor(
    private readonly rt: LayerRuntime,
    private readonly events: SpscRing,
    private readonly telemetry: LayerTelemetry,
  ) {
    this.execution = new PaperExecution({
      feeBps: rt.params[RuntimeParam.feeBps], rejects: telemetry.refusals.view(EXECUTION_REFUSALS_OFFSET),
    });
    this.digest = new OrderDigest(telemetry.counters);
    this.exposureBlock = rt.exposureWriter();
    this.exposure = new ExecutionExposure(rt.config.symbols.length);
    this.exposure.restore(this.exposureBlock);
    const last = events.lastPublishedIndex();
    this.state[0] = last >= 0 ? events.f64[last + OrderEvent.intentId] : 0;
  }

  /** The id of the newest intent already executed (0 if none). */
  lastIntentId(): number {
    return this.state[0];
  }

  beginBatch(): void {
    this.execution.feeBps = this.rt.params[RuntimeParam.feeBps];
    this.state[1] = 0;
    this.state[2] = 0;
  }

  /** Execute one intent; false if it was a replay or refused. */
  execute(intent: Float64Array, base: number): boolean {
    const counters = this.telemetry.counters;
    const intentId = intent[base + SizedIntent.seq];
    if (intentId <= this.state[0]) { counters.inc(Counter.duplicates_skipped); return false; }
    this.exposure.onIntent(intent, base);
    // Halted (repeated failures): intents already in flight are refused, not sent.
    if (this.rt.params[RuntimeParam.haltNewOrders] !== 0) {
      counters.inc(Counter.rejects);
      this.telemetry.refusals.inc(HALTED_REFUSAL);
      return false;
    }
    const events = this.events;
    const submitted = this.rt.claimOne(events);
    const filled = this.rt.claimOne(events);
    this.clock.advanceFrom(intent, base + SizedIntent.ts);
    this.clock.writeTo(this.nowUs, 0);
    if (!this.execution.execute(intent, base, events.f64, submitted, filled, this.nowUs[0])) {
      counters.inc(Counter.rejects);
      events.unclaim(2);
      return false;
    }
    this.digest.add(events.f64, submitted);
    this.exposure.onFill(events.f64, filled);
    this.state[0] = intentId;
    this.state[1]++;
    this.state[2]++;
    return true;
  }

  /**
   * Publish the batch's order events (each order's submission before its fills, as claimed) and
   * record each order's tick-to-order latency up to the runtime's batch-out time.
   */
  endBatch(): number {
    const sent = this.state[1];
    const events = this.events;
    const times = this.rt.times;
    const claimed = events.pendingClaims();
    for (let i = 0; i < claimed; i++) {
      const e = events.claimIndex(i);
      // Submissions only: one latency sample per order.
      if (events.f64[e + OrderEvent.event] === OrderEventType.Submitted) this.telemetry.sinceT0.record(times[BatchTime.batchOut] - events.f64[e + OrderEvent.t0]);
    }
    events.publish();
    this.exposure.publish(this.exposureBlock);
    const counters = this.telemetry.counters;
    counters.inc(Counter.orders, sent);
    counters.inc(Counter.fills, this.state[2]);
    counters.inc(Counter.records_out, claimed);
    this.rt.noteFill(events);
    return sent;
  }
}
