// Bad command lines and unreadable configs: one clear line on stderr and exit code 2.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli-session.js';

test('a bad symbol list names the symbol', async () => {
  const r = await runCli(['run', 'crypto', '--symbols', 'BTC/USDT,not a symbol', '--duration', '1s', '--metrics-port', '0']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /not a symbol/);
});

test('an unreadable config names the path', async () => {
  const r = await runCli(['run', 'crypto', '--config', '/nonexistent/x.yml', '--duration', '1s']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /\/nonexistent\/x\.yml/);
});

test('unknown options, bad durations and unknown benchmarks are usage errors', async () => {
  for (const args of [['run', 'crypto', '--bogus'], ['run', 'crypto', '--duration', 'soon'], ['run', 'forex'], ['bench', 'nope'], []]) {
    const r = await runCli(args);
    assert.is(r.code, 2, `tradebot ${args.join(' ')}`);
    assert.match(r.stderr, /^tradebot: /, `tradebot ${args.join(' ')}: ${r.stderr}`);
  }
});

test.run();
