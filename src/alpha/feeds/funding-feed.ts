/**
 * The perpetual-funding file (`source.fundingFile`, crypto sessions): JSON Lines, one funding
 * print each, as a venue publishes it for a perpetual swap,
 *
 *   {"ts": "2024-05-01T08:00:00Z", "symbol": "BTC/USDT", "fundingRate": 0.0001, "markPrice": 63010.5, "indexPrice": 62990.1}
 *
 * `fundingRate` is the fraction longs pay shorts per funding interval (8 h on Binance USD-M;
 * negative = shorts pay). `markPrice` and `indexPrice` are optional; when both are there the basis
 * (mark over index, bps) is kept too. Symbols this session does not trade are skipped and counted;
 * a malformed line refuses the file (feed-file.ts says why).
 */
import { EventSeriesBuilder, type EventSeries } from './event-series.js';
import { EVENT_TIME_FORMS, forEachFeedLine, lineError, parseEventTimeUs } from './feed-file.js';
import { formatSkipped } from './feed-load.js';

export const FUNDING_FIELD = 'source.fundingFile';

export interface FundingLoad {
  /** Per symbol: funding rate per interval, in bps. */
  readonly funding: EventSeries;
  /** Per symbol: (mark - index) / index, in bps, where a print had both prices. */
  readonly basis: EventSeries;
  readonly summary: string;
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function loadFundingFile(file: string, symbols: readonly string[]): FundingLoad {
  const funding = new EventSeriesBuilder(symbols.length);
  const basis = new EventSeriesBuilder(symbols.length);
  const skipped = { unknown_symbol: 0 };
  const lineCount = forEachFeedLine(FUNDING_FIELD, file, (record, number) => {
    const bad = (problem: string) => lineError(FUNDING_FIELD, file, number, problem);
    const timeUs = parseEventTimeUs(record.ts);
    if (timeUs === undefined) throw bad(`ts must be ${EVENT_TIME_FORMS}, got ${JSON.stringify(record.ts)}`);
    if (typeof record.symbol !== 'string') throw bad(`symbol must be a symbol, got ${JSON.stringify(record.symbol)}`);
    const rate = record.fundingRate;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || Math.abs(rate) >= 1) {
      throw bad(`fundingRate must be a finite fraction per interval (|rate| < 1), got ${JSON.stringify(rate)}`);
    }
    const hasMark = record.markPrice !== undefined;
    const hasIndex = record.indexPrice !== undefined;
    if ((hasMark && !positive(record.markPrice)) || (hasIndex && !positive(record.indexPrice))) {
      throw bad(`markPrice and indexPrice must be positive numbers when given, got ${JSON.stringify(record.markPrice)} and ${JSON.stringify(record.indexPrice)}`);
    }
    const index = symbols.indexOf(record.symbol);
    if (index < 0) { skipped.unknown_symbol++; return; }
    funding.add(index, timeUs, rate * 1e4);
    if (hasMark && hasIndex) {
      const mark = record.markPrice as number;
      const idx = record.indexPrice as number;
      basis.add(index, timeUs, ((mark - idx) / idx) * 1e4);
    }
  });
  const f = funding.build();
  const b = basis.build();
  return {
    funding: f, basis: b,
    summary: `${FUNDING_FIELD} ${file}: ${lineCount} funding prints, ${f.value.length} used, ${b.value.length} with a basis${formatSkipped(skipped)}`,
  };
}
