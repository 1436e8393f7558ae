// `record --venue sim-alpaca` starts the simulated Alpaca stream in-process and records it like
// the real one: protocol alpaca, venue sim-alpaca, the chosen feed, the auth (redacted) and
// subscribe sent, then trades and quotes; the simulated stream is stopped when recording ends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { readRecording, RecordKind } from '../../../src/data/record/recording-file.js';
import { recordMarketData } from '../../../src/data/record/record-command.js';
import { withDeadline } from '../../support/deadline.js';
import { withTempDir } from '../../support/temp-dir.js';

test('sim-alpaca on the sip feed: an alpaca recording with the handshake and data', async () => {
  await withTempDir('record-sim-alpaca-', async (dir) => {
    const out = path.join(dir, 'sim.rec');
    const summary = await withDeadline(recordMarketData({
      venue: 'sim-alpaca', symbols: ['AAPL', 'SPY'], feed: 'sip', out, durationMs: 1000, log: () => {}, env: {},
    }), 15_000, 'the sim-alpaca recording');
    const rec = readRecording(out);
    assert.is(rec.header.protocol, 'alpaca');
    assert.is(rec.header.venue, 'sim-alpaca');
    assert.is(rec.header.feed, 'sip');
    assert.match(rec.header.wsUrl, /^ws:\/\/127\.0\.0\.1:\d+\/v2\/sip$/);
    const sent = rec.records.filter((r) => r.kind === RecordKind.Sent).map((r) => r.payload.toString());
    assert.equal(sent, ['{"action":"auth","key":"***","secret":"***"}', '{"action":"subscribe","trades":["AAPL","SPY"],"quotes":["AAPL","SPY"]}']);
    const frames = rec.records.filter((r) => r.kind === RecordKind.Frame).map((r) => r.payload.toString());
    assert.ok(frames.some((f) => f.includes('"T":"t"') && f.includes('"S":"SPY"')), 'SPY trades recorded');
    assert.is(summary.failure, null);
    assert.is(summary.connects, 1);
  });
});

test.run();
