/**
 * The pipeline as data: which stage runs in which layer, which ring feeds it and which it feeds.
 * Everything about the shape of a session is derived from this one table: the rings the topology
 * allocates (name, record layout, producer, consumer), the threads a placement starts, and the
 * labels the metrics exporter puts on layers and rings.
 *
 *   L0 ingest --features--> L1 alpha --edges--> L2 ensemble --blended--> L3 sizing
 *      --intents--> L4 execution --order_events--> L5 risk
 *
 * A placement groups consecutive stages into threads. Within a group, a stage hands each output
 * record straight to the next one (no ring, no wake-up); between groups a ring carries it:
 * - `layered`: a thread per stage (the original six-layer shape; isolates a slow stage);
 * - `fused`: ingest, L1-L4 in one thread, risk: one ring wake-up on the tick-to-order path;
 * - `single`: every stage in one thread, for backtests and in-process runs (deterministic by
 *   construction, nothing to schedule).
 */
import { BlendedEdge, Features, OrderEvent, SizedIntent, type RecordLayout } from '../shm/records.js';
import { Edges } from '../alpha/alpha-catalogue.js';
import { SIZER_REJECT_REASONS } from '../sizing/fixed-fraction.js';
import { EXECUTION_REJECT_REASONS } from '../execution/paper-execution.js';
import { FEATURE_REJECT_REASONS } from '../data/feature-engine.js';
import { BLEND_REJECT_REASONS } from '../ensemble/weighted-blend.js';
import { PORTFOLIO_REJECT_REASONS } from '../risk/portfolio.js';
import { WS_FEED_COUNTERS } from '../data/venues/ws-feed-counters.js';
import { BINANCE_FEED_COUNTERS } from '../data/venues/binance/binance-feed-counters.js';
import { BINANCE_REJECT_REASONS } from '../data/venues/binance/binance-message-layout.js';
import { SYNC_COUNTER_NAMES } from '../data/venues/binance/binance-book-sync.js';
import { ALPACA_TOTAL_NAMES } from '../data/venues/alpaca/alpaca-feed-counters.js';
// Types only: telemetry derives its per-layer blocks from this table, so it is never loaded here.
import type { LayerName } from './telemetry.js';

export interface StageSpec {
  readonly layer: LayerName;
  /** What the stage does; the `role` label of its metrics. */
  readonly role: string;
  /** The ring it reads (null: a source stage that reads a venue or a file). */
  readonly input: string | null;
  /** The ring it writes, with the layout of the records on it (null: the end of the line). */
  readonly output: { readonly ring: string; readonly layout: RecordLayout } | null;
  /**
   * The stage talks to the network (a live order gateway): the thread running it waits for its
   * input with `Atomics.waitAsync`, so socket callbacks never queue behind a blocking park.
   */
  readonly network?: boolean;
  /**
   * The metrics the stage declares beyond the counters every layer has: its refusal reasons
   * (`tradebot_refusals_total{reason}`, one shared-memory counter each, which its domain modules
   * count into) and, for a source, its feed counters. Telemetry sizes the layer's blocks from these.
   */
  readonly refusals: readonly string[];
  readonly feedCounters?: readonly string[];
}

/**
 * L0's market-data feed, when the source is a venue connector: the websocket's counters, the
 * connector's, the decoders' refusals (`reject_<reason>`), the order books' (`book_<name>`,
 * summed over symbols) and Alpaca's message counts (`msg_<type>`), for whichever venue runs.
 * Copied from the connector by L0's housekeeping timer, not per message.
 */
export const FEED_COUNTERS: readonly string[] = [...new Set([
  ...WS_FEED_COUNTERS,
  ...BINANCE_FEED_COUNTERS,
  ...BINANCE_REJECT_REASONS.map((r) => `reject_${r}`),
  ...SYNC_COUNTER_NAMES.map((n) => `book_${n}`),
  ...ALPACA_TOTAL_NAMES,
])];

export const STAGE_GRAPH: readonly StageSpec[] = Object.freeze([
  {
    layer: 'L0', role: 'ingest', input: null, output: { ring: 'features', layout: Features },
    refusals: FEATURE_REJECT_REASONS, feedCounters: FEED_COUNTERS,
  },
  { layer: 'L1', role: 'alpha', input: 'features', output: { ring: 'edges', layout: Edges }, refusals: [] },
  { layer: 'L2', role: 'ensemble', input: 'edges', output: { ring: 'blended', layout: BlendedEdge }, refusals: BLEND_REJECT_REASONS },
  { layer: 'L3', role: 'sizing', input: 'blended', output: { ring: 'intents', layout: SizedIntent }, refusals: SIZER_REJECT_REASONS },
  {
    layer: 'L4', role: 'execution', input: 'intents', output: { ring: 'order_events', layout: OrderEvent },
    // `halted`: intents refused after the orchestrator stopped new orders; execution's own follow.
    refusals: ['halted', ...EXECUTION_REJECT_REASONS],
  },
  { layer: 'L5', role: 'risk', input: 'order_events', output: null, refusals: PORTFOLIO_REJECT_REASONS },
]);

/** The layers in graph order. */
const GRAPH_LAYERS: readonly LayerName[] = STAGE_GRAPH.map((s) => s.layer);

/** One ring of the graph: who writes it, who reads it, what it carries. */
export interface RingSpec {
  readonly name: string;
  readonly layout: RecordLayout;
  readonly producer: LayerName;
  readonly consumer: LayerName;
}

export const RING_SPECS: readonly RingSpec[] = STAGE_GRAPH.flatMap((stage) => {
  if (stage.output === null) return [];
  const consumer = STAGE_GRAPH.find((s) => s.input === stage.output!.ring);
  if (consumer === undefined) throw new Error(`stage graph: nobody reads ring ${stage.output.ring}`);
  return [{ name: stage.output.ring, layout: stage.output.layout, producer: stage.layer, consumer: consumer.layer }];
});

export const PLACEMENTS = ['layered', 'fused', 'single'] as const;
export type PlacementKind = (typeof PLACEMENTS)[number];

/** The threads of a placement: each a run of consecutive layers, in graph order. */
export function placementGroups(kind: PlacementKind): readonly (readonly LayerName[])[] {
  switch (kind) {
    case 'layered': return GRAPH_LAYERS.map((l) => [l]);
    case 'fused': return [['L0'], ['L1', 'L2', 'L3', 'L4'], ['L5']];
    case 'single': return [GRAPH_LAYERS];
  }
}

/**
 * The layer a group's thread answers as (its heartbeat, restarts, log prefix, the telemetry its
 * runtime writes): L0 for a group that holds the source, whose host drives the thread; otherwise
 * the last layer, so a fused L1-L4 thread is "L4", the layer whose orders leave the process.
 */
export function groupOwner(group: readonly LayerName[]): LayerName {
  return group.includes('L0') ? 'L0' : group[group.length - 1];
}

export function stageOf(layer: LayerName): StageSpec {
  const stage = STAGE_GRAPH.find((s) => s.layer === layer);
  if (stage === undefined) throw new Error(`stage graph: no stage in layer ${layer}`);
  return stage;
}
