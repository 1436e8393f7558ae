/**
 * Model inputs from candles: each bar of a CandleSeries is replayed through the pipeline's own
 * path (CandleEventSource -> FeatureEngine, exactly what L0 does for a replay) and the symbol's
 * Features record is sampled after the bar's last event. So the model is trained on the very
 * features the pipeline computes, and every row depends only on bars up to and including its own.
 *
 * The raw Features slots are prices and sizes in the instrument's own units; a model shared
 * across instruments needs scale-free inputs, so each row holds these FEATURE_NAMES:
 *   bar_return_bps    log(mid / previous bar's mid) in bps
 *   volatility_bps    the engine's EWMA volatility of quote-to-quote returns (bps)
 *   ma_short_gap_bps  (maShort / mid - 1) in bps
 *   ma_long_gap_bps   (maLong / mid - 1) in bps
 *   rsi_centered      rsi / 100 - 0.5
 *   mid_zscore        the mid's Bollinger z-score
 *   vwap_gap_bps      (vwap / mid - 1) in bps
 *   range_bps         (high - low) / close of the bar in bps (the candle itself, not the engine)
 * Rows before every feature is warmed up (RSI, Bollinger, one previous mid) are dropped:
 * `firstBar` says which bar row 0 is. A non-finite feature after warm-up is an error naming the
 * file, the bar and the feature, never a silent NaN in a training set.
 */
import { DEEP_ENGINE_WINDOWS, DEEP_FEATURE_NAMES } from '../alpha/deep/bar-feature-builder.js';
import { FeatureEngine } from '../data/feature-engine.js';
import { CandleEventSource } from '../data/replay/candle-events.js';
import type { CandleSeries } from '../data/replay/candle-series.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../data/synthetic-market.js';
import { Features } from '../shm/records.js';

// One definition for training and serving (the serving builder must compute the same rows).
export const FEATURE_NAMES = DEEP_FEATURE_NAMES;
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const ENGINE_WINDOWS = DEEP_ENGINE_WINDOWS;

export interface CandleFeatures {
  readonly source: string;
  /** Rows (bars after warm-up). */
  readonly rows: number;
  /** Row-major [rows, FEATURE_COUNT]. */
  readonly values: Float64Array;
  /** Close and open time (µs) of the bar each row was sampled at. */
  readonly close: Float64Array;
  readonly openTimeUs: Float64Array;
  /** Bar index in the series of row 0. */
  readonly firstBar: number;
  readonly intervalUs: number;
}

const SAMPLE_SYMBOL = 0;

/** Features of every bar of `series` (see the header). */
export function candleFeatures(series: CandleSeries): CandleFeatures {
  const engine = new FeatureEngine(1, ENGINE_WINDOWS);
  const events = new CandleEventSource(series, SAMPLE_SYMBOL, { spreadBps: 1 });
  const event = new Float64Array(MARKET_EVENT_F64);
  const record = new Float64Array(Features.f64);
  const rows = new Float64Array(series.count * FEATURE_COUNT);
  const close = new Float64Array(series.count);
  const times = new Float64Array(series.count);
  let kept = 0;
  let firstBar = -1;
  let previousMid = NaN;
  for (let bar = 0; bar < series.count; bar++) {
    for (let e = 0; e < 8; e++) {
      if (!events.next(event, 0)) throw new Error(`${series.source}: event source ended early at bar ${bar}`);
      if (event[MarketEvent.kind] === EventKind.Quote) {
        engine.onQuote(SAMPLE_SYMBOL, event[MarketEvent.ts], event[MarketEvent.bid], event[MarketEvent.bidSize], event[MarketEvent.ask], event[MarketEvent.askSize]);
      } else {
        engine.onTrade(SAMPLE_SYMBOL, event[MarketEvent.ts], event[MarketEvent.price], event[MarketEvent.size], event[MarketEvent.side]);
      }
    }
    if (!engine.write(SAMPLE_SYMBOL, 0, 0, record, 0)) continue;
    const mid = (record[Features.bid] + record[Features.ask]) / 2;
    const row = [
      Math.log(mid / previousMid) * 1e4,
      record[Features.volatility],
      (record[Features.maShort] / mid - 1) * 1e4,
      (record[Features.maLong] / mid - 1) * 1e4,
      record[Features.rsi] / 100 - 0.5,
      record[Features.midZScore],
      (record[Features.vwap] / mid - 1) * 1e4,
      (series.high[bar] - series.low[bar]) / series.close[bar] * 1e4,
    ];
    previousMid = mid;
    const warm = row.every(Number.isFinite);
    if (firstBar < 0) {
      if (!warm) continue;
      firstBar = bar;
    }
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new Error(`${series.source}: feature ${FEATURE_NAMES[bad]} is ${row[bad]} at bar ${bar} (open time ${new Date(series.openTimeUs[bar] / 1000).toISOString()})`);
    }
    rows.set(row, kept * FEATURE_COUNT);
    close[kept] = series.close[bar];
    times[kept] = series.openTimeUs[bar];
    kept++;
  }
  return {
    source: series.source,
    rows: kept,
    values: rows.slice(0, kept * FEATURE_COUNT),
    close: close.slice(0, kept),
    openTimeUs: times.slice(0, kept),
    firstBar: Math.max(firstBar, 0),
    intervalUs: series.intervalUs,
  };
}
