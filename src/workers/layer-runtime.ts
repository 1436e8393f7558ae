/**
 * The part every layer worker shares: attach to the topology's shared memory, drive the input
 * ring with the configured wait strategy, keep telemetry, pick up reloaded params, and come up
 * for air regularly so control messages (and GC observation) get their turn on the event loop.
 *
 * A worker parks inside `Atomics.wait` when idle, which blocks its event loop; the park timeout
 * bounds how long a control message can wait for it. Under load the loop yields every few
 * milliseconds instead. Neither path is per tick.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { PerformanceObserver } from 'node:perf_hooks';
import { SpscRing } from '../shm/spsc-ring.js';
import { READ_FAILED, SeqlockBlock } from '../shm/seqlock-block.js';
import { PortfolioSnapshot } from '../risk/portfolio.js';
import { Refresh, SeqlockReader } from '../shm/seqlock-reader.js';
import { createWaitStrategy, type WaitStrategy } from '../shm/wait-strategy.js';
import { monoNs } from '../shm/clock.js';
import { EventClock } from '../core/event-clock.js';
import type { PipelineConfig } from '../pipeline/config.js';
import { RING_LAYOUTS, ControlWord, DOORBELL_STRIDE, type RingName, type Wiring } from '../pipeline/topology.js';
import { doorbellOf } from '../pipeline/stage-graph.js';
import { runtimeParamCount } from '../pipeline/params.js';
import { Counter, FEED_COUNTERS, LayerTelemetry, LAYERS, type LayerName } from '../pipeline/telemetry.js';
import { SharedCounters } from '../shm/shared-counters.js';
import type { MarketDataEndpoints } from '../data/venues/market-data-endpoints.js';
import type { VenueMarket } from '../data/venues/market-metadata/venue-markets.js';
import type { OrderVenueEndpoints } from '../execution/live/live-order-venue.js';
import type { CandleSeries } from '../data/replay/candle-series.js';

export interface LayerWorkerData {
  layer: LayerName;
  config: PipelineConfig;
  wiring: Wiring;
  /** How many times this layer has been restarted before (0 on first start). */
  restarts: number;
  /** L0 with a venue source: where to connect (the simulated exchange or the venue), one per venue read. */
  endpoints?: readonly MarketDataEndpoints[] | null;
  /** The consecutive layers this thread runs (its placement group); default `[layer]`. */
  group?: readonly LayerName[];
  /** A live session's venue metadata per symbol, for InstrumentRegistry.fromConfig; null elsewhere. */
  venueMarkets?: Readonly<Record<string, VenueMarket>> | null;
  /** This session's audit trail directory (made by the run command), null = no trail. */
  auditDir?: string | null;
  /** A `--live` session: where L4 sends orders; null = paper. */
  orderVenue?: OrderVenueEndpoints | null;
  /**
   * L0 of a candle replay: the files' bars as the run command's checks read them, one series per
   * symbol (structured-cloned into the worker, a copy of a few arrays). Without them L0 reads the
   * files itself.
   */
  replaySeries?: readonly CandleSeries[] | null;
}

/** One ring a thread reads (see `LayerRuntime.consumeMany`). */
export interface ThreadInput {
  readonly ring: SpscRing;
  /**
   * Reads records 0..n-1 and publishes its outputs; the runtime releases them afterwards. A side
   * input's stage may take fewer and return how many (the rest stay on the ring).
   */
  readonly onBatch: (n: number) => number | void;
  /** The telemetry of the stage that reads it. */
  readonly telemetry: LayerTelemetry;
  /** The group's main input (the first stage's `input`), rather than a side input. */
  readonly main: boolean;
  /**
   * A side input read only in step with the main input (StageSpec.sideInputsFollowMain): the
   * thread does not sleep on it, and reads it when it wakes for anything else.
   */
  readonly followsMain?: boolean;
}

/** Messages from a layer worker to the orchestrator. */
export type LayerWorkerMessage = { type: 'log'; message: string };

/** Control messages from the orchestrator (never on the per-tick path). */
export type ControlMessage = { type: 'crash-after-publish' } | { type: 'hang-after-publish' } | { type: 'stop-ingest' };

