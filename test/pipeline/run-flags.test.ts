// Flags as yargs users expect them: a repeated scalar flag takes its last value (so
// `npm start -- --duration 3s` works), list flags take repetition and commas, durations beyond
// Node's timer range work, and `--duration 0` runs until signalled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, cryptoConfig, runCli, summaryOf } from './cli-session.js';
import { lastValue, listValue } from '../../src/pipeline/run-flags.js';

test('lastValue and listValue', () => {
  assert.is(lastValue(['15s', '3s']), '3s');
  assert.is(lastValue(7), 7);
  assert.equal(listValue(['BTC/USDT', 'ETH/USDT, SOL/USDT', 'BTC/USDT']), ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  assert.equal(listValue(''), []);
  assert.equal(listValue(',,'), []);
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

/** Start a session, let it trade a little, SIGTERM it, and return its result. */
async function runThenTerminate(args: string[], afterMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await sleep(afterMs);
    child.kill('SIGTERM');
    const deadline = new AbortController();
    const code = await Promise.race([exited, sleep(8000, null, { signal: deadline.signal }).catch(() => null)]);
    deadline.abort();
    return { code, stdout, stderr };
  } finally {
    child.kill('SIGKILL');
  }
}

test('--duration 600h (past the 24.8-day timer limit) runs until stopped, without a warning', async () => {
  const r = await runThenTerminate(['run', 'crypto', '--duration', '600h', '--json', '--metrics-port', '0'], 1500);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /for 25d\b/);
  assert.match(r.stderr, /stopping \(SIGTERM\)/);
  assert.not.match(r.stderr, /TimeoutOverflowWarning|duration reached/);
  assert.ok(summaryOf(r).ticks > 0);
});

test('--duration 0 overrides the config and runs until signalled', async () => {
  const config = cryptoConfig((y) => y.replace(/durationMs: *\d+/, 'durationMs: 300'));
  const r = await runThenTerminate(['run', 'crypto', '--config', config, '--duration', '0', '--json', '--metrics-port', '0'], 1500);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /until SIGINT\/SIGTERM/);
  assert.match(r.stderr, /stopping \(SIGTERM\)/);
  assert.ok(summaryOf(r).duration_s >= 1, 'the config\'s 300 ms did not apply');
});

test.run();
