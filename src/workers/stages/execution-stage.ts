/**
 * L4's stage: intents become paper orders (src/execution/paper-fill-engine.ts) that fill against
 * the market L0 publishes on the `market` side ring, and every order event (OrderSubmitted,
 * OrderAccepted, fills, OrderCancelled, OrderExpired) goes towards L5.
 *
 * Two inputs merged by origin. An order must meet the market as it was after its decision, not
 * as it happens to be when the intent gets here: in the layered placement L0's market states
 * travel one hop while the intents travel four, so they arrive early. A market state is applied
 * only once sizing has decided on every event up to its origin (the highest origin seen on the
 * intents ring: intents, and the watermark sizing sends after each batch); until then it waits on
 * its ring, and `processSide` says so by returning false. So each order meets the same market
 * states in every placement and every replay. Escape hatch: a watermark that cannot move (see
 * `watermarkStuck`) is passed over, counted as `market_forced`.
 *
 * After a halt, intents still in flight are refused (counted as rejects): no order leaves once
 * the orchestrator has said stop. Every other intent passes the pre-trade checks first
 * (execution/pre-trade-gate.ts): a denied one is an OrderDenied naming the check, counted by
 * reason, and nothing is sent.
 *
 * Exposure: what was refused or left unfilled, every fill and what orders still have working are
 * published for sizing after each batch (see execution/execution-exposure.ts).
 *
 * Restart safety: an intent becomes an order at most once. The newest intent id submitted is kept
 * in the exposure block (and the last event on the order ring says as much), and intents up to it
 * are skipped, which a crash between publishing and releasing would otherwise replay. The fill
 * engine keeps its working orders in shared memory that outlives this thread, so a restarted
 * executor carries on with the orders its predecessor had working.
 *
 * Routed (`execution.routing: best_price`, paper): an intent of a routing group's lead is split
 * across its unified symbol's venues (execution/routing/routed-orders.ts) and each part is an
 * order of its own on that venue's instrument, through the same checks; the halt and kill-switch
 * checks above apply to the intent as a whole. With `orderStyle: auto` each intent takes or rests
 * by the maker-or-taker rule (`styleOf`), routed or not.
 *
 * Live (`--live`, rt.orderVenue set): intents that pass the checks go to the venue through
 * LiveOrderVenue instead of the paper engine; the venue's answers and reports arrive between
 * batches and are published by `publishVenueEvents`, as a batch of their own. At the end of the
 * session the working orders are cancelled at the venue (`settle`) before the stage shuts down.
 */
import { LIFECYCLE_VIOLATIONS, OrderLifecycle } from '../../execution/order-lifecycle.js';
import { EXECUTION_REJECT_REASONS, PaperFillEngine, type MakerExpiry, type OrderEventSink, type OrderStyle as EngineOrderStyle } from '../../execution/paper-fill-engine.js';
import { ExecutionExposure } from '../../execution/execution-exposure.js';
import { PreTradeGate } from '../../execution/pre-trade-gate.js';
import { Deny } from '../../execution/pre-trade-checks.js';
import { ControlWord } from '../../pipeline/topology.js';
import { RoutingGroups } from '../../execution/routing/routing-groups.js';
import type { SlicingMode } from '../../execution/order-slicing.js';
import { RoutedOrders } from '../../execution/routing/routed-orders.js';
import { intentOrderStyle, OrderStyle, STYLE_RULE_SLOTS, StyleRule } from '../../execution/routing/maker-taker-rule.js';
import { InstrumentRegistry } from '../../core/instrument-registry.js';
import { instrumentFeesOf } from '../../pipeline/venue-fees-config.js';
import type { SeqlockBlock } from '../../shm/seqlock-block.js';
import type { SpscRing } from '../../shm/spsc-ring.js';
import { Header, OrderEvent, OrderEventType, RecordKind, SizedIntent, SizingReason } from '../../shm/records.js';
import { RuntimeParam } from '../../pipeline/params.js';
import { STAGE_GRAPH } from '../../pipeline/stage-graph.js';
import { Counter, EXECUTION_REFUSALS_OFFSET, LAYER_REFUSALS, SymbolGauge, symbolGaugeIndex, type LayerTelemetry } from '../../pipeline/telemetry.js';
import { BatchTime, type LayerRuntime } from '../layer-runtime.js';
import { OrderDigest } from './order-digest.js';
// Types only: the live venue (and ccxt with it) is loaded by the host, and only in a live session.
import type { LiveOrderVenue } from '../../execution/live/live-order-venue.js';
import { LIVE_SETTLE_MS } from '../../execution/live/venue-execution.js';
import type { OutputPort, PipelineStage } from './pipeline-stage.js';

