/**
 * What the Alpaca connector counts, by index, and every name its `totals()` reports. Kept apart
 * from the connector so telemetry can name them without loading `ws`.
 */
import { WS_FEED_COUNTERS } from '../ws-feed-counters.js';
import { ALPACA_DATA_REJECT_REASONS } from './alpaca-message-decoder.js';
import { ALPACA_COUNT_NAMES, ALPACA_FRAME_REJECT_REASONS } from './alpaca-stream-protocol.js';

/** What the connector counts, beyond the websocket's counters, the rejects and the protocol's message counts. */
export const ALPACA_FEED_COUNTERS = [
  'trades', 'quotes', 'auth_sent', 'subscribe_sent', 'error_reconnects', 'terminal_failures', 'stale_symbols',
] as const;
export const AlpacaFeedCounter = Object.freeze(Object.fromEntries(ALPACA_FEED_COUNTERS.map((n, i) => [n, i]))) as {
  readonly [K in (typeof ALPACA_FEED_COUNTERS)[number]]: number;
};

/** Every key `totals()` returns, in order (for telemetry). */
export const ALPACA_TOTAL_NAMES: readonly string[] = [
  ...ALPACA_FEED_COUNTERS,
  ...WS_FEED_COUNTERS,
  ...ALPACA_FRAME_REJECT_REASONS.map((r) => `reject_${r}`),
  ...ALPACA_DATA_REJECT_REASONS.map((r) => `reject_${r}`),
  ...ALPACA_COUNT_NAMES.map((n) => `msg_${n}`),
];
