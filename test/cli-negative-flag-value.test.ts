// A flag given a value that starts with "-" and is not a plain number (`--duration -5s`) is a
// usage error naming that flag and quoting the value (exit 2), not "unknown option -5" and
// "unknown option -s", which the parser would make of it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './pipeline/cli-session.js';

test('run crypto --duration -5s: exit 2 naming --duration and "-5s"', async () => {
  const r = await runCli(['run', 'crypto', '--duration', '-5s', '--metrics-port', '0'], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr, 'tradebot: --duration: invalid value "-5s"; see --help\n');
});

test('record --duration -1h30m: the same, for another command', async () => {
  const r = await runCli(['record', '--venue', 'sim', '--symbols', 'BTC/USDT', '--out', '/nonexistent/x.rec', '--duration', '-1h30m'], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^tradebot: --duration: invalid value "-1h30m"; see --help$/m);
  assert.not.match(r.stderr, /unknown option -1/);
});

test.run();
