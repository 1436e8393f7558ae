// Third-party market data and exchange captures live in ../shared/data next to the repository,
// never inside it (several are GPL-licensed; see that folder's README). A fresh clone has no
// such folder: a test that needs a file skips with a message saying which. In CI
// (REQUIRE_SHARED_DATA=1) a missing file is a failure instead, so the suite cannot go green by
// skipping everything.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** ../shared/data beside the repository root; tests run from a build folder three levels down. */
export const SHARED_DATA = process.env.TRADEBOT_SHARED_DATA
  ?? path.resolve(fileURLToPath(new URL('../../../../shared/data', import.meta.url)));

/** Absolute path of a shared data file, or null (after saying so) when it is absent here. */
export function sharedFile(relative: string): string | null {
  const file = path.join(SHARED_DATA, relative);
  if (existsSync(file)) return file;
  if (process.env.REQUIRE_SHARED_DATA === '1') {
    throw new Error(`required test input missing: ${file} (REQUIRE_SHARED_DATA=1)`);
  }
  process.stderr.write(`skipped: test input ${relative} not found under ${SHARED_DATA} (set TRADEBOT_SHARED_DATA to its folder)\n`);
  return null;
}

/** A shared file's text (gunzipped when it ends in .gz), or null when absent. */
export function sharedText(relative: string): string | null {
  const file = sharedFile(relative);
  if (file === null) return null;
  const bytes = readFileSync(file);
  return (relative.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
