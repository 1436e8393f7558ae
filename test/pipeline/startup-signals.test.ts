// Signals that arrive while the session is still starting (modules loading, the simulated exchange
// coming up, workers spawning) are caught, not fatal: a stop is carried out as soon as the
// pipeline runs, with a summary and exit 0; a SIGHUP re-reads the config once it runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliChild } from '../support/cli-child.js';
import { catchesSignal } from '../support/children.js';
import { waitUntil } from '../support/deadline.js';

for (const [signal, delayMs] of [['SIGINT', 250], ['SIGTERM', 400], ['SIGHUP', 300]] as const) {
  test(`${signal} ${delayMs} ms after launch does not kill the session`, async () => {
    const launchedAt = performance.now();
    const cli = new CliChild(['run', 'crypto', '--json', '--metrics-port', '0', ...(signal === 'SIGHUP' ? ['--duration', '1500ms'] : [])]);
    try {
      // Not before the process can catch it (node's own boot can outlast the delay on a busy
      // machine, and no program catches a signal before its first line runs), nor before the delay.
      // The CLI's first import catches SIGINT, SIGTERM and SIGHUP at once; node itself already
      // holds SIGINT and SIGTERM (to restore the terminal), so SIGHUP is the one that tells.
      await waitUntil(() => catchesSignal(cli.pid, 'SIGHUP') !== false, 10_000, 'tradebot to install its signal handlers', 5);
      // ... and it must do so first thing, long before the session is up.
      assert.is(cli.stderr, '', `signal handlers installed only after the session printed:\n${cli.transcript}`);
      const rest = delayMs - (performance.now() - launchedAt);
      if (rest > 0) await sleep(rest);
      cli.signal(signal);
      const { code, signal: killedBy } = await cli.exit(20_000);
      assert.is(killedBy, null, `killed by ${killedBy}: ${cli.transcript}`);
      assert.is(code, 0, cli.transcript);
      const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
      assert.is(summary.exit_code, 0);
      if (signal !== 'SIGHUP') assert.match(cli.stderr, new RegExp(`stopping \\(${signal}\\)`));
    } finally {
      cli.kill();
    }
  });
}

test.run();
