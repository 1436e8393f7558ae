// USD amounts in the config stop at 1e12: beyond that the book's sums overflow towards Infinity
// (equity 1e308 came out of a session as `"equity_usd": null`). A larger value is refused at start
// naming the file and the field (exit 2); 1e12 itself is accepted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateConfig } from '../../src/pipeline/config-schema.js';
import { cryptoConfig, runCli } from './cli-session.js';

test('run crypto with risk.equityUsd 1e308: exit 2 naming the field and the file', async () => {
  const config = cryptoConfig((yaml) => yaml.replace('  equityUsd: 100000', '  equityUsd: 1e308'));
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '300ms', '--metrics-port', '0', '--data-dir', ''], 20_000);
  assert.is(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${config}: risk.equityUsd must be at most 1e12 USD, got 1e+308`), r.stderr);
});

test('every USD amount: 1e12 accepted, 1.0001e12 refused by path', () => {
  const cases: [string, (v: number) => Record<string, unknown>][] = [
    ['risk.equityUsd', (v) => ({ risk: { equityUsd: v } })],
    ['risk.maxPositionUsd', (v) => ({ risk: { maxPositionUsd: v } })],
    ['risk.minOrderUsd', (v) => ({ risk: { minOrderUsd: v, maxPositionUsd: 1e12 } })],
    ['risk.maxPositionUsdBySymbol["BTC/USDT"]', (v) => ({ risk: { maxPositionUsdBySymbol: { 'BTC/USDT': v } } })],
    ['risk.accountEquityUsd.binance', (v) => ({ risk: { equityUsd: v, accountEquityUsd: { binance: v } } })],
    ['execution.sliceAboveUsd', (v) => ({ execution: { sliceAboveUsd: v } })],
    ['execution.maxOrderNotionalUsd', (v) => ({ execution: { maxOrderNotionalUsd: v } })],
  ];
  for (const [path, doc] of cases) {
    assert.equal(validateConfig({ assetClass: 'crypto', ...doc(1e12) }).problems, [], path);
    const { problems } = validateConfig({ assetClass: 'crypto', ...doc(1.0001e12) });
    assert.ok(problems.some((p) => p.startsWith(`${path} must be at most 1e12 USD`)), `${path}:\n${problems.join('\n')}`);
  }
});

test.run();
