// A malformed line refuses the whole news file, with an error naming the config field, the file
// and the line number (a feed that silently lost stories would bias the model unseen); blank
// lines are fine; a missing file is named too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadNewsFile } from '../../../src/alpha/feeds/news-feed.js';
import { FeedFileError } from '../../../src/alpha/feeds/feed-file.js';
import { tempDir } from '../../support/temp-dir.js';
import { fixturePath, SYMBOLS } from './feed-fixture.js';

function refusal(file: string): FeedFileError {
  try {
    loadNewsFile(file, SYMBOLS);
  } catch (err) {
    assert.instance(err, FeedFileError);
    return err as FeedFileError;
  }
  throw new Error(`${file} was accepted`);
}

test('the fixture with a truncated third line: refused at line 3', () => {
  const file = fixturePath('news-malformed.jsonl');
  const err = refusal(file);
  assert.ok(err.message.startsWith(`source.newsFile: ${file} line 3: not JSON`), err.message);
});

test('each field checked, with the line and the bad value', () => {
  const dir = tempDir();
  const good = '{"ts": "2024-03-04T09:00:00Z", "symbols": ["BTC/USDT"], "headline": "Bitcoin climbs"}';
  const cases: [string, RegExp][] = [
    ['{"ts": "2024-03-04T09:00:00", "symbols": ["BTC/USDT"], "headline": "x"}', /line 3: ts must be an ISO 8601 time with a zone .* got "2024-03-04T09:00:00"/],
    ['{"ts": "yesterday", "symbols": ["BTC/USDT"], "headline": "x"}', /line 3: ts must be .* got "yesterday"/],
    ['{"ts": -5, "symbols": ["BTC/USDT"], "headline": "x"}', /line 3: ts must be .* got -5/],
    ['{"symbols": ["BTC/USDT"], "headline": "x"}', /line 3: ts must be .* got undefined/],
    ['{"ts": 1709542800000, "symbols": "BTC/USDT", "headline": "x"}', /line 3: symbols must be a non-empty list of symbols, got "BTC\/USDT"/],
    ['{"ts": 1709542800000, "symbols": [], "headline": "x"}', /line 3: symbols must be a non-empty list/],
    ['{"ts": 1709542800000, "symbols": ["BTC/USDT"], "headline": 7}', /line 3: headline must be a string, got 7/],
    ['["BTC/USDT"]', /line 3: not a JSON object/],
  ];
  cases.forEach(([line, expected], i) => {
    const file = path.join(dir, `case-${i}.jsonl`);
    writeFileSync(file, `${good}\n\n${line}\n${good}\n`);
    const err = refusal(file);
    assert.ok(err.message.startsWith(`source.newsFile: ${file} line 3: `), err.message);
    assert.match(err.message, expected);
  });
});

test('blank lines and a missing final newline are fine; a missing file is named', () => {
  const file = path.join(tempDir(), 'ok.jsonl');
  writeFileSync(file, '\n\n{"ts": 1709542800000, "symbols": ["ETH/USDT"], "headline": "Ether jumps"}\n   \n{"ts": 1709542860000, "symbols": ["ETH/USDT"], "headline": "Ether slides"}');
  assert.is(loadNewsFile(file, SYMBOLS).series.value.length, 2);
  const missing = path.join(tempDir(), 'nope.jsonl');
  assert.is(refusal(missing).message, `source.newsFile: cannot read ${missing} (ENOENT)`);
});

test.run();
