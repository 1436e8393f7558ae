/**
 * The external data the alpha models may read, loaded once before the first record: the news
 * scores and the on-chain flows named by `source.newsFile` and `source.onchainFile`. Loaded
 * when L1's stage is built (in whichever thread runs it) and checked the same way before the
 * session starts, so a missing or malformed file stops the start rather than a worker.
 *
 * The files are read once: a changed file, or a changed file name, takes a restart (the fields
 * are `source.*`, which a reload refuses to change). An empty name means no feed: the model that
 * reads it simply has no events, hence no opinion.
 */
import { emptySeries, type EventSeries } from './event-series.js';
import { loadNewsFile } from './news-feed.js';
import { loadOnchainFile } from './onchain-feed.js';

export interface AlphaFeeds {
  /** Per symbol: headline scores in [-1, 1] at the time each story became public. */
  readonly news: EventSeries;
  /** Per symbol: exchange net flow (into exchanges > 0), units of the asset. */
  readonly onchain: EventSeries;
}

/** The config fields a feed load needs (a subset of PipelineConfig). */
export interface AlphaFeedSources {
  readonly assetClass: string;
  readonly symbols: readonly string[];
  readonly source: { readonly newsFile: string; readonly onchainFile: string };
}

export function noFeeds(symbolCount: number): AlphaFeeds {
  return { news: emptySeries(symbolCount), onchain: emptySeries(symbolCount) };
}

/**
 * Read the configured feed files. Throws a FeedFileError naming the field, the file and the line
 * when one cannot be used. `summary`: one line per file loaded, for the operator's log.
 */
export function loadAlphaFeeds(config: AlphaFeedSources): { feeds: AlphaFeeds; summary: string[] } {
  const n = config.symbols.length;
  const summary: string[] = [];
  let news = emptySeries(n);
  let onchain = emptySeries(n);
  if (config.source.newsFile !== '') {
    const load = loadNewsFile(config.source.newsFile, config.symbols);
    news = load.series;
    summary.push(load.summary);
  }
  // On-chain flows exist for crypto assets only; the config refuses the field for stocks.
  if (config.source.onchainFile !== '' && config.assetClass === 'crypto') {
    const load = loadOnchainFile(config.source.onchainFile, config.symbols);
    onchain = load.series;
    summary.push(load.summary);
  }
  return { feeds: { news, onchain }, summary };
}
