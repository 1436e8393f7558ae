// The look-ahead guard: what news_sentiment says at event time t depends only on stories with
// ts <= t. Rewrite every story after t (other scores, other times, extra stories a microsecond
// after t) and the model's outputs on every record up to t stay bit for bit the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newsSentiment } from '../../../src/alpha/models/news-sentiment.js';
import { loadNewsFile } from '../../../src/alpha/feeds/news-feed.js';
import type { EventSeries } from '../../../src/alpha/feeds/event-series.js';
import { feedModel, fixturePath, isoUs, seriesOf, SYMBOLS, US_PER_MINUTE, type Opinion } from './feed-fixture.js';

const news = loadNewsFile(fixturePath('news-headlines.jsonl'), SYMBOLS).series;

function events(series: EventSeries): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let s = 0; s < series.symbolCount; s++) {
    for (let i = series.first[s]; i < series.first[s + 1]; i++) out.push([s, series.timeUs[i], series.value[i]]);
  }
  return out;
}

/** The same past, a different future: every event after `t` changed, and more of them. */
function otherFuture(series: EventSeries, t: number): EventSeries {
  const kept = events(series).map(([s, time, v]): [number, number, number] => (time <= t ? [s, time, v] : [s, time + 7 * US_PER_MINUTE, -v * 0.5 + 0.4]));
  for (let s = 0; s < SYMBOLS.length; s++) kept.push([s, t + 1, s === 0 ? -0.9 : 0.9], [s, t + US_PER_MINUTE, 0.75]);
  return seriesOf(kept);
}

/** Both symbols, once a minute from an hour before the first story up to and including t. */
function outputsUpTo(series: EventSeries, t: number): Opinion[] {
  const m = feedModel(newsSentiment, { news: series }, { halfLifeMinutes: 20, scaleBps: 25 });
  const seen: Opinion[] = [];
  for (let time = isoUs('2024-03-04T07:00:00Z'); time <= t; time += US_PER_MINUTE) {
    for (let s = 0; s < SYMBOLS.length; s++) seen.push(m.at(s, time));
  }
  for (let s = 0; s < SYMBOLS.length; s++) seen.push(m.at(s, t));
  return seen;
}

test('every output up to t is unchanged when every story after t is rewritten', () => {
  const cuts = ['2024-03-04T08:19:59Z', '2024-03-04T09:00:00Z', '2024-03-04T09:12:00Z', '2024-03-04T09:45:00Z', '2024-03-04T10:30:00Z'];
  for (const iso of cuts) {
    const t = isoUs(iso);
    const original = outputsUpTo(news, t);
    assert.ok(original.some((o) => o.has) || iso === cuts[0], `${iso}: the fixture gives opinions before the cut`);
    assert.equal(outputsUpTo(otherFuture(news, t), t), original, `outputs up to ${iso}`);
  }
});

test('and the rewritten future does show once event time reaches it', () => {
  const t = isoUs('2024-03-04T09:12:00Z');
  const later = t + 2 * US_PER_MINUTE;
  const a = feedModel(newsSentiment, { news }).at(0, later);
  const b = feedModel(newsSentiment, { news: otherFuture(news, t) }).at(0, later);
  assert.ok(a.edge !== b.edge, `the changed stories are read after t: ${a.edge} vs ${b.edge}`);
});

test.run();
