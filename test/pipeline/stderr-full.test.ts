// A log that cannot be written (stderr on a full disk, /dev/full) loses the log, not the trading:
// the session runs its full length and exits 0 with its summary on stdout. Only "nobody is
// reading" (EIO from a hung-up terminal, EPIPE from a closed pipe) stops a session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { killTree, track } from '../support/children.js';
import { withDeadline } from '../support/deadline.js';
import { CLI } from './cli-session.js';

test('stderr on /dev/full: the session still runs its duration and exits 0', async () => {
  if (!existsSync('/dev/full')) {
    console.log('  skipped: no /dev/full on this machine');
    return;
  }
  const full = openSync('/dev/full', 'w');
  const child = track(spawn(process.execPath, [CLI, 'run', 'crypto', '--duration', '2s', '--json', '--metrics-port', '0'], { stdio: ['ignore', 'pipe', full] }));
  closeSync(full);
  let stdout = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  try {
    const code = await withDeadline(new Promise<number | null>((resolve) => child.on('close', resolve)), 30_000,
      () => `the session to end (stdout so far: ${stdout})`, () => killTree(child));
    assert.is(code, 0, stdout);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    assert.ok(summary.duration_s >= 1.9, `ran its 2 s, not cut short: ${summary.duration_s}`);
    assert.ok(summary.ticks > 0);
  } finally {
    killTree(child);
  }
});

test.run();