// Each trip to the event loop allocates (a promise, an immediate): a few hundred bytes that, at
// 200 trips a second, were most of what a busy layer allocated. 50 ms keeps control messages and
// the watchdog's heartbeat prompt enough and the young generation quiet.
/** Slots of `LayerRuntime.times`. */
export const BatchTime = { lastYield: 0, batchIn: 1, batchOut: 2 } as const;

const PARK_TIMEOUT_MS = 50;
const YIELD_EVERY_NS = 50e6;

export class LayerRuntime {
  readonly layer: LayerName;
  readonly layerIndex: number;
  readonly config: PipelineConfig;
  readonly telemetry: LayerTelemetry;
  readonly wait: WaitStrategy;
  readonly control: Int32Array;
  readonly symbolGauges: Float64Array;
  /** Per alpha model gauges (MODEL_GAUGES; L2 writes them). */
  readonly modelGauges: Float64Array;
  /** Per alpha model: records it gave an opinion on (L1 writes it; outlives L1's restarts). */
  readonly modelOpinions: Float64Array;
  /** L5's kill switch, word 0 = RiskHaltReason (see src/risk/risk-limits.ts). */
  readonly riskHalt: Int32Array;
  readonly restarts: number;
  /** Venue sources: one per venue read (several with source.cryptoVenues); empty otherwise. */
  readonly endpoints: readonly MarketDataEndpoints[];
  readonly venueMarkets: Readonly<Record<string, VenueMarket>> | null;
  readonly auditDir: string | null;
  readonly orderVenue: OrderVenueEndpoints | null;
  /** See LayerWorkerData.replaySeries. */
  readonly replaySeries: readonly CandleSeries[] | null;
  /**
   * A live session's venue module, loaded by the host before the stages are built (it brings ccxt,
   * a second or more of start-up, which a paper session's threads never pay).
   */
  liveVenueModule: typeof import('../execution/live/live-order-venue.js') | null = null;
  /**
   * The latest hot-reloadable params; refreshed between batches when their version moves. A
   * params block that cannot be read keeps the previous values (see `refreshParams`).
   */
  readonly params: Float64Array;
  private readonly paramsReader: SeqlockReader;
  private readonly wiring: Wiring;
  /** The doorbell words of every thread (see Wiring.doorbells). */
  private readonly doorbells: Int32Array;
  /** Test hook: throw after publishing the next batch's outputs, before releasing its inputs. */
  crashArmed = false;
  /** Test hook: spin forever at the same point, to exercise the orchestrator's watchdog. */
  hangArmed = false;
  stopRequested = false;
  /**
   * Batch timestamps (ns, see `BatchTime`). Kept in a typed array and never passed as arguments:
   * a double handed to or returned from a call that is not inlined is boxed on the heap, which
   * per batch was most of what a layer worker allocated.
   */
  readonly times = new Float64Array(3);
  /**
   * This thread's event time: the newest market-event time its stages have seen. Stages advance
   * it from the records they read and take decision times from it, never from the wall clock
   * (see core/event-clock.ts); in a replay it moves with the replayed market.
   */
  readonly clock = new EventClock();

  constructor(data: LayerWorkerData = workerData as LayerWorkerData) {
    this.layer = data.layer;
    this.layerIndex = LAYERS.indexOf(data.layer);
    this.config = data.config;
    this.wiring = data.wiring;
    this.restarts = data.restarts;
    this.endpoints = data.endpoints ?? [];
    this.venueMarkets = data.venueMarkets ?? null;
    this.auditDir = data.auditDir ?? null;
    this.orderVenue = data.orderVenue ?? null;
    this.replaySeries = data.replaySeries ?? null;
    this.telemetry = new LayerTelemetry(data.wiring.telemetry[data.layer]);
    this.wait = createWaitStrategy(data.config.pipeline.waitStrategy, {
      spins: data.config.pipeline.spins,
      parkTimeoutMs: PARK_TIMEOUT_MS,
    });
    this.control = new Int32Array(data.wiring.control);
    this.doorbells = new Int32Array(data.wiring.doorbells);
    this.symbolGauges = new Float64Array(data.wiring.symbolGauges);
    this.modelGauges = new Float64Array(data.wiring.modelGauges);
    this.modelOpinions = new Float64Array(data.wiring.modelOpinions);
    this.riskHalt = new Int32Array(data.wiring.riskHalt);
    this.paramsReader = new SeqlockReader(SeqlockBlock.attach(data.wiring.params, runtimeParamCount(data.config.symbols.length)));
    this.params = this.paramsReader.values;
    // Without a first version there are no previous values to fall back on: all-zero params
    // would mean no kill switch and no limits.
    if (this.refreshParams() !== true) {
      throw new Error(`${this.layer}: could not read the params block (no consistent version: the orchestrator left it mid-write?)`);
    }
    parentPort?.on('message', (msg: ControlMessage) => {
      if (msg.type === 'crash-after-publish') this.crashArmed = true;
      if (msg.type === 'hang-after-publish') this.hangArmed = true;
      if (msg.type === 'stop-ingest') this.stopRequested = true;
    });
    this.gcObserver = observeGcs(this.telemetry);
  }

