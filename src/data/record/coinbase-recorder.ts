/**
 * Recording Coinbase Exchange's ws-feed: the session's own subscribe frame (the connector's,
 * not a copy) is sent after every open and recorded as sent, then every frame as received. There
 * is no REST snapshot: level2_batch opens with a snapshot on the websocket itself.
 */

import { coinbaseSessionSubscribe } from '../venues/coinbase/coinbase-market-data.js';
import type { MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import { recordedFeed, sendRecorded, type RecorderPlan } from './feed-recording.js';

export function coinbaseRecorder(endpoints: MarketDataEndpoints, symbols: readonly string[]): RecorderPlan {
  const url = endpoints.wsBase;
  const subscribe = coinbaseSessionSubscribe(symbols);
  return {
    protocol: 'coinbase',
    wsUrl: url,
    start(writer, log) {
      // Sent from the open listener, not as WsFeed's subscribeFrames: those go out before 'open'
      // is emitted, and the file must show the open first.
      const feed = recordedFeed(writer, { name: 'record-coinbase', url }, log);
      feed.on('open', () => { sendRecorded(feed, writer, subscribe); });
      feed.start();
      return {
        feed,
        snapshotFailures: () => 0,
        async stop() { feed.stop(); },
      };
    },
  };
}
