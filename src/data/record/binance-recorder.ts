/**
 * Recording Binance's protocol (the venue or the simulated exchange): the combined stream of
 * trades, book tickers, depth diffs and 1-minute klines, named in the URL (nothing to send), plus
 * a REST depth snapshot of a symbol whenever its book needs one: after every (re)connect, a
 * sequence gap or a snapshot too old to bridge. A replay resets every book at each recorded
 * open and never fetches anything, so a book only ever comes back from a snapshot in the file.
 *
 * The recorder keeps the same book procedure (BinanceBookSync) over the frames it writes, so it
 * asks exactly when the replayed connector will need a snapshot. Requests go out on a depth diff
 * (diffs are then flowing, so the snapshot can bridge them), one in flight and at most one a
 * second per symbol.
 */

import { httpGetBuffer } from '../venues/http-get.js';
import type { MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import { BinanceFrameDecoder } from '../venues/binance/binance-frame-decoder.js';
import { BinanceField as F, MessageKind } from '../venues/binance/binance-message-layout.js';
import { BinanceBookSync } from '../venues/binance/binance-book-sync.js';
import { applyDecodedDiff, applyDecodedSnapshot } from '../venues/binance/binance-decoded-book.js';
import { recordingClockUs } from './recording-file.js';
import { recordedFeed, type RecorderPlan } from './feed-recording.js';

const SNAPSHOT_TIMEOUT_MS = 10_000;
const SNAPSHOT_LIMIT = 1000;
/** Least time between two snapshot requests of one symbol. */
const SNAPSHOT_EVERY_MS = 1000;

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
      const decoder = new BinanceFrameDecoder(symbols.map((s) => s.replace('/', '')), { maxLevels: 5000 });
      const books = symbols.map(() => new BinanceBookSync());
      const inFlight = new Uint8Array(symbols.length);
      const lastRequestAt = new Float64Array(symbols.length).fill(-Infinity);
      const snapshotAbort = new AbortController();
      const pendingSnapshots = new Set<Promise<void>>();
      let snapshotFailures = 0;
      let stopped = false;

      const fetchSnapshot = async (s: number): Promise<void> => {
        const venueId = symbols[s].replace('/', '');
        try {
          const body = await httpGetBuffer(`${endpoints.restBase}/api/v3/depth?symbol=${venueId}&limit=${SNAPSHOT_LIMIT}`, SNAPSHOT_TIMEOUT_MS, snapshotAbort.signal);
          if (stopped) return;
          writer.appendSnapshot(symbols[s], body, recordingClockUs());
          // Applied here as the replay will apply it from the file, so both books agree on what comes next.
          if (decoder.decode(body, body.length, s) === MessageKind.DepthSnapshot) applyDecodedSnapshot(decoder, books[s]);
        } catch (err) {
          if (snapshotAbort.signal.aborted) return;
          snapshotFailures++;
          log(`record: depth snapshot of ${symbols[s]} failed: ${(err as Error).message}`);
        } finally {
          inFlight[s] = 0;
        }
      };

      const requestSnapshot = (s: number): void => {
        const now = Date.now();
        if (stopped || inFlight[s] === 1 || now - lastRequestAt[s] < SNAPSHOT_EVERY_MS) return;
        inFlight[s] = 1;
        lastRequestAt[s] = now;
        const pending = fetchSnapshot(s);
        pendingSnapshots.add(pending);
        void pending.then(() => pendingSnapshots.delete(pending));
      };

      // Registered after recordedFeed's listeners: the open and the frame are in the file first.
      feed.on('open', () => { for (const b of books) b.reset(); });
      feed.on('frame', (data) => {
        if (decoder.decode(data, data.length) !== MessageKind.DepthUpdate) return;
        const s = decoder.fields[F.symbol];
        applyDecodedDiff(decoder, books[s]);
        if (books[s].needsSnapshot()) requestSnapshot(s);
      });
      feed.start();
      return {
        feed,
        snapshotFailures: () => snapshotFailures,
        async stop() {
          stopped = true;
          feed.stop();
          snapshotAbort.abort();
          await Promise.all([...pendingSnapshots]);
        },
      };
    },
  };
}
