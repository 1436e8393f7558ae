// `record --venue alpaca` against the simulated Alpaca stream (reached through
// TRADEBOT_ALPACA_WS_URL) that accepts only one pair of keys: the recorder authenticates with the
// keys from the environment and subscribes to trades and quotes, the file holds the handshake in
// order (connected, the auth sent, authenticated, the subscribe sent, the subscription) and then
// trades and quotes, and neither key appears anywhere in the file's bytes: the auth frame is
// there only redacted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readRecording, RecordKind } from '../../../src/data/record/recording-file.js';
import { recordMarketData } from '../../../src/data/record/record-command.js';
import { AlpacaSimExchange } from '../../../src/data/sim-exchange/alpaca-sim-exchange.js';
import { withDeadline } from '../../support/deadline.js';
import { withTempDir } from '../../support/temp-dir.js';

const KEY = 'AKRECORDKEYID0042';
const SECRET = 'record-secret-Zq7pX9wL3mN8';
/** Wednesday 2024-03-06 11:00 EST: the simulated market is open. */
const START_US = Date.UTC(2024, 2, 6, 16, 0) * 1000;

test('Alpaca: handshake and data recorded in order, the keys nowhere in the file', async () => {
  const exchange = new AlpacaSimExchange({
    symbols: ['AAPL', 'MSFT'], annualVol: 0.3, seed: 5, eventsPerSecond: 2000, startEpochUs: START_US, credentials: { key: KEY, secret: SECRET },
  });
  try {
    const { wsUrl } = await exchange.start();
    await withTempDir('record-alpaca-', async (dir) => {
      const out = path.join(dir, 'stocks.rec');
      const summary = await withDeadline(recordMarketData({
        venue: 'alpaca', symbols: ['AAPL', 'MSFT'], out, durationMs: 1200, log: () => {},
        env: { TRADEBOT_ALPACA_WS_URL: wsUrl, APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET },
      }), 15_000, 'the Alpaca recording');
      assert.is(summary.failure, null);
      assert.is(exchange.stats.authentications, 1, 'the keys from the environment were accepted');

      const bytes = readFileSync(out);
      assert.is(bytes.indexOf(SECRET), -1, 'the secret key is not in the file');
      assert.is(bytes.indexOf(KEY), -1, 'nor the key id');

      const rec = readRecording(out);
      assert.is(rec.header.protocol, 'alpaca');
      assert.is(rec.header.venue, 'alpaca');
      assert.is(rec.header.feed, 'iex');
      assert.is(rec.header.wsUrl, `${wsUrl}/v2/iex`);
      const texts = rec.records.map((r) => {
        if (r.kind === RecordKind.Connection) return r.event;
        if (r.kind === RecordKind.Sent) return `sent ${r.payload.toString()}`;
        if (r.kind === RecordKind.Frame) return r.payload.toString();
        return 'snapshot';
      });
      assert.is(texts[0], 'open');
      assert.match(texts[1], /"msg":"connected"/);
      assert.is(texts[2], 'sent {"action":"auth","key":"***","secret":"***"}');
      assert.match(texts[3], /"msg":"authenticated"/);
      assert.is(texts[4], 'sent {"action":"subscribe","trades":["AAPL","MSFT"],"quotes":["AAPL","MSFT"]}');
      assert.match(texts[5], /"T":"subscription"/);
      const data = texts.slice(6).filter((t) => t.startsWith('['));
      assert.ok(data.some((t) => t.includes('"T":"t"')) && data.some((t) => t.includes('"T":"q"')), 'trades and quotes follow');
      assert.is(texts[texts.length - 1], 'close');

      let last = 0;
      for (const r of rec.records) {
        assert.ok(r.receivedAtUs >= last, 'times never decrease');
        last = r.receivedAtUs;
      }
      assert.is(summary.sent, 2);
      assert.ok(summary.frames > 10, `frames ${summary.frames}`);
    });
  } finally {
    await exchange.stop();
  }
});

test.run();
