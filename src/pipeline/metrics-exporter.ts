/**
 * Turns the workers' shared-memory telemetry into Prometheus series at scrape time. Workers only
 * ever write plain numbers into their own blocks; everything prom-client does (labels, strings,
 * exposition) happens here, in the metrics worker, when someone scrapes.
 *
 * Names follow the Prometheus conventions, which test/pipeline/metrics-names.test.ts checks with
 * promtool: one `tradebot_` prefix, base units (seconds; fractions as `_ratio` rather than percent
 * or basis points), `_total` on counters. Money has no base unit, so amounts say `_usd`.
 */

import client from 'prom-client';
import type { LatencyHistogram } from '../shm/latency-histogram.js';
import { Refresh, SeqlockReader } from '../shm/seqlock-reader.js';
import { PortfolioSnapshot } from '../risk/portfolio.js';
import { RING_ENDS, RING_NAMES, type Topology } from './topology.js';
import { stageOf } from './stage-graph.js';
import { ALPHA_MODEL_NAMES } from '../alpha/alpha-catalogue.js';
import { RISK_HALT_REASONS } from '../risk/risk-limits.js';
import { REGIME_NAMES } from '../alpha/regime-detector.js';
import { registerConsolidatedMetrics, registerFeedMetrics, registerReplayMetrics } from './venue-metrics.js';
import { Counter, LAYERS, LAYER_REFUSALS, ModelGauge, modelGaugeIndex, modelWeightIndex, Supervisor, SymbolGauge, symbolGaugeIndex, type LayerName } from './telemetry.js';

/** Prometheus bucket bounds for latency, in seconds: 1 us .. 10 s. */
const LATENCY_BUCKETS_S = [
  1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 0.1, 1, 10,
];

type Values = { value: number; labels: Record<string, string | number>; metricName?: string }[];

/** A prom-client metric whose samples are histograms read from shared memory on each scrape. */
class SharedHistogramMetric {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly sources: () => { labels: Record<string, string>; histogram: LatencyHistogram }[],
  ) {}

  async get() {
    const values: Values = [];
    for (const { labels, histogram } of this.sources()) {
      const cumulative = cumulativeBuckets(histogram);
      LATENCY_BUCKETS_S.forEach((le, i) => {
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le }, value: cumulative[i] });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: histogram.count() });
      values.push({ metricName: `${this.name}_sum`, labels, value: histogram.sum() / 1e9 });
      values.push({ metricName: `${this.name}_count`, labels, value: histogram.count() });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

/**
 * For each fine histogram bucket, the first Prometheus bound its upper edge fits under (or the
 * bound count, for +Inf). Computed once: a scrape then folds 3,840 buckets in one pass instead of
 * comparing each against every bound.
 */
let boundOfBucket: Int32Array | undefined;
function boundIndexTable(h: LatencyHistogram): Int32Array {
  if (boundOfBucket) return boundOfBucket;
  const table = new Int32Array(h.bucketCount);
  for (let i = 0; i < h.bucketCount; i++) {
    const upperS = (h.bucketUpperBound(i) - 1) / 1e9;
    let b = 0;
    while (b < LATENCY_BUCKETS_S.length && upperS > LATENCY_BUCKETS_S[b]) b++;
    table[i] = b;
  }
  boundOfBucket = table;
  return table;
}

/** Counts at or below each Prometheus bound, from the fine log-linear buckets (1% resolution). */
function cumulativeBuckets(h: LatencyHistogram): number[] {
  const table = boundIndexTable(h);
  const out = new Array<number>(LATENCY_BUCKETS_S.length + 1).fill(0);
  for (let i = 0; i < table.length; i++) {
    const c = h.bucketValue(i);
    if (c !== 0) out[table[i]] += c;
  }
  for (let b = 1; b < out.length; b++) out[b] += out[b - 1];
  return out;
}

/** Every series reads shared memory only, so the registry can live in any thread. */
/**
 * `feedVenues`: the protocol of each venue connector L0 runs (`binance`, `alpaca`), for the feed
 * series' `venue` label; none (an in-process source), no feed series. `consolidatedSymbols`: the
 * unified symbols of a session on several venues (see venue-metrics.ts). `candleReplay`: the
 * session replays candle files, so their skipped rows are counted by reason.
 * `log`: where to report a shared block the exporter could not read (the operator's log).
 */
