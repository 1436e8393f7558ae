/**
 * What each layer worker reports, in shared memory: counters and latency histograms written by
 * that worker alone, read by the orchestrator at scrape time. Nothing here calls prom-client or
 * allocates on the hot path; the exporter turns these blocks into Prometheus series.
 */

import { LatencyHistogram } from '../shm/latency-histogram.js';
import { SharedCounters } from '../shm/shared-counters.js';
import { STAGE_GRAPH, FEED_COUNTERS } from './stage-graph.js';

export const LAYERS = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5'] as const;
export type LayerName = (typeof LAYERS)[number];


/** Counter names every layer has; the index is the position (hot path uses the index). */
export const LAYER_COUNTERS = [
  'records_in',        // records read from the main input (ring or, within a thread, the previous stage)
  'side_records_in',   // records read from side input rings (L5: marks)
  'records_out',       // records published downstream
  'bad_input',         // inputs rejected by validation (NaN price, crossed book, unknown symbol...)
  'conflated',         // ticks replaced by a newer tick for the same symbol on a full ring (L0); nothing else is ever discarded
  'batches',           // ring batches processed
  'intents',           // L3: intents emitted
  'orders',            // L4: orders sent
  'fills',             // L4: fills received for its orders (paper or venue)
  'orders_filled',     // L4: orders that filled in full
  'orders_cancelled',  // L4: orders that ended with something unfilled (cancelled or expired)
  'orders_seen',       // L5: OrderSubmitted events read off the order-events ring
  'fills_booked',      // L5: fills booked into the portfolio
  'rejects',           // L4: intents refused (halt, bad price or size; by reason in the refusal block)
  'gc_count',          // garbage collections in this worker's isolate (observed off the hot path)
  'ring_high_water',   // highest output ring fill level seen by the producer
  'duplicates_skipped', // inputs already processed before a restart, skipped on replay
  'params_version',    // version of the hot-reloaded params this worker last applied
  'bars',              // L0: candles read from replay files, or closed venue bars (Binance kline_1m) on a venue or recording source
  'order_digest',      // L4: FNV-1a of every order event (time, ids, side, size, price, fills): equal digests, equal orders and fills
  'seqlock_read_failures', // reads of a shared block (params, portfolio) that found no consistent version; previous values kept
  'market_forced',     // L4: market states applied ahead of the intents because nothing upstream could move the watermark; L5 (replays on several threads): marks taken ahead of execution's progress for the same reason
  'order_state_violations', // L4: order events the order state machine refused (an illegal transition, an overfill...); logged by kind
  'venue_reports',     // L4 live: reports of our orders the venue's stream pushed (executionReport, trade_updates)
  'venue_lookups',     // L4 live: orders looked up at the venue (reconcile after a reconnect and every 5 s, unanswered submits)
  'venue_send_failures', // L4 live: submits that got no answer (then looked up by client order id)
  'venue_not_placed',  // L4 live: orders that never reached the venue (refused before acting, or unknown to it after lookups)
  'venue_stream_connects', // L4 live: connections of the venue's order report stream (first and reconnects)
  'routed_member',     // L3 routed: edges of an instrument that follows its group's lead (execution.routing: best_price), not sized
  'routed_intents',    // L4 routed: intents split across the venues of their unified symbol
  'routed_orders',     // L4 routed: orders those intents became (one per venue given a part)
  'orders_replaced',   // L4: resting orders re-posted at the touch, or crossed, when their TTL ran out (makerReplaces, makerExpiry)
] as const;

export const Counter = Object.freeze(Object.fromEntries(LAYER_COUNTERS.map((n, i) => [n, i]))) as {
  readonly [K in (typeof LAYER_COUNTERS)[number]]: number;
};

/**
 * Why a layer refused an input, one counter per reason, as each stage declares in the stage graph:
 * ingest (a market event the feature engine would not take), ensemble (a model value it left out
 * of the blend), sizing (a signal it would not size), execution (an intent it would not send;
 * `halted` after the orchestrator stopped new orders) and risk (a fill the portfolio would not
 * book). The domain modules count straight into these slots, so a restarted worker carries on
 * from its predecessor's totals.
 */
export const LAYER_REFUSALS: Readonly<Record<LayerName, readonly string[]>> = Object.fromEntries(
  STAGE_GRAPH.map((s) => [s.layer, s.refusals]),
) as Record<LayerName, readonly string[]>;
/** Where the execution module's own reasons start in L4's refusal block (after `halted`, `risk_halt`). */
export const EXECUTION_REFUSALS_OFFSET = 2;

export { FEED_COUNTERS };
const feedCountersOf = (layer: LayerName): readonly string[] => STAGE_GRAPH.find((s) => s.layer === layer)?.feedCounters ?? [];