  private readonly gcObserver: PerformanceObserver;

  /**
   * A line for the operator's log (the orchestrator prefixes the layer). For events worth a
   * human's attention (a venue disconnect, a resync), never per record.
   */
  log(message: string): void {
    parentPort?.postMessage({ type: 'log', message } satisfies LayerWorkerMessage);
  }

  /** The layer is done (its input closed and drained): let the worker thread exit. */
  finish(): void {
    this.gcObserver.disconnect();
    parentPort?.close();
  }

  /**
   * Another layer's telemetry block. Only the fused L1-L4 worker uses it: it does the work of
   * layers that have no thread of their own, so it is the single writer of their blocks.
   */
  telemetryOf(layer: LayerName): LayerTelemetry {
    if (layer === this.layer) return this.telemetry;
    let view = this.otherTelemetry.get(layer);
    if (view === undefined) {
      view = new LayerTelemetry(this.wiring.telemetry[layer]);
      this.otherTelemetry.set(layer, view);
    }
    return view;
  }

  /** Views of other layers' telemetry blocks, made once each. */
  private readonly otherTelemetry = new Map<LayerName, LayerTelemetry>();

  /** The shared top-of-book depth block of one symbol, to read (L0 writes it; anyone reads it). */
  bookDepthBlock(symbol: number): SeqlockBlock {
    return SeqlockBlock.attach(this.wiring.bookDepth[symbol]);
  }

  /** L0: a symbol's book-depth block, as its one writer (see `claimWriter`). */
  bookDepthWriter(symbol: number): SeqlockBlock {
    return this.claimWriter(SeqlockBlock.attach(this.wiring.bookDepth[symbol]), `book-depth block of ${this.config.symbols[symbol]}`);
  }

  /** L0 on several venues: the consolidated top block of each unified symbol, as their writer. */
  consolidatedTopWriters(): SeqlockBlock[] {
    const names = Object.keys(this.config.source.consolidatedSymbols);
    return this.wiring.consolidatedTop.map((sab, u) => this.claimWriter(SeqlockBlock.attach(sab), `consolidated top block of ${names[u]}`));
  }

  /** L0 on several venues: the feed counters of venue `venue` (0 is the layer's own block), and the consolidated rejects. */
  venueFeed(venue: number): SharedCounters {
    return venue === 0 ? this.telemetry.feed : new SharedCounters(FEED_COUNTERS, this.wiring.venueFeeds[venue]);
  }

  consolidatedRejects(): Float64Array {
    return new Float64Array(this.wiring.consolidatedRejects);
  }

  /**
   * Attach to a ring of the graph. A ring whose consumer reads several rings is told which
   * doorbell wakes that consumer (see `doorbellOf`); the producer is the only side that uses it.
   */
  ring(name: RingName): SpscRing {
    // One view per ring per thread: a view caches its end's position, so two views of one ring
    // in one thread (a stage that reads its side input itself, and its host) would disagree.
    let ring = this.rings.get(name);
    if (ring !== undefined) return ring;
    ring = SpscRing.attach(this.wiring.rings[name], { recordBytes: RING_LAYOUTS[name].bytes });
    const doorbell = doorbellOf(this.config.pipeline.topology, name);
    if (doorbell >= 0) ring.wakeVia(this.doorbells, doorbell * DOORBELL_STRIDE);
    this.rings.set(name, ring);
    return ring;
  }

  private readonly rings = new Map<RingName, SpscRing>();

