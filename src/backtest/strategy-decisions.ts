/**
 * The project's own strategy as a decision function over candles, in one thread, no workers: what
 * a replay session decides for one instrument, bar by bar, for the look-ahead guard.
 *
 * Path, per bar, with the same domain modules and the same parameters as a session on the config:
 * - the bar becomes the replay's eight market events (CandleEventSource: open, low/high,
 *   high/low, close, each a quote then a trade; tick size from the first close, volume in the
 *   quote currency when source.replayVolumeIn says so), exactly as `--source replay` feeds L0;
 * - each event goes through the FeatureEngine (windows strategy.shortWindow / longWindow) and,
 *   once the symbol has a touch, its Features record through every alpha model switched on
 *   (AlphaSet, configured from the params block runtimeParamsFor builds), the WeightedBlend
 *   (model weights, minConfidence, topK, shrinkage; the meta-learner's multipliers when
 *   ensemble.metaLearningRate > 0) and the configured sizer (risk.sizer, fed every record with
 *   `observe`, then `size` against the position), as IngestStage, AlphaStage, EnsembleStage and
 *   SizingStage do;
 * - the position is the sizing ledger's: every emitted intent's signed quantity is assumed held
 *   (what SizingStage's exposure is when execution refuses and cancels nothing), marked at the
 *   latest mid.
 * The decision of bar i, labelled with its open time, is taken after its last event (its close):
 * the blended edge and confidence of that event and the target position (signed quantity and
 * its USD value at the mid) after it. A backtest may act on it from the bar's close on.
 *
 * Not covered (differences from a live or replay session):
 * - one instrument per run: pairs_cointegration has no partner, and the per-instrument risk limit
 *   is the one of `symbol` in the config;
 * - no external feeds (news, on-chain, funding files are not read), so those models never speak;
 *   deep_onnx runs only if the config switches it on and a promoted model loads;
 * - no execution and no L5: orders are assumed filled in full at once (no refusals, partial fills,
 *   latency or fees), and the risk kill switch (daily loss, drawdown, VaR) never trips; the stale
 *   symbol guard does not apply (a replay has no wall-clock gaps);
 * - the meta-learner's multipliers are applied per event, where the session applies them per batch
 *   of records; hot reloads do not happen.
 */

import type { PipelineConfig } from '../pipeline/config.js';
import { ALPHA_PARAMS, INSTRUMENT_LIMITS_BASE, RuntimeParam, runtimeParamsFor } from '../pipeline/params.js';
import { FeatureEngine } from '../data/feature-engine.js';
import { CandleEventSource, EVENTS_PER_BAR } from '../data/replay/candle-events.js';
import { CANDLE_REJECT_REASONS, type CandleSeries } from '../data/replay/candle-series.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../data/synthetic-market.js';
import { defaultTickSize } from '../data/start-prices.js';
import { AlphaSet } from '../alpha/alpha-set.js';
import { noFeeds } from '../alpha/feeds/alpha-feeds.js';
import { ALPHA_HORIZONS_MS, ALPHA_MODEL_COUNT, ALPHA_MODELS, Edges } from '../alpha/alpha-catalogue.js';
import { BlendSetting, WeightedBlend } from '../ensemble/weighted-blend.js';
import { MetaLearner } from '../ensemble/meta-learner.js';
import { SIZERS } from '../sizing/sizer-catalogue.js';
import { SizingParam, SIZING_PARAM_COUNT } from '../sizing/sizing-params.js';
import { BlendedEdge, Features, SizedIntent, VenueId } from '../shm/records.js';
import type { Candle, DecideFunction } from './lookahead-guard.js';

/** Rule models that read no external file and need no second instrument. */
export const SELF_CONTAINED_ALPHAS: readonly string[] = ALPHA_MODELS.map((m) => m.name)
  .filter((name) => !['pairs_cointegration', 'news_sentiment', 'onchain_flow', 'funding_basis', 'deep_onnx'].includes(name));

