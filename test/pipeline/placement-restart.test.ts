// The fused and single-thread placements run the same stages as the layered one: each trades on the
// simulated exchange, survives a crash of the thread that runs "L3" (the fused L1-L4 worker, or
// the one pipeline thread) without losing or doubling an order, and drains on stop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';

for (const [topology, owner] of [['fused', 'L4'], ['single', 'L0']] as const) {
  test(`${topology}: a crash of "L3" restarts the ${owner} thread, and every intent is accounted for`, async () => {
    const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--topology', topology, '--duration', '3s', '--json',
      '--metrics-port', '0', '--crash-layer', 'L3', '--crash-after', '1s']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${owner} restarted \\(restart #1\\)`), `the crash lands on the ${owner} thread`);
    const s = summaryOf(r);
    assert.is(s.topology, topology);
    assert.ok(s.ticks > 0 && s.intents > 0, JSON.stringify(s));
    assert.is(s.restarts, 1);
    assert.is(s.orders, s.intents);
    assert.is(s.orders_filled + s.orders_cancelled, s.orders);
    assert.is(s.portfolio_fills, s.fills);
    assert.ok(s.marks > 0, 'risk valued the book at market marks');
  });
}

test.run();
