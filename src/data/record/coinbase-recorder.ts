/**
 * Recording Coinbase's websockets, Exchange (`ws-feed`) or Advanced Trade: the session's own
 * subscribe frames (the connector's, not copies) are sent after every open and recorded as sent,
 * then every frame as received. There is no REST snapshot: level2 opens with a snapshot on the
 * websocket itself.
 *
 * A book the connector would distrust (an Advanced Trade sequence_num gap, an update before the
 * snapshot, a refused or crossing update) is repaired live by resubscribing that product's level2
 * on the same socket. A replay sends nothing, so the recorder does it while recording, with the
 * connector's own parser over the frames it writes and its own pacing (once a second per
 * product): the fresh snapshot is then in the file where the replayed book needs it.
 */

import { coinbaseExchangeSubscribe } from '../venues/coinbase/coinbase-exchange-subscribe.js';
import { CoinbaseExchangeParser } from '../venues/coinbase/coinbase-exchange-parser.js';
import { coinbaseSessionSubscribe } from '../venues/coinbase/coinbase-market-data.js';
import { coinbaseAdvancedSubscribe } from '../venues/coinbase/coinbase-advanced-subscribe.js';
import { CoinbaseAdvancedParser } from '../venues/coinbase/coinbase-advanced-parser.js';
import { coinbaseAdvancedSessionSubscribes } from '../venues/coinbase/coinbase-advanced-market-data.js';
import { BookSync } from '../venues/book-level-ops.js';
import type { MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import type { RecordingProtocol } from './recording-file.js';
import { recordedFeed, sendRecorded, type RecorderPlan } from './feed-recording.js';

/** Least time between two resubscriptions of one product's level2, as the connectors pace them. */
const RESUBSCRIBE_EVERY_MS = 1000;

/** The parser a connector keeps its books with, as far as knowing when one needs a snapshot. */
interface BookWatch {
  parseFrame(frame: unknown): number;
  resetConnection(): void;
  readonly bookSync: Uint8Array;
}

interface Resync {
  watch: BookWatch;
  symbols: readonly string[];
  /** Per product: the unsubscribe and subscribe frames of its level2 channel. */
  unsubscribe: readonly string[];
  subscribe: readonly string[];
}

export function coinbaseRecorder(endpoints: MarketDataEndpoints, symbols: readonly string[]): RecorderPlan {
  return subscribedRecorder('coinbase', endpoints.wsBase, [coinbaseSessionSubscribe(symbols)], () => ({
    watch: new CoinbaseExchangeParser(symbols),
    symbols,
    unsubscribe: symbols.map((s) => coinbaseExchangeSubscribe([s], ['level2_batch'], 'unsubscribe')),
    subscribe: symbols.map((s) => coinbaseExchangeSubscribe([s], ['level2_batch'])),
  }));
}

export function coinbaseAdvancedRecorder(endpoints: MarketDataEndpoints, symbols: readonly string[]): RecorderPlan {
  return subscribedRecorder('coinbase_advanced', endpoints.wsBase, coinbaseAdvancedSessionSubscribes(symbols), () => ({
    watch: new CoinbaseAdvancedParser(symbols),
    symbols,
    unsubscribe: symbols.map((s) => coinbaseAdvancedSubscribe([s], 'level2', 'unsubscribe')),
    subscribe: symbols.map((s) => coinbaseAdvancedSubscribe([s], 'level2')),
  }));
}

function subscribedRecorder(protocol: RecordingProtocol, url: string, subscribes: readonly string[], makeResync: () => Resync): RecorderPlan {
  return {
    protocol,
    wsUrl: url,
    start(writer, log) {
      // Sent from the open listener, not as WsFeed's subscribeFrames: those go out before 'open'
      // is emitted, and the file must show the open first.
      const feed = recordedFeed(writer, { name: `record-${protocol}`, url }, log);
      const { watch, symbols, unsubscribe, subscribe } = makeResync();
      const lastResubscribeAt = new Float64Array(unsubscribe.length).fill(-Infinity);
      feed.on('open', () => {
        watch.resetConnection();
        lastResubscribeAt.fill(-Infinity);
        for (const frame of subscribes) sendRecorded(feed, writer, frame);
      });
      // After recordedFeed's listener: the frame is in the file before anything sent in answer.
      feed.on('frame', (data) => {
        watch.parseFrame(data);
        const sync = watch.bookSync;
        let now = -1;
        for (let s = 0; s < sync.length; s++) {
          if (sync[s] !== BookSync.NeedsResync) continue;
          if (now < 0) now = Date.now();
          if (now - lastResubscribeAt[s] < RESUBSCRIBE_EVERY_MS) continue;
          lastResubscribeAt[s] = now;
          if (sendRecorded(feed, writer, unsubscribe[s])) sendRecorded(feed, writer, subscribe[s]);
          log(`record: ${protocol} ${symbols[s]} book cannot be trusted: resubscribing its level2 for a new snapshot`);
        }
      });
      feed.start();
      return {
        feed,
        snapshotFailures: () => 0,
        async stop() { feed.stop(); },
      };
    },
  };
}
