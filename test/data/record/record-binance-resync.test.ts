// A replay fetches nothing: after a recorded reconnect, or a diff the venue lost, a book only
// comes back from a REST depth snapshot in the file. The recorder must therefore fetch one
// whenever the book procedure needs it, not only after the first connect, or everything after
// the first drop or gap replays without a book. Recorded from the simulated exchange on loopback
// with both faults injected, then replayed through the Binance connector.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { SimExchange } from '../../../src/data/sim-exchange/sim-exchange.js';
import { binanceRecorder } from '../../../src/data/record/binance-recorder.js';
import { readRecording, RecordingWriter, RecordKind } from '../../../src/data/record/recording-file.js';
import { BinanceMarketData } from '../../../src/data/venues/binance/binance-market-data.js';
import { WsFeedCounter } from '../../../src/data/venues/ws-feed.js';
import { waitUntil } from '../../support/deadline.js';
import { tempDir } from '../../support/temp-dir.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];

/** Waits for `condition` up to `ms`, without failing: the replay says what was missed. */
async function awhile(condition: () => boolean, ms: number): Promise<void> {
  await waitUntil(condition, ms, 'a condition').catch(() => {});
}

test('a reconnect and a lost diff while recording: the replayed books are rebuilt after each', async () => {
  const exchange = new SimExchange({ symbols: SYMBOLS, startPrices: { 'BTC/USDT': 65000, 'ETH/USDT': 3400 }, annualVol: 0.6, seed: 5, eventsPerSecond: 2000 });
  const { wsUrl, restUrl } = await exchange.start();
  const out = path.join(tempDir('record-binance-resync-'), 'faults.rec');
  const plan = binanceRecorder({ protocol: 'binance', wsBase: wsUrl, restBase: restUrl }, SYMBOLS);
  const writer = new RecordingWriter(out, { venue: 'binance', protocol: 'binance', symbols: SYMBOLS, startedAt: new Date().toISOString(), wsUrl: plan.wsUrl });
  const recorder = plan.start(writer, () => {});
  try {
    await waitUntil(() => writer.snapshots >= 2, 5000, 'the first snapshots');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the diffs that bridge them
    exchange.dropClients();
    await waitUntil(() => recorder.feed.counters[WsFeedCounter.connects] >= 2, 8000, 'the reconnect');
    await awhile(() => writer.snapshots >= 4, 3000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = writer.snapshots;
    exchange.skipNextDiff();
    await awhile(() => writer.snapshots >= before + 2, 3000);
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await recorder.stop();
    await writer.close();
    await exchange.stop();
  }

  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: wsUrl, restBase: '' }, symbols: SYMBOLS, replayed: true,
    onEvent: () => {}, log: () => {},
  });
  let opens = 0;
  const syncedAtEachOpen: boolean[] = [];
  for (const r of readRecording(out).records) {
    if (r.kind === RecordKind.Connection && r.event === 'open') {
      if (opens++ > 0) syncedAtEachOpen.push(md.books.every((b) => b.isSynced()));
      md.connectionOpened();
    } else if (r.kind === RecordKind.Frame) {
      md.receiveFrame(r.payload, r.receivedAtUs / 1000);
    } else if (r.kind === RecordKind.Snapshot) {
      md.applySnapshotBody(SYMBOLS.indexOf(r.symbol), r.payload);
    }
  }
  md.stop();
  const t = md.totals();
  assert.is(opens, 2, 'the recording holds the reconnect');
  assert.equal(syncedAtEachOpen, [true], `both books were synced before the drop (${JSON.stringify(t)})`);
  assert.ok(md.books.every((b) => b.isSynced()), `both books synced at the end of the replay (snapshots in the file: ${t.snapshots_applied})`);
  assert.ok(t.gaps >= 1, 'the lost diff shows as a gap in the replay');
});

test.run();
