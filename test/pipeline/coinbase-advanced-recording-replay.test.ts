// A Coinbase Advanced Trade recording replayed with `run crypto --replay FILE`: `tradebot record
// --venue coinbase_advanced` records a loopback server that answers the four subscribes (sent by
// the recorder exactly as a session sends them, and kept as Sent records) with the real
// capture's frames; the replay feeds them to the Advanced Trade connector, so the session sees
// ticks, and two replays send the same orders (equal order digests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { assertSameReplay, runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { withTempDir } from '../support/temp-dir.js';
import { readRecording, RecordKind } from '../../src/data/record/recording-file.js';
import { SESSION_SUBSCRIBES, advancedCaptureFrames, advancedLoopback, type AdvancedLoopback } from '../data/venues/coinbase/coinbase-advanced-loopback.js';

test('record Coinbase Advanced Trade BTC/USD and ETH/USD from a loopback server, replay it twice: ticks, same orders', async () => {
  const frames = advancedCaptureFrames();
  if (frames === null) return;
  let lb: AdvancedLoopback | null = null;
  try {
    lb = await advancedLoopback((ws, message) => {
      if (message.channel === 'heartbeats') for (const f of frames) ws.send(f);
    });
    const url = lb.url;
    await withTempDir('tradebot-rec-coinbase-advanced-', async (dir) => {
      const out = path.join(dir, 'btc-eth.rec');
      const recorded = await runCli(['record', '--venue', 'coinbase_advanced', '--symbols', 'BTC/USD,ETH/USD', '--out', out, '--duration', '2s'], 20_000,
        { TRADEBOT_COINBASE_ADVANCED_WS_URL: url });
      assert.is(recorded.code, 0, recorded.stderr);
      assert.match(recorded.stderr, new RegExp(`recorded ${frames.length} frames`));
      const rec = readRecording(out);
      assert.is(rec.header.protocol, 'coinbase_advanced');
      assert.is(rec.header.venue, 'coinbase_advanced');
      assert.equal(rec.records.filter((r) => r.kind === RecordKind.Sent).map((r) => JSON.parse(r.payload.toString())), SESSION_SUBSCRIBES);
      assert.equal(lb!.received, SESSION_SUBSCRIBES);

      const replay = async () => {
        const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--replay', out, '--symbols', 'BTC/USD,ETH/USD', '--json', '--metrics-port', '0'], 60_000);
        assert.is(r.code, 0, r.stderr);
        assert.match(r.stderr, /coinbase_advanced: replaying a recording of ws:\/\/127\.0\.0\.1:\d+ \(BTC\/USD, ETH\/USD\)/);
        assert.match(r.stderr, new RegExp(`L0 recording replayed: ${frames.length} frames`));
        return summaryOf(r);
      };
      const a = await replay();
      const b = await replay();
      assertSameReplay(a, b);
    });
  } finally {
    await lb?.close();
  }
});

test.run();
