// More restarts than `pipeline.maxRestarts` within the window: the pipeline halts (no new orders),
// drains, says why, and exits with code 3; every intent is either an order or a counted reject.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tradingCryptoConfig, runCli, summaryOf } from './cli-session.js';

test('repeated crashes of L4 halt the pipeline safely with exit code 3', async () => {
  const config = tradingCryptoConfig((y) => y.replace(/maxRestarts: *\d+/, 'maxRestarts: 1'));
  // Crash requests that reach a layer before it has published anything (market data still
  // connecting on a busy machine) end in one crash, not one each: keep asking for a while, so at
  // least two crashes happen however slowly the session starts.
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '20s', '--json',
    '--metrics-port', '0', '--crash-layer', 'L4', '--crash-after', '400ms', '--crash-times', '10'], 30_000);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /HALTED: L4 failed 2 times in 60s .*no new orders/);
  const s = summaryOf(r);
  assert.is(s.halted, true);
  assert.ok(s.duration_s < 5, 'halting ended the session long before its 20 s');
  assert.is(s.orders + s.rejects, s.intents, 'every intent became an order or a counted reject');
  assert.is(s.orders_filled + s.orders_cancelled, s.orders);
});

test.run();
