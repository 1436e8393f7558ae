// A --duration beyond Node's 24.8-day timer limit (30d) records until it ends or is stopped,
// rather than ending at once with 0 frames (a plain setTimeout of that length fires after 1 ms).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { recordMarketData } from '../../../src/data/record/record-command.js';
import { withDeadline } from '../../support/cli-child.js';
import { withTempDir } from '../../support/temp-dir.js';

test('--duration 30d: still recording a second later, until stopped', async () => {
  await withTempDir('record-long-', async (dir) => {
    const stop = new AbortController();
    const stopping = setTimeout(() => stop.abort(), 1000);
    try {
      const summary = await withDeadline(
        recordMarketData({ venue: 'sim', symbols: ['BTC/USDT'], out: path.join(dir, 'long.rec'), durationMs: 30 * 86_400_000, signal: stop.signal, log: () => {} }),
        15_000, 'the recording to stop', () => stop.abort(),
      );
      assert.ok(summary.elapsedMs >= 900, `ended after ${summary.elapsedMs} ms`);
      assert.ok(summary.frames > 0, `frames: ${summary.frames}`);
    } finally {
      clearTimeout(stopping);
      stop.abort();
    }
  });
});

test.run();