const HALTED_REFUSAL = LAYER_REFUSALS.L4.indexOf('halted');
const RISK_HALT_REFUSAL = LAYER_REFUSALS.L4.indexOf('risk_halt');
const PRE_TRADE_REFUSALS = LAYER_REFUSALS.L4.indexOf('kill_switch');
const VENUE_REJECTED_REFUSAL = LAYER_REFUSALS.L4.indexOf('venue_rejected');

/** Slots of ExecutionStage.state. */
const S = { lastIntent: 0, sent: 1, watermark: 2, fills: 3, stalls: 4, filled: 5, cancelled: 6, violations: 7, replaced: 8, progressSent: 9, lastSeq: 10 } as const;
/**
 * Most order events one intent can make at once: submitted, accepted, a taker fill per book level
 * it walks and the part priced beyond them, and an end (cancelled, expired); with room to spare.
 */
const EVENTS_PER_INTENT = 16;
/** Tries (with the host's park in between) before a stuck watermark is given up on. */
const STUCK_AFTER_TRIES = 3;

export class ExecutionStage implements PipelineStage, OrderEventSink {
  private readonly engine: PaperFillEngine;
  private readonly state = new Float64Array(Object.keys(S).length);
  /** Event time for the events written at shutdown. */
  private readonly nowUs = new Float64Array(1);
  private readonly digest: OrderDigest;
  /** What became of the intents taken in, published for sizing once per batch. */
  private readonly exposure: ExecutionExposure;
  private readonly exposureBlock: SeqlockBlock;
  /** `t0` of each order sent this batch, for tick-to-order latency at the batch-out time. */
  private readonly orderT0: Float64Array;
  private readonly telemetry: LayerTelemetry;
  /** The market ring (the host's own view of it): its fill level, and catching up before an intent. */
  private readonly marketRing: SpscRing;
  private readonly symbolCount: number;
  /** Precision, notional, stale-symbol, market-hours and order-rate checks before anything is sent. */
  private readonly gate: PreTradeGate;
  /** Every event emitted, checked against the order state machine. */
  private readonly lifecycle: OrderLifecycle;
  private readonly violationsLogged = new Float64Array(LIFECYCLE_VIOLATIONS.length);
  /** Per instrument, the position this executor's fills make (a view of the exposure block). */
  private readonly filledQty: Float64Array;
  /** The rings from L0 to this stage that intents travel (features ... intents), for their fill only. */
  private readonly pathRings: readonly SpscRing[];
  /** Watermarks of the market applied go to risk (replays: see sendProgress). */
  private readonly sendsProgress: boolean;
  readonly f64: Float64Array;
  /** A live session's venue (null: paper). */
  private readonly venue: LiveOrderVenue | null = null;
  private venueDrainScheduled = false;
  private venueRejectsSeen = 0;
  /** The live venue's stats already added to the shared counters (Counter order: see `countVenueStats`). */
  private readonly venueCounted = new Float64Array(5);
  /** Routed sessions: the split of a lead's intents across its venues (null: every order on its own venue). */
  private readonly routed: RoutedOrders | null = null;
  /** Per instrument, non-zero while L0 flags it stale (a view of the symbol gauges). */
  private readonly staleFlags: Float64Array;
  /** A routed part as an intent of its own, built here per part. */
  private readonly part = new Float64Array(SizedIntent.f64);
  /** `orderStyle: auto`: each intent takes or rests by the maker-or-taker rule (styleOf). */
  private readonly styleByRule: boolean;
  /** `orderStyle: maker`: every intent rests. */
  private readonly restsByConfig: boolean;
  /** The rule's fees for the intent at hand, and its share of the spread (StyleRule slots). */
  private readonly styleRule = new Float64Array(STYLE_RULE_SLOTS);

