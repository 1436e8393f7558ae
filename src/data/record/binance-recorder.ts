/**
 * Recording Binance's protocol (the venue or the simulated exchange): the combined stream of
 * trades, book tickers, depth diffs and 1-minute klines, named in the URL (nothing to send), plus one REST depth
 * snapshot per symbol shortly after the first connect, which is what a book needs to start
 * from the diffs.
 */

import { httpGetBuffer } from '../venues/http-get.js';
import type { MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import { recordingClockUs } from './recording-file.js';
import { recordedFeed, type RecorderPlan } from './feed-recording.js';

/** Delay between the first open and the snapshot requests, so diffs are already flowing when the snapshot is cut. */
const SNAPSHOT_DELAY_MS = 250;
const SNAPSHOT_TIMEOUT_MS = 10_000;
const SNAPSHOT_LIMIT = 1000;

function venueStreamName(symbol: string): string {
  return symbol.replace('/', '').toLowerCase();
}

export function binanceRecorder(endpoints: MarketDataEndpoints, symbols: readonly string[]): RecorderPlan {
  const streams = symbols.flatMap((s) => {
    const v = venueStreamName(s);
    return [`${v}@trade`, `${v}@bookTicker`, `${v}@depth@100ms`, `${v}@kline_1m`];
  });
  const url = `${endpoints.wsBase}/stream?streams=${streams.join('/')}`;
  return {
    protocol: 'binance',
    wsUrl: url,
    start(writer, log) {
      const feed = recordedFeed(writer, { name: 'record-binance', url }, log);
      const snapshotAbort = new AbortController();
      const pendingSnapshots: Promise<void>[] = [];
      let snapshotFailures = 0;
      let snapshotTimer: NodeJS.Timeout | null = null;
      let snapshotsRequested = false;

      const fetchSnapshot = async (symbol: string): Promise<void> => {
        const venueId = symbol.replace('/', '');
        try {
          const body = await httpGetBuffer(`${endpoints.restBase}/api/v3/depth?symbol=${venueId}&limit=${SNAPSHOT_LIMIT}`, SNAPSHOT_TIMEOUT_MS, snapshotAbort.signal);
          writer.appendSnapshot(symbol, body, recordingClockUs());
        } catch (err) {
          if (snapshotAbort.signal.aborted) return;
          snapshotFailures++;
          log(`record: depth snapshot of ${symbol} failed: ${(err as Error).message}`);
        }
      };
      feed.on('open', () => {
        if (snapshotsRequested) return;
        snapshotsRequested = true;
        snapshotTimer = setTimeout(() => {
          snapshotTimer = null;
          for (const s of symbols) pendingSnapshots.push(fetchSnapshot(s));
        }, SNAPSHOT_DELAY_MS);
      });
      feed.start();
      return {
        feed,
        snapshotFailures: () => snapshotFailures,
        async stop() {
          feed.stop();
          if (snapshotTimer) clearTimeout(snapshotTimer);
          snapshotAbort.abort();
          await Promise.all(pendingSnapshots);
        },
      };
    },
  };
}
