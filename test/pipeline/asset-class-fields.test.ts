// A field that only one asset class reads, set to anything but its default in the other class's
// config, is refused at start naming the file and the field (exit 2): it would otherwise be
// silently ignored. The default value itself is accepted, so a config copied across is fine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { validateConfig } from '../../src/pipeline/config-schema.js';
import { cryptoConfig, runCli } from './cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('run crypto with source.alpacaFeed sip and execution.extendedHours true: exit 2 naming each field and the file', async () => {
  const config = cryptoConfig((yaml) => yaml
    .replace('  cryptoVenue: binance\n', '  cryptoVenue: binance\n  alpacaFeed: sip\n')
    .replace('extendedHours: false', 'extendedHours: true'));
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '300ms', '--metrics-port', '0', '--data-dir', ''], 20_000);
  assert.is(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${config}: source.alpacaFeed is for stocks sessions only`), r.stderr);
  assert.ok(r.stderr.includes(`${config}: execution.extendedHours is for stocks sessions only`), r.stderr);
  assert.not.match(r.stderr, /market data connected/);
});

test('run stocks with source.cryptoVenue coinbase: exit 2 naming the field and the file', async () => {
  const config = path.join(tempDir('tradebot-test-'), 'stocks.yml');
  writeFileSync(config, 'assetClass: stocks\nsource:\n  cryptoVenue: coinbase\n');
  const r = await runCli(['run', 'stocks', '--config', config, '--duration', '300ms', '--metrics-port', '0', '--data-dir', ''], 20_000);
  assert.is(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${config}: source.cryptoVenue is for crypto sessions only (stocks read Alpaca), got "coinbase" (line 3)`), r.stderr);
});

test('each class may keep the other class\'s defaults, and sets its own fields', () => {
  const stocks = validateConfig({ assetClass: 'stocks', source: { cryptoVenue: 'binance', binanceMarket: 'spot', binanceTrades: 'trade', alpacaFeed: 'sip' }, execution: { marginAccount: true } });
  assert.equal(stocks.problems, []);
  const crypto = validateConfig({ assetClass: 'crypto', source: { alpacaFeed: 'iex', binanceMarket: 'usdm' }, execution: { extendedHours: false, marginAccount: false } });
  assert.equal(crypto.problems, []);
  for (const [section, field, value] of [['source', 'binanceMarket', 'usdm'], ['source', 'binanceTrades', 'aggTrade'], ['execution', 'marginAccount', true]] as const) {
    const { problems } = validateConfig({ assetClass: section === 'execution' ? 'crypto' : 'stocks', [section]: { [field]: value } });
    assert.ok(problems.some((p) => p.startsWith(`${section}.${field} is for `)), problems.join('\n'));
  }
});

test.run();
