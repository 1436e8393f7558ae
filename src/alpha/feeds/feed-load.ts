/** What loading one feed file gives: its events and a line for the operator's log. */
import type { EventSeries } from './event-series.js';

export interface FeedLoad {
  readonly series: EventSeries;
  /** Lines that were well formed but not for this session, by reason. */
  readonly skipped: Readonly<Record<string, number>>;
  /** e.g. "source.newsFile news.jsonl: 120 headlines, 96 filed under symbols, skipped: 24 no_configured_symbol". */
  readonly summary: string;
}

/** ", skipped: 3 unknown_symbol, 1 other_metric", or "" when nothing was skipped. */
export function formatSkipped(skipped: Readonly<Record<string, number>>): string {
  const parts = Object.entries(skipped).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`);
  return parts.length === 0 ? '' : `, skipped: ${parts.join(', ')}`;
}
