// `--topology fused`: L1-L4 in one worker runs the same domain code end to end, survives a crash
// of that worker without losing or doubling an order, and drains on SIGTERM.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

test('fused topology trades, restarts the fused worker, and accounts for every intent', async () => {
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--topology', 'fused', '--duration', '3s', '--json',
    '--metrics-port', '0', '--crash-layer', 'L3', '--crash-after', '1s'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', resolve)),
    sleep(10_000).then(() => { child.kill('SIGKILL'); return 'timeout' as const; }),
  ]);
  assert.is(code, 0, stderr);
  assert.match(stderr, /L4 restarted \(restart #1\)/, 'the crash of "L3" lands on the fused worker');
  const s = JSON.parse(stdout.trim().split('\n').pop()!);
  assert.ok(s.ticks > 0 && s.intents > 0, JSON.stringify(s));
  assert.is(s.restarts, 1);
  assert.is(s.orders, s.intents);
  assert.is(s.fills, s.orders);
  assert.is(s.portfolio_fills, s.fills);
});

test.run();
