// A seeded random-walk candle series built in memory, for dataset and training tests that must
// not depend on files.
import { CandleSeriesBuilder, type CandleSeries } from '../../src/data/replay/candle-series.js';
import { Prng } from '../../src/data/prng.js';

export function randomWalkCandles(bars: number, seed = 7, intervalUs = 60_000_000): CandleSeries {
  const rng = new Prng(seed);
  const builder = new CandleSeriesBuilder(`random-walk-${seed}`, 'csv-ohlcv', 'line', bars);
  const z = new Float64Array(4);
  let price = 100;
  const start = Date.UTC(2024, 0, 1) * 1000;
  for (let b = 0; b < bars; b++) {
    rng.fillNormal(z, 0, 4);
    const open = price;
    const close = open * Math.exp(0.002 * z[0]);
    const high = Math.max(open, close) * (1 + 0.001 * Math.abs(z[1]));
    const low = Math.min(open, close) * (1 - 0.001 * Math.abs(z[2]));
    builder.add(b + 1, start + b * intervalUs, open, high, low, close, 1 + rng.uniform() * 10);
    price = close;
  }
  return builder.finish();
}

/** `series` as a CSV OHLCV file's text (millisecond timestamps), for commands that read files. */
export function candlesCsv(series: CandleSeries): string {
  return ['timestamp,open,high,low,close,volume',
    ...Array.from({ length: series.count }, (_, i) => `${series.openTimeUs[i] / 1000},${series.open[i]},${series.high[i]},${series.low[i]},${series.close[i]},${series.volume[i]}`)].join('\n');
}

/** A copy of `series` whose prices and volumes after bar `lastKept` are replaced by garbage. */
export function corruptAfter(series: CandleSeries, lastKept: number): CandleSeries {
  const copy = (a: Float64Array, value: (b: number) => number): Float64Array => a.map((v, b) => (b > lastKept ? value(b) : v));
  return {
    ...series,
    open: copy(series.open, (b) => 1e6 + b),
    high: copy(series.high, (b) => 3e6 + b),
    low: copy(series.low, (b) => 1 + b * 1e-3),
    close: copy(series.close, (b) => 2e6 - b),
    volume: copy(series.volume, (b) => 1e9 * (b % 3)),
  };
}
