// A crypto session with news_sentiment switched on and source.newsFile naming headlines stamped
// around now: the operator log says what was loaded, /metrics shows the model giving opinions
// (tradebot_model_opinions_total) while a model that is off gives none, and the session ends
// cleanly after its 3 s.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cryptoConfig } from './cli-session.js';
import { CliChild, freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';
import { tempDir } from '../support/temp-dir.js';
import { fixturePath } from '../alpha/models/feed-fixture.js';

/** The fixture's headlines, restamped a minute apart from 10 minutes ago on (so some are still to come). */
function headlinesAroundNow(): string {
  const lines = readFileSync(fixturePath('news-headlines.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const start = Date.now() - 10 * 60_000;
  const restamped = lines.map((line, i) => JSON.stringify({ ...JSON.parse(line), ts: new Date(start + i * 60_000 * 2.5).toISOString() }));
  const file = path.join(tempDir(), 'news.jsonl');
  writeFileSync(file, `${restamped.join('\n')}\n`);
  return file;
}

test('news_sentiment on with a news file: opinions counted in /metrics', async () => {
  const newsFile = headlinesAroundNow();
  const config = cryptoConfig((yml) => yml
    .replace('newsFile: ""', `newsFile: ${JSON.stringify(newsFile)}`)
    .replace('news_sentiment:\n    weight: 0', 'news_sentiment:\n    weight: 1'));
  const port = await freePort();
  const cli = new CliChild(['run', 'crypto', '--config', config, '--metrics-port', String(port), '--duration', '3s', '--json']);
  try {
    await cli.waitFor('stderr', /source\.newsFile \S+: 8 headlines, 8 filed under symbols, skipped: 1 no_configured_symbol/, 'the news file loaded by L1');
    let text = '';
    const value = (series: string): number => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ').pop());
    await waitUntil(async () => {
      text = await (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
      return value('tradebot_model_opinions_total{model="news_sentiment"}') > 0;
    }, 10_000, () => `opinions:\n${text.split('\n').filter((l) => l.startsWith('tradebot_model_opinions_total')).join('\n')}\n${cli.transcript}`, 200);
    assert.is(value('tradebot_model_opinions_total{model="onchain_flow"}'), 0, 'a model that is off gives no opinions');
    assert.ok(value('tradebot_model_opinions_total{model="book_pressure"}') > 0, 'the default models speak too');
    const exit = await cli.exit();
    assert.is(exit.code, 0, cli.transcript);
  } finally {
    cli.kill();
  }
});

test.run();
