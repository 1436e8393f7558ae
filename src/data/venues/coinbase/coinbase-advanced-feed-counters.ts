/**
 * What the Coinbase Advanced Trade connector counts, by index, and every name its `totals()`
 * reports. Kept apart from the connector so telemetry can name them without loading `ws`.
 *
 * Names are shared with the other venues where the meaning is the same (`trades`, `quotes`,
 * `resyncs`, `resubscribes`, `trade_gaps`, `stale_symbols`, the websocket's counters, reject
 * reasons such as `bad_price`), so one /metrics series means one thing whichever venue runs.
 */
import { WS_FEED_COUNTERS } from '../ws-feed-counters.js';
import { COINBASE_ADVANCED_KINDS, COINBASE_ADVANCED_REJECT_REASONS } from './coinbase-advanced-parser.js';

/**
 * Beyond the websocket, the parser's rejects and its message counts: events handed to L0, books
 * found untrustworthy (`resyncs`) and the level2 resubscriptions sent to repair them,
 * `sequence_num` jumps (`sequence_gaps`, `missed_frames`), trade-id jumps on market_trades
 * (`trade_gaps`, `missed_trades`) and trades seen twice (`duplicate_trades`, not passed on).
 */
export const COINBASE_ADVANCED_FEED_COUNTERS = [
  'trades', 'quotes', 'resyncs', 'resubscribes', 'sequence_gaps', 'missed_frames', 'trade_gaps', 'missed_trades',
  'duplicate_trades', 'stale_symbols',
] as const;
export const CoinbaseAdvancedFeedCounter = Object.freeze(Object.fromEntries(COINBASE_ADVANCED_FEED_COUNTERS.map((n, i) => [n, i]))) as {
  readonly [K in (typeof COINBASE_ADVANCED_FEED_COUNTERS)[number]]: number;
};

/** `l2_data/snapshot` -> `msg_l2_data_snapshot`: message counts as metric-friendly names. */
export const COINBASE_ADVANCED_MESSAGE_NAMES: readonly string[] = COINBASE_ADVANCED_KINDS
  .map((k) => `msg_${k.replace('/', '_')}`);

/** Every key `totals()` returns, in order (for telemetry); `refused` is left to the `reject_` counters. */
export const COINBASE_ADVANCED_TOTAL_NAMES: readonly string[] = [
  ...COINBASE_ADVANCED_FEED_COUNTERS,
  ...WS_FEED_COUNTERS,
  ...COINBASE_ADVANCED_REJECT_REASONS.map((r) => `reject_${r}`),
  ...COINBASE_ADVANCED_MESSAGE_NAMES.filter((n) => n !== 'msg_refused'),
];