  constructor(private readonly rt: LayerRuntime, private readonly out: OutputPort, lastIntentId: number, lastEventSeq = 0) {
    this.telemetry = rt.telemetryOf('L4');
    const exec = rt.config.execution;
    const live = rt.orderVenue !== null;
    const instruments = InstrumentRegistry.fromConfig(rt.config, rt.venueMarkets).instruments;
    const instrumentFees = instrumentFeesOf(exec.venueFees, instruments.map((i) => i.venue));
    this.engine = new PaperFillEngine({
      instruments: rt.config.symbols.length,
      instrumentFees,
      feeBps: rt.params[RuntimeParam.feeBps],
      makerFeeBps: exec.makerFeeBps,
      latencyUs: exec.latencyMs * 1000,
      beyondDepthBps: exec.beyondDepthBps,
      // `auto` is decided per intent (styleOf); the engine's own style is then taker.
      orderStyle: exec.orderStyle === 'maker' ? 'maker' : 'taker',
      makerTtlUs: exec.makerTtlMs * 1000,
      makerReplaces: exec.makerReplaces,
      makerExpiry: exec.makerExpiry as MakerExpiry,
      queueModel: exec.queueModel as 'risk_averse' | 'power',
      maxOpenOrders: exec.maxOpenOrders,
      slicing: {
        mode: exec.slicing as SlicingMode, slices: exec.slices, intervalUs: exec.sliceIntervalMs * 1000,
        povFraction: exec.povFraction, aboveNotional: exec.sliceAboveUsd,
      },
      rejects: this.telemetry.refusals.view(EXECUTION_REFUSALS_OFFSET),
      // Live, the shared state that outlives this thread is the venue executor's journal instead.
      memory: live ? undefined : rt.executionState(),
    });
    this.engine.resumeAfter(lastEventSeq);
    this.state[S.lastSeq] = lastEventSeq;
    this.sendsProgress = rt.config.source.kind === 'replay';
    this.f64 = out.f64;
    this.digest = new OrderDigest(this.telemetry.counters);
    this.exposureBlock = rt.exposureWriter();
    const routing = RoutingGroups.fromConfig(rt.config);
    this.exposure = new ExecutionExposure(rt.config.symbols.length, routing.leadOf);
    this.exposure.restore(this.exposureBlock);
    this.orderT0 = new Float64Array(rt.config.pipeline.ringCapacity);
    this.state[S.lastIntent] = Math.max(lastIntentId, this.exposure.lastIntentId());
    this.marketRing = rt.ring('market');
    this.symbolCount = rt.config.symbols.length;
    this.gate = new PreTradeGate(rt.config, rt.venueMarkets);
    this.filledQty = this.exposure.values.subarray(this.symbolCount, 2 * this.symbolCount);
    // Room for every working order and the one being denied or submitted.
    this.lifecycle = new OrderLifecycle(exec.maxOpenOrders + 1);
    if (this.engine.resumed && !live) this.engine.forEachWorking((f, base) => this.lifecycle.adopt(f, base));
    const stale = symbolGaugeIndex(SymbolGauge.stale, 0, this.symbolCount);
    this.staleFlags = rt.symbolGauges.subarray(stale, stale + this.symbolCount);
    if (routing.routed && !live) {
      this.routed = new RoutedOrders(routing, instruments);
    }
    this.styleByRule = exec.orderStyle === 'auto';
    this.restsByConfig = exec.orderStyle === 'maker';
    this.styleRule[StyleRule.takeIfEdgeOverSpread] = exec.takeIfEdgeOverSpread;
    this.pathRings = STAGE_GRAPH.slice(1, STAGE_GRAPH.findIndex((st) => st.layer === 'L4') + 1).map((st) => rt.ring(st.input!));
    if (rt.orderVenue !== null) {
      if (rt.liveVenueModule === null) throw new Error('execution: a live session\'s host must load the live venue module first');
      this.venue = new rt.liveVenueModule.LiveOrderVenue(rt.orderVenue, {
        symbols: rt.config.symbols, feeBps: rt.params[RuntimeParam.feeBps], makerFeeBps: exec.makerFeeBps,
        orderStyle: exec.orderStyle as EngineOrderStyle, makerTtlMs: exec.makerTtlMs, maxOpenOrders: exec.maxOpenOrders,
        rejects: this.telemetry.refusals.view(EXECUTION_REFUSALS_OFFSET).subarray(0, EXECUTION_REJECT_REASONS.length),
        onPending: () => this.scheduleVenueDrain(), log: (message) => rt.log(message), memory: rt.executionState(),
      });
      this.venue.executor.resumeAfter(lastEventSeq);
      this.venue.executor.forEachWorking((f, base) => this.lifecycle.adopt(f, base));
      if (this.venue.executor.adoptedCount > 0) rt.log(`live execution: took over ${this.venue.executor.adoptedCount} orders working at the venue; looking them up`);
      rt.log(`live execution: orders go to ${rt.orderVenue.label} (${rt.orderVenue.sandbox ? 'test environment' : 'REAL ACCOUNT'})`);
      // Lookups and reconnects happen without any event to publish: their counts go out each second.
      setInterval(() => this.countVenueStats(), 1000).unref();
      this.venue.start().catch((error: unknown) => rt.log(`live execution: the venue's order report stream did not start (${(error as Error).message}); orders are followed by lookups until it connects`));
    }
  }

