// A registry.json or card.json that is valid JSON but not the shape the commands read (null, a
// list, an entry without its fields) is one line naming the file and what is wrong (exit 1, as any
// damaged model file), never a TypeError about some property of undefined.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

const SHIPPED_MODELS = fileURLToPath(new URL('../../../models', import.meta.url));

function shippedCopy(): string {
  const models = path.join(tempDir('tradebot-models-'), 'models');
  cpSync(SHIPPED_MODELS, models, { recursive: true });
  return models;
}

const REGISTRIES: [string, string, RegExp][] = [
  ['null', 'null', /no "models" list/],
  ['an entry that is null', '{"promoted": null, "models": [null]}', /models\[0\] is not an entry/],
  ['an entry without its fields', '{"promoted": null, "models": [{"name": "x"}]}', /models\[0\] is not an entry/],
  ['a promoted model that is no name', '{"promoted": 3, "models": []}', /"promoted" is not a model name/],
];

for (const [what, text, reason] of REGISTRIES) {
  test(`models list and show with a registry that is ${what}: the file named`, async () => {
    const models = shippedCopy();
    writeFileSync(path.join(models, 'registry.json'), text);
    for (const args of [['list'], ['show', 'sim-btc-lstm']]) {
      const r = await runCli(['models', ...args, '--models-dir', models], 15_000);
      assert.is(r.code, 1, r.stderr);
      assert.match(r.stderr, /^tradebot: model registry .*registry\.json: /);
      assert.match(r.stderr, reason);
      assert.not.match(r.stderr, /Cannot read properties/);
    }
  });
}

for (const [what, text] of [['null', 'null'], ['a list', '[]'], ['without its features', '{"name": "sim-btc-lstm", "architecture": {}, "normalisation": {}, "window": 32, "horizon": {}, "onnx": {}}']]) {
  test(`models show and promote with a card that is ${what}: the card named`, async () => {
    const models = shippedCopy();
    writeFileSync(path.join(models, 'sim-btc-lstm', 'card.json'), text);
    for (const action of ['show', 'promote']) {
      const r = await runCli(['models', action, 'sim-btc-lstm', '--models-dir', models], 15_000);
      assert.is(r.code, 1, r.stderr);
      assert.match(r.stderr, /^tradebot: model card .*card\.json: (not a JSON object|no "features")/);
    }
  });
}

test.run();
