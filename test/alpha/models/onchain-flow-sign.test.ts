// On-chain flow's sign convention: net flow INTO exchanges is bearish (negative edge), out of
// them bullish, sized against the usual absolute flow; confidence is how far the flow is from
// the usual one. Other metrics and untraded symbols are skipped and counted; no opinion before a
// baseline exists, after maxAgeMinutes, or in a stocks session (no on-chain events are loaded).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadOnchainFile } from '../../../src/alpha/feeds/onchain-feed.js';
import { loadAlphaFeeds } from '../../../src/alpha/feeds/alpha-feeds.js';
import { onchainFlow } from '../../../src/alpha/models/onchain-flow.js';
import { feedModel, fixturePath, isoUs, SYMBOLS } from './feed-fixture.js';

const file = fixturePath('onchain-flows.jsonl');
const load = loadOnchainFile(file, SYMBOLS);
const noon = (day: number) => isoUs(`2024-03-0${day}T12:00:00Z`);
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test('other metrics and untraded symbols are skipped and counted', () => {
  assert.equal(load.skipped, { unknown_symbol: 1, other_metric: 1 });
  assert.equal([...load.series.first], [0, 5, 7]);
  assert.match(load.summary, /9 measurements, 7 exchange_netflow used, skipped: 1 unknown_symbol, 1 other_metric$/);
});

test('inflow bearish, outflow bullish, against the usual absolute flow', () => {
  const alpha = 2 / 31; // window 30
  const m = feedModel(onchainFlow, { onchain: load.series }, { scaleBps: 10, fullConfidenceRatio: 2 });
  assert.not.ok(m.at(0, noon(1)).has, 'one measurement: no baseline yet');
  const outflow = m.at(0, noon(2)); // -600 against a usual 400
  assert.is(outflow.edge, 10, 'outflow beyond the usual size: full bullish edge');
  assert.is(outflow.confidence, 1, '|-600 - 400| / (2 x 400) > 1');
  const inflow = m.at(0, noon(3)); // 200 against usual 400 - 1000a, usual |flow| 400 + 200a
  close(inflow.edge, -10 * (200 / (400 + 200 * alpha)), 'small inflow: partly bearish');
  close(inflow.confidence, Math.abs(200 - (400 - 1000 * alpha)) / (2 * (400 + 200 * alpha)), 'confidence');
  assert.is(m.at(0, noon(4)).edge, -10, 'a large inflow: full bearish edge');
  assert.is(m.at(0, noon(5)).edge, 10, 'a large outflow: full bullish edge');
  assert.not.ok(m.at(0, isoUs('2024-03-06T00:00:01Z')).has, 'a day and a second after the last measurement: too old');
  const eth = m.at(1, noon(4)); // -2000 after a usual 1500
  assert.ok(eth.has && eth.edge === 10 && eth.confidence === 1, JSON.stringify(eth));
});

test('a stocks session loads no on-chain events: the model has no opinion', () => {
  const { feeds, summary } = loadAlphaFeeds({ assetClass: 'stocks', symbols: SYMBOLS, source: { newsFile: '', onchainFile: file, fundingFile: '' } });
  assert.is(feeds.onchain.value.length, 0);
  assert.equal(summary, []);
  const m = feedModel(onchainFlow, { onchain: feeds.onchain });
  for (let day = 1; day <= 5; day++) assert.not.ok(m.at(0, noon(day)).has);
  const crypto = loadAlphaFeeds({ assetClass: 'crypto', symbols: SYMBOLS, source: { newsFile: '', onchainFile: file, fundingFile: '' } });
  assert.is(crypto.feeds.onchain.value.length, 7);
});

test.run();