  beginBatch(): void {
    this.engine.feeBps = this.rt.params[RuntimeParam.feeBps];
    if (this.venue !== null) this.venue.executor.feeBps = this.engine.feeBps;
    this.state[S.sent] = 0;
    this.state[S.fills] = 0;
  }

  /** An intent, or sizing's watermark. */
  process(record: Float64Array, base: number): void {
    const origin = record[base + Header.origin];
    if (origin > this.state[S.watermark]) this.state[S.watermark] = origin;
    if (record[base + Header.kind] === RecordKind.Watermark) return;
    this.catchUpMarket(record, base);
    // An intent's events go out together or not at all: a restarted executor skips every intent
    // up to the newest one on the ring, so one published in part would lose the rest.
    this.out.makeRoom?.(EVENTS_PER_INTENT);
    this.execute(record, base);
  }

  /**
   * Before an intent: apply the market states of events before its own (L0 publishes them before
   * the features they go with, so they are on the ring by now). Orders and fills then leave in one
   * order whatever the batches were, which is what makes two runs' event streams identical.
   */
  private catchUpMarket(intent: Float64Array, base: number): void {
    const ring = this.marketRing;
    const f = ring.f64;
    // `available` can be late (it re-reads the producer's position only once what it last saw is
    // used up), so read until it says empty or a record is not older than the intent.
    for (;;) {
      const n = ring.available();
      let taken = 0;
      while (taken < n && f[ring.readIndex(taken) + Header.origin] < intent[base + Header.origin]) {
        const at = ring.readIndex(taken);
        this.rt.clock.advanceFrom(f, at + Header.ts);
        this.engine.onMarket(f, at, this);
        taken++;
      }
      if (taken > 0) {
        ring.release(taken);
        this.telemetry.counters.inc(Counter.side_records_in, taken);
      }
      if (taken < n || n === 0) return;
    }
  }

  /** A market state: applied once the intents have caught up with it (see the header). */
  processSide(_k: number, market: Float64Array, base: number): boolean {
    if (market[base + Header.origin] > this.state[S.watermark] && !this.watermarkStuck()) return false;
    this.state[S.stalls] = 0;
    this.rt.clock.advanceFrom(market, base + Header.ts);
    this.engine.onMarket(market, base, this);
    return true;
  }

  /**
   * The escape hatch: the market ring is half full, nothing is on its way from L0 to here on any
   * ring, and that has been so for several tries in a row (the host parks between tries). The
   * stages before this one dropped the events the watermark waits for, and only L0 can move it
   * now, which would wait on this ring for good.
   */
  private watermarkStuck(): boolean {
    if (this.marketRing.available() * 2 < this.marketRing.capacity) return false;
    for (let r = 0; r < this.pathRings.length; r++) {
      if (this.pathRings[r].size() > 0) { this.state[S.stalls] = 0; return false; }
    }
    if (++this.state[S.stalls] < STUCK_AFTER_TRIES) return false;
    this.telemetry.counters.inc(Counter.market_forced);
    return true;
  }