  /** Execution's exposure block, to read (sizing). */
  exposureBlock(): SeqlockBlock {
    return SeqlockBlock.attach(this.wiring.exposure);
  }

  /** Execution's exposure block, as its one writer (L4; see `claimWriter`). */
  exposureWriter(): SeqlockBlock {
    return this.claimWriter(SeqlockBlock.attach(this.wiring.exposure), 'execution exposure block');
  }

  /**
   * Sizing's ledger (L3's own, kept across its restarts): the emitted quantity per instrument,
   * then the last intent id emitted.
   */
  sizingLedger(): Float64Array {
    return new Float64Array(this.wiring.sizingLedger);
  }

  /** The paper fill engine's state (L4's own, kept across its restarts; see PaperFillEngine). */
  executionState(): SharedArrayBuffer {
    return this.wiring.executionState;
  }

  /**
   * Single-thread placement: the stages reading this thread's output ring run in this thread too.
   * Set, a full output ring is emptied by running them instead of waiting for another thread.
   */
  drainDownstream: (() => void) | null = null;

  /**
   * Called (between batches, never per record) after a reload reached this worker, for state a
   * layer keeps outside the params array (L5's starting equity, L0's feature windows).
   */
  private readonly paramsListeners: (() => void)[] = [];

  /** Register a listener for reloads (see above); stages sharing a thread each register their own. */
  onParamsChange(listener: () => void): void {
    this.paramsListeners.push(listener);
  }

  /** The version of the params block this worker last applied (moves on every reload). */
  paramsVersion(): number {
    return this.paramsReader.heldVersion();
  }

  /** L2: the meta-learner's learnt-state block, as its one writer (see `claimWriter`). */
  metaLearnerWriter(): SeqlockBlock {
    return this.claimWriter(SeqlockBlock.attach(this.wiring.metaLearner), 'meta-learner block');
  }

  /**
   * The last order event number the portfolio block says is booked (0 before L5's first
   * snapshot): a session resumed from its trail continues numbering after its predecessor's.
   */
  portfolioLastEventSeq(): number {
    const block = SeqlockBlock.attach(this.wiring.portfolio);
    if (block.version() === 0) return 0;
    const snapshot = new Float64Array(block.fieldCount);
    return block.read(snapshot) === READ_FAILED ? 0 : snapshot[PortfolioSnapshot.lastEventSeq];
  }

  /** L5: the portfolio snapshot block, as its one writer (see `claimWriter`). */
  portfolioWriter(): SeqlockBlock {
    return this.claimWriter(SeqlockBlock.attach(this.wiring.portfolio), 'portfolio snapshot block');
  }

  /**
   * Take over a block this layer writes. A predecessor that was terminated mid-write left its
   * sequence odd: every reader would wait on it until their read budget ran out. The repair ends
   * that and is worth a line in the operator's log, since the block's contents were lost.
   */
  private claimWriter(block: SeqlockBlock, what: string): SeqlockBlock {
    if (block.claimWriter()) {
      this.log(`${what} was left mid-write by the previous ${this.layer} (repair #${block.repairs()}): `
        + 'readers keep their last good copy until this worker writes it again');
    }
    return block;
  }

  /**
   * Re-read the params block if the orchestrator published a new version; true if it did. A read
   * that gives up keeps the previous params, is counted (`seqlock_read_failures`) and logged.
   */
  refreshParams(): boolean {
    const result = this.paramsReader.refresh();
    if (result === Refresh.unchanged) return false;
    if (result === Refresh.failed) {
      this.noteReadFailure('params block', 'keeping the previous params');
      return false;
    }
    this.telemetry.counters.set(Counter.params_version, this.paramsReader.heldVersion());
    for (const listener of this.paramsListeners) listener();
    return true;
  }

  /**
   * A shared block this worker reads had no consistent version within the read budget (or holds
   * a dead writer's leftovers): counted for the metrics and logged. Rare, never per record.
   */
  noteReadFailure(what: string, consequence: string): void {
    this.telemetry.counters.inc(Counter.seqlock_read_failures);
    this.log(`could not read the ${what} (no consistent version: its writer died mid-write or stalled); ${consequence}`);
  }

  /**
   * Between batches: is it time to come up for air? A plain check, so the common "not yet" path
   * costs no promise (an `async` method would allocate one per batch).
   */
  dueForYield(): boolean {
    return this.times[BatchTime.batchIn] - this.times[BatchTime.lastYield] >= YIELD_EVERY_NS;
  }

