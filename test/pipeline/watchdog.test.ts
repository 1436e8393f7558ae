// A layer stuck in a loop (no exception, no exit) stops its heartbeat; the orchestrator's watchdog
// terminates and restarts it, and the session goes on with nothing lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tradingCryptoConfig, runCli, summaryOf } from './cli-session.js';

test('a hung L2 is detected by its silent heartbeat and restarted', async () => {
  const config = tradingCryptoConfig((y) => y.replace(/stallSeconds: *\d+/, 'stallSeconds: 1'));
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '4s', '--json',
    '--metrics-port', '0', '--hang-layer', 'L2', '--crash-after', '500ms']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /L2 restarted \(restart #1\): stalled: no heartbeat for 1s/);
  assert.not.match(r.stderr, /L[013-5] restarted/, 'only the hung layer was restarted, not the ones blocked behind it');
  const s = summaryOf(r);
  assert.is(s.restarts, 1);
  assert.ok(s.intents > 0);
  assert.is(s.orders, s.intents);
  assert.is(s.orders_filled + s.orders_cancelled, s.orders);
});

test.run();
