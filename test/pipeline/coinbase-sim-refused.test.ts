// The simulated exchange speaks Binance's protocol only: a crypto session on it with
// `source.cryptoVenue: coinbase` is refused before anything starts, saying why and what to do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cryptoConfig, runCli } from './cli-session.js';

test('run crypto --source sim with cryptoVenue coinbase: exit 2, nothing started', async () => {
  const config = cryptoConfig((yaml) => yaml.replace('cryptoVenue: binance', 'cryptoVenue: coinbase'));
  const r = await runCli(['run', 'crypto', '--source', 'sim', '--config', config, '--duration', '3s', '--metrics-port', '0'], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--source sim cannot run with source\.cryptoVenue: coinbase: the simulated exchange speaks Binance's protocol only/);
  assert.match(r.stderr, /Use --source live for Coinbase market data/);
  assert.not.match(r.stderr, /market data connected/);
});

test.run();