/** Shared-memory handles of one layer's telemetry, passable to a worker as workerData. */
export interface LayerTelemetrySabs {
  layer: LayerName;
  counters: SharedArrayBuffer;
  /** Refusals by reason (LAYER_REFUSALS[layer]). */
  refusals: SharedArrayBuffer;
  /** L0 only: FEED_COUNTERS. */
  feed: SharedArrayBuffer;
  /** Time from reading a batch off the input ring to publishing its outputs, per record. */
  layerLatency: SharedArrayBuffer;
  /** Time from the market event entering L0 (`t0`) to this layer's output (L4: tick-to-order). */
  sinceT0: SharedArrayBuffer;
  /** Time from `t0` to this layer reading the record off its input ring: where delay accumulates. */
  arrival: SharedArrayBuffer;
}

export class LayerTelemetry {
  readonly counters: SharedCounters;
  readonly refusals: SharedCounters;
  readonly feed: SharedCounters;
  readonly layerLatency: LatencyHistogram;
  readonly sinceT0: LatencyHistogram;
  readonly arrival: LatencyHistogram;

  static create(layer: LayerName): LayerTelemetry {
    return new LayerTelemetry({
      layer,
      counters: new SharedArrayBuffer(SharedCounters.bytesFor(LAYER_COUNTERS.length)),
      refusals: new SharedArrayBuffer(SharedCounters.bytesFor(LAYER_REFUSALS[layer].length)),
      feed: new SharedArrayBuffer(SharedCounters.bytesFor(feedCountersOf(layer).length)),
      layerLatency: new SharedArrayBuffer(LatencyHistogram.BYTES),
      sinceT0: new SharedArrayBuffer(LatencyHistogram.BYTES),
      arrival: new SharedArrayBuffer(LatencyHistogram.BYTES),
    });
  }

  constructor(readonly sabs: LayerTelemetrySabs) {
    this.counters = new SharedCounters(LAYER_COUNTERS, sabs.counters);
    this.refusals = new SharedCounters(LAYER_REFUSALS[sabs.layer], sabs.refusals);
    this.feed = new SharedCounters(feedCountersOf(sabs.layer), sabs.feed);
    this.layerLatency = new LatencyHistogram(sabs.layerLatency);
    this.sinceT0 = new LatencyHistogram(sabs.sinceT0);
    this.arrival = new LatencyHistogram(sabs.arrival);
  }
}

/**
 * Per-symbol trading figures, one float64 per (gauge, symbol). Each has one writing layer: L2 the
 * blended edge and confidence, L3 the target position, L5 the fill count. Positions and PnL come
 * from L5's portfolio snapshot block instead.
 */
export const SYMBOL_GAUGES = ['edge_blended_bps', 'model_confidence', 'position_target_usd', 'fills', 'stale', 'regime'] as const;
/**
 * `stale` (written by L0 with a venue source): 1 while the symbol has had no market data for too
 * long. `regime` (L1): the symbol's market regime code (src/alpha/regime-detector.ts).
 */
export const SymbolGauge = { edgeBlendedBps: 0, modelConfidence: 1, positionTargetUsd: 2, fills: 3, stale: 4, regime: 5 } as const;

export function symbolGaugeIndex(gauge: number, symbol: number, symbolCount: number): number {
  return gauge * symbolCount + symbol;
}

/**
 * Per alpha model, written by L2 once per batch: the share of its scored calls that got the
 * direction right, how many calls were scored, and its effective blend weight in each regime
 * (configured weight x the meta-learner's multiplier for that regime). One float64 each.
 */
export const ModelGauge = { hitRate: 0, scored: 1, driftScore: 2, driftAlarms: 3, inputPsi: 4 } as const;
const MODEL_GAUGES = 5;

export function modelGaugeIndex(gauge: number, model: number, modelCount: number): number {
  return gauge * modelCount + model;
}

export function modelWeightIndex(regime: number, model: number, modelCount: number): number {
  return (MODEL_GAUGES + regime) * modelCount + model;
}

export function modelGaugeSlots(modelCount: number, regimeCount: number): number {
  return (MODEL_GAUGES + regimeCount) * modelCount;
}

/**
 * What the orchestrator knows about the pipeline as a whole, in shared memory so the metrics
 * worker can export it without asking the orchestrator's thread. Single writer: the orchestrator.
 */
export const SUPERVISOR_COUNTERS = ['restarts', 'reloads_ok', 'reloads_failed', 'halted', 'stopping'] as const;
export const Supervisor = Object.freeze(Object.fromEntries(SUPERVISOR_COUNTERS.map((n, i) => [n, i]))) as {
  readonly [K in (typeof SUPERVISOR_COUNTERS)[number]]: number;
};
