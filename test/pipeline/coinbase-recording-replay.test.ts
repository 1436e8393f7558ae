// A Coinbase recording replayed with `run crypto --replay FILE`: `tradebot record --venue
// coinbase` records a loopback ws-feed serving the real capture's SKL-USD frames, and the replay
// feeds them to the Coinbase connector (its books and matches), so the session sees ticks, and
// two replays, at full speed and at --speed 2, send the same orders (equal order digests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { assertSameReplay, runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { withTempDir } from '../support/temp-dir.js';
import { captureFramesOf, coinbaseLoopback, type CoinbaseLoopback } from '../data/venues/coinbase/coinbase-loopback.js';

test('record Coinbase SKL/USD from a loopback ws-feed, replay it twice: ticks, same orders', async () => {
  const frames = captureFramesOf('SKL-USD');
  if (frames === null) return;
  let lb: CoinbaseLoopback | null = null;
  try {
    lb = await coinbaseLoopback((ws, message) => {
      if (message.type === 'subscribe') for (const f of frames) ws.send(f);
    });
    const url = lb.url;
    await withTempDir('tradebot-rec-coinbase-', async (dir) => {
      const out = path.join(dir, 'skl.rec');
      const recorded = await runCli(['record', '--venue', 'coinbase', '--symbols', 'SKL/USD', '--out', out, '--duration', '1500ms'], 20_000,
        { TRADEBOT_COINBASE_WS_URL: url });
      assert.is(recorded.code, 0, recorded.stderr);
      assert.match(recorded.stderr, new RegExp(`recorded ${frames.length} frames`));

      const replay = async (...speed: string[]) => {
        const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--replay', out, '--symbols', 'SKL/USD', '--json', '--metrics-port', '0', ...speed], 60_000);
        assert.is(r.code, 0, r.stderr);
        assert.match(r.stderr, /coinbase: replaying a recording of ws:\/\/127\.0\.0\.1:\d+ \(SKL\/USD\)/);
        assert.match(r.stderr, new RegExp(`L0 recording replayed: ${frames.length} frames`));
        return summaryOf(r);
      };
      const a = await replay();
      const b = await replay('--speed', '2');
      assertSameReplay(a, b);
    });
  } finally {
    await lb?.close();
  }
});

test.run();
