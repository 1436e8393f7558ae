// An operator who presses Ctrl-C again while a stop is draining means "stop now": the drain is
// abandoned at once instead of waiting out its 2 s timeout, the log says it was the second signal
// that cut it short, what was left in the rings is counted, and the exit code (4) says the
// session did not end cleanly. A layer hung with the watchdog set too slow to rescue it keeps the
// drain from ever finishing on its own, so only the second signal can end it early.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cryptoConfig } from './cli-session.js';
import { CliChild } from '../support/cli-child.js';

test('SIGTERM, then SIGINT while the drain is blocked: abandoned at once, counted, exit 4', async () => {
  const config = cryptoConfig((y) => y.replace(/stallSeconds: *\d+/, 'stallSeconds: 600').replace(/^  kind: sim$/m, '  kind: synthetic'));
  // No --duration: the session runs until signalled, so the first signal is the test's own.
  const cli = new CliChild(['run', 'crypto', '--config', config, '--json', '--metrics-port', '0',
    '--hang-layer', 'L3', '--crash-after', '300ms']);
  try {
    await cli.waitFor('stderr', /metrics off/, 'the banner');
    // Let the hang take hold (300 ms after start) with records queued behind it.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    cli.signal('SIGTERM');
    await cli.waitFor('stderr', /stopping \(SIGTERM\): draining rings/, 'the first stop');
    // A copy of the same request within 250 ms is not a second request (see the next test).
    await new Promise((resolve) => setTimeout(resolve, 400));
    cli.signal('SIGINT');
    const { code, signal } = await cli.exit(20_000);

    assert.is(code, 4, cli.transcript);
    assert.is(signal, null, 'exited on its own, not killed by the signal');
    assert.match(cli.stderr, /drain interrupted by SIGINT: \d+ records left in the rings, workers terminated/, cli.transcript);
    // Had the second signal been ignored, the drain timeout would have ended it instead.
    assert.not.match(cli.stderr, /did not finish in time/, cli.transcript);
    const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    assert.ok(summary.undrained > 0, `what was left behind is counted: undrained ${summary.undrained}`);
    assert.is(summary.exit_code, 4);
    assert.not.match(cli.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    cli.kill();
  }
});

test('the same stop delivered twice at once (timeout(1) signals the child and its group) drains cleanly', async () => {
  const cli = new CliChild(['run', 'crypto', '--json', '--metrics-port', '0']);
  try {
    await cli.waitFor('stderr', /market data connected/, 'the session to start trading');
    cli.signal('SIGINT');
    cli.signal('SIGINT');
    const { code } = await cli.exit(20_000);
    assert.is(code, 0, cli.transcript);
    assert.not.match(cli.stderr, /interrupted/, cli.transcript);
    const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    assert.is(summary.undrained, 0);
  } finally {
    cli.kill();
  }
});

test.run();