  /** Submit one intent as an order; false if it was a replay or refused. */
  execute(intent: Float64Array, base: number): boolean {
    const counters = this.telemetry.counters;
    const intentId = intent[base + SizedIntent.seq];
    if (intentId <= this.state[S.lastIntent]) { counters.inc(Counter.duplicates_skipped); return false; }
    this.state[S.lastIntent] = intentId;
    // Halted (repeated failures): intents already in flight are refused, not sent.
    if (this.rt.params[RuntimeParam.haltNewOrders] !== 0) return this.refuse(intent, base, HALTED_REFUSAL);
    // L5's kill switch: sizing already holds back what adds exposure; an intent sized before
    // the switch tripped is stopped here, unless it only reduces or closes a position.
    if (Atomics.load(this.rt.riskHalt, 0) !== 0) {
      const reason = intent[base + SizedIntent.reason];
      if (reason === SizingReason.Open || reason === SizingReason.Increase || reason === SizingReason.Reverse) {
        return this.refuse(intent, base, RISK_HALT_REFUSAL);
      }
    }
    // Orders carry event time (the intent's market event), never the wall clock: VaR and
    // holding periods downstream run on the market's time, and replays send identical orders.
    this.rt.clock.advanceFrom(intent, base + SizedIntent.ts);
    const style = this.styleOf(intent, base);
    const rests = style === OrderStyle.Post || (style === 0 && this.restsByConfig);
    const parts = this.routed === null ? 0 : this.routed.split(intent, base, this.engine, this.staleFlags, this.filledQty, rests);
    if (parts > 0) return this.sendParts(intent, base, parts, style);
    return this.send(intent, base, 0, style);
  }

  /**
   * OrderStyle.Take or Post for this intent under `orderStyle: auto` (the maker-or-taker rule, at
   * its instrument's fees), 0 otherwise (the engine's configured style).
   */
  private styleOf(intent: Float64Array, base: number): number {
    if (!this.styleByRule) return 0;
    const s = intent[base + SizedIntent.instrument];
    // An instrument outside the session is the fill engine's to refuse: the rule needs no fee for it.
    if (!(s >= 0 && s < this.symbolCount)) return 0;
    const rule = this.styleRule;
    rule[StyleRule.takerFeeBps] = this.engine.takerFeeBpsOf[s];
    rule[StyleRule.makerFeeBps] = this.engine.makerFeeBpsOf[s];
    return intentOrderStyle(intent, base, rule);
  }

  /**
   * One order through the pre-trade checks to the venue or the paper engine; false if refused.
   * `part`: its number within a routed intent (0 for an intent sent whole); `style`: OrderStyle
   * (0: the engine's configured one).
   */
  private send(order: Float64Array, base: number, part: number, style: number): boolean {
    // A live session asked to stop (the duration, a signal, a halt) sends nothing new: an intent
    // still on the ring would be placed at the venue only for the drain to cancel it, and under
    // the venue's rate limit the cancel can come too late and leave it working there.
    if (this.venue !== null && Atomics.load(this.rt.control, ControlWord.stopIngest) !== 0) {
      this.venue.executor.deny(order, base, Deny.session_stopping, this);
      return this.refuse(order, base, PRE_TRADE_REFUSALS + Deny.session_stopping - Deny.kill_switch);
    }
    const instrument = order[base + SizedIntent.instrument];
    const stale = instrument >= 0 && instrument < this.symbolCount && this.staleFlags[instrument] !== 0;
    const denied = this.gate.vet(order, base, this.filledQty, stale);
    // A price or quantity that is not a number is the fill engine's to refuse (and count).
    if (denied >= Deny.kill_switch) {
      if (this.venue !== null) this.venue.executor.deny(order, base, denied, this);
      else this.engine.deny(order, base, denied, this, part);
      return this.refuse(order, base, PRE_TRADE_REFUSALS + denied - Deny.kill_switch);
    }
    const passed = denied === Deny.none;
    // The engine counts its own refusal reason.
    const checked = passed ? this.gate.order : order;
    const at = passed ? 0 : base;
    const sent = this.venue !== null ? this.venue.executor.submit(checked, at, this) : this.engine.submit(checked, at, this, part, style);
    if (!sent) return this.refuse(order, base, -1);
    // What rounding to the lot took off will never be a position.
    if (passed) this.exposure.onRefused(this.gate.remainder, 0);
    return true;
  }

