// Signals that arrive while the session is still starting (modules loading, the simulated exchange
// coming up, workers spawning) are caught, not fatal: a stop is carried out as soon as the
// pipeline runs, with a summary and exit 0; a SIGHUP is logged and changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliChild } from '../support/cli-child.js';

for (const [signal, delayMs] of [['SIGINT', 250], ['SIGTERM', 400], ['SIGHUP', 300]] as const) {
  test(`${signal} ${delayMs} ms after launch does not kill the session`, async () => {
    const cli = new CliChild(['run', 'crypto', '--json', '--metrics-port', '0', ...(signal === 'SIGHUP' ? ['--duration', '1500ms'] : [])]);
    try {
      await sleep(delayMs);
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
