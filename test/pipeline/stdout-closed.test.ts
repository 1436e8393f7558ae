// A reader that goes away (`tradebot run ... | head -c0`, a log shipper that died) must not crash
// the session: writing the summary into a pipe nobody reads fails with EPIPE, and that is dropped
// rather than thrown, so the session still drains its workers and exits 0 when its time is up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CliChild } from '../support/cli-child.js';

for (const json of [true, false]) {
  test(`stdout closed before the ${json ? 'JSON' : 'text'} summary: the session ends cleanly, exit 0`, async () => {
    const cli = new CliChild(['run', 'crypto', '--duration', '1s', '--metrics-port', '0', ...(json ? ['--json'] : [])],
      { collectStdout: false });
    // The parent's read end is closed right away, so every write to stdout meets a dead pipe.
    cli.child.stdout.destroy();
    try {
      const { code, signal } = await cli.exit(30_000);
      assert.is(signal, null, cli.transcript);
      assert.is(code, 0, cli.transcript);
      assert.match(cli.stderr, /stopping \(duration reached\): draining rings/, 'it ran to its duration');
      assert.not.match(cli.stderr, /\n\s+at |EPIPE|Error|Assertion failed/, `no crash\n${cli.transcript}`);
    } finally {
      cli.kill();
    }
  });
}

test.run();