export interface StrategyDecisionOptions {
  readonly config: PipelineConfig;
  /** The instrument's name (default the config's first symbol); only its risk limit depends on it. */
  readonly symbol?: string;
  /** The bars' volume is in the quote currency (default: source.replayVolumeIn === 'quote'). */
  readonly volumeInQuote?: boolean;
  /**
   * Bar length in µs (default: the median spacing of the bars given). Pass the full series' one
   * when the function may see a truncated copy, so the events' times do not depend on its length.
   */
  readonly intervalUs?: number;
  /** Switch on (weight 1) every SELF_CONTAINED_ALPHAS model the config leaves off. */
  readonly allRuleAlphas?: boolean;
}

export type StrategyDecision = {
  readonly timeUs: number;
  /** Blended edge and confidence at the bar's close (NaN before the first features). */
  readonly edgeBps: number;
  readonly confidence: number;
  /** Signed quantity held after the bar, and its value at the bar's closing mid. */
  readonly targetQty: number;
  readonly targetUsd: number;
};

/** The strategy as a decision function for checkLookahead (see the header). */
export function strategyDecider(options: StrategyDecisionOptions): DecideFunction {
  return (bars) => strategyDecisions(bars, options);
}

/** The strategy's decision at every bar of `bars` (see the header). */
export function strategyDecisions(bars: readonly Candle[], options: StrategyDecisionOptions): StrategyDecision[] {
  if (bars.length === 0) return [];
  const cfg = options.config;
  const symbol = options.symbol ?? cfg.symbols[0];
  const p = runtimeParamsFor(cfg);
  if (options.allRuleAlphas === true) {
    ALPHA_MODELS.forEach((spec, k) => {
      const base = ALPHA_PARAMS.modelBase[k];
      if (SELF_CONTAINED_ALPHAS.includes(spec.name) && !(p[base] > 0)) p[base] = 1;
    });
  }
  const at = cfg.symbols.indexOf(symbol);
  const limitUsd = at >= 0 ? p[INSTRUMENT_LIMITS_BASE + at] : cfg.risk.maxPositionUsd;

  const features = new FeatureEngine(1, { shortWindow: p[RuntimeParam.shortWindow], longWindow: p[RuntimeParam.longWindow] });
  const alphas = new AlphaSet(1, { symbols: [symbol], feeds: noFeeds(1) });
  alphas.configure(p, ALPHA_PARAMS);
  const blender = new WeightedBlend(ALPHA_MODEL_COUNT);
  blender.setWeights(ALPHA_PARAMS.modelBase.map((base) => p[base]));
  blender.settings[BlendSetting.minConfidence] = p[RuntimeParam.minConfidence];
  blender.settings[BlendSetting.topK] = p[RuntimeParam.topK];
  blender.settings[BlendSetting.shrinkage] = p[RuntimeParam.shrinkage];
  const meta = metaLearnerFor(p);
  const sizer = SIZERS[p[RuntimeParam.sizer]].create(1, {});
  const sizing = p.slice(0, SIZING_PARAM_COUNT);
  sizing[SizingParam.killSwitch] = p[RuntimeParam.killSwitch] !== 0 || p[RuntimeParam.haltNewOrders] !== 0 ? 1 : 0;
  sizing[SizingParam.maxPositionUsd] = limitUsd;

  const source = new CandleEventSource(candleSeriesOf(bars), 0, {
    tickSize: defaultTickSize(bars[0].close),
    volumeInQuote: options.volumeInQuote ?? cfg.source.replayVolumeIn === 'quote',
    intervalUs: options.intervalUs ?? medianSpacing(bars),
  });
  const event = new Float64Array(MARKET_EVENT_F64);
  const record = new Float64Array(Features.f64);
  const edges = new Float64Array(Edges.f64);
  const blended = new Float64Array(BlendedEdge.f64).fill(NaN);
  const intent = new Float64Array(SizedIntent.f64);
  const positionsUsd = new Float64Array(1);
  let qty = 0;
  let mid = 0;
  const decisions: StrategyDecision[] = [];
  for (let i = 0; i < bars.length; i++) {
    for (let e = 0; e < EVENTS_PER_BAR; e++) {
      if (!source.next(event, 0)) throw new Error('strategy decisions: the replay ended before its bars');
      const ok = event[MarketEvent.kind] === EventKind.Trade
        ? features.onTrade(0, event[MarketEvent.ts], event[MarketEvent.price], event[MarketEvent.size], event[MarketEvent.side])
        : features.onQuote(0, event[MarketEvent.ts], event[MarketEvent.bid], event[MarketEvent.bidSize], event[MarketEvent.ask], event[MarketEvent.askSize]);
      if (!ok || !features.write(0, 0, VenueId.Replay, record, 0)) continue;
      alphas.evaluate(record, 0, edges, 0);
      if (meta !== null) {
        meta.observe(edges, 0);
        blender.setMultipliers(meta.weights);
      }
      blender.blend(edges, 0, blended, 0);
      const m = (blended[BlendedEdge.bid] + blended[BlendedEdge.ask]) * 0.5;
      if (m > 0 && m < Infinity) mid = m;
      positionsUsd[0] = qty * mid;
      sizer.observe(blended, 0, sizing);
      if (sizer.size(blended, 0, sizing, positionsUsd, intent, 0)) {
        qty += intent[SizedIntent.side] * intent[SizedIntent.quantity];
        positionsUsd[0] = qty * mid;
      }
    }
    decisions.push({
      timeUs: bars[i].timeUs, edgeBps: blended[BlendedEdge.edgeBps], confidence: blended[BlendedEdge.confidence],
      targetQty: qty, targetUsd: qty * mid,
    });
  }
  return decisions;
}

