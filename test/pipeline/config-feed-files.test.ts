// source.newsFile and source.onchainFile in the config: empty by default (no feed), any path
// accepted by the validator (existence is checked when a session starts), on-chain flows refused
// in a stocks config, and neither may change on a reload: the files are read once at start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, defaultConfigPath, diffReloadable, isReloadablePath, loadConfig, parseConfig } from '../../src/pipeline/config.js';

test('empty by default in both shipped files: no feed', () => {
  for (const ac of ['crypto', 'stocks'] as const) {
    const cfg = loadConfig(defaultConfigPath(ac));
    assert.is(cfg.source.newsFile, '');
    assert.is(cfg.source.onchainFile, '');
  }
});

test('a stocks config refuses an on-chain file, naming the field and the value', () => {
  let err: unknown;
  try {
    parseConfig('assetClass: stocks\nsource: {onchainFile: flows.jsonl}\n', 'conf/s.yml');
  } catch (e) {
    err = e;
  }
  assert.instance(err, ConfigError);
  assert.match((err as ConfigError).message, /^conf\/s\.yml: source\.onchainFile is for crypto sessions only .*got "flows\.jsonl" \(line 2\)$/);
  assert.is(parseConfig('assetClass: stocks\nsource: {newsFile: n.jsonl}\n', 'conf/s.yml').source.newsFile, 'n.jsonl');
});

test('a reload may not change either file: both need a restart', () => {
  const running = parseConfig('assetClass: crypto\nsource: {newsFile: a.jsonl}\n', 'conf/c.yml');
  const next = parseConfig('assetClass: crypto\nsource: {newsFile: b.jsonl, onchainFile: f.jsonl}\n', 'conf/c.yml');
  assert.not.ok(isReloadablePath('source.newsFile'));
  assert.not.ok(isReloadablePath('source.onchainFile'));
  let err: unknown;
  try {
    diffReloadable(running, next, 'conf/c.yml');
  } catch (e) {
    err = e;
  }
  assert.instance(err, ConfigError);
  assert.equal((err as ConfigError).problems, [
    'source.newsFile cannot change without a restart (running "a.jsonl", file has "b.jsonl")',
    'source.onchainFile cannot change without a restart (running "", file has "f.jsonl")',
  ]);
});

test.run();