export function createMetricsRegistry(
  topo: Topology, symbolList: readonly string[], feedVenues: readonly string[] = [], log: (message: string) => void = () => {},
  consolidatedSymbols: readonly string[] = [], candleReplay = false,
): client.Registry {
  const registry = new client.Registry();
  const symbols = () => symbolList;
  const supervisor = (k: number) => topo.supervisor.get(k);
  // Labels come from the stage graph: a new stage gets its series without an edit here.
  const layerLabels = (l: LayerName) => ({ layer: l, role: stageOf(l).role });

  const layerCounter = (name: string, help: string, counter: number) => new client.Counter({
    name, help, labelNames: ['layer', 'role'], registers: [registry],
    collect() {
      this.reset();
      for (const l of LAYERS) this.inc(layerLabels(l), topo.telemetry[l].counters.get(counter));
    },
  });
  layerCounter('tradebot_records_in_total', 'Records read from the layer main input (records)', Counter.records_in);
  layerCounter('tradebot_side_records_in_total', 'Records read from the layer side input rings, such as the market marks risk values the book at (records)', Counter.side_records_in);
  layerCounter('tradebot_records_out_total', 'Records published by the layer (records)', Counter.records_out);
  layerCounter('tradebot_bad_input_total', 'Inputs rejected by validation (records)', Counter.bad_input);
  layerCounter('tradebot_gc_collections_total', 'Garbage collections in the layer worker isolate (collections)', Counter.gc_count);
  layerCounter('tradebot_duplicates_skipped_total', 'Inputs skipped after a restart because they were already processed (records)', Counter.duplicates_skipped);
  layerCounter('tradebot_seqlock_read_failures_total',
    'Reads of a shared block (params, portfolio) that found no consistent version, so the layer kept the previous values (reads)',
    Counter.seqlock_read_failures);
  layerCounter('tradebot_market_forced_total',
    'Market states execution applied ahead of the intents because the stages before it could not move its watermark; fills made then may differ between runs (records)',
    Counter.market_forced);

  new client.Counter({
    name: 'tradebot_conflated_total', help: 'Ticks replaced by a newer tick of the same symbol on a full ring (ticks)', registers: [registry],
    collect() { this.reset(); this.inc(topo.telemetry.L0.counters.get(Counter.conflated)); },
  });
  const simpleCounter = (name: string, help: string, read: () => number) => new client.Counter({
    name, help, registers: [registry], collect() { this.reset(); this.inc(read()); },
  });
  simpleCounter('tradebot_routed_member_edges_total',
    'Routed sessions: blended edges of a symbol that trades through its unified symbol\'s lead, so sizing did not size them (records)',
    () => topo.telemetry.L3.counters.get(Counter.routed_member));
  simpleCounter('tradebot_routed_intents_total', 'Routed sessions: intents split across the venues of their unified symbol (intents)',
    () => topo.telemetry.L4.counters.get(Counter.routed_intents));
  simpleCounter('tradebot_routed_orders_total', 'Routed sessions: orders the routed intents became, one per venue given a part (orders)',
    () => topo.telemetry.L4.counters.get(Counter.routed_orders));
  simpleCounter('tradebot_orders_replaced_total',
    'Resting paper orders re-priced in place when their TTL ran out: re-posted at the touch, or crossed (orders)',
    () => topo.telemetry.L4.counters.get(Counter.orders_replaced));
  simpleCounter('tradebot_intents_total', 'Sized intents emitted by L3 (intents)', () => topo.telemetry.L3.counters.get(Counter.intents));
  simpleCounter('tradebot_orders_total', 'Orders sent by L4 (orders)', () => topo.telemetry.L4.counters.get(Counter.orders));
  simpleCounter('tradebot_fills_total', 'Fills booked by L5 (fills)', () => topo.telemetry.L5.counters.get(Counter.fills_booked));
  simpleCounter('tradebot_order_state_violations_total', 'Order events the order state machine refused: illegal transitions, overfills, resent fills (events)',
    () => topo.telemetry.L4.counters.get(Counter.order_state_violations));
  simpleCounter('tradebot_rejects_total', 'Intents refused by execution (intents)', () => topo.telemetry.L4.counters.get(Counter.rejects));
  // A live session's venue (0 on paper): what it pushed, what was asked of it, and what never reached it.
  simpleCounter('tradebot_venue_order_reports_total', 'Reports of our orders pushed by the live venue\'s stream (reports)',
    () => topo.telemetry.L4.counters.get(Counter.venue_reports));
  simpleCounter('tradebot_venue_order_lookups_total', 'Orders looked up at the live venue: reconciles after a reconnect and every 5 s, unanswered submits (lookups)',
    () => topo.telemetry.L4.counters.get(Counter.venue_lookups));
  simpleCounter('tradebot_venue_send_failures_total', 'Order submits the live venue did not answer; each is then looked up by client order id (orders)',
    () => topo.telemetry.L4.counters.get(Counter.venue_send_failures));
  simpleCounter('tradebot_venue_orders_not_placed_total', 'Orders that never reached the live venue: refused before acting, or unknown to it after lookups (orders)',
    () => topo.telemetry.L4.counters.get(Counter.venue_not_placed));
  simpleCounter('tradebot_venue_stream_connects_total', 'Connections of the live venue\'s order report stream, the first and every reconnect (connections)',
    () => topo.telemetry.L4.counters.get(Counter.venue_stream_connects));
  new client.Counter({
    name: 'tradebot_refusals_total', help: 'Inputs a layer refused, by layer and reason: market events ingest would not take, model values the ensemble left out, signals sizing would not size, intents execution would not send, fills risk would not book (refusals)',
    labelNames: ['layer', 'role', 'reason'], registers: [registry],
    collect() {
      this.reset();
      for (const l of LAYERS) {
        const block = topo.telemetry[l].refusals;
        LAYER_REFUSALS[l].forEach((reason, i) => this.inc({ ...layerLabels(l), reason }, block.get(i)));
      }
    },
  });
  if (feedVenues.length > 0) registerFeedMetrics(registry, topo, feedVenues);
  if (candleReplay) registerReplayMetrics(registry, topo);
  if (consolidatedSymbols.length > 0) registerConsolidatedMetrics(registry, topo, consolidatedSymbols, feedVenues, log);
  // L3's extra block holds its decisions by SIZING_BOUND_NAMES (see the stage graph).
  new client.Counter({
    name: 'tradebot_sizing_bound_total',
    help: 'Sizing decisions by the limit that bound them: intents cut by a limit (or by none), and trades a limit stopped: min_order, cost_gate, no_trade_band (decisions)',
    labelNames: ['bound'], registers: [registry],
    collect() {
      this.reset();
      const block = topo.telemetry.L3.feed;
      block.names.forEach((bound, i) => this.inc({ bound }, block.get(i)));
    },
  });
  simpleCounter('tradebot_worker_restarts_total', 'Layer workers restarted after a failure (restarts)', () => supervisor(Supervisor.restarts));
  simpleCounter('tradebot_config_reloads_total', 'Config reloads applied (reloads)', () => supervisor(Supervisor.reloads_ok));
  simpleCounter('tradebot_config_reload_failures_total', 'Config reloads rejected, old values kept (reloads)', () => supervisor(Supervisor.reloads_failed));

  new client.Gauge({
    name: 'tradebot_ring_records', help: 'Records waiting in each ring (records)', labelNames: ['ring', 'producer', 'consumer'], registers: [registry],
    collect() { for (const r of RING_NAMES) this.set({ ring: r, ...RING_ENDS[r] }, topo.rings[r].size()); },
  });
  new client.Gauge({
    name: 'tradebot_params_version', help: 'Version of the hot-reloaded params each layer last applied; equal across layers once a reload has reached them all (version)',
    labelNames: ['layer', 'role'], registers: [registry],
    collect() { for (const l of LAYERS) this.set(layerLabels(l), topo.telemetry[l].counters.get(Counter.params_version)); },
  });
  new client.Gauge({
    name: 'tradebot_ring_high_water_records', help: 'Highest output ring fill level seen by each producing layer (records)', labelNames: ['layer', 'role'], registers: [registry],
    collect() { for (const l of LAYERS) this.set(layerLabels(l), topo.telemetry[l].counters.get(Counter.ring_high_water)); },
  });
  new client.Gauge({
    name: 'tradebot_kill_switch', help: 'L5 kill switch by the limit that tripped it: 1 for the tripped limit (daily_loss, drawdown, var), 0 otherwise; while tripped only reducing intents go out (boolean)',
    labelNames: ['reason'], registers: [registry],
    collect() {
      const reason = Atomics.load(topo.riskHalt, 0);
      RISK_HALT_REASONS.forEach((name, i) => { if (i > 0) this.set({ reason: name }, reason === i ? 1 : 0); });
    },
  });
  new client.Gauge({
    name: 'tradebot_halted', help: 'Whether the pipeline refuses new orders after repeated failures (1 halted, 0 trading)', registers: [registry],
    collect() { this.set(supervisor(Supervisor.halted)); },
  });

  // Shared memory keeps the units the layers compute in (bps, percent); Prometheus gets base
  // units, so the conversions happen here, once per scrape.
  const perSymbol = (name: string, help: string, gauge: number, divisor = 1) => new client.Gauge({
    name, help, labelNames: ['symbol'], registers: [registry],
    collect() {
      const syms = symbols();
      syms.forEach((s: string, i: number) => this.set({ symbol: s }, topo.symbolGauges[symbolGaugeIndex(gauge, i, syms.length)] / divisor));
    },
  });
  perSymbol('tradebot_blended_edge_ratio', 'Blended expected edge per symbol, signed, as a fraction of price (ratio; 0.0001 = 1 bp)', SymbolGauge.edgeBlendedBps, 1e4);
  perSymbol('tradebot_model_confidence_ratio', 'Blended model confidence per symbol (ratio, 0..1)', SymbolGauge.modelConfidence);
  new client.Gauge({
    name: 'tradebot_symbol_regime', help: 'Market regime of each symbol as L1 last classified it: 1 for its current regime, 0 for the others (boolean)',
    labelNames: ['symbol', 'regime'], registers: [registry],
    collect() {
      const syms = symbols();
      syms.forEach((symbol: string, i: number) => {
        const current = topo.symbolGauges[symbolGaugeIndex(SymbolGauge.regime, i, syms.length)];
        REGIME_NAMES.forEach((regime, r) => this.set({ symbol, regime }, current === r ? 1 : 0));
      });
    },
  });
  perSymbol('tradebot_symbol_stale', 'Whether a symbol has had no market data for too long (1) or not (0) (boolean)', SymbolGauge.stale);
  perSymbol('tradebot_position_target_usd', 'Target position per symbol set by sizing (USD)', SymbolGauge.positionTargetUsd);
  // Per alpha model, from L2's gauges: what the blend weighs it at and how its calls turned out.
  const perModel = (name: string, help: string, gauge: number) => new client.Gauge({
    name, help, labelNames: ['model'], registers: [registry],
    collect() {
      ALPHA_MODEL_NAMES.forEach((model, k) => this.set({ model }, topo.modelGauges[modelGaugeIndex(gauge, k, ALPHA_MODEL_NAMES.length)]));
    },
  });
  new client.Gauge({
    name: 'tradebot_model_weight',
    help: 'Weight the blend gives each alpha model in each market regime: its configured weight times the meta-learner\'s multiplier for that regime (0 = off) (weight)',
    labelNames: ['model', 'regime'], registers: [registry],
    collect() {
      ALPHA_MODEL_NAMES.forEach((model, k) => REGIME_NAMES.forEach((regime, r) => {
        this.set({ model, regime }, topo.modelGauges[modelWeightIndex(r, k, ALPHA_MODEL_NAMES.length)]);
      }));
    },
  });
  perModel('tradebot_model_directional_accuracy_ratio', 'Directional accuracy of each model: the share of its scored calls whose direction matched the move over the meta-learner\'s horizon (ratio, 0..1; 0.5 before any)', ModelGauge.hitRate);
  new client.Counter({
    name: 'tradebot_model_opinions_total',
    help: 'Features records each alpha model gave an opinion on in L1; a model that is off, or whose feed has nothing for the moment, gives none (records)',
    labelNames: ['model'], registers: [registry],
    collect() {
      this.reset();
      ALPHA_MODEL_NAMES.forEach((model, k) => this.inc({ model }, topo.modelOpinions[k]));
    },
  });
  perModel('tradebot_model_calls_scored', 'Calls of each model the meta-learner has scored so far (calls)', ModelGauge.scored);
  perModel('tradebot_model_drift_score', 'Page-Hinkley statistic of each model\'s scored losses over its alarm line (ratio; 1 = drift alarm)', ModelGauge.driftScore);
  perModel('tradebot_model_drift_alarms', 'Page-Hinkley drift alarms per model since the start (alarms)', ModelGauge.driftAlarms);
  perModel('tradebot_model_input_psi', 'Population stability index of a served model\'s inputs against its training distribution, the worst feature (ratio; > 0.25 a different population)', ModelGauge.inputPsi);
  new client.Counter({
    name: 'tradebot_symbol_fills_total', help: 'Fills booked by L5 per symbol (fills)', labelNames: ['symbol'], registers: [registry],
    collect() {
      const syms = symbols();
      this.reset();
      syms.forEach((s: string, i: number) => this.inc({ symbol: s }, topo.symbolGauges[symbolGaugeIndex(SymbolGauge.fills, i, syms.length)]));
    },
  });

  // One copy for all the portfolio series, refreshed by each (a version check when L5 has not
  // published since). If the block cannot be read (L5 died mid-write), the series keep the last
  // good values: a failed scrape would hide every other series too, and re-reading a stuck block
  // on every gauge would stall the scrape for a read budget each time.
  const portfolio = new SeqlockReader(topo.portfolio);
  const snapshot = (): Float64Array => {
    if (portfolio.refresh() === Refresh.failed) {
      log('could not read the portfolio snapshot block (no consistent version: L5 died mid-write or stalled); '
        + 'the portfolio series keep their last good values');
    }
    return portfolio.values;
  };
  new client.Gauge({
    name: 'tradebot_position_usd', help: 'Signed position per symbol at the last mark (USD notional)', labelNames: ['symbol'], registers: [registry],
    collect() {
      const snap = snapshot();
      symbols().forEach((s: string, i: number) => this.set({ symbol: s }, snap[PortfolioSnapshot.positionUsd + i]));
    },
  });
  new client.Gauge({
    name: 'tradebot_unrealized_pnl_usd', help: 'Unrealized PnL per symbol at the last mark (USD)', labelNames: ['symbol'], registers: [registry],
    collect() {
      const snap = snapshot();
      const n = symbols().length;
      symbols().forEach((s: string, i: number) => {
        const qty = snap[PortfolioSnapshot.positionQtyBase(n) + i];
        this.set({ symbol: s }, qty === 0 ? 0 : qty * (snap[PortfolioSnapshot.markPriceBase(n) + i] - snap[PortfolioSnapshot.avgPriceBase(n) + i]));
      });
    },
  });
  const portfolioGauge = (name: string, help: string, field: number, divisor = 1) => new client.Gauge({
    name, help, registers: [registry], collect() { this.set(snapshot()[field] / divisor); },
  });
  portfolioGauge('tradebot_pnl_usd', 'Realized plus unrealized PnL after fees (USD)', PortfolioSnapshot.totalPnl);
  portfolioGauge('tradebot_realized_pnl_usd', 'Realized PnL after fees (USD)', PortfolioSnapshot.realizedPnl);
  portfolioGauge('tradebot_equity_usd', 'Equity: cash plus positions at the last mark (USD)', PortfolioSnapshot.equity);
  portfolioGauge('tradebot_drawdown_ratio', 'Drawdown from peak equity as a fraction of the peak (ratio, 0..1)', PortfolioSnapshot.drawdownPct, 100);
  portfolioGauge('tradebot_max_drawdown_ratio', 'Deepest drawdown since the session started (ratio, 0..1)', PortfolioSnapshot.maxDrawdownPct, 100);
  portfolioGauge('tradebot_var_ratio', 'One-day 99% value at risk (risk.varMethod) as a fraction of equity (ratio)', PortfolioSnapshot.varPct, 100);
  portfolioGauge('tradebot_expected_shortfall_ratio', 'One-day 99% expected shortfall as a fraction of equity (ratio)', PortfolioSnapshot.esPct, 100);
  // Fees are non-negative and the portfolio sums them for the whole session (a restarted L5
  // restores the sum), so this is a counter. A value that is not a finite non-negative number
  // would make prom-client throw and fail the whole scrape; it is exported as 0 instead.
  new client.Counter({
    name: 'tradebot_fees_usd_total', help: 'Trading fees paid (USD)', registers: [registry],
    collect() {
      const fees = snapshot()[PortfolioSnapshot.feesUsd];
      this.reset();
      this.inc(fees > 0 && fees < Infinity ? fees : 0);
    },
  });

  registry.registerMetric(new SharedHistogramMetric(
    'tradebot_layer_latency_seconds', 'Per-layer latency, ring-in to ring-out (seconds)',
    () => LAYERS.filter((l) => l !== 'L0').map((l) => ({ labels: layerLabels(l), histogram: topo.telemetry[l].layerLatency })),
  ) as unknown as client.Metric);
  registry.registerMetric(new SharedHistogramMetric(
    'tradebot_arrival_seconds', 'Time from the market event entering L0 to each layer reading it off its input ring (seconds)',
    () => LAYERS.filter((l) => l !== 'L0').map((l) => ({ labels: layerLabels(l), histogram: topo.telemetry[l].arrival })),
  ) as unknown as client.Metric);
  registry.registerMetric(new SharedHistogramMetric(
    'tradebot_tick_to_order_seconds', 'End-to-end latency from market event in L0 to order sent in L4 (seconds)',
    () => [{ labels: {}, histogram: topo.telemetry.L4.sinceT0 }],
  ) as unknown as client.Metric);
  return registry;
}
