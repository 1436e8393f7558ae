// The look-ahead guard for on-chain flow: rewrite every measurement after t (other values, an
// extra one a microsecond after t) and every output up to t is unchanged; a record older than
// one already seen gets no opinion.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadOnchainFile } from '../../../src/alpha/feeds/onchain-feed.js';
import { onchainFlow } from '../../../src/alpha/models/onchain-flow.js';
import type { EventSeries } from '../../../src/alpha/feeds/event-series.js';
import { feedModel, fixturePath, isoUs, seriesOf, SYMBOLS, US_PER_MINUTE, type Opinion } from './feed-fixture.js';

const flows = loadOnchainFile(fixturePath('onchain-flows.jsonl'), SYMBOLS).series;

function otherFuture(series: EventSeries, t: number): EventSeries {
  const events: [number, number, number][] = [];
  for (let s = 0; s < series.symbolCount; s++) {
    for (let i = series.first[s]; i < series.first[s + 1]; i++) {
      const time = series.timeUs[i];
      events.push(time <= t ? [s, time, series.value[i]] : [s, time, -3 * series.value[i] + 77]);
    }
    events.push([s, t + 1, 99_999]);
  }
  return seriesOf(events);
}

function outputsUpTo(series: EventSeries, t: number): Opinion[] {
  const m = feedModel(onchainFlow, { onchain: series }, { window: 3 });
  const seen: Opinion[] = [];
  for (let time = isoUs('2024-02-29T00:00:00Z'); time <= t; time += 60 * US_PER_MINUTE) {
    for (let s = 0; s < SYMBOLS.length; s++) seen.push(m.at(s, time));
  }
  for (let s = 0; s < SYMBOLS.length; s++) seen.push(m.at(s, t));
  return seen;
}

test('every output up to t is unchanged when every measurement after t is rewritten', () => {
  for (const iso of ['2024-03-02T00:00:00Z', '2024-03-03T06:00:00Z', '2024-03-04T00:00:00Z', '2024-03-05T18:00:00Z']) {
    const t = isoUs(iso);
    const original = outputsUpTo(flows, t);
    assert.ok(original.some((o) => o.has), `${iso}: the fixture gives opinions before the cut`);
    assert.equal(outputsUpTo(otherFuture(flows, t), t), original, `outputs up to ${iso}`);
  }
});

test('a record older than one already seen: no opinion, and later outputs as if it never came', () => {
  const straight = feedModel(onchainFlow, { onchain: flows });
  straight.at(0, isoUs('2024-03-03T12:00:00Z'));
  const expected = straight.at(0, isoUs('2024-03-04T12:00:00Z'));
  const jumpy = feedModel(onchainFlow, { onchain: flows });
  jumpy.at(0, isoUs('2024-03-03T12:00:00Z'));
  assert.not.ok(jumpy.at(0, isoUs('2024-03-02T12:00:00Z')).has);
  assert.equal(jumpy.at(0, isoUs('2024-03-04T12:00:00Z')), expected);
});

test.run();
