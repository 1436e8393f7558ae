// A recording whose file stops taking bytes (a full disk) ends at once with a failure naming the
// file and the error, instead of recording into nothing until the duration (here: forever) or
// ending in an uncaught write error. /dev/full refuses every write with ENOSPC.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { recordMarketData } from '../../../src/data/record/record-command.js';
import { withDeadline } from '../../support/cli-child.js';
import { runCli } from '../../pipeline/cli-session.js';

const FULL = '/dev/full';

test('a full disk ends an unlimited recording with a failure naming the file', async () => {
  if (!existsSync(FULL)) return;
  const stop = new AbortController();
  try {
    const summary = await withDeadline(
      recordMarketData({ venue: 'sim', symbols: ['BTC/USDT'], out: FULL, durationMs: 0, force: true, signal: stop.signal, log: () => {} }),
      15_000, 'the recording to end on the write error', () => stop.abort(),
    );
    assert.match(summary.failure ?? '', /cannot write \/dev\/full \(ENOSPC\)/);
  } finally {
    stop.abort();
  }
});

test('CLI: the same ends with exit 1 and a one-line reason, no stack trace', async () => {
  if (!existsSync(FULL)) return;
  const r = await runCli(['record', '--venue', 'sim', '--symbols', 'BTC/USDT', '--out', FULL, '--force', '--duration', '30s'], 20_000);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /the recording ended early: cannot write \/dev\/full \(ENOSPC\)/);
  assert.not.match(r.stderr, /\n\s+at |triggerUncaughtException/);
});

test.run();
