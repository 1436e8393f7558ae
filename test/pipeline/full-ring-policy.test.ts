// Full rings: ticks are conflated per symbol (and counted), while intents, orders and fills are
// never dropped: with a tiny ring and an unpaced source every intent still becomes an order and a
// booked fill.
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

test('an unpaced source into 64-slot rings conflates ticks and loses no intent, order or fill', async () => {
  const config = path.join(mkdtempSync(path.join(tmpdir(), 'tradebot-full-')), 'crypto.yml');
  writeFileSync(config, readFileSync(CRYPTO_YML, 'utf8')
    .replace(/ratePerSecond: *\d+/, 'ratePerSecond: 0')
    .replace(/ringCapacity: *\d+/, 'ringCapacity: 64')
    .replace(/tickPolicy: *\w+/, 'tickPolicy: conflate'));
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--config', config, '--duration', '2s', '--json', '--metrics-port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', resolve)),
    sleep(10_000).then(() => { child.kill('SIGKILL'); return 'timeout' as const; }),
  ]);
  assert.is(code, 0, stderr);
  const s = JSON.parse(stdout.trim().split('\n').pop()!);
  assert.ok(s.conflated > 0, `the tick ring filled and ticks were conflated (${s.conflated})`);
  assert.is(s.dropped, 0);
  assert.ok(s.intents > 0);
  assert.is(s.orders, s.intents);
  assert.is(s.fills, s.orders);
  assert.is(s.portfolio_fills, s.fills);
});

test.run();
