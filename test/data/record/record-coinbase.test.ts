// `record --venue coinbase` against a loopback ws-feed (reached through TRADEBOT_COINBASE_WS_URL)
// that answers the subscribe with the real capture's SKL-USD frames: the file says protocol
// coinbase, starts with the open and the subscribe the connector itself sends (as a Sent record,
// exactly the frame the server got), then holds every frame byte for byte in the order sent,
// with receive times that never go backwards and fall inside the recording.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { readRecording, RecordKind } from '../../../src/data/record/recording-file.js';
import { recordMarketData } from '../../../src/data/record/record-command.js';
import { coinbaseSessionSubscribe } from '../../../src/data/venues/coinbase/coinbase-market-data.js';
import { withDeadline } from '../../support/deadline.js';
import { withTempDir } from '../../support/temp-dir.js';
import { captureFramesOf, coinbaseLoopback, type CoinbaseLoopback } from '../venues/coinbase/coinbase-loopback.js';

test('Coinbase frames recorded in order, with the subscribe sent and receive times', async () => {
  const frames = captureFramesOf('SKL-USD');
  if (frames === null) return;
  let lb: CoinbaseLoopback | null = null;
  try {
    lb = await coinbaseLoopback((ws, message) => {
      if (message.type === 'subscribe') for (const f of frames) ws.send(f);
    });
    const url = lb.url;
    await withTempDir('record-coinbase-', async (dir) => {
      const out = path.join(dir, 'skl.rec');
      const beganUs = Date.now() * 1000;
      const summary = await withDeadline(recordMarketData({
        venue: 'coinbase', symbols: ['SKL/USD'], out, durationMs: 1500, log: () => {}, env: { TRADEBOT_COINBASE_WS_URL: url },
      }), 15_000, 'the Coinbase recording');
      const endedUs = Date.now() * 1000;

      const rec = readRecording(out);
      assert.is(rec.truncated, false);
      assert.is(rec.header.version, 2);
      assert.is(rec.header.protocol, 'coinbase');
      assert.is(rec.header.venue, 'coinbase');
      assert.is(rec.header.wsUrl, url);
      assert.equal(rec.header.symbols, ['SKL/USD']);

      const [open, sent] = rec.records;
      assert.ok(open.kind === RecordKind.Connection && open.event === 'open' && open.detail === url, 'the open comes first');
      assert.ok(sent.kind === RecordKind.Sent, 'then what the recorder sent');
      assert.is(sent.payload.toString(), coinbaseSessionSubscribe(['SKL/USD']));
      assert.equal(lb!.received, [JSON.parse(coinbaseSessionSubscribe(['SKL/USD']))], 'the server got exactly that frame');

      const recorded = rec.records.filter((r) => r.kind === RecordKind.Frame);
      assert.is(recorded.length, frames.length);
      recorded.forEach((r, i) => { if (r.payload.toString() !== frames[i]) assert.unreachable(`frame ${i} differs`); });
      let last = 0;
      for (const r of rec.records) {
        assert.ok(r.receivedAtUs >= last, 'receive times never decrease');
        assert.ok(r.receivedAtUs >= beganUs - 1000 && r.receivedAtUs <= endedUs + 1000, `time ${r.receivedAtUs} inside the recording`);
        last = r.receivedAtUs;
      }
      assert.is(summary.frames, frames.length);
      assert.is(summary.sent, 1);
      assert.is(summary.snapshots, 0);
      assert.is(summary.failure, null);
    });
  } finally {
    await lb?.close();
  }
});

test.run();
