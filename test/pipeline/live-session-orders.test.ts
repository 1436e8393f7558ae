// Where a --live session's orders go: the venue whose market data it reads (Binance spot,
// Coinbase Exchange, Coinbase Advanced Trade, Alpaca), and what is refused before anything starts:
// several venues at once, a venue the simulated exchange does not take orders for, and Coinbase
// Advanced Trade with venueSandbox (ccxt has no test environment for it), and the single topology.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { defaultConfigPath, parseConfig, type PipelineConfig } from '../../src/pipeline/config.js';
import { checkLiveExecution, orderVenueName, orderVenueOf } from '../../src/pipeline/live-session-orders.js';
import { routedCryptoConfig } from '../support/routed-config.js';

const KEYS: Record<string, string> = {
  COINBASE_API_KEY: 'advanced-key', COINBASE_API_SECRET: 'advanced-secret',
  COINBASE_EXCHANGE_API_KEY: 'exchange-key', COINBASE_EXCHANGE_API_SECRET: 'ZXhjaGFuZ2Utc2VjcmV0', COINBASE_EXCHANGE_API_PASSPHRASE: 'exchange-pass',
};

function liveCrypto(edit: (yaml: string) => string): PipelineConfig {
  const yaml = readFileSync(defaultConfigPath('crypto'), 'utf8').replace(/^ {2}mode: paper$/m, '  mode: live');
  return parseConfig(edit(yaml), 'crypto.yml', { allowLive: true });
}

function withKeys<T>(fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(KEYS).map((k) => [k, process.env[k]]));
  Object.assign(process.env, KEYS);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const refusal = (config: PipelineConfig): string => {
  try {
    withKeys(() => checkLiveExecution(config));
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

test('orders go to the venue the session reads', () => {
  assert.is(orderVenueName(liveCrypto((y) => y)), 'binance');
  assert.is(orderVenueName(liveCrypto((y) => y.replace('cryptoVenue: binance', 'cryptoVenue: coinbase'))), 'coinbaseexchange');
  assert.is(orderVenueName(liveCrypto((y) => y.replace('cryptoVenue: binance', 'cryptoVenue: coinbase_advanced'))), 'coinbase');
});

test('Coinbase Exchange from a live source: its sandbox by default, accepted', () => {
  const config = liveCrypto((y) => y.replace('cryptoVenue: binance', 'cryptoVenue: coinbase').replace(/^ {2}kind: sim$/m, '  kind: live'));
  assert.is(refusal(config), '');
  const endpoints = withKeys(() => orderVenueOf(config, null));
  assert.equal([endpoints?.venue, endpoints?.sandbox, endpoints?.label], ['coinbaseexchange', true, 'Coinbase Exchange sandbox']);
});

test('Coinbase Advanced Trade with venueSandbox is refused: ccxt has no test environment for it', () => {
  const advanced = (sandbox: boolean) => liveCrypto((y) => y.replace('cryptoVenue: binance', 'cryptoVenue: coinbase_advanced')
    .replace(/^ {2}kind: sim$/m, '  kind: live').replace('venueSandbox: true', `venueSandbox: ${sandbox}`));
  assert.match(refusal(advanced(true)), /Coinbase Advanced Trade has no test environment in ccxt: set execution\.venueSandbox: false/);
  assert.is(refusal(advanced(false)), '');
  assert.equal(withKeys(() => orderVenueOf(advanced(false), null))?.sandbox, false);
});

test('Coinbase orders on the simulated exchange, and several venues at once, are refused', () => {
  assert.match(refusal(liveCrypto((y) => y.replace('cryptoVenue: binance', 'cryptoVenue: coinbase'))),
    /the simulated exchange takes Binance spot and Alpaca orders, not coinbaseexchange's/);
  const twoVenues = routedCryptoConfig((y) => y.replace(/^ {2}mode: paper$/m, '  mode: live').replace('routing: best_price', 'routing: own_venue'), { allowLive: true });
  assert.match(refusal(twoVenues), /a live session sends its orders to one venue/);
});

test('the single topology is refused: the market-data thread cannot also take the venue\'s answers', () => {
  const placed = (topology: string) => liveCrypto((y) => y.replace('topology: layered', `topology: ${topology}`)
    .replace('cryptoVenue: binance', 'cryptoVenue: coinbase').replace(/^ {2}kind: sim$/m, '  kind: live'));
  assert.match(refusal(placed('single')), /^--live: the single topology runs every stage in the market-data thread.*use --topology layered or fused; nothing was started/);
  assert.is(refusal(placed('fused')), '');
  assert.is(refusal(placed('layered')), '');
});

test.run();
