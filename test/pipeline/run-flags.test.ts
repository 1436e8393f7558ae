// Flags as yargs users expect them: a repeated scalar flag takes its last value (so
// `npm start -- --duration 3s` works), list flags take repetition and commas, durations beyond
// Node's timer range work, and `--duration 0` runs until signalled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { cryptoConfig, runCli, summaryOf } from './cli-session.js';
import { CliChild } from '../support/cli-child.js';
import { lastValue, listValue, refuseRepeatedItems } from '../../src/pipeline/run-flags.js';

test('lastValue and listValue', () => {
  assert.is(lastValue(['15s', '3s']), '3s');
  assert.is(lastValue(7), 7);
  assert.equal(listValue(['BTC/USDT', 'ETH/USDT, SOL/USDT']), ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  assert.equal(listValue(''), []);
  assert.equal(listValue(',,'), []);
});

test('an item given twice in a list flag is refused by name, never dropped (files pair with symbols by position)', async () => {
  assert.throws(() => refuseRepeatedItems({ symbols: listValue(['BTC/USDT', 'ETH/USDT, BTC/USDT']) }), /--symbols names BTC\/USDT more than once/);
  assert.throws(() => refuseRepeatedItems({ data: ['a.csv', 'b.csv', 'a.csv'] }), /--data names a\.csv more than once/);
  assert.ok(refuseRepeatedItems({ symbols: ['BTC/USDT'], replay: ['a.csv'], other: ['x', 'x'] }));
  const r = await runCli(['backtest', 'crypto', '--data', 'a.csv,a.csv', '--symbols', 'BTC/USDT,ETH/USDT'], 20_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--data names a\.csv more than once/);
});

test('repeated flags: the last duration wins, symbols accumulate', async () => {
  const r = await runCli(['run', 'crypto', '--duration', '30s', '--duration', '1s', '--json', '--metrics-port', '5', '--metrics-port', '0',
    '--symbols', 'BTC/USDT', '--symbols', 'ETH/USDT,SOL/USDT'], 20_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.equal(s.symbols, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  assert.ok(s.duration_s < 10, `the second --duration (1s) ruled, ran ${s.duration_s}s`);
  assert.match(r.stderr, /metrics off/);
});

/**
 * Start a session, let it trade for `tradeMs` once its market data is connected (a window in
 * which a stray duration would have ended it), SIGTERM it, and return its result.
 */
async function runThenTerminate(args: string[], tradeMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = new CliChild(args);
  try {
    await cli.waitFor('stderr', /market data connected/, 'the session to start trading');
    await sleep(tradeMs);
    cli.signal('SIGTERM');
    const { code } = await cli.exit(8000);
    return { code, stdout: cli.stdout, stderr: cli.stderr };
  } finally {
    cli.kill();
  }
}

test('--duration 600h (past the 24.8-day timer limit) runs until stopped, without a warning', async () => {
  const r = await runThenTerminate(['run', 'crypto', '--duration', '600h', '--json', '--metrics-port', '0'], 1000);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /for 25d\b/);
  assert.match(r.stderr, /stopping \(SIGTERM\)/);
  assert.not.match(r.stderr, /TimeoutOverflowWarning|duration reached/);
  assert.ok(summaryOf(r).ticks > 0);
});

test('--duration 0 overrides the config and runs until signalled', async () => {
  const config = cryptoConfig((y) => y.replace(/durationMs: *\d+/, 'durationMs: 300'));
  const r = await runThenTerminate(['run', 'crypto', '--config', config, '--duration', '0', '--json', '--metrics-port', '0'], 1000);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /until SIGINT\/SIGTERM/);
  assert.match(r.stderr, /stopping \(SIGTERM\)/);
  assert.ok(summaryOf(r).duration_s >= 1, 'the config\'s 300 ms did not apply');
});

test.run();