  /** Yield to the event loop (control messages, GC observation), then pick up reloaded params. */
  async yieldNow(): Promise<void> {
    this.times[BatchTime.lastYield] = this.times[BatchTime.batchIn];
    this.beat();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.refreshParams();
  }

  /**
   * Claim one output slot, waiting for space: outputs are never dropped. A park can time out
   * while the consumer is slow or being restarted; each timeout is a heartbeat, so a layer
   * blocked behind a hung neighbour is not mistaken for hung itself. Returns the slot's index.
   *
   * `publishClaimed` publishes what the caller has claimed so far (its port's flush). It runs
   * when the ring is full before the wait: a batch that yields more records than the ring holds
   * (execution's events for a backlog of intents) has claimed slots its reader cannot see, and
   * the reader frees no slot until it sees them, so without an early publish the wait is forever.
   * A stage whose records must go out in groups makes room between groups (OutputPort.makeRoom),
   * so this last resort does not split one.
   */
  claimOne(ring: SpscRing, publishClaimed: (() => void) | null = null): number {
    if (this.drainDownstream !== null) {
      // Its reader is this very thread: waiting would wait forever, so let the reader run.
      while (ring.tryClaim(1) === 0) this.drainDownstream();
      return ring.claimIndex(ring.pendingClaims() - 1);
    }
    if (ring.tryClaim(1) === 0) {
      if (ring.pendingClaims() > 0) {
        if (publishClaimed !== null) publishClaimed();
        else ring.publish();
      }
      while (this.wait.awaitClaim(ring, 1) === 0) this.beat();
    }
    return ring.claimIndex(ring.pendingClaims() - 1);
  }

  /** Tell the orchestrator's watchdog this thread is alive (it restarts a layer that stops beating). */
  beat(): void {
    Atomics.add(this.control, ControlWord.heartbeat + this.layerIndex, 1);
  }

  /** Fires the crash test hook if armed. Called after outputs are published, before release. */
  maybeCrash(): void {
    if (this.hangArmed) for (;;); // a hung layer: no exception, no exit, no heartbeat
    if (this.crashArmed) {
      this.crashArmed = false;
      throw new Error(`${this.layer}: crash requested by test hook (after publish, before release)`);
    }
  }

  /**
   * Consume `input` until it is closed and drained. `onBatch(n)` reads records 0..n-1 and
   * publishes its outputs (through its stages' ports, then `markBatchOut` + `recordLatency`); the
   * runtime releases the inputs afterwards, so a crash inside `onBatch` leaves them in the ring
   * for the restarted worker.
   */
  async consume(
    input: SpscRing, onBatch: (n: number) => void, inputTelemetry: LayerTelemetry = this.telemetry, keepEventLoop = false,
  ): Promise<void> {
    const counters = inputTelemetry.counters;
    const times = this.times;
    for (;;) {
      // A thread with network I/O parks without blocking its event loop (see WaitStrategy).
      const n = keepEventLoop ? await this.wait.awaitReadableAsync(input) : this.wait.awaitReadable(input);
      if (n > 0) {
        times[BatchTime.batchIn] = monoNs();
        this.recordArrivals(input, n, inputTelemetry);
        this.refreshParams(); // one Atomics.load unless the orchestrator published new params
        onBatch(n);
        this.maybeCrash();
        input.release(n);
        counters.inc(Counter.records_in, n);
        counters.inc(Counter.batches);
        if (this.dueForYield()) await this.yieldNow();
      } else if (input.isClosed() && input.available() === 0) {
        return;
      } else {
        times[BatchTime.batchIn] = monoNs();
        await this.yieldNow();
      }
    }
  }

