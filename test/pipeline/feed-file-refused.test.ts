// A session whose feed file is missing or has a malformed line does not start: exit 2 with one
// line naming the config field, the file and (for a bad line) the line number.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { cryptoConfig, runCli } from './cli-session.js';
import { tempDir } from '../support/temp-dir.js';
import { fixturePath } from '../alpha/models/feed-fixture.js';

test('a missing news file: refused before anything starts, naming the field and the file', async () => {
  const missing = path.join(tempDir(), 'no-such-news.jsonl');
  const config = cryptoConfig((yml) => yml.replace('newsFile: ""', `newsFile: ${JSON.stringify(missing)}`));
  const result = await runCli(['run', 'crypto', '--config', config, '--metrics-port', '0']);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, `source.newsFile: cannot read ${missing} (ENOENT)`);
  assert.not.match(result.stderr, /market data connected/);
});

test('a malformed on-chain line: refused, naming the file and the line', async () => {
  const bad = fixturePath('news-malformed.jsonl');
  const config = cryptoConfig((yml) => yml.replace('onchainFile: ""', `onchainFile: ${JSON.stringify(bad)}`));
  const result = await runCli(['run', 'crypto', '--config', config, '--metrics-port', '0']);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, `source.onchainFile: ${bad} line 1: symbol must be a symbol, got undefined`);
});

test.run();
