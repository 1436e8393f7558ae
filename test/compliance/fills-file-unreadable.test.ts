// `report tax --fills` with a path that cannot be read as a file (a directory, a missing file) is
// a usage error (exit 2) naming the path: Node's own message for a directory does not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('a directory or a missing file given as --fills: exit 2 naming it', async () => {
  const dir = tempDir('tradebot-tax-fills-');
  for (const [given, code] of [[dir, 'EISDIR'], [path.join(dir, 'none.jsonl'), 'ENOENT']]) {
    const r = await runCli(['report', 'tax', '--year', '2024', '--fills', given], 15_000);
    assert.is(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(`report tax: ${given}: cannot read it (${code})`), r.stderr);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test.run();
