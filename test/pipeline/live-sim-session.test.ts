// `tradebot run crypto --live` on the default source: the orders go through the real ccxt Binance
// adapter to the simulated exchange's copy of Binance's order API, fills come back on its
// user-data stream, and the session books them like paper fills. No internet. The keys are fake
// but distinctive, and appear in nothing the session prints or writes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCli, summaryOf, tradingCryptoConfig, tradingStocksConfig } from './cli-session.js';
import { fakeKeyEnv } from '../support/fake-credentials.js';
import { tempDir } from '../support/temp-dir.js';
import { fillsFromTrail } from '../../src/compliance/fills-file.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('a --live sim session sends its orders to the simulated exchange and books what it fills', async () => {
  const env = fakeKeyEnv('live');
  const keys = { BINANCE_API_KEY: env.BINANCE_API_KEY!, BINANCE_API_SECRET: env.BINANCE_API_SECRET! };
  const data = tempDir('tradebot-live-');
  // A venue takes a few orders a second, not every flicker of a signal (ccxt paces its requests).
  const config = tradingCryptoConfig((y) => y.replace(/^  maxOrdersPerSecond: 0$/m, '  maxOrdersPerSecond: 5'));
  const r = await runCli(['run', 'crypto', '--config', config, '--live', '--data-dir', data, '--duration', '4s', '--json', '--metrics-port', '0'], 45_000, keys);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.execution, 'live');
  assert.is(s.source, 'sim');
  assert.match(r.stderr, /live execution: orders go to the simulated exchange/);
  assert.ok(s.orders > 0 && s.fills > 0 && s.orders_filled > 0, JSON.stringify(s));
  assert.match(r.stderr, /market metadata: the simulated exchange's rules for BTC\/USDT, ETH\/USDT/);
  // Every order reached an end the venue confirmed (filled, cancelled or expired by it, or
  // rejected), and L5 booked every fill L4 published.
  assert.is(s.portfolio_fills, s.fills, JSON.stringify(s));
  assert.is(s.order_state_violations ?? 0, 0, JSON.stringify(s));
  assert.not.match(r.stderr, /still working at the venue|drain did not finish/);
  // The venue's user-data stream connected and pushed reports of our orders.
  assert.ok(s.venue_orders !== undefined && s.venue_orders.stream_connects >= 1 && s.venue_orders.reports >= s.fills, JSON.stringify(s.venue_orders));
  // The audit trail holds the venue's fills, and no key anywhere.
  const files = filesUnder(data);
  const verify = await runCli(['audit', 'verify', path.dirname(files.find((f) => f.includes('audit'))!)], 20_000);
  assert.is(verify.code, 0, verify.stdout + verify.stderr);
  assert.ok(files.some((f) => f.includes('audit')), files.join('\n'));
  // The trail says its session traded live: the tax report takes its fills with --execution live.
  assert.equal(fillsFromTrail(path.join(data, 'audit'), 'live').sessions, { paper: 0, live: 1, unknown: 0 });
  assert.is(fillsFromTrail(path.join(data, 'audit'), 'live').fills.length, s.fills);
  for (const [name, value] of Object.entries(keys)) {
    assert.not.ok(r.stdout.includes(value) || r.stderr.includes(value), `${name} printed`);
    for (const f of files) assert.not.ok(readFileSync(f).includes(value), `${name} written to ${f}`);
  }
});

test('a live L4 that crashes is restarted, takes over the orders working at the venue and loses none', async () => {
  const env = fakeKeyEnv('crash');
  const keys = { BINANCE_API_KEY: env.BINANCE_API_KEY!, BINANCE_API_SECRET: env.BINANCE_API_SECRET! };
  // Resting (maker) orders, so some are working when the thread dies.
  const config = tradingCryptoConfig((y) => y.replace(/^  maxOrdersPerSecond: 0$/m, '  maxOrdersPerSecond: 5').replace(/^  orderStyle: taker$/m, '  orderStyle: maker'));
  const r = await runCli(['run', 'crypto', '--config', config, '--live', '--data-dir', tempDir('tradebot-live-'), '--duration', '5s',
    '--crash-layer', 'L4', '--crash-after', '3s', '--json', '--metrics-port', '0'], 45_000, keys);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.match(r.stderr, /L4 restarted \(restart #1\)/);
  // Whether orders were working at the moment of the crash depends on timing (the journal's
  // take-over itself is tested in venue-execution.test.ts); what must hold either way:
  const tookOver = /live execution: took over (\d+) orders/.exec(r.stderr);
  if (tookOver !== null) assert.ok(Number(tookOver[1]) > 0);
  assert.ok(s.orders > 0, JSON.stringify(s));
  assert.is(s.portfolio_fills, s.fills, JSON.stringify(s));
  assert.is(s.order_state_violations ?? 0, 0, r.stderr);
});

test('a --live stocks session sends its orders to the simulated Alpaca trading API and books its fills', async () => {
  const env = fakeKeyEnv('stocks');
  const keys = { APCA_API_KEY_ID: env.APCA_API_KEY_ID!, APCA_API_SECRET_KEY: env.APCA_API_SECRET_KEY! };
  const config = tradingStocksConfig((y) => y.replace(/^  maxOrdersPerSecond: 0$/m, '  maxOrdersPerSecond: 5'));
  const r = await runCli(['run', 'stocks', '--config', config, '--live', '--data-dir', tempDir('tradebot-live-'), '--duration', '4s', '--json', '--metrics-port', '0'], 45_000, keys);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.execution, 'live');
  assert.match(r.stderr, /live execution: orders go to the simulated exchange/);
  assert.ok(s.orders > 0 && s.orders_filled > 0 && s.portfolio_fills === s.fills, JSON.stringify(s));
  assert.is(s.order_state_violations ?? 0, 0);
  for (const value of Object.values(keys)) assert.not.ok(r.stdout.includes(value) || r.stderr.includes(value), 'a key printed');
});

test('--live is refused before anything starts without keys and without a venue', async () => {
  const noKeys = { BINANCE_API_KEY: '', BINANCE_API_SECRET: '', APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' };
  const r = await runCli(['run', 'crypto', '--live', '--duration', '1s', '--metrics-port', '0'], 20_000, noKeys);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--live: binance credentials: BINANCE_API_KEY is not set; BINANCE_API_SECRET is not set; nothing was started/);
  const stocks = await runCli(['run', 'stocks', '--live', '--duration', '1s', '--metrics-port', '0'], 20_000, noKeys);
  assert.is(stocks.code, 2, stocks.stderr);
  assert.match(stocks.stderr, /--live: alpaca credentials: APCA_API_KEY_ID is not set/);
  const replay = await runCli(['run', 'crypto', '--live', '--source', 'synthetic', '--duration', '1s', '--metrics-port', '0'], 20_000, fakeKeyEnv('r'));
  assert.is(replay.code, 2, replay.stderr);
  assert.match(replay.stderr, /orders need a venue, and --source synthetic has none/);
});

test.run();
