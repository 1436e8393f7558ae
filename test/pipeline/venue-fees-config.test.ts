// `execution.venueFees`: each venue's own fee tier, checked field by field, and what every
// instrument then pays (its venue's tier, else the session's feeBps / makerFeeBps).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { defaultConfigPath, parseConfig } from '../../src/pipeline/config.js';
import { InstrumentRegistry } from '../../src/core/instrument-registry.js';
import { instrumentFeesOf } from '../../src/pipeline/venue-fees-config.js';
import { routedCryptoConfig } from '../support/routed-config.js';

const withVenueFees = (fees: string): string => readFileSync(defaultConfigPath('crypto'), 'utf8')
  .replace('venueFees: {}', `venueFees: ${fees}`);

function problemsOf(fees: string): string {
  try {
    parseConfig(withVenueFees(fees), 'crypto.yml');
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

test('every mistake is named by its path', () => {
  const message = problemsOf('{kraken: {takerBps: 10}, coinbase: {makerBps: 5}, binance: {takerBps: -1, makerBps: 2, rebate: 1}}');
  assert.match(message, /execution\.venueFees\.kraken is not a venue/);
  assert.match(message, /execution\.venueFees\.coinbase\.takerBps is required/);
  assert.match(message, /execution\.venueFees\.binance\.takerBps must be a number in \[0, 1000\], got -1/);
  assert.match(message, /execution\.venueFees\.binance\.rebate is an unknown field/);
  assert.match(problemsOf('[coinbase]'), /execution\.venueFees must be a mapping of venue to its fees/);
});

test('instruments pay their venue\'s tier, others the session\'s', () => {
  const config = routedCryptoConfig((y) => y.replace('venueFees: {}', 'venueFees: {coinbase: {takerBps: 60, makerBps: 40}}'));
  const instruments = InstrumentRegistry.fromConfig(config).instruments;
  assert.equal(instruments.map((i) => [i.key, i.takerFeeBps, i.makerFeeBps]), [
    ['BTC/USDT@binance', config.execution.feeBps, config.execution.makerFeeBps], ['BTC/USD@coinbase', 60, 40],
  ]);
  const own = instrumentFeesOf(config.execution.venueFees, instruments.map((i) => i.venue));
  assert.equal([...own.takerBps], [NaN, 60], 'NaN: the session\'s fee, which a reload may change');
  assert.equal([...own.makerBps], [NaN, 40]);
});

test.run();
