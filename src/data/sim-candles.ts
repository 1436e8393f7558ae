/**
 * Candles from the simulated market: the repo's own SyntheticMarket (GARCH volatility, jumps,
 * spreads, Pareto sizes) run on its virtual clock, its trades folded into time bars, written as
 * a headered CSV (`timestamp,open,high,low,close,volume`, epoch ms) that every candle reader
 * here understands. Data nobody else owns: a model trained on it can ship with the repo.
 * Deterministic: the same options give the same bytes.
 */
import { TimeBarSet } from './indicators/time-bars.js';
import { defaultStartPrice, defaultTickSize } from './start-prices.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent, SyntheticMarket } from './synthetic-market.js';

export interface SimCandleOptions {
  symbol: string;
  bars: number;
  intervalUs?: number;
  seed?: number;
  annualVol?: number;
  /** Market events per second of virtual time (default 2: about 24 trades a minute). */
  eventsPerSecond?: number;
  startEpochUs?: number;
}

export function simCandlesCsv(opts: SimCandleOptions): string {
  const intervalUs = opts.intervalUs ?? 60e6;
  if (!Number.isInteger(opts.bars) || opts.bars < 1) throw new Error(`bars must be a positive integer, got ${opts.bars}`);
  const startPrice = defaultStartPrice(opts.symbol);
  const market = new SyntheticMarket({
    symbols: [{ startPrice, annualVol: opts.annualVol ?? 0.6, tickSize: defaultTickSize(startPrice) }],
    seed: opts.seed ?? 42,
    assetClass: 'crypto',
    startEpochUs: opts.startEpochUs ?? Date.UTC(2024, 0, 1) * 1000,
    eventsPerSecond: opts.eventsPerSecond ?? 2,
  });
  const bars = new TimeBarSet(1, intervalUs);
  const event = new Float64Array(MARKET_EVENT_F64);
  const lines = ['timestamp,open,high,low,close,volume'];
  while (lines.length <= opts.bars) {
    market.next(event, 0);
    if (event[MarketEvent.kind] !== EventKind.Trade) continue;
    if (bars.update(0, event[MarketEvent.ts], event[MarketEvent.price], event[MarketEvent.size])) {
      lines.push(`${bars.closedStart[0] / 1000},${bars.closedOpen[0]},${bars.closedHigh[0]},${bars.closedLow[0]},${bars.closedClose[0]},${+bars.closedVolume[0].toPrecision(12)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
