/**
 * The market-data series of L0's venue sources: each connector's FEED_COUNTERS block, labelled
 * by its venue, and in a session on several venues the consolidated top of book per unified
 * symbol (see data/book/consolidated-top-block.ts). Read from shared memory at scrape time.
 */
import client from 'prom-client';
import type { Topology } from './topology.js';
import { ConsolidatedBlock } from '../data/book/consolidated-top-block.js';
import { CONSOLIDATED_REJECT_REASONS } from '../data/book/consolidated-top-of-book.js';
import { REPLAY_ROWS_PREFIX } from './stage-graph.js';

/** A candle replay's skipped rows by reason, from L0's feed block (REPLAY_ROWS_PREFIX counters). */
export function registerReplayMetrics(registry: client.Registry, topo: Topology): void {
  const feed = topo.telemetry.L0.feed;
  new client.Counter({
    name: 'tradebot_replay_rows_rejected_total',
    help: 'Rows of the replayed candle files skipped, by reason: malformed_row, bad_time, non_positive_price, duplicate_time, out_of_order_time, ... (rows)',
    labelNames: ['reason'], registers: [registry],
    collect() {
      this.reset();
      feed.names.forEach((name, i) => { if (name.startsWith(REPLAY_ROWS_PREFIX)) this.inc({ reason: name.slice(REPLAY_ROWS_PREFIX.length) }, feed.get(i)); });
    },
  });
}

/** One series set per venue connector, from its own FEED_COUNTERS block (`venues` in connector order). */
export function registerFeedMetrics(registry: client.Registry, topo: Topology, venues: readonly string[]): void {
  const feeds = venues.map((venue, v) => ({ venue, feed: topo.venueFeeds[v] }));
  new client.Counter({
    name: 'tradebot_feed_events_total', help: 'Market-data feed events: connects, disconnects, frames, gaps, resyncs, snapshots, timeouts (events)',
    labelNames: ['venue', 'event'], registers: [registry],
    collect() {
      this.reset();
      for (const { venue, feed } of feeds) {
        feed.names.forEach((name, i) => {
          if (!name.startsWith('reject_') && !name.startsWith(REPLAY_ROWS_PREFIX) && name !== 'bytes') this.inc({ venue, event: name }, feed.get(i));
        });
      }
    },
  });
  new client.Counter({
    name: 'tradebot_feed_rejects_total', help: 'Market-data frames skipped, by reason: malformed, unknown_symbol, bad_price, crossed, ... (frames)',
    labelNames: ['venue', 'reason'], registers: [registry],
    collect() {
      this.reset();
      for (const { venue, feed } of feeds) {
        feed.names.forEach((name, i) => {
          if (name.startsWith('reject_')) this.inc({ venue, reason: name.slice('reject_'.length) }, feed.get(i));
        });
      }
    },
  });
  new client.Counter({
    name: 'tradebot_feed_received_bytes_total', help: 'Market-data bytes received over websockets (bytes)', labelNames: ['venue'], registers: [registry],
    collect() {
      this.reset();
      for (const { venue, feed } of feeds) { const i = feed.names.indexOf('bytes'); if (i >= 0) this.inc({ venue }, feed.get(i)); }
    },
  });
}

/**
 * The consolidated top of book of each unified symbol: best price and size per side with the
 * venue holding it, whether the venues are crossed, how many times they became crossed, and how
 * many quote updates left each venue holding each side's best. A block that cannot be read
 * consistently is left out of that scrape and said once.
 */
export function registerConsolidatedMetrics(
  registry: client.Registry, topo: Topology, symbols: readonly string[], venues: readonly string[], log: (message: string) => void,
): void {
  const scratch = new Float64Array(ConsolidatedBlock.fieldCount(venues.length));
  let warned = false;
  const each = (body: (symbol: string, f: Float64Array) => void): void => {
    symbols.forEach((symbol, u) => {
      if (topo.consolidatedTop[u].read(scratch) < 0) {
        if (!warned) log(`metrics: the consolidated top block of ${symbol} could not be read consistently; left out of this scrape`);
        warned = true;
        return;
      }
      body(symbol, scratch);
    });
  };
  const venueOf = (code: number): string => (code >= 0 ? venues[code] : 'none');
  const sides = [
    { side: 'bid', price: ConsolidatedBlock.bid, size: ConsolidatedBlock.bidSize, venue: ConsolidatedBlock.bidVenue },
    { side: 'ask', price: ConsolidatedBlock.ask, size: ConsolidatedBlock.askSize, venue: ConsolidatedBlock.askVenue },
  ] as const;
  new client.Gauge({
    name: 'tradebot_consolidated_best_price', help: 'Best bid and best ask across venues per unified symbol, with the venue holding each (quote currency)',
    labelNames: ['symbol', 'side', 'venue'], registers: [registry],
    collect() {
      this.reset();
      each((symbol, f) => { for (const s of sides) if (f[s.venue] >= 0) this.set({ symbol, side: s.side, venue: venueOf(f[s.venue]) }, f[s.price]); });
    },
  });
  new client.Gauge({
    name: 'tradebot_consolidated_best_size', help: 'Size shown at the best bid and best ask across venues per unified symbol (base asset)',
    labelNames: ['symbol', 'side', 'venue'], registers: [registry],
    collect() {
      this.reset();
      each((symbol, f) => { for (const s of sides) if (f[s.venue] >= 0) this.set({ symbol, side: s.side, venue: venueOf(f[s.venue]) }, f[s.size]); });
    },
  });
  new client.Gauge({
    name: 'tradebot_consolidated_crossed', help: 'Whether one venue bids at or above another venue ask for the unified symbol (boolean)',
    labelNames: ['symbol'], registers: [registry],
    collect() { this.reset(); each((symbol, f) => this.set({ symbol }, f[ConsolidatedBlock.crossed])); },
  });
  new client.Counter({
    name: 'tradebot_consolidated_crossings_total', help: 'Times the venues of a unified symbol became crossed, each lasting crossing once (crossings)',
    labelNames: ['symbol'], registers: [registry],
    collect() { this.reset(); each((symbol, f) => this.inc({ symbol }, f[ConsolidatedBlock.crossings])); },
  });
  new client.Counter({
    name: 'tradebot_consolidated_best_held_total', help: 'Venue quote updates after which the venue held the best bid or ask of the unified symbol (updates)',
    labelNames: ['symbol', 'side', 'venue'], registers: [registry],
    collect() {
      this.reset();
      each((symbol, f) => venues.forEach((venue, v) => {
        this.inc({ symbol, side: 'bid', venue }, f[ConsolidatedBlock.bidHeld(v)]);
        this.inc({ symbol, side: 'ask', venue }, f[ConsolidatedBlock.askHeld(v, venues.length)]);
      }));
    },
  });
  new client.Counter({
    name: 'tradebot_consolidated_rejects_total', help: 'Venue quotes the consolidated book refused, by venue and reason: bad_price, crossed_quote, old_quote, ... (quotes)',
    labelNames: ['venue', 'reason'], registers: [registry],
    collect() {
      this.reset();
      venues.forEach((venue, v) => CONSOLIDATED_REJECT_REASONS.forEach((reason, r) => {
        if (r > 0) this.inc({ venue, reason }, topo.consolidatedRejects[v * CONSOLIDATED_REJECT_REASONS.length + r]);
      }));
    },
  });
}
