// `tradebot soak`: two seeded kill -9 restarts of a real replaying session, then a run to the end;
// the command reports the trail and the book in agreement and exits 0. And its JSON is the tally.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tradingCryptoConfig } from './cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import type { CrashSoakResult } from '../../src/pipeline/crash-soak-command.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

test('two kill -9 restarts: the trail verifies, no order twice, none untracked, book = trail', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const data = tempDir('tradebot-soak-test-');
  const run = await runCli(['soak', 'crypto', '--replay', file, '--symbols', 'BTC/USDT', '--config', tradingCryptoConfig(),
    '--times', '2', '--seed', '7', '--data-dir', data, '--json'], 180_000);
  assert.is(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as CrashSoakResult;
  assert.ok(r.ok);
  assert.is(r.kills + r.endedBeforeKill, 2);
  assert.is(r.trail.resumes, 2);
  assert.ok(r.trail.fills > 0 && r.bookFills === r.trail.fills, JSON.stringify(r));
  assert.equal(r.trail.duplicateOrderIds, []);
  assert.equal(r.trail.untrackedOrderIds, []);
  assert.ok(r.chainIntact);
  assert.match(run.stderr, /round 1\/2: (SIGKILL after \d+ ms|the replay ended before the kill)/);
});

test('--times must be a positive integer', async () => {
  const run = await runCli(['soak', 'crypto', '--replay', 'x.csv', '--times', '0'], 15_000);
  assert.is(run.code, 2);
  assert.match(run.stderr, /--times must be an integer >= 1, got 0/);
});

test.run();
