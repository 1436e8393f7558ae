// A config "file" that never ends (`--config /dev/zero`) is refused at once as too large, exit 2
// naming it, instead of being read until the process aborts out of memory. A pipe that does end
// (`--config <(...)`) is read as before.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { runCli } from './cli-session.js';

test('run crypto --config /dev/zero: exit 2, "larger than", within seconds', async () => {
  if (!existsSync('/dev/zero')) return;
  const r = await runCli(['run', 'crypto', '--config', '/dev/zero', '--duration', '300ms', '--metrics-port', '0', '--data-dir', ''], 15_000);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr, 'tradebot: /dev/zero: cannot read config file: it is larger than 4 MB\n');
});

test.run();
