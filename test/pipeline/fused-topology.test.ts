// `--topology fused`: L1-L4 in one worker runs the same domain code end to end, survives a crash
// of that worker without losing or doubling an order, and drains on stop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf } from './cli-session.js';

test('fused topology trades, restarts the fused worker, and accounts for every intent', async () => {
  const r = await runCli(['run', 'crypto', '--topology', 'fused', '--duration', '3s', '--json',
    '--metrics-port', '0', '--crash-layer', 'L3', '--crash-after', '1s']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /L4 restarted \(restart #1\)/, 'the crash of "L3" lands on the fused worker');
  const s = summaryOf(r);
  assert.ok(s.ticks > 0 && s.intents > 0, JSON.stringify(s));
  assert.is(s.restarts, 1);
  assert.is(s.orders, s.intents);
  assert.is(s.fills, s.orders);
  assert.is(s.portfolio_fills, s.fills);
});

test.run();
