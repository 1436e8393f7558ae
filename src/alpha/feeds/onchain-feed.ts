/**
 * The on-chain file (`source.onchainFile`, crypto sessions): JSON Lines, one measurement each,
 *
 *   {"ts": "2024-05-01T00:00:00Z", "symbol": "BTC/USDT", "metric": "exchange_netflow", "value": -1250.5}
 *
 * `value` is the net amount of the asset moved INTO exchanges over the period ending at `ts`
 * (negative = out of them), in units of the asset. Only `exchange_netflow` is read; other metrics
 * and symbols this session does not trade are skipped and counted. A malformed line refuses the
 * file (feed-file.ts says why).
 */
import { EventSeriesBuilder } from './event-series.js';
import { EVENT_TIME_FORMS, forEachFeedLine, lineError, parseEventTimeUs } from './feed-file.js';
import { formatSkipped, type FeedLoad } from './feed-load.js';

export const ONCHAIN_FIELD = 'source.onchainFile';
export const NETFLOW_METRIC = 'exchange_netflow';

export function loadOnchainFile(file: string, symbols: readonly string[]): FeedLoad {
  const builder = new EventSeriesBuilder(symbols.length);
  const skipped = { unknown_symbol: 0, other_metric: 0 };
  const lineCount = forEachFeedLine(ONCHAIN_FIELD, file, (record, number) => {
    const bad = (problem: string) => lineError(ONCHAIN_FIELD, file, number, problem);
    const timeUs = parseEventTimeUs(record.ts);
    if (timeUs === undefined) throw bad(`ts must be ${EVENT_TIME_FORMS}, got ${JSON.stringify(record.ts)}`);
    if (typeof record.symbol !== 'string') throw bad(`symbol must be a symbol, got ${JSON.stringify(record.symbol)}`);
    if (typeof record.metric !== 'string') throw bad(`metric must be a metric name, got ${JSON.stringify(record.metric)}`);
    if (typeof record.value !== 'number' || !Number.isFinite(record.value)) throw bad(`value must be a finite number, got ${JSON.stringify(record.value)}`);
    if (record.metric !== NETFLOW_METRIC) { skipped.other_metric++; return; }
    const index = symbols.indexOf(record.symbol);
    if (index < 0) { skipped.unknown_symbol++; return; }
    builder.add(index, timeUs, record.value);
  });
  const series = builder.build();
  return { series, skipped, summary: `${ONCHAIN_FIELD} ${file}: ${lineCount} measurements, ${series.value.length} ${NETFLOW_METRIC} used${formatSkipped(skipped)}` };
}
