/**
 * The pipeline as data: which stage runs in which layer, which ring feeds it and which it feeds.
 * Everything about the shape of a session is derived from this one table: the rings the topology
 * allocates (name, record layout, producer, consumer), the threads a placement starts, and the
 * labels the metrics exporter puts on layers and rings.
 *
 *   L0 ingest --features--> L1 alpha --edges--> L2 ensemble --blended--> L3 sizing
 *      --intents--> L4 execution --order_events--> L5 risk
 *   L0 ingest --marks--> L5 risk   (a side input: market prices to value the book at)
 *   L0 ingest --market--> L4 execution   (a side input: the book and trades paper orders fill against)
 *
 * Each stage has one main input and one main output, which make the chain above, and may read
 * side inputs and write side outputs (a stage that needs market prices besides its main
 * records). Every ring has one producer and one consumer (the rings are SPSC): a record two
 * stages want is written to two rings.
 *
 * A placement groups consecutive stages into threads. Within a group, a stage hands each main
 * output record straight to the next one (no ring, no wake-up); between groups a ring carries
 * it, and side edges always go through a ring:
 * - `layered`: a thread per stage (the original six-layer shape; isolates a slow stage);
 * - `fused`: ingest, L1-L4 in one thread, risk: one ring wake-up on the tick-to-order path;
 * - `single`: every stage in one thread, for backtests and in-process runs (deterministic by
 *   construction, nothing to schedule).
 */
import { BlendedEdge, BookTop, Features, MarketState, OrderEvent, SizedIntent, SIZING_BOUND_NAMES, type RecordLayout } from '../shm/records.js';
import { Edges } from '../alpha/alpha-catalogue.js';
import { ALPHA_REFUSALS } from '../alpha/models/deep-onnx.js';
import { SIZER_REJECT_REASONS } from '../sizing/fixed-fraction.js';
import { EXECUTION_REJECT_REASONS } from '../execution/paper-fill-engine.js';
import { PRE_TRADE_DENIALS } from '../execution/pre-trade-checks.js';
import { FEATURE_REJECT_REASONS } from '../data/feature-engine.js';
import { BLEND_REJECT_REASONS } from '../ensemble/weighted-blend.js';
import { PORTFOLIO_REJECT_REASONS } from '../risk/portfolio.js';
import { WS_FEED_COUNTERS } from '../data/venues/ws-feed-counters.js';
import { BINANCE_FEED_COUNTERS } from '../data/venues/binance/binance-feed-counters.js';
import { BINANCE_REJECT_REASONS } from '../data/venues/binance/binance-message-layout.js';
import { SYNC_COUNTER_NAMES, SYNC_REJECT_FEED_REASONS } from '../data/venues/binance/binance-book-sync.js';
import { ALPACA_TOTAL_NAMES } from '../data/venues/alpaca/alpaca-feed-counters.js';
import { COINBASE_TOTAL_NAMES } from '../data/venues/coinbase/coinbase-feed-counters.js';
import { COINBASE_ADVANCED_TOTAL_NAMES } from '../data/venues/coinbase/coinbase-advanced-feed-counters.js';
import { CANDLE_REJECT_REASONS } from '../data/replay/candle-series.js';
// Types only: telemetry derives its per-layer blocks from this table, so it is never loaded here.
import type { LayerName } from './telemetry.js';

export interface StageSpec {
  readonly layer: LayerName;
  /** What the stage does; the `role` label of its metrics. */
  readonly role: string;
  /** The ring it reads (null: a source stage that reads a venue or a file). */
  readonly input: string | null;
  /** The ring it writes, with the layout of the records on it (null: the end of the line). */
  readonly output: RingOutput | null;
  /**
   * Rings it reads besides `input`, in the order the stage numbers them (`processSide(k, ...)`).
   * Always rings, even within one thread: the chain is the main edges only.
   */
  readonly sideInputs?: readonly string[];
  /**
   * The stage reads its side inputs only in step with its main input (execution: market states
   * wait for the intents): its thread need not wake for them, only for its main input.
   */
  readonly sideInputsFollowMain?: boolean;
  /** Rings it writes besides `output`. */
  readonly sideOutputs?: readonly RingOutput[];
  /**
   * The stage talks to the network (a live order gateway): the thread running it waits for its
   * input with `Atomics.waitAsync`, so socket callbacks never queue behind a blocking park.
   */
  readonly network?: boolean;
  /**
   * The metrics the stage declares beyond the counters every layer has: its refusal reasons
   * (`tradebot_refusals_total{reason}`, one shared-memory counter each, which its domain modules
   * count into) and any extra counters of its own (`feedCounters`: a source's feed counters; L3's
   * sizing decisions by the limit that bound them). Telemetry sizes the layer's blocks from these.
   */
  readonly refusals: readonly string[];
  readonly feedCounters?: readonly string[];
}

/**
 * L0's market-data feed, when the source is a venue connector: the websocket's counters, the
 * connector's, the decoders' refusals (`reject_<reason>`), the order books' (`book_<name>`,
 * summed over symbols) and Alpaca's and Coinbase's message counts (`msg_<type>`), for whichever venue runs.
 * Copied from the connector by L0's housekeeping timer, not per message.
 */
/** A candle replay's skipped rows go in L0's feed counters under this prefix and the reason. */
export const REPLAY_ROWS_PREFIX = 'replay_';

