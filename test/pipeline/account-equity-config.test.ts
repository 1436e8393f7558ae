// `risk.accountEquityUsd`: the cash each account (venue) starts with, checked venue by venue and
// against the session's starting equity.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { defaultConfigPath, parseConfig } from '../../src/pipeline/config.js';

const withAccounts = (accounts: string): string => readFileSync(defaultConfigPath('crypto'), 'utf8')
  .replace('accountEquityUsd: {}', `accountEquityUsd: ${accounts}`);

function problemsOf(accounts: string): string {
  try {
    parseConfig(withAccounts(accounts), 'crypto.yml');
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

test('accounts adding up to equityUsd are taken as given; none means an even split later', () => {
  assert.equal(parseConfig(withAccounts('{binance: 60000, coinbase: 40000}'), 'crypto.yml').risk.accountEquityUsd, { binance: 60_000, coinbase: 40_000 });
  assert.equal(parseConfig(withAccounts('{}'), 'crypto.yml').risk.accountEquityUsd, {});
});

test('every mistake is named by its path', () => {
  assert.match(problemsOf('{kraken: 100000}'), /risk\.accountEquityUsd\.kraken is not a venue/);
  assert.match(problemsOf('{binance: -5, coinbase: 100005}'), /risk\.accountEquityUsd\.binance must be a positive number, got -5/);
  assert.match(problemsOf('[binance]'), /risk\.accountEquityUsd must be a mapping of venue to starting cash in USD/);
  assert.match(problemsOf('{binance: 60000, coinbase: 30000}'), /risk\.accountEquityUsd must add up to risk\.equityUsd \(100000\), the session's starting equity; its accounts add up to 90000/);
});

test.run();
