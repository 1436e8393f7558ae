// A model name the registry does not hold is a usage error (exit 2) naming the registered ones,
// for `models show` and `models promote` alike: nothing is read further, nothing changes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

const SHIPPED_MODELS = fileURLToPath(new URL('../../../models', import.meta.url));

test('models show and promote of an unknown name: exit 2, the registered names listed, the registry untouched', async () => {
  const models = path.join(tempDir('tradebot-models-'), 'models');
  cpSync(SHIPPED_MODELS, models, { recursive: true });
  const registry = path.join(models, 'registry.json');
  const before = readFileSync(registry, 'utf8');
  for (const action of ['show', 'promote']) {
    const r = await runCli(['models', action, 'no-such-model', '--models-dir', models], 15_000);
    assert.is(r.code, 2, `${action}: ${r.stderr}`);
    assert.match(r.stderr, /no model "no-such-model" in .*registry\.json \(registered: .+\)/);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.is(readFileSync(registry, 'utf8'), before);
});

test.run();
