// Keys the Alpaca stream refuses (402) end the recording at once instead of reconnecting into a
// throttled account: the summary carries the protocol's reason, the file is complete and holds
// the refusal, and neither the wrong key nor its id is in the file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readRecording, RecordKind } from '../../../src/data/record/recording-file.js';
import { recordMarketData } from '../../../src/data/record/record-command.js';
import { AlpacaSimExchange } from '../../../src/data/sim-exchange/alpaca-sim-exchange.js';
import { withDeadline } from '../../support/deadline.js';
import { withTempDir } from '../../support/temp-dir.js';

test('refused keys: the recording ends early with the reason, the file complete and key-free', async () => {
  const exchange = new AlpacaSimExchange({ symbols: ['AAPL'], annualVol: 0.3, seed: 3, eventsPerSecond: 1000, credentials: { key: 'RIGHTKEY', secret: 'right-secret' } });
  try {
    const { wsUrl } = await exchange.start();
    await withTempDir('record-alpaca-refused-', async (dir) => {
      const out = path.join(dir, 'refused.rec');
      const summary = await withDeadline(recordMarketData({
        venue: 'alpaca', symbols: ['AAPL'], out, durationMs: 30_000, log: () => {},
        env: { TRADEBOT_ALPACA_WS_URL: wsUrl, APCA_API_KEY_ID: 'WRONGKEYID', APCA_API_SECRET_KEY: 'wrong-secret-value' },
      }), 10_000, 'the refused recording to end');
      assert.match(summary.failure ?? '', /402/);
      assert.ok(summary.elapsedMs < 5000, `${summary.elapsedMs} ms`);
      assert.is(summary.connects, 1, 'no reconnect after a refusal');
      const bytes = readFileSync(out);
      assert.is(bytes.indexOf('wrong-secret-value'), -1);
      assert.is(bytes.indexOf('WRONGKEYID'), -1);
      const rec = readRecording(out);
      assert.is(rec.truncated, false);
      assert.ok(rec.records.some((r) => r.kind === RecordKind.Frame && r.payload.toString().includes('"code":402')), 'the refusal is recorded');
    });
  } finally {
    await exchange.stop();
  }
});

test.run();
