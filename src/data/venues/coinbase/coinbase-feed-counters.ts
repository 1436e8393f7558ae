/**
 * What the Coinbase Exchange connector counts, by index, and every name its `totals()` reports.
 * Kept apart from the connector so telemetry can name them without loading `ws`.
 *
 * Names are shared with the other venues where the meaning is the same (`trades`, `quotes`,
 * `resyncs`, `stale_symbols`, the websocket's counters, reject reasons such as `bad_price`), so
 * one /metrics series means one thing whichever venue a session reads.
 */
import { WS_FEED_COUNTERS } from '../ws-feed-counters.js';
import { COINBASE_EXCHANGE_KINDS, COINBASE_EXCHANGE_REJECT_REASONS } from './coinbase-exchange-parser.js';

/**
 * What the connector counts beyond the websocket, the parser's rejects and its message counts:
 * events handed to L0, books found untrustworthy (`resyncs`) and the level2_batch resubscriptions
 * sent to repair them, trade-id jumps on `matches` (`trade_gaps`, `missed_trades`).
 */
export const COINBASE_FEED_COUNTERS = [
  'trades', 'quotes', 'resyncs', 'resubscribes', 'trade_gaps', 'missed_trades', 'stale_symbols',
] as const;
export const CoinbaseFeedCounter = Object.freeze(Object.fromEntries(COINBASE_FEED_COUNTERS.map((n, i) => [n, i]))) as {
  readonly [K in (typeof COINBASE_FEED_COUNTERS)[number]]: number;
};

/** Accepted messages by type (`refused` is left out: refusals are the `reject_` counters). */
export const COINBASE_MESSAGE_NAMES: readonly string[] = COINBASE_EXCHANGE_KINDS.filter((k) => k !== 'refused');

/** Every key `totals()` returns, in order (for telemetry). */
export const COINBASE_TOTAL_NAMES: readonly string[] = [
  ...COINBASE_FEED_COUNTERS,
  ...WS_FEED_COUNTERS,
  ...COINBASE_EXCHANGE_REJECT_REASONS.map((r) => `reject_${r}`),
  ...COINBASE_MESSAGE_NAMES.map((n) => `msg_${n}`),
];
