// A start price the simulated market cannot quote (below a few of its finest ticks) is a config
// error naming the field, the symbol and the file (exit 2), not a worker that throws at start and
// takes the session down with a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cryptoConfig, runCli } from './cli-session.js';

test('run crypto with source.startPrices far below a tick: exit 2 naming the field, no stack trace', async () => {
  const config = cryptoConfig((yaml) => yaml.replace(/startPrices: \{[^}]*\}/, 'startPrices: {BTC/USDT: 1e-300}'));
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '300ms', '--metrics-port', '0', '--data-dir', ''], 20_000);
  assert.is(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${config}: source.startPrices["BTC/USDT"] must be a positive number in [1e-7, `), r.stderr);
  assert.match(r.stderr, /got 1e-300/);
  assert.not.match(r.stderr, /\n\s+at /);
});

test('the documented bounds of source.startPrices run on the simulated market', async () => {
  const config = cryptoConfig((yaml) => yaml.replace(/startPrices: \{[^}]*\}/, 'startPrices: {BTC/USDT: 1e-7, ETH/USDT: 1e12}'));
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '1s', '--metrics-port', '0', '--data-dir', '', '--json'], 30_000);
  assert.is(r.code, 0, r.stderr);
});

test.run();
