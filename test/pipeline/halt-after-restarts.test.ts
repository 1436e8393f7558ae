// More restarts than `pipeline.maxRestarts` within the window: the pipeline halts (no new orders),
// drains, says why, and exits with code 3; every intent is either an order or a counted reject.
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

test('repeated crashes of L4 halt the pipeline safely with exit code 3', async () => {
  const config = path.join(mkdtempSync(path.join(tmpdir(), 'tradebot-halt-')), 'crypto.yml');
  writeFileSync(config, readFileSync(CRYPTO_YML, 'utf8').replace(/maxRestarts: *\d+/, 'maxRestarts: 1'));
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--config', config, '--duration', '20s', '--json',
    '--metrics-port', '0', '--crash-layer', 'L4', '--crash-after', '400ms', '--crash-times', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', resolve)),
    sleep(10_000).then(() => { child.kill('SIGKILL'); return 'timeout' as const; }),
  ]);
  assert.is(code, 3, stderr);
  assert.match(stderr, /HALTED: L4 failed 2 times in 60s .*no new orders/);
  const s = JSON.parse(stdout.trim().split('\n').pop()!);
  assert.is(s.halted, true);
  assert.ok(s.duration_s < 5, 'halting ended the session long before its 20 s');
  assert.is(s.orders + s.rejects, s.intents, 'every intent became an order or a counted reject');
  assert.is(s.fills, s.orders);
});

test.run();
