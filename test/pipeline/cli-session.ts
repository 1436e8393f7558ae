// Runs `tradebot run ...` as a real child process for the pipeline tests: collects stdout and
// stderr, kills it if it outlives `timeoutMs`, and parses the JSON summary it printed last.
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '../../src/pipeline/session-report.js';
import { killTree, track } from '../support/children.js';
import { withDeadline } from '../support/deadline.js';
import { tempDir } from '../support/temp-dir.js';

export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const CRYPTO_YML = fileURLToPath(new URL('../../../conf/crypto.yml', import.meta.url));
const STOCKS_YML = fileURLToPath(new URL('../../../conf/stocks.yml', import.meta.url));

export interface CliResult {
  /** The exit code, null if a signal ended it, or 'timeout' if it was killed for outliving the deadline. */
  code: number | null | 'timeout';
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI to its end: the result once the process has exited and its output is complete
 * (`close`, not just `exit`). Past `timeoutMs` the process is killed and `code` is 'timeout'.
 * `env` is added to this process's environment.
 */
export async function runCli(args: string[], timeoutMs = 15_000, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = track(spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    const code = await withDeadline(closed, timeoutMs, 'tradebot to exit', () => killTree(child))
      .catch(() => 'timeout' as const);
    return { code, stdout, stderr };
  } finally {
    killTree(child);
  }
}

/**
 * Two replays of one recording: the first saw ticks and sent orders with no bad input, and the
 * second saw the same ticks and sent exactly the same orders (equal order digests).
 */
export function assertSameReplay(a: RunSummary, b: RunSummary): void {
  assert.is(a.source, 'replay');
  assert.ok(a.ticks > 0 && a.orders > 0, JSON.stringify(a));
  assert.is(a.bad_input, 0);
  assert.is(b.ticks, a.ticks);
  assert.is(b.orders, a.orders);
  assert.is(b.order_digest, a.order_digest);
}

/** The JSON summary a `--json` run printed as its last stdout line. */
export function summaryOf(result: CliResult): RunSummary {
  const last = result.stdout.trim().split('\n').pop()!;
  try {
    return JSON.parse(last) as RunSummary;
  } catch {
    throw new Error(`no JSON summary on stdout (exit ${result.code})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
}

/**
 * conf/crypto.yml with the fixed_fraction sizer, which trades every signal over the threshold:
 * for tests that need orders flowing on the simulated market, where the default kelly sizer rightly
 * sends none (nothing there pays a round trip). `edit` is applied too.
 */
export function tradingCryptoConfig(edit?: (yaml: string) => string): string {
  return cryptoConfig((y) => {
    const trading = y.replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction');
    return edit ? edit(trading) : trading;
  });
}

/**
 * conf/stocks.yml with fixed_fraction and no shrinkage: the stocks counterpart of
 * tradingCryptoConfig (the shipped file's prior keeps the rule alphas' claims from trading).
 */
export function tradingStocksConfig(edit?: (yaml: string) => string): string {
  const original = readFileSync(STOCKS_YML, 'utf8');
  const trading = original.replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction').replace(/^  shrinkage: 4$/m, '  shrinkage: 0');
  const edited = edit ? edit(trading) : trading;
  if (edited === original || (edit && edited === trading)) throw new Error(`tradingStocksConfig: the edits changed nothing in ${STOCKS_YML}`);
  const file = path.join(tempDir('tradebot-test-'), 'stocks.yml');
  writeFileSync(file, edited);
  return file;
}

/**
 * A copy of conf/crypto.yml in a temporary directory with `edit` applied; returns its path. The
 * directory is removed when the test process exits. An edit that changes nothing (its pattern no
 * longer matches the shipped file) throws: the test would otherwise run on the defaults and pass
 * for the wrong reason.
 */
export function cryptoConfig(edit?: (yaml: string) => string): string {
  const original = readFileSync(CRYPTO_YML, 'utf8');
  const edited = edit ? edit(original) : original;
  if (edit && edited === original) throw new Error(`cryptoConfig: the edit changed nothing in ${CRYPTO_YML}: ${edit.toString()}`);
  const file = path.join(tempDir('tradebot-test-'), 'crypto.yml');
  writeFileSync(file, edited);
  return file;
}
