/**
 * Recording Alpaca's v2 stock stream: the session's handshake (connected -> auth -> subscribe to
 * trades and quotes), run by the same AlpacaStreamProtocol the connector uses, then every frame
 * as received.
 *
 * Credentials: the auth frame goes to the socket as it must, but the file only ever gets its
 * redacted form (`{"action":"auth","key":"***","secret":"***"}`); the header holds the URL and
 * feed, never a key. A refusal for good (402 bad keys, 406 connection limit, ...) ends the
 * recording with the protocol's one-line reason instead of retrying into a throttled account.
 */

import { alpacaSessionSubscription, type AlpacaStockFeed } from '../venues/alpaca/alpaca-market-data.js';
import { AlpacaAction, AlpacaStreamProtocol } from '../venues/alpaca/alpaca-stream-protocol.js';
import type { MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import { recordedFeed, sendRecorded, type RecorderPlan } from './feed-recording.js';

export interface AlpacaKeys {
  keyId: string;
  secretKey: string;
}

export function alpacaRecorder(endpoints: MarketDataEndpoints, symbols: readonly string[], feedName: AlpacaStockFeed, keys: AlpacaKeys): RecorderPlan {
  const url = `${endpoints.wsBase.replace(/\/+$/, '')}/v2/${feedName}`;
  const protocol = new AlpacaStreamProtocol({
    feed: feedName, keyId: keys.keyId, secretKey: keys.secretKey, symbols, subscription: alpacaSessionSubscription(symbols),
  });
  return {
    protocol: 'alpaca',
    wsUrl: url,
    feed: feedName,
    start(writer, log) {
      // The stream is silent outside US trading hours: no idle timeout, the ping check finds dead sockets.
      const feed = recordedFeed(writer, { name: `record-alpaca-${feedName}`, url, idleTimeoutMs: 0 }, log);
      feed.on('open', () => protocol.onOpen());
      feed.on('close', () => protocol.onClose());
      feed.on('frame', (data) => {
        switch (protocol.onFrame(data)) {
          case AlpacaAction.SendAuth: {
            const auth = protocol.authMessage();
            sendRecorded(feed, writer, auth, protocol.redact(auth));
            break;
          }
          case AlpacaAction.SendSubscribe:
            sendRecorded(feed, writer, protocol.subscribeMessage());
            break;
          case AlpacaAction.Reconnect:
            log(`record: ${protocol.failureMessage}`);
            feed.reconnect(protocol.failureMessage);
            break;
          case AlpacaAction.Stop:
            feed.fail(protocol.failureMessage);
            break;
          default:
            break;
        }
      });
      feed.start();
      return {
        feed,
        snapshotFailures: () => 0,
        async stop() {
          feed.stop();
          protocol.onClose();
        },
      };
    },
  };
}