  /**
   * Consume several rings (main and side inputs from other threads) until every one is closed
   * and drained, sleeping on this thread's doorbell when all are empty (see `awaitAnyReadable`).
   * Each ring's batch is handled and released on its own, main first: a crash leaves the
   * unreleased records of every ring for the restarted worker. Only a main input records
   * arrival delays and counts `records_in` and `batches`; a side input's stage counts its own.
   */
  async consumeMany(inputs: readonly ThreadInput[], keepEventLoop = false): Promise<void> {
    const rings = inputs.filter((input) => input.followsMain !== true).map((input) => input.ring);
    const following = inputs.filter((input) => input.followsMain === true).map((input) => input.ring);
    // What to sleep on when the side inputs hold records their stage is not ready for: only
    // the main input can make them ready (see PipelineStage.processSide).
    const mainRings = inputs.filter((input) => input.main).map((input) => input.ring);
    const doorbellIndex = this.layerIndex * DOORBELL_STRIDE;
    const times = this.times;
    let stalled = false;
    for (;;) {
      const waitOn = stalled && mainRings.length > 0 ? mainRings : rings;
      const ready = keepEventLoop
        ? await this.wait.awaitAnyReadableAsync(waitOn, this.doorbells, doorbellIndex)
        : this.wait.awaitAnyReadable(waitOn, this.doorbells, doorbellIndex);
      if (ready > 0 || stalled || anyAvailable(following)) {
        times[BatchTime.batchIn] = monoNs();
        this.refreshParams();
        let progress = false;
        for (let r = 0; r < inputs.length; r++) {
          const input = inputs[r];
          const n = input.ring.available();
          if (n === 0) continue;
          if (input.main) this.recordArrivals(input.ring, n, input.telemetry);
          const taken = input.onBatch(n);
          const consumed = typeof taken === 'number' ? taken : n;
          this.maybeCrash();
          if (consumed > 0) {
            input.ring.release(consumed);
            progress = true;
          }
          if (input.main) {
            input.telemetry.counters.inc(Counter.records_in, n);
            input.telemetry.counters.inc(Counter.batches);
          }
        }
        stalled = !progress;
        if (stalled && this.inputsFinished(inputs)) return;
        // A stall parks on the main input next (no trip to the event loop: each allocates).
        if (this.dueForYield()) await this.yieldNow();
      } else if (this.inputsFinished(inputs)) {
        return;
      } else {
        times[BatchTime.batchIn] = monoNs();
        await this.yieldNow();
      }
    }
  }

  /**
   * Every input is closed and the main ones are drained: a side input may still hold records its
   * stage held back, which the stage chain's shutdown drains.
   */
  private inputsFinished(inputs: readonly ThreadInput[]): boolean {
    // A loop, not `every`: this runs on every stalled pass, and a callback would allocate each time.
    for (let r = 0; r < inputs.length; r++) {
      const ring = inputs[r].ring;
      if (!ring.isClosed() || (inputs[r].main && ring.available() !== 0)) return false;
    }
    return true;
  }

  /** Every record layout starts with `t0`, so arrival delay is measured the same way on any ring. */
  private recordArrivals(input: SpscRing, n: number, telemetry: LayerTelemetry): void {
    const arrival = telemetry.arrival;
    const f64 = input.f64;
    const tIn = this.times;
    for (let i = 0; i < n; i++) arrival.recordBetween(tIn, BatchTime.batchIn, f64, input.readIndex(i));
  }

  /** The batch's outputs are out: stamp the time its latency is measured to. */
  markBatchOut(): void {
    this.times[BatchTime.batchOut] = monoNs();
  }

  /** Record one batch's layer latency (ring-in to ring-out), once per record. */
  recordLatency(n: number): void {
    const t = this.times;
    this.telemetry.layerLatency.recordBetween(t, BatchTime.batchOut, t, BatchTime.batchIn, n);
  }

  /** Note a producer-side ring fill level for the high-water-mark gauge. */
  noteFill(ring: SpscRing): void {
    const used = ring.size();
    if (used > this.telemetry.counters.get(Counter.ring_high_water)) {
      this.telemetry.counters.set(Counter.ring_high_water, used);
    }
  }
}

/** Some ring of `rings` has a record to read. */
function anyAvailable(rings: readonly SpscRing[]): boolean {
  for (let r = 0; r < rings.length; r++) if (rings[r].available() > 0) return true;
  return false;
}

/** Count this isolate's GCs into telemetry; the observer's callback runs when the loop yields. */
function observeGcs(telemetry: LayerTelemetry): PerformanceObserver {
  const observer = new PerformanceObserver((list) => {
    telemetry.counters.inc(Counter.gc_count, list.getEntries().length);
  });
  observer.observe({ entryTypes: ['gc'] });
  return observer;
}