export const FEED_COUNTERS: readonly string[] = [...new Set([
  ...WS_FEED_COUNTERS,
  ...BINANCE_FEED_COUNTERS,
  ...BINANCE_REJECT_REASONS.map((r) => `reject_${r}`),
  ...SYNC_REJECT_FEED_REASONS.map((r) => `reject_${r}`),
  ...SYNC_COUNTER_NAMES.map((n) => `book_${n}`),
  ...ALPACA_TOTAL_NAMES,
  ...COINBASE_TOTAL_NAMES,
  ...COINBASE_ADVANCED_TOTAL_NAMES,
  // A candle replay's skipped rows, by reason, summed over its files.
  ...CANDLE_REJECT_REASONS.map((r) => `${REPLAY_ROWS_PREFIX}${r}`),
])];

export interface RingOutput { readonly ring: string; readonly layout: RecordLayout }

export const STAGE_GRAPH: readonly StageSpec[] = Object.freeze([
  {
    layer: 'L0', role: 'ingest', input: null, output: { ring: 'features', layout: Features },
    // The touch of every instrument, conflated per instrument: what the book is valued at. And
    // every event's book and trade for execution to fill against (MarketState).
    sideOutputs: [{ ring: 'marks', layout: BookTop }, { ring: 'market', layout: MarketState }],
    refusals: FEATURE_REJECT_REASONS, feedCounters: FEED_COUNTERS,
  },
  { layer: 'L1', role: 'alpha', input: 'features', output: { ring: 'edges', layout: Edges }, refusals: ALPHA_REFUSALS },
  { layer: 'L2', role: 'ensemble', input: 'edges', output: { ring: 'blended', layout: BlendedEdge }, refusals: BLEND_REJECT_REASONS },
  {
    layer: 'L3', role: 'sizing', input: 'blended', output: { ring: 'intents', layout: SizedIntent }, refusals: SIZER_REJECT_REASONS,
    // Sizing decisions by SizingBound (`tradebot_sizing_bound_total{bound}`), counted by the sizers.
    feedCounters: SIZING_BOUND_NAMES,
  },
  {
    layer: 'L4', role: 'execution', input: 'intents', output: { ring: 'order_events', layout: OrderEvent },
    // The market the paper fill engine fills against, merged with the intents by origin.
    sideInputs: ['market'], sideInputsFollowMain: true,
    // `halted`: intents refused after the orchestrator stopped new orders; `risk_halt`: intents
    // that would add exposure while L5's kill switch is tripped; the fill engine's own follow,
    // then the pre-trade checks' denials.
    refusals: ['halted', 'risk_halt', ...EXECUTION_REJECT_REASONS, ...PRE_TRADE_DENIALS],
  },
  { layer: 'L5', role: 'risk', input: 'order_events', output: null, sideInputs: ['marks'], refusals: PORTFOLIO_REJECT_REASONS },
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

/** Every ring a stage reads: its main input first, then its side inputs. */
export function inputsOf(stage: StageSpec): readonly string[] {
  return stage.input === null ? stage.sideInputs ?? [] : [stage.input, ...stage.sideInputs ?? []];
}

export const RING_SPECS: readonly RingSpec[] = STAGE_GRAPH.flatMap((stage) => {
  const outputs = stage.output === null ? stage.sideOutputs ?? [] : [stage.output, ...stage.sideOutputs ?? []];
  return outputs.map((output) => {
    const consumers = STAGE_GRAPH.filter((s) => inputsOf(s).includes(output.ring));
    if (consumers.length !== 1) {
      throw new Error(`stage graph: ring ${output.ring} has ${consumers.length} readers (a ring has exactly one)`);
    }
    return { name: output.ring, layout: output.layout, producer: stage.layer, consumer: consumers[0].layer };
  });
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

/** The placement group (thread) that runs `layer`. */
export function groupOf(kind: PlacementKind, layer: LayerName): readonly LayerName[] {
  const group = placementGroups(kind).find((g) => g.includes(layer));
  if (group === undefined) throw new Error(`stage graph: placement ${kind} runs no ${layer}`);
  return group;
}

/**
 * The rings a thread reads from other threads, its main one first: the group's first stage's
 * main input, then every side input of its stages whose producer runs elsewhere. A source
 * group has no main one; in the single placement every ring is read in the thread that writes it.
 */
export function threadInputs(kind: PlacementKind, group: readonly LayerName[]): readonly string[] {
  const fromElsewhere = (ring: string): boolean => !group.includes(RING_SPECS.find((r) => r.name === ring)!.producer);
  const main = stageOf(group[0]).input;
  const side = group.flatMap((l) => stageOf(l).sideInputs ?? []).filter(fromElsewhere);
  return main !== null && fromElsewhere(main) ? [main, ...side] : side;
}

/**
 * A thread that reads several rings cannot sleep on one ring's head: it sleeps on a doorbell
 * word of its own, which the producers of all its rings ring (see SpscRing.wakeVia). Returns the
 * doorbell (the index of the thread's owner layer) a ring's producer must ring, or -1 when its
 * consumer reads that ring alone and sleeps on the ring itself.
 */
export function doorbellOf(kind: PlacementKind, ring: string): number {
  const spec = RING_SPECS.find((r) => r.name === ring);
  if (spec === undefined) throw new Error(`stage graph: no ring ${ring}`);
  const group = groupOf(kind, spec.consumer);
  return threadInputs(kind, group).length > 1 ? GRAPH_LAYERS.indexOf(groupOwner(group)) : -1;
}
