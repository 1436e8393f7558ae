// A candle file's invalid rows are skipped, never replayed, and counted: by reason in
// /metrics (`tradebot_replay_rows_rejected_total`), in all in the summary, and named with their
// line numbers in the log. The good rows still make the session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, summaryOf } from './cli-session.js';
import { tempDir } from '../support/temp-dir.js';
import { Topology } from '../../src/pipeline/topology.js';
import { createMetricsRegistry } from '../../src/pipeline/metrics-exporter.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';

const ROWS = [
  'timestamp,open,high,low,close,volume',
  '1640995200000,47000,47100,46900,47050,10',
  '1640995260000,47050,47200,47000,47150,12',
  '1640995320000,NaN,47200,47000,47150,12', // malformed_row
  '1640995380000,47150,47100,47300,47200,5', // high_below_open_close
  '1640995380000,47150,47300,47100,47200,5',
  '1640995320000,47150,47300,47100,47200,5', // out_of_order_time
  'garbage line', // malformed_row
  '1640995500000,47200,47400,47100,47300,8',
  '1640995560000,47300,47500,47200,-47400,3', // non_positive_price
];

test('skipped rows: counted in the summary and named in the log; the rest replayed', async () => {
  const file = path.join(tempDir('tradebot-bad-rows-'), 'btc.csv');
  writeFileSync(file, `${ROWS.join('\n')}\n`);
  const r = await runCli(['run', 'crypto', '--replay', file, '--symbols', 'BTC/USDT', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.is(s.bars, 4);
  assert.is(s.replay_rows_rejected, 5);
  assert.match(r.stderr, /skipped 5 of 9 rows: malformed_row 2 \(lines 4, 8\)/);
});

test('/metrics: skipped rows by reason, only in a candle replay', () => {
  const config = applyOverrides(loadConfig(defaultConfigPath('crypto')), { metricsPort: 0 });
  const topo = Topology.create(config);
  const feed = topo.telemetry.L0.feed;
  feed.inc(feed.indexOf('replay_malformed_row'), 2);
  feed.inc(feed.indexOf('replay_out_of_order_time'), 1);
  return Promise.all([
    createMetricsRegistry(topo, config.symbols, [], undefined, [], true).metrics(),
    createMetricsRegistry(topo, config.symbols, [], undefined, [], false).metrics(),
  ]).then(([replay, other]) => {
    assert.match(replay, /^tradebot_replay_rows_rejected_total\{reason="malformed_row"\} 2$/m);
    assert.match(replay, /^tradebot_replay_rows_rejected_total\{reason="out_of_order_time"\} 1$/m);
    assert.match(replay, /^tradebot_replay_rows_rejected_total\{reason="bad_time"\} 0$/m);
    assert.not.match(other, /tradebot_replay_rows_rejected_total/);
  });
});

test.run();
