/**
 * The shared memory of one pipeline: a ring per hop, the params and portfolio seqlock blocks, and
 * each layer's telemetry. Built once by the orchestrator; every worker (and every restart of a
 * worker) attaches to the same buffers, so a restarted layer resumes exactly where the ring
 * counters say its predecessor stopped.
 *
 *   L0 --features--> L1 --edges--> L2 --blended--> L3 --intents--> L4 --order_events--> L5
 *    +----------------------------------- marks ---------------------------------------> L5
 *                                                  ^               |                    |
 *                                                  +-- exposure ---+                    |
 *                               metrics, summary <------------- portfolio snapshot ------+
 */

import { SpscRing } from '../shm/spsc-ring.js';
import { SeqlockBlock } from '../shm/seqlock-block.js';
import type { RecordLayout } from '../shm/records.js';
import { RING_SPECS } from './stage-graph.js';
import { PortfolioSnapshot } from '../risk/portfolio.js';
import { ExecutionExposureLayout } from '../execution/execution-exposure.js';
import { VenueExecution } from '../execution/live/venue-execution.js';
import { PaperFillEngine } from '../execution/paper-fill-engine.js';
import type { PipelineConfig } from './config.js';
import { runtimeParamCount } from './params.js';
import { SharedCounters } from '../shm/shared-counters.js';
import { BookDepth } from '../data/book/book-depth-block.js';
import { ALPHA_MODEL_COUNT } from '../alpha/alpha-catalogue.js';
import { REGIME_COUNT } from '../alpha/regime-detector.js';
import { ConsolidatedBlock } from '../data/book/consolidated-top-block.js';
import { LearntLayout } from '../ensemble/meta-learner-state.js';
import { CONSOLIDATED_REJECT_REASONS } from '../data/book/consolidated-top-of-book.js';
import { multiVenuesOf } from './venue-symbols-config.js';
import { FEED_COUNTERS, LAYERS, LayerTelemetry, modelGaugeSlots, SUPERVISOR_COUNTERS, SYMBOL_GAUGES, type LayerName, type LayerTelemetrySabs } from './telemetry.js';

/** The rings of the stage graph (src/pipeline/stage-graph.ts), in graph order. */
export const RING_NAMES: readonly string[] = RING_SPECS.map((r) => r.name);
export type RingName = string;

export const RING_LAYOUTS: Readonly<Record<RingName, RecordLayout>> = Object.fromEntries(RING_SPECS.map((r) => [r.name, r.layout]));

/** Which layer produces and which consumes each ring. */
export const RING_ENDS: Readonly<Record<RingName, { producer: LayerName; consumer: LayerName }>> = Object.fromEntries(
  RING_SPECS.map((r) => [r.name, { producer: r.producer, consumer: r.consumer }]),
);

/** Int32 words of the control block (orchestrator <-> workers, never per tick). */
export const ControlWord = {
  /** L0 stops generating, publishes what it has and closes its ring: the drain starts. */
  stopIngest: 0,
  /** Heartbeats, one per layer (index = layer number + 1): bumped on every yield. */
  heartbeat: 1,
} as const;
const CONTROL_WORDS = 16;

/** Everything a worker needs, as structured-clonable SharedArrayBuffers. */
export interface Wiring {
  rings: Record<RingName, SharedArrayBuffer>;
  params: SharedArrayBuffer;
  portfolio: SharedArrayBuffer;
  /** What execution did with the intents it received (ExecutionExposure layout; L4 writes, L3 reads). */
  exposure: SharedArrayBuffer;
  /**
   * Per instrument: the signed quantity sizing has emitted so far, then the last intent id it
   * emitted (L3 alone reads and writes it; it outlives L3's restarts).
   */
  sizingLedger: SharedArrayBuffer;
  /** The paper fill engine's working orders and book copies (L4's own, kept across its restarts). */
  executionState: SharedArrayBuffer;
  symbolGauges: SharedArrayBuffer;
  /** Per alpha model: hit rate, calls scored, weight per regime (see telemetry.ts; L2 writes). */
  modelGauges: SharedArrayBuffer;
  /** Per alpha model: Features records it gave an opinion on, float64 each (L1 adds once per batch). */
  modelOpinions: SharedArrayBuffer;
  /** What L2's meta-learner has learnt (ensemble/meta-learner-state.ts; L2 writes, it outlives L2). */
  metaLearner: SharedArrayBuffer;
  /** L5's kill switch: Int32 word 0 = RiskHaltReason (L5 writes with Atomics; L3, L4 and the exporter read). */
  riskHalt: SharedArrayBuffer;
  control: SharedArrayBuffer;
  supervisor: SharedArrayBuffer;
  telemetry: Record<LayerName, LayerTelemetrySabs>;
  /** Per symbol: the top `source.bookLevels` levels of its order book (BookDepth layout). */
  bookDepth: SharedArrayBuffer[];
  /**
   * Per venue L0 reads, its FEED_COUNTERS block: the first is L0's own telemetry block, the others
   * exist in a session on several venues (source.cryptoVenues, in that order).
   */
  venueFeeds: SharedArrayBuffer[];
  /** Per unified symbol of source.consolidatedSymbols (several venues only): its ConsolidatedBlock. */
  consolidatedTop: SharedArrayBuffer[];
  /** Quotes the consolidated book refused, float64 per (venue, CONSOLIDATED_REJECT_REASONS). */
  consolidatedRejects: SharedArrayBuffer;
  /**
   * One doorbell word per thread owner (a cache line each, at DOORBELL_STRIDE * layer index): a
   * thread that reads several rings sleeps on its doorbell, and their producers ring it.
   */
  doorbells: SharedArrayBuffer;
}

