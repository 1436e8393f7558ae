/**
 * L4's stage: turn an intent into an order, sent to paper execution, and emit the order's events
 * (OrderSubmitted, then its fills) towards L5.
 *
 * After a halt, intents still in flight are refused (counted as rejects): no order leaves once
 * the orchestrator has said stop.
 *
 * Exposure: every intent taken in and every fill received is added to the exposure block sizing
 * reads (see execution/execution-exposure.ts), published after the batch's events.
 *
 * Restart safety: an intent becomes an order at most once. The owner passes the intent id of the
 * last event its predecessor published (still in its ring slot: only this stage writes that
 * ring), and intents up to it are skipped, which a crash between publishing and releasing would
 * otherwise replay.
 */
import { PaperExecution } from '../../execution/paper-execution.js';
import { ExecutionExposure } from '../../execution/execution-exposure.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';
import { SizedIntent, SizingReason } from '../../shm/records.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { Counter, EXECUTION_REFUSALS_OFFSET, LAYER_REFUSALS, type LayerTelemetry } from '../../pipeline/telemetry.js';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import { OrderDigest } from './order-digest.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

const HALTED_REFUSAL = LAYER_REFUSALS.L4.indexOf('halted');
const RISK_HALT_REFUSAL = LAYER_REFUSALS.L4.indexOf('risk_halt');

export class ExecutionStage implements PipelineStage {
  private readonly execution: PaperExecution;
  /** [last intent id executed, orders sent in this batch] */
  private readonly state = new Float64Array(2);
  private readonly nowUs = new Float64Array(1);
  private readonly digest: OrderDigest;
  /** What became of the intents taken in, published for sizing once per batch. */
  private readonly exposure: ExecutionExposure;
  private readonly exposureBlock: SeqlockBlock;
  /** `t0` of each order sent this batch, for tick-to-order latency at the batch-out time. */
  private readonly orderT0: Float64Array;
  private readonly telemetry: LayerTelemetry;

  constructor(private readonly rt: LayerRuntime, private readonly out: OutputPort, lastIntentId: number) {
    this.telemetry = rt.telemetryOf('L4');
    this.execution = new PaperExecution({
      feeBps: rt.params[RuntimeParam.feeBps], rejects: this.telemetry.refusals.view(EXECUTION_REFUSALS_OFFSET),
    });
    this.digest = new OrderDigest(this.telemetry.counters);
    this.exposureBlock = rt.exposureWriter();
    this.exposure = new ExecutionExposure(rt.config.symbols.length);
    this.exposure.restore(this.exposureBlock);
    this.orderT0 = new Float64Array(rt.config.pipeline.ringCapacity);
    this.state[0] = lastIntentId;
  }

  beginBatch(): void {
    this.execution.feeBps = this.rt.params[RuntimeParam.feeBps];
    this.state[1] = 0;
  }

  process(intent: Float64Array, base: number): void {
    this.execute(intent, base);
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
    // L5's kill switch: sizing already holds back what adds exposure; an intent sized before
    // the switch tripped is stopped here, unless it only reduces or closes a position.
    if (Atomics.load(this.rt.riskHalt, 0) !== 0) {
      const reason = intent[base + SizedIntent.reason];
      if (reason === SizingReason.Open || reason === SizingReason.Increase || reason === SizingReason.Reverse) {
        counters.inc(Counter.rejects);
        this.telemetry.refusals.inc(RISK_HALT_REFUSAL);
        return false;
      }
    }
    const out = this.out;
    const submitted = out.claim();
    const filled = out.claim();
    // Orders and fills carry event time (the intent's market event), never the wall clock: VaR
    // and holding periods downstream run on the market's time, and replays send identical orders.
    const clock = this.rt.clock;
    clock.advanceFrom(intent, base + SizedIntent.ts);
    clock.writeTo(this.nowUs, 0);
    if (!this.execution.execute(intent, base, out.f64, submitted, filled, this.nowUs[0])) {
      counters.inc(Counter.rejects);
      out.unclaim();
      out.unclaim();
      return false;
    }
    this.digest.add(out.f64, submitted);
    this.exposure.onFill(out.f64, filled);
    const sent = this.state[1];
    if (sent < this.orderT0.length) this.orderT0[sent] = intent[base + SizedIntent.t0];
    this.state[0] = intentId;
    this.state[1] = sent + 1;
    out.commit(submitted);
    out.commit(filled);
    return true;
  }

  /**
   * Publish the batch's order events and the exposure, and record each order's tick-to-order
   * latency up to the runtime's batch-out time.
   */
  endBatch(): void {
    const sent = this.state[1];
    const times = this.rt.times;
    const sampled = sent < this.orderT0.length ? sent : this.orderT0.length;
    for (let i = 0; i < sampled; i++) this.telemetry.sinceT0.record(times[BatchTime.batchOut] - this.orderT0[i]);
    this.out.flush();
    this.exposure.publish(this.exposureBlock);
    const counters = this.telemetry.counters;
    counters.inc(Counter.orders, sent);
    counters.inc(Counter.fills, sent);
  }
}
