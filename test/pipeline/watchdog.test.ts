// A layer stuck in a loop (no exception, no exit) stops its heartbeat; the orchestrator's watchdog
// terminates and restarts it, and the session goes on with nothing lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const CRYPTO_YML = fileURLToPath(new URL('../../../conf/crypto.yml', import.meta.url));

test('a hung L2 is detected by its silent heartbeat and restarted', async () => {
  const config = path.join(mkdtempSync(path.join(tmpdir(), 'tradebot-hang-')), 'crypto.yml');
  writeFileSync(config, readFileSync(CRYPTO_YML, 'utf8').replace(/stallSeconds: *\d+/, 'stallSeconds: 1'));
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--config', config, '--duration', '4s', '--json',
    '--metrics-port', '0', '--hang-layer', 'L2', '--crash-after', '500ms'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', resolve)),
    sleep(15_000).then(() => { child.kill('SIGKILL'); return 'timeout' as const; }),
  ]);
  assert.is(code, 0, stderr);
  assert.match(stderr, /L2 restarted \(restart #1\): stalled: no heartbeat for 1s/);
  assert.not.match(stderr, /L[013-5] restarted/, 'only the hung layer was restarted, not the ones blocked behind it');
  const s = JSON.parse(stdout.trim().split('\n').pop()!);
  assert.is(s.restarts, 1);
  assert.ok(s.intents > 0);
  assert.is(s.orders, s.intents);
  assert.is(s.fills, s.orders);
});

test.run();
