// Temporary directories for tests: created under the OS temp dir, removed when the test is done
// (withTempDir) or, for a directory a helper hands out (tempDir), when the test process exits,
// whether its tests passed, failed or threw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

/** A new empty directory, removed at process exit at the latest. */
export function tempDir(prefix = 'tradebot-test-'): string {
  if (!hooked) {
    process.once('exit', removeAll);
    hooked = true;
  }
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Remove a directory from `tempDir` now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** Run `fn` with a new directory that is removed afterwards, also when `fn` fails. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = tempDir(prefix);
  try {
    return await fn(dir);
  } finally {
    removeTempDir(dir);
  }
}
