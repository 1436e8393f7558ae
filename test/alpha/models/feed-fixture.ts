// Drives the feed-reading models directly: a model built from a catalogued spec with the feeds
// given, configured from its defaults plus overrides, evaluated on Features records that carry
// only what these models read (instrument and event time). Fixture files are read from the
// source tree (the compiled tests run from dist/).
import { fileURLToPath } from 'node:url';
import type { AlphaModel, AlphaModelSpec } from '../../../src/alpha/alpha-model.js';
import { emptySeries, EventSeriesBuilder, type EventSeries } from '../../../src/alpha/feeds/event-series.js';
import { Features } from '../../../src/shm/records.js';

export const SYMBOLS = ['BTC/USDT', 'ETH/USDT'] as const;
export const US_PER_MINUTE = 60e6;

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../../test/alpha/models/fixtures/${name}`, import.meta.url));
}

export const isoUs = (iso: string): number => Date.parse(iso) * 1000;

export interface Opinion { has: boolean; edge: number; confidence: number }

export interface FeedModel {
  readonly model: AlphaModel;
  /** The model's view of `symbol` at event time `tsUs`. */
  at(symbol: number, tsUs: number): Opinion;
}

export function feedModel(
  spec: AlphaModelSpec, feeds: { news?: EventSeries; onchain?: EventSeries; funding?: EventSeries; basis?: EventSeries }, params: Record<string, number> = {},
): FeedModel {
  const n = SYMBOLS.length;
  const model = spec.create(n, {
    symbols: SYMBOLS,
    feeds: {
      news: feeds.news ?? emptySeries(n), onchain: feeds.onchain ?? emptySeries(n),
      funding: feeds.funding ?? emptySeries(n), basis: feeds.basis ?? emptySeries(n),
    },
  });
  model.configure(Float64Array.from(Object.entries(spec.params).map(([name, p]) => params[name] ?? p.default)), 0);
  const f = new Float64Array(Features.f64);
  const out = new Float64Array(2);
  return {
    model,
    at(symbol, tsUs) {
      f[Features.instrument] = symbol;
      f[Features.ts] = tsUs;
      out[0] = NaN;
      out[1] = NaN;
      const has = model.evaluate(f, 0, out, 0);
      return { has, edge: has ? out[0] : NaN, confidence: has ? out[1] : NaN };
    },
  };
}

/** A series from (symbol, time, value) triples in any order. */
export function seriesOf(events: readonly (readonly [symbol: number, timeUs: number, value: number])[]): EventSeries {
  const builder = new EventSeriesBuilder(SYMBOLS.length);
  for (const [s, t, v] of events) builder.add(s, t, v);
  return builder.build();
}
