/**
 * Recording Coinbase's websockets, Exchange (`ws-feed`) or Advanced Trade: the session's own
 * subscribe frames (the connector's, not copies) are sent after every open and recorded as sent,
 * then every frame as received. There is no REST snapshot: level2 opens with a snapshot on the
 * websocket itself.
 */

import { coinbaseSessionSubscribe } from '../venues/coinbase/coinbase-market-data.js';
import { coinbaseAdvancedSessionSubscribes } from '../venues/coinbase/coinbase-advanced-market-data.js';
import type { MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import type { RecordingProtocol } from './recording-file.js';
import { recordedFeed, sendRecorded, type RecorderPlan } from './feed-recording.js';

export function coinbaseRecorder(endpoints: MarketDataEndpoints, symbols: readonly string[]): RecorderPlan {
  return subscribedRecorder('coinbase', endpoints.wsBase, [coinbaseSessionSubscribe(symbols)]);
}

export function coinbaseAdvancedRecorder(endpoints: MarketDataEndpoints, symbols: readonly string[]): RecorderPlan {
  return subscribedRecorder('coinbase_advanced', endpoints.wsBase, coinbaseAdvancedSessionSubscribes(symbols));
}

function subscribedRecorder(protocol: RecordingProtocol, url: string, subscribes: readonly string[]): RecorderPlan {
  return {
    protocol,
    wsUrl: url,
    start(writer, log) {
      // Sent from the open listener, not as WsFeed's subscribeFrames: those go out before 'open'
      // is emitted, and the file must show the open first.
      const feed = recordedFeed(writer, { name: `record-${protocol}`, url }, log);
      feed.on('open', () => { for (const frame of subscribes) sendRecorded(feed, writer, frame); });
      feed.start();
      return {
        feed,
        snapshotFailures: () => 0,
        async stop() { feed.stop(); },
      };
    },
  };
}