/** EnsembleStage's meta-learner for these params, or null when learning is off. */
function metaLearnerFor(p: Float64Array): MetaLearner | null {
  if (!(p[RuntimeParam.metaLearningRate] > 0)) return null;
  const scale = p[RuntimeParam.metaHorizonScale];
  const horizonsUs = Float64Array.from(ALPHA_HORIZONS_MS, (ms) => ms * 1000 * scale);
  const meta = new MetaLearner(1, ALPHA_MODEL_COUNT, { horizonsUs, learningRate: p[RuntimeParam.metaLearningRate], forgetting: p[RuntimeParam.metaForgetting] });
  const weights = Float64Array.from(ALPHA_PARAMS.modelBase, (base) => p[base]);
  meta.configure(horizonsUs, p[RuntimeParam.metaLearningRate], p[RuntimeParam.metaForgetting], 10, weights);
  return meta;
}

/** Median spacing of the bars' open times, µs (1 minute for a single bar). */
export function medianSpacing(bars: readonly Candle[]): number {
  if (bars.length < 2) return 60_000_000;
  const gaps: number[] = [];
  for (let i = 1; i < bars.length; i++) gaps.push(bars[i].timeUs - bars[i - 1].timeUs);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}

/** The bars as the CandleSeries the replay source reads. */
export function candleSeriesOf(bars: readonly Candle[]): CandleSeries {
  const column = (pick: (b: Candle) => number): Float64Array => Float64Array.from(bars, pick);
  return {
    format: 'csv-ohlcv', source: 'candles', count: bars.length,
    openTimeUs: column((b) => b.timeUs), open: column((b) => b.open), high: column((b) => b.high),
    low: column((b) => b.low), close: column((b) => b.close), volume: column((b) => b.volume),
    intervalUs: medianSpacing(bars), rowsRead: bars.length, rejects: new Float64Array(CANDLE_REJECT_REASONS.length), rejectSummary: '',
    gapCount: 0, missingBars: 0, jumpCount: 0, jumpSummary: '', reversed: false,
  };
}
