/** What a WsFeed counts, by index; kept apart so telemetry can name them without loading `ws`. */
export const WS_FEED_COUNTERS = [
  'connects', 'disconnects', 'frames', 'bytes', 'idle_timeouts', 'pong_timeouts', 'errors', 'send_failures',
] as const;
export const WsFeedCounter = Object.freeze(Object.fromEntries(WS_FEED_COUNTERS.map((n, i) => [n, i]))) as {
  readonly [K in (typeof WS_FEED_COUNTERS)[number]]: number;
};
