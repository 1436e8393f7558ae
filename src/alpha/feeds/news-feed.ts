/**
 * The news file (`source.newsFile`): JSON Lines, one headline each,
 *
 *   {"ts": "2024-05-01T12:00:00Z", "symbols": ["BTC/USDT"], "headline": "Bitcoin rallies as ..."}
 *
 * `ts` is when the story became public (ISO 8601 with a zone, or epoch milliseconds). Each
 * headline is scored once, here, by the built-in lexicon (headline-lexicon.ts) and filed under
 * every configured symbol it names; a line naming none of them is skipped and counted. A
 * malformed line refuses the file (feed-file.ts says why).
 */
import { EventSeriesBuilder, type EventSeries } from './event-series.js';
import { EVENT_TIME_FORMS, forEachFeedLine, lineError, parseEventTimeUs } from './feed-file.js';
import { scoreHeadline } from './headline-lexicon.js';
import { formatSkipped, type FeedLoad } from './feed-load.js';

export const NEWS_FIELD = 'source.newsFile';

export function loadNewsFile(file: string, symbols: readonly string[]): FeedLoad {
  const builder = new EventSeriesBuilder(symbols.length);
  const skipped = { no_configured_symbol: 0 };
  const lineCount = forEachFeedLine(NEWS_FIELD, file, (record, number) => {
    const bad = (problem: string) => lineError(NEWS_FIELD, file, number, problem);
    const timeUs = parseEventTimeUs(record.ts);
    if (timeUs === undefined) throw bad(`ts must be ${EVENT_TIME_FORMS}, got ${JSON.stringify(record.ts)}`);
    const named = record.symbols;
    if (!Array.isArray(named) || named.length === 0 || !named.every((s) => typeof s === 'string')) {
      throw bad(`symbols must be a non-empty list of symbols, got ${JSON.stringify(named)}`);
    }
    if (typeof record.headline !== 'string') throw bad(`headline must be a string, got ${JSON.stringify(record.headline)}`);
    const score = scoreHeadline(record.headline);
    let filed = false;
    for (const symbol of new Set(named as string[])) {
      const index = symbols.indexOf(symbol);
      if (index < 0) continue;
      builder.add(index, timeUs, score);
      filed = true;
    }
    if (!filed) skipped.no_configured_symbol++;
  });
  const series: EventSeries = builder.build();
  return { series, skipped, summary: `${NEWS_FIELD} ${file}: ${lineCount} headlines, ${series.value.length} filed under symbols${formatSkipped(skipped)}` };
}
