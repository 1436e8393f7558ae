/**
 * The external data the alpha models may read, loaded once before the first record: the news
 * scores, the on-chain flows and the perpetual funding named by `source.newsFile`,
 * `source.onchainFile` and `source.fundingFile`. Loaded
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
import { loadFundingFile } from './funding-feed.js';

export interface AlphaFeeds {
  /** Per symbol: headline scores in [-1, 1] at the time each story became public. */
  readonly news: EventSeries;
  /** Per symbol: exchange net flow (into exchanges > 0), units of the asset. */
  readonly onchain: EventSeries;
  /** Per symbol: perpetual funding rate, bps per funding interval. */
  readonly funding: EventSeries;
  /** Per symbol: perpetual mark over index, bps. */
  readonly basis: EventSeries;
}

/** The config fields a feed load needs (a subset of PipelineConfig). */
export interface AlphaFeedSources {
  readonly assetClass: string;
  readonly symbols: readonly string[];
  readonly source: { readonly newsFile: string; readonly onchainFile: string; readonly fundingFile: string };
}

export function noFeeds(symbolCount: number): AlphaFeeds {
  return { news: emptySeries(symbolCount), onchain: emptySeries(symbolCount), funding: emptySeries(symbolCount), basis: emptySeries(symbolCount) };
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
  let funding = emptySeries(n);
  let basis = emptySeries(n);
  // Funding exists for perpetual swaps only; the config refuses the field for stocks.
  if (config.source.fundingFile !== '' && config.assetClass === 'crypto') {
    const load = loadFundingFile(config.source.fundingFile, config.symbols);
    funding = load.funding;
    basis = load.basis;
    summary.push(load.summary);
  }
  return { feeds: { news, onchain, funding, basis }, summary };
}
