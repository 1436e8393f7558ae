// The news file against the session's symbols: a headline naming no configured symbol is skipped
// and counted; one naming a configured symbol among others is filed under the configured one
// only; every story is filed in event-time order whatever the file's order, with its lexicon score.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadNewsFile } from '../../../src/alpha/feeds/news-feed.js';
import { newsSentiment } from '../../../src/alpha/models/news-sentiment.js';
import { feedModel, fixturePath, isoUs, SYMBOLS } from './feed-fixture.js';

const load = loadNewsFile(fixturePath('news-headlines.jsonl'), SYMBOLS);

test('the DOGE/USDT headline is skipped and counted; the BTC/USDT + SOL/USDT one is filed under BTC/USDT', () => {
  assert.equal(load.skipped, { no_configured_symbol: 1 });
  assert.match(load.summary, /8 headlines, 8 filed under symbols, skipped: 1 no_configured_symbol$/);
  const { first, timeUs, value } = load.series;
  assert.equal([...first], [0, 5, 8]);
  assert.equal([...timeUs.subarray(0, 5)], ['08:20', '09:00', '09:10', '09:30', '10:00'].map((hm) => isoUs(`2024-03-04T${hm}:00Z`)));
  assert.equal([...value.subarray(0, 5)].map((v) => Math.round(v * 1000) / 1000), [-0.667, 0.5, 0.667, 0, -0.8]);
  assert.equal([...timeUs.subarray(5)], ['09:05', '09:10', '09:45'].map((hm) => isoUs(`2024-03-04T${hm}:00Z`)));
});

test('a session trading only DOGE/USDT would see that headline', () => {
  const doge = loadNewsFile(fixturePath('news-headlines.jsonl'), ['DOGE/USDT']);
  assert.equal(doge.skipped, { no_configured_symbol: 7 });
  assert.is(doge.series.value.length, 1);
  assert.is(doge.series.value[0], 0.5);
});

test('the model on the fixture: bullish on BTC/USDT at 09:15, bearish after the 10:00 story', () => {
  const m = feedModel(newsSentiment, { news: load.series });
  const at0915 = m.at(0, isoUs('2024-03-04T09:15:00Z'));
  assert.ok(at0915.has && at0915.edge > 0, JSON.stringify(at0915));
  const at1001 = m.at(0, isoUs('2024-03-04T10:01:00Z'));
  assert.ok(at1001.has && at1001.edge < 0, JSON.stringify(at1001));
});

test.run();
