// Runs `tradebot run ...` as a real child process for the pipeline tests: collects stdout and
// stderr, kills it if it outlives `timeoutMs`, and parses the JSON summary it printed last.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunSummary } from '../../src/pipeline/session-report.js';

export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const CRYPTO_YML = fileURLToPath(new URL('../../../conf/crypto.yml', import.meta.url));

export interface CliResult {
  code: number | null | 'timeout';
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], timeoutMs = 15_000): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  // The deadline is cancelled once the child exits, so no timer outlives the test.
  const deadline = new AbortController();
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', resolve)),
    sleep(timeoutMs, undefined, { signal: deadline.signal }).then(() => { child.kill('SIGKILL'); return 'timeout' as const; }, () => 'timeout' as const),
  ]);
  deadline.abort();
  return { code, stdout, stderr };
}

/** The JSON summary a `--json` run printed as its last stdout line. */
export function summaryOf(result: CliResult): RunSummary {
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as RunSummary;
}

/** A copy of conf/crypto.yml in a temporary directory with `edit` applied; returns its path. */
export function cryptoConfig(edit: (yaml: string) => string = (y) => y): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tradebot-test-')), 'crypto.yml');
  writeFileSync(file, edit(readFileSync(CRYPTO_YML, 'utf8')));
  return file;
}
