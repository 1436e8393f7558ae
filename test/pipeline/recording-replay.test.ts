// A recording (`tradebot record`) replayed with `run --replay FILE`: the recorded frames and
// snapshots go through the same Binance connector and workers, and two replays of one recording
// send the same orders bit for bit (equal order digests), at full speed or at the recorded pace
// (`--speed`), which takes as long as the recording did. A recording replays only into a session
// trading the symbols it holds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { recordMarketData } from '../../src/data/record/record-command.js';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { withDeadline } from '../support/deadline.js';
import { withTempDir } from '../support/temp-dir.js';

test('record 1.5 s of the simulated exchange, replay it twice: same orders', async () => {
  await withTempDir('tradebot-rec-', async (dir) => {
    const out = path.join(dir, 'btc.rec');
    const recorded = await withDeadline(recordMarketData({ venue: 'sim', symbols: ['BTC/USDT'], out, durationMs: 1500, log: () => {} }), 15_000, 'the 1.5 s recording');
    assert.ok(recorded.frames > 100, `frames ${recorded.frames}`);

    const replay = async (...speed: string[]) => {
      const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--replay', out, '--symbols', 'BTC/USDT', '--json', '--metrics-port', '0', ...speed], 60_000);
      assert.is(r.code, 0, r.stderr);
      const took = /L0 recording replayed: \d+ frames in ([\d.]+) s/.exec(r.stderr);
      assert.ok(took !== null, r.stderr);
      return { ...summaryOf(r), seconds: Number(took[1]) };
    };
    const a = await replay();
    const b = await replay('--speed', '2');
    // 1.5 s of receive times at 2x: the paced replay cannot be quicker than the recording's span
    // over two (the first frame arrives some ms after the recorder opens, hence the margin).
    assert.ok(b.seconds >= 0.6, `the paced replay took ${b.seconds} s`);
    assert.is(a.source, 'replay');
    assert.ok(a.ticks > 100 && a.orders > 0, JSON.stringify(a));
    assert.is(a.bad_input, 0);
    assert.is(b.order_digest, a.order_digest);
    assert.is(b.ticks, a.ticks);
    assert.is(b.pnl_usd, a.pnl_usd);

    const wrong = await runCli(['run', 'crypto', '--replay', out, '--metrics-port', '0']);
    assert.is(wrong.code, 2);
    assert.match(wrong.stderr, /holds BTC\/USDT; the session trades BTC\/USDT, ETH\/USDT: give --symbols BTC\/USDT/);
  });
});

test.run();
