// A stop whose drain cannot finish (a layer hung, the watchdog set too slow to help) is abandoned
// after 2 s: the workers are terminated, the records left behind are counted and reported, and
// the exit code (4) says the session did not end cleanly.
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

test('a drain blocked by a hung layer is abandoned after 2 s with exit code 4 and a count', async () => {
  const config = path.join(mkdtempSync(path.join(tmpdir(), 'tradebot-drain-')), 'crypto.yml');
  writeFileSync(config, readFileSync(CRYPTO_YML, 'utf8').replace(/stallSeconds: *\d+/, 'stallSeconds: 600'));
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--config', config, '--duration', '1s', '--json',
    '--metrics-port', '0', '--hang-layer', 'L3', '--crash-after', '300ms'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', resolve)),
    sleep(15_000).then(() => { child.kill('SIGKILL'); return 'timeout' as const; }),
  ]);
  assert.is(code, 4, stderr);
  assert.match(stderr, /drain did not finish in time: \d+ records left in the rings/);
  const s = JSON.parse(stdout.trim().split('\n').pop()!);
  assert.ok(s.undrained > 0, 'what was left behind is counted');
  assert.ok(performance.now() - started < 8000, 'the stop was bounded');
});

test.run();