  /** A routed intent's parts (RoutedOrders.parts), each an order on its own venue's instrument. */
  private sendParts(intent: Float64Array, base: number, count: number, style: number): boolean {
    const counters = this.telemetry.counters;
    counters.inc(Counter.routed_intents);
    let sent = false;
    for (let k = 0; k < count; k++) {
      this.routed!.partIntent(k, intent, base, this.part);
      if (this.send(this.part, 0, k, style)) { counters.inc(Counter.routed_orders); sent = true; }
    }
    return sent;
  }

  /** An intent taken in and not sent: counted (by `refusal`, unless -1) and released from the exposure. */
  private refuse(intent: Float64Array, base: number, refusal: number): false {
    this.telemetry.counters.inc(Counter.rejects);
    if (refusal >= 0) this.telemetry.refusals.inc(refusal);
    this.exposure.onRefused(intent, base);
    return false;
  }

  // --- OrderEventSink: every event the engine writes passes here on its way out -------------------

  claim(): number {
    return this.out.claim();
  }

  commit(base: number): void {
    const f = this.out.f64;
    const event = f[base + OrderEvent.event];
    this.state[S.lastSeq] = f[base + OrderEvent.seq];
    this.digest.add(f, base);
    if (this.lifecycle.onEvent(f, base) >= 0) this.state[S.violations]++;
    if (event === OrderEventType.Submitted) {
      const sent = this.state[S.sent];
      if (sent < this.orderT0.length) this.orderT0[sent] = f[base + OrderEvent.t0];
      this.state[S.sent] = sent + 1;
    } else if (event === OrderEventType.Filled || event === OrderEventType.PartiallyFilled) {
      this.gate.onFill(f, base, this.filledQty);
      this.exposure.onFill(f, base);
      this.state[S.fills]++;
      if (event === OrderEventType.Filled) this.state[S.filled]++;
    } else if (event === OrderEventType.Cancelled || event === OrderEventType.Expired) {
      this.exposure.onEnded(f, base);
      this.state[S.cancelled]++;
    } else if (event === OrderEventType.Replaced) {
      this.state[S.replaced]++;
    }
    this.out.commit(base);
  }

  /**
   * Publish the batch's order events and the exposure, and record each order's tick-to-order
   * latency up to the runtime's batch-out time.
   */
  endBatch(): void {
    const sent = this.state[S.sent];
    const times = this.rt.times;
    const sampled = sent < this.orderT0.length ? sent : this.orderT0.length;
    for (let i = 0; i < sampled; i++) this.telemetry.sinceT0.recordBetween(times, BatchTime.batchOut, this.orderT0, i);
    if (this.sendsProgress) this.sendProgress();
    this.out.flush();
    this.exposure.setWorking(this.venue !== null ? this.venue.executor.openQty : this.engine.openQty, this.state[S.lastIntent]);
    this.exposure.publish(this.exposureBlock);
    const counters = this.telemetry.counters;
    counters.inc(Counter.orders, sent);
    counters.inc(Counter.fills, this.state[S.fills]);
    counters.inc(Counter.orders_filled, this.state[S.filled]);
    counters.inc(Counter.orders_cancelled, this.state[S.cancelled]);
    counters.inc(Counter.orders_replaced, this.state[S.replaced]);
    if (this.state[S.violations] > 0) this.reportViolations();
    this.state[S.sent] = 0;
    this.state[S.fills] = 0;
    this.state[S.filled] = 0;
    this.state[S.cancelled] = 0;
    this.state[S.replaced] = 0;
  }

  /**
   * Count the batch's order state violations and name them in the log: a run of the same kind
   * is logged at its 1st, 2nd, 4th, 8th... occurrence, so a systematic fault cannot flood it.
   */
  private reportViolations(): void {
    this.telemetry.counters.inc(Counter.order_state_violations, this.state[S.violations]);
    this.state[S.violations] = 0;
    const seen = this.lifecycle.violations;
    for (let v = 0; v < seen.length; v++) {
      const n = seen[v];
      // A new power of two reached since the last look: clz32 of the count went down.
      if (n > this.violationsLogged[v] && Math.clz32(n) < Math.clz32(this.violationsLogged[v])) {
        this.rt.log(`order state machine refused an event: ${LIFECYCLE_VIOLATIONS[v]} (${n} so far); the engine's events still went out`);
      }
      this.violationsLogged[v] = n;
    }
  }

