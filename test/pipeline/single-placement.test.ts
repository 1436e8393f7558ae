// `--topology single`: every stage in L0's thread (the placement backtests use). It trades on the
// simulated exchange, accounts for every intent, survives a crash of that one thread, and drains.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf } from './cli-session.js';

test('single placement trades, restarts its one thread, and accounts for every intent', async () => {
  const r = await runCli(['run', 'crypto', '--topology', 'single', '--duration', '3s', '--json',
    '--metrics-port', '0', '--crash-layer', 'L3', '--crash-after', '1s']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /L0 restarted \(restart #1\)/, 'the crash of "L3" lands on the one pipeline thread');
  const s = summaryOf(r);
  assert.is(s.topology, 'single');
  assert.ok(s.ticks > 0 && s.intents > 0, JSON.stringify(s));
  assert.is(s.restarts, 1);
  assert.is(s.orders, s.intents);
  assert.is(s.fills, s.orders);
  assert.is(s.portfolio_fills, s.fills);
});

test.run();
