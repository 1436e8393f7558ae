// A stop whose drain cannot finish (a layer hung, the watchdog set too slow to help) is abandoned
// after 2 s: the workers are terminated, the records left behind are counted and reported, and
// the exit code (4) says the session did not end cleanly. The in-process source: ticks must be
// queued behind the hang before the stop, whatever the time to connect to an exchange; the 3 s
// session leaves room for six workers starting at once on a slow machine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cryptoConfig, runCli, summaryOf } from './cli-session.js';

test('a drain blocked by a hung layer is abandoned after 2 s with exit code 4 and a count', async () => {
  const config = cryptoConfig((y) => y.replace(/stallSeconds: *\d+/, 'stallSeconds: 600').replace(/^  kind: sim$/m, '  kind: synthetic'));
  const started = performance.now();
  const r = await runCli(['run', 'crypto', '--config', config, '--duration', '3s', '--json',
    '--metrics-port', '0', '--hang-layer', 'L3', '--crash-after', '300ms']);
  assert.is(r.code, 4, r.stderr);
  assert.match(r.stderr, /drain did not finish in time: \d+ records left in the rings/);
  assert.ok(summaryOf(r).undrained > 0, 'what was left behind is counted');
  assert.ok(performance.now() - started < 12_000, 'the stop was bounded');
});

test.run();
