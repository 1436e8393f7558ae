// `--config ""` names no file: a usage error that says which flag, not a message about a file
// called nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli-session.js';

test('--config "" is refused naming the flag, exit 2', async () => {
  const r = await runCli(['run', 'crypto', '--config', '', '--metrics-port', '0', '--data-dir', ''], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--config "": an empty path names no file/);
  assert.not.match(r.stderr, /tradebot: : /);
});

test.run();