  /**
   * Tell risk how far the market has been applied: every market state up to the origin of the
   * Watermark record written here has met the orders, so every fill it made is ahead of that
   * record on the ring. Risk values the book at a mark only once the fills before it are booked
   * (risk-stage.ts). The record carries the newest event number and intent id too, because a
   * restarted executor reads them off the ring's last record (stage-factories.ts). Replays only:
   * there L0 runs ahead of the fills by far more than a live feed's latency.
   */
  private sendProgress(): void {
    const ring = this.marketRing;
    let progress = this.state[S.watermark];
    // A state not yet applied (its turn comes with the next watermark) bounds the progress.
    if (ring.available() > 0) {
      const next = ring.f64[ring.readIndex(0) + Header.origin];
      if (next - 1 < progress) progress = next - 1;
    }
    if (!(progress > this.state[S.progressSent])) return;
    this.state[S.progressSent] = progress;
    const out = this.out;
    const o = out.claim();
    const f = out.f64;
    for (let k = 0; k < OrderEvent.f64; k++) f[o + k] = 0;
    f[o + Header.kind] = RecordKind.Watermark;
    f[o + Header.origin] = progress;
    f[o + OrderEvent.seq] = this.state[S.lastSeq];
    f[o + OrderEvent.intentId] = this.state[S.lastIntent];
    this.rt.clock.writeTo(f, o + Header.ts);
    out.commit(o);
  }

  /** Venue answers are waiting: publish them once the current turn of the event loop is over. */
  private scheduleVenueDrain(): void {
    if (this.venueDrainScheduled) return;
    this.venueDrainScheduled = true;
    setImmediate(() => {
      this.venueDrainScheduled = false;
      this.publishVenueEvents();
    });
  }

  /**
   * The venue's answers and reports, as a batch of their own: between batches (this thread runs
   * one thing at a time, and callbacks never run inside a batch), through the same commit as the
   * paper engine's events (state machine, exposure, digest).
   */
  private publishVenueEvents(): void {
    const venue = this.venue;
    if (venue === null) return;
    this.countVenueStats();
    if (venue.executor.pending() === 0) return;
    this.beginBatch();
    this.rt.clock.writeTo(this.nowUs, 0);
    venue.executor.drain(this, this.nowUs, 0);
    const rejected = venue.executor.stats.venueRejected;
    if (rejected > this.venueRejectsSeen) {
      this.telemetry.refusals.inc(VENUE_REJECTED_REFUSAL, rejected - this.venueRejectsSeen);
      this.telemetry.counters.inc(Counter.rejects, rejected - this.venueRejectsSeen);
      this.venueRejectsSeen = rejected;
    }
    this.endBatch();
  }

  /** The live venue's own counts, as deltas into the layer's shared counters (they outlive this thread). */
  private countVenueStats(): void {
    const venue = this.venue;
    if (venue === null) return;
    const stats = venue.executor.stats;
    const now = [stats.reports, stats.lookups, stats.sendFailures, stats.notPlaced, venue.streamStats.connects];
    const counters = [Counter.venue_reports, Counter.venue_lookups, Counter.venue_send_failures, Counter.venue_not_placed, Counter.venue_stream_connects];
    for (let k = 0; k < now.length; k++) {
      if (now[k] > this.venueCounted[k]) this.telemetry.counters.inc(counters[k], now[k] - this.venueCounted[k]);
      this.venueCounted[k] = now[k];
    }
  }

  /** Live: cancel what is still working at the venue and publish the answers, before shutdown. */
  async settle(): Promise<void> {
    const venue = this.venue;
    if (venue === null) return;
    // Inside the orchestrator's drain budget for live sessions, with room for the last answers.
    await venue.close(LIVE_SETTLE_MS - 1_000);
    this.publishVenueEvents();
  }

  /** The intents are done: orders still working expire with the session. */
  shutdown(): void {
    this.beginBatch();
    this.rt.clock.writeTo(this.nowUs, 0);
    this.engine.expireAll(this, this.nowUs, 0);
    this.endBatch();
  }
}
