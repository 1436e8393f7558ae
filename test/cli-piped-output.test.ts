// Output through a real OS pipe, as `tradebot backtest --json | jq` gets it: a pipe takes 64 KB at
// once, so a report larger than that must still arrive whole before the process exits, and a
// reader that stops early (`| head`) ends nothing but its own read: the command keeps its exit code
// and prints no error. The shell pipe matters: a child's stdio from spawn() is a socket pair with
// a larger buffer, which hides the truncation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CLI, runCli, tradingCryptoConfig } from './pipeline/cli-session.js';
import { killTree, track } from './support/children.js';
import { withDeadline } from './support/deadline.js';
import { tempDir } from './support/temp-dir.js';

function shell(script: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = track(spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] }), false);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return withDeadline(closed, timeoutMs, 'the piped command to finish', () => killTree(child)).then((code) => ({ code, stdout, stderr }));
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

test('a JSON report over 64 KB arrives whole through a pipe; a reader that stops early is no error', async () => {
  const dir = tempDir('tradebot-pipe-');
  const candles = path.join(dir, 'sim-btc.csv');
  const made = await runCli(['sim', 'candles', '--out', candles, '--bars', '4000', '--symbol', 'BTC/USDT', '--seed', '3'], 30_000);
  assert.is(made.code, 0, made.stderr);
  const backtest = [process.execPath, CLI, 'backtest', 'crypto', '--data', candles, '--symbols', 'BTC/USDT', '--config', tradingCryptoConfig(), '--json'].map(quote).join(' ');

  // `cat` stands for any reader of a shell pipe.
  const whole = await shell(`${backtest} 2>/dev/null | cat`, 60_000);
  assert.is(whole.code, 0, whole.stderr);
  let report: unknown = null;
  try { report = JSON.parse(whole.stdout); } catch { assert.unreachable(`the report was cut at ${whole.stdout.length} bytes`); }
  assert.type(report, 'object');
  assert.ok(whole.stdout.length > 65_536, `the report is ${whole.stdout.length} bytes: too small to test a pipe's 64 KB`);

  const errors = path.join(dir, 'stderr.txt');
  const early = await shell(`${backtest} 2>${quote(errors)} | head -c 100 >/dev/null; echo "tradebot exited \${PIPESTATUS[0]}"; cat ${quote(errors)}`, 60_000);
  assert.match(early.stdout, /^tradebot exited 0\n/, early.stdout);
  assert.not.match(early.stdout, /EPIPE|Error/, early.stdout);
});

test.run();
