/**
 * What the connector counts, beyond the websocket's own counters and the decoder's rejects.
 * `klines` are every kline_1m message (the venue repeats the open minute every couple of
 * seconds); `bars` the closed ones (`x: true`), each minute once.
 */
export const BINANCE_FEED_COUNTERS = [
  'trades', 'book_tickers', 'depth_updates', 'control_messages', 'unknown_messages',
  'gaps', 'resyncs', 'snapshot_requests', 'snapshot_failures', 'snapshots_applied', 'stale_symbols',
  'klines', 'bars',
] as const;
export const BinanceFeedCounter = Object.freeze(Object.fromEntries(BINANCE_FEED_COUNTERS.map((n, i) => [n, i]))) as {
  readonly [K in (typeof BINANCE_FEED_COUNTERS)[number]]: number;
};
