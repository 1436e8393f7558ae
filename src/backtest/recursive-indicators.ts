/**
 * The project's streaming indicators, as RecursiveIndicators for recursive-check.ts.
 *
 * - On the bars' closes (or high/low/close, or close and volume): the indicator classes of
 *   src/data/indicators with the periods the feature engine uses: EMA(20), SMA(20), Wilder's
 *   RSI(14), ATR(14), the Bollinger(20, 2) z-score, and the VWAP with a session per UTC day.
 * - The feature engine itself: the bars replayed as the replay source's market events (eight per
 *   bar, candle-events.ts) through a FeatureEngine with the config's windows, each field read
 *   after the bar's last event: the mid EMAs, the volatility EWMA, RSI and z-score per quote
 *   update, the VWAP, and the 1 min bar features (ATR, trend).
 * Tolerances: relative for price-level values (1e-6 of the price for averages, 1e-4 for ATR),
 * absolute for bounded ones (0.01 RSI points, 1e-4 z-score units): a difference below them
 * changes no decision a model takes from them.
 */

import { AtrSet } from '../data/indicators/atr.js';
import { BollingerSet } from '../data/indicators/bollinger.js';
import { EmaSet } from '../data/indicators/ema.js';
import { RsiSet } from '../data/indicators/rsi.js';
import { SmaSet } from '../data/indicators/sma.js';
import { VwapSet } from '../data/indicators/vwap.js';
import { FeatureEngine } from '../data/feature-engine.js';
import { CandleEventSource, EVENTS_PER_BAR } from '../data/replay/candle-events.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../data/synthetic-market.js';
import { defaultTickSize } from '../data/start-prices.js';
import { Features, VenueId } from '../shm/records.js';
import type { Candle } from './lookahead-guard.js';
import type { RecursiveIndicator } from './recursive-check.js';
import { candleSeriesOf, medianSpacing } from './strategy-decisions.js';

const US_PER_DAY = 86_400_000_000;

/** An indicator of one input per bar. */
function singleInput(name: string, tolerance: number, scale: 'absolute' | 'relative', make: () => { update(s: number, x: number): void; ready(s: number): boolean },
  read: (ind: ReturnType<typeof make>) => number, input: (b: Candle) => number = (b) => b.close): RecursiveIndicator {
  return {
    name, tolerance, scale,
    run(bars) {
      const ind = make();
      return Float64Array.from(bars, (b) => { ind.update(0, input(b)); return ind.ready(0) ? read(ind) : NaN; });
    },
  };
}

export function emaIndicator(period = 20): RecursiveIndicator {
  return singleInput(`ema(${period})`, 1e-6, 'relative', () => new EmaSet(1, period), (i) => (i as EmaSet).value[0]);
}

export function smaIndicator(period = 20): RecursiveIndicator {
  return singleInput(`sma(${period})`, 1e-9, 'relative', () => new SmaSet(1, period), (i) => (i as SmaSet).value[0]);
}

export function rsiIndicator(period = 14): RecursiveIndicator {
  return singleInput(`rsi(${period})`, 0.01, 'absolute', () => new RsiSet(1, period), (i) => (i as RsiSet).value[0]);
}

export function bollingerZIndicator(period = 20): RecursiveIndicator {
  return singleInput(`bollinger_z(${period})`, 1e-4, 'absolute', () => new BollingerSet(1, period, 2), (i) => (i as BollingerSet).zScore[0]);
}

export function atrIndicator(period = 14): RecursiveIndicator {
  return {
    name: `atr(${period})`, tolerance: 1e-4, scale: 'relative',
    run(bars) {
      const atr = new AtrSet(1, period);
      return Float64Array.from(bars, (b) => { atr.update(0, b.high, b.low, b.close); return atr.ready(0) ? atr.value[0] : NaN; });
    },
  };
}

/** VWAP of the bars' closes and volumes, a session per UTC day (as the feature engine keeps it). */
export function vwapIndicator(): RecursiveIndicator {
  return {
    name: 'vwap(utc day)', tolerance: 1e-9, scale: 'relative',
    run(bars) {
      const vwap = new VwapSet(1);
      let day = NaN;
      return Float64Array.from(bars, (b) => {
        const d = Math.floor(b.timeUs / US_PER_DAY);
        if (d !== day) { day = d; vwap.resetSession(0); }
        vwap.update(0, b.close, b.volume);
        return vwap.value[0];
      });
    },
  };
}

/** The indicator classes on bars (see the header). */
export function barIndicators(): RecursiveIndicator[] {
  return [emaIndicator(), smaIndicator(), rsiIndicator(), atrIndicator(), bollingerZIndicator(), vwapIndicator()];
}

export interface FeatureIndicatorOptions {
  readonly shortWindow: number;
  readonly longWindow: number;
  /** The bars' volume is in the quote currency. */
  readonly volumeInQuote?: boolean;
  /** Bar length, µs (default: the median spacing of the full bars; kept for the truncated runs). */
  readonly intervalUs?: number;
}

const FEATURE_FIELDS: readonly { field: keyof typeof Features & string; tolerance: number; scale: 'absolute' | 'relative' }[] = [
  { field: 'maShort', tolerance: 1e-6, scale: 'relative' },
  { field: 'maLong', tolerance: 1e-6, scale: 'relative' },
  { field: 'volatility', tolerance: 1e-3, scale: 'relative' },
  { field: 'rsi', tolerance: 0.01, scale: 'absolute' },
  { field: 'midZScore', tolerance: 1e-4, scale: 'absolute' },
  { field: 'vwap', tolerance: 1e-9, scale: 'relative' },
  { field: 'atr1m', tolerance: 1e-3, scale: 'relative' },
  { field: 'trend1m', tolerance: 0.01, scale: 'absolute' },
];

/**
 * The feature engine's fields, each as an indicator (see the header). Each run replays the bars
 * once per field; fine for the few thousand bars a check uses.
 */
export function featureIndicators(options: FeatureIndicatorOptions): RecursiveIndicator[] {
  return FEATURE_FIELDS.map(({ field, tolerance, scale }) => ({
    name: `features.${field}`, tolerance, scale,
    run: (bars: readonly Candle[]) => featureColumn(bars, options, Features[field] as number),
  }));
}

function featureColumn(bars: readonly Candle[], options: FeatureIndicatorOptions, slot: number): Float64Array {
  const out = new Float64Array(bars.length).fill(NaN);
  if (bars.length === 0) return out;
  const engine = new FeatureEngine(1, { shortWindow: options.shortWindow, longWindow: options.longWindow });
  const source = new CandleEventSource(candleSeriesOf(bars), 0, {
    tickSize: defaultTickSize(bars[0].close), volumeInQuote: options.volumeInQuote === true, intervalUs: options.intervalUs ?? medianSpacing(bars),
  });
  const event = new Float64Array(MARKET_EVENT_F64);
  const record = new Float64Array(Features.f64);
  for (let i = 0; i < bars.length; i++) {
    for (let e = 0; e < EVENTS_PER_BAR && source.next(event, 0); e++) {
      if (event[MarketEvent.kind] === EventKind.Trade) engine.onTrade(0, event[MarketEvent.ts], event[MarketEvent.price], event[MarketEvent.size], event[MarketEvent.side]);
      else engine.onQuote(0, event[MarketEvent.ts], event[MarketEvent.bid], event[MarketEvent.bidSize], event[MarketEvent.ask], event[MarketEvent.askSize]);
    }
    if (engine.write(0, 0, VenueId.Replay, record, 0)) out[i] = record[slot];
  }
  return out;
}
