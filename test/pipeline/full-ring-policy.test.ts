// Full rings: ticks are conflated per symbol (and counted), while intents, orders and fills are
// never dropped: with a tiny ring and an unpaced source every intent still becomes an order and a
// booked fill.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tradingCryptoConfig, runCli, summaryOf } from './cli-session.js';

test('an unpaced source into 64-slot rings conflates ticks and loses no intent, order or fill', async () => {
  const config = tradingCryptoConfig((y) => y
    .replace(/ratePerSecond: *\d+/, 'ratePerSecond: 0')
    .replace(/ringCapacity: *\d+/, 'ringCapacity: 64')
    .replace(/tickPolicy: *\w+/, 'tickPolicy: conflate'));
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '2s', '--json', '--metrics-port', '0']);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.ok(s.conflated > 0, `the tick ring filled and ticks were conflated (${s.conflated})`);
  assert.ok(s.intents > 0);
  assert.is(s.orders, s.intents);
  assert.is(s.orders_filled + s.orders_cancelled, s.orders);
  assert.is(s.portfolio_fills, s.fills);
});

test.run();