/** Int32 words between two doorbells: one 64-byte line each, so two sleepers never share one. */
export const DOORBELL_STRIDE = 16;

export class Topology {
  readonly rings: Record<RingName, SpscRing>;
  readonly params: SeqlockBlock;
  readonly portfolio: SeqlockBlock;
  readonly exposure: SeqlockBlock;
  readonly symbolGauges: Float64Array;
  readonly modelGauges: Float64Array;
  readonly modelOpinions: Float64Array;
  readonly metaLearner: SeqlockBlock;
  readonly riskHalt: Int32Array;
  readonly control: Int32Array;
  readonly supervisor: SharedCounters;
  readonly telemetry: Record<LayerName, LayerTelemetry>;
  readonly bookDepth: SeqlockBlock[];
  readonly venueFeeds: SharedCounters[];
  readonly consolidatedTop: SeqlockBlock[];
  readonly consolidatedRejects: Float64Array;

  /** Allocate the shared memory for a config (in the orchestrator). */
  static create(cfg: PipelineConfig): Topology {
    const symbolCount = cfg.symbols.length;
    const capacity = cfg.pipeline.ringCapacity;
    const venues = multiVenuesOf(cfg);
    const telemetry = Object.fromEntries(LAYERS.map((l) => [l, LayerTelemetry.create(l).sabs])) as Record<LayerName, LayerTelemetrySabs>;
    return new Topology({
      rings: Object.fromEntries(RING_NAMES.map((name) => [
        name, SpscRing.create({ capacity, recordBytes: RING_LAYOUTS[name].bytes }).sab,
      ])) as Record<RingName, SharedArrayBuffer>,
      params: SeqlockBlock.create(runtimeParamCount(symbolCount)).sab,
      portfolio: SeqlockBlock.create(PortfolioSnapshot.fieldCount(symbolCount)).sab,
      exposure: SeqlockBlock.create(ExecutionExposureLayout.fieldCount(symbolCount)).sab,
      sizingLedger: new SharedArrayBuffer((symbolCount + 1) * 8),
      // The paper engine's state, or a live session's venue journal: whichever needs more.
      executionState: new SharedArrayBuffer(Math.max(
        PaperFillEngine.bytesFor(symbolCount, cfg.execution.maxOpenOrders), VenueExecution.bytesFor(cfg.execution.maxOpenOrders),
      )),
      symbolGauges: new SharedArrayBuffer(SYMBOL_GAUGES.length * symbolCount * 8),
      modelGauges: new SharedArrayBuffer(modelGaugeSlots(ALPHA_MODEL_COUNT, REGIME_COUNT) * 8),
      modelOpinions: new SharedArrayBuffer(ALPHA_MODEL_COUNT * 8),
      metaLearner: SeqlockBlock.create(LearntLayout.fieldCount(ALPHA_MODEL_COUNT, REGIME_COUNT)).sab,
      riskHalt: new SharedArrayBuffer(64),
      control: new SharedArrayBuffer(CONTROL_WORDS * 4),
      supervisor: new SharedArrayBuffer(SharedCounters.bytesFor(SUPERVISOR_COUNTERS.length)),
      telemetry,
      bookDepth: cfg.symbols.map(() => SeqlockBlock.create(BookDepth.fieldCount(cfg.source.bookLevels)).sab),
      venueFeeds: [telemetry.L0.feed, ...venues.slice(1).map(() => new SharedArrayBuffer(SharedCounters.bytesFor(FEED_COUNTERS.length)))],
      consolidatedTop: venues.length === 0 ? [] : Object.keys(cfg.source.consolidatedSymbols).map(() => SeqlockBlock.create(ConsolidatedBlock.fieldCount(venues.length)).sab),
      consolidatedRejects: new SharedArrayBuffer(Math.max(1, venues.length) * CONSOLIDATED_REJECT_REASONS.length * 8),
      doorbells: new SharedArrayBuffer(LAYERS.length * DOORBELL_STRIDE * 4),
    });
  }

  /** A view of shared memory built elsewhere (in the metrics worker, for instance). */
  constructor(readonly wiring: Wiring) {
    this.rings = Object.fromEntries(RING_NAMES.map((n) => [
      n, SpscRing.attach(wiring.rings[n], { recordBytes: RING_LAYOUTS[n].bytes }),
    ])) as Record<RingName, SpscRing>;
    this.params = SeqlockBlock.attach(wiring.params);
    this.portfolio = SeqlockBlock.attach(wiring.portfolio);
    this.exposure = SeqlockBlock.attach(wiring.exposure);
    this.symbolGauges = new Float64Array(wiring.symbolGauges);
    this.modelGauges = new Float64Array(wiring.modelGauges);
    this.modelOpinions = new Float64Array(wiring.modelOpinions);
    this.metaLearner = SeqlockBlock.attach(wiring.metaLearner);
    this.riskHalt = new Int32Array(wiring.riskHalt);
    this.control = new Int32Array(wiring.control);
    this.supervisor = new SharedCounters(SUPERVISOR_COUNTERS, wiring.supervisor);
    this.telemetry = Object.fromEntries(LAYERS.map((l) => [l, new LayerTelemetry(wiring.telemetry[l])])) as Record<LayerName, LayerTelemetry>;
    this.bookDepth = wiring.bookDepth.map((sab) => SeqlockBlock.attach(sab));
    this.venueFeeds = wiring.venueFeeds.map((sab) => new SharedCounters(FEED_COUNTERS, sab));
    this.consolidatedTop = wiring.consolidatedTop.map((sab) => SeqlockBlock.attach(sab));
    this.consolidatedRejects = new Float64Array(wiring.consolidatedRejects);
  }
}
