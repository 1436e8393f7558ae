// `record --venue alpaca` without keys in the environment is refused before anything connects or
// any file is written, with a usage error naming both variables; the simulated stream needs none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkRecordOptions } from '../../../src/data/record/record-command.js';
import { UsageError } from '../../../src/pipeline/exit-codes.js';
import { withTempDir } from '../../support/temp-dir.js';

test('alpaca without APCA_API_KEY_ID / APCA_API_SECRET_KEY: a usage error naming them; sim-alpaca needs none', async () => {
  await withTempDir('record-keys-', async (dir) => {
    const out = path.join(dir, 'a.rec');
    const base = { venue: 'alpaca' as const, symbols: ['AAPL'], out, durationMs: 100 };
    for (const env of [{}, { APCA_API_KEY_ID: 'id-only' }, { APCA_API_KEY_ID: ' ', APCA_API_SECRET_KEY: 'secret-only' }]) {
      try {
        checkRecordOptions({ ...base, env });
        assert.unreachable(`refused with ${JSON.stringify(Object.keys(env))}`);
      } catch (err) {
        assert.instance(err, UsageError);
        const missing = ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'].filter((k) => !(env as Record<string, string>)[k]?.trim());
        for (const name of missing) assert.ok((err as Error).message.includes(name), (err as Error).message);
      }
    }
    assert.not.ok(existsSync(out));
    checkRecordOptions({ ...base, venue: 'sim-alpaca', env: {} });
  });
});

test.run();
