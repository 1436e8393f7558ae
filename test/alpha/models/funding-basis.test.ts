// funding_basis on a file of funding prints: positive funding (longs pay) and a mark above the
// index point down, negative funding up; only prints at or before the record's time count
// (changing every later print changes nothing), a print goes stale after maxAgeMinutes, untraded
// symbols are skipped, a stocks session loads none, and a malformed print refuses the file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fundingBasis } from '../../../src/alpha/models/funding-basis.js';
import { loadAlphaFeeds } from '../../../src/alpha/feeds/alpha-feeds.js';
import { loadFundingFile } from '../../../src/alpha/feeds/funding-feed.js';
import { feedModel, fixturePath, isoUs, seriesOf, SYMBOLS, US_PER_MINUTE } from './feed-fixture.js';
import { withTempDir } from '../../support/temp-dir.js';

const file = fixturePath('funding-prints.jsonl');
const load = (assetClass = 'crypto') => loadAlphaFeeds({ assetClass, symbols: SYMBOLS, source: { newsFile: '', onchainFile: '', fundingFile: file } });

test('funding and basis set the sign; confidence from the size of the funding', () => {
  const { feeds, summary } = load();
  assert.match(summary.join('\n'), /4 funding prints, 3 used, 2 with a basis, skipped: 1 unknown_symbol/);
  const m = feedModel(fundingBasis, { funding: feeds.funding, basis: feeds.basis });
  assert.not.ok(m.at(0, isoUs('2024-03-03T23:59:59Z')).has, 'before the first print');
  // 1 bp of funding and a 7.94 bp premium: -(1 + 0.1 x 7.94) bps
  const rich = m.at(0, isoUs('2024-03-04T01:00:00Z'));
  assert.ok(rich.has);
  assert.ok(Math.abs(rich.edge + (1 + 0.1 * (50 / 63000) * 1e4)) < 1e-9, `edge ${rich.edge}`);
  assert.ok(Math.abs(rich.confidence - 1 / 3) < 1e-12);
  // -3 bp of funding (shorts pay); the basis stays the last one known
  const cheap = m.at(0, isoUs('2024-03-04T09:00:00Z'));
  assert.ok(cheap.edge > 0 && Math.abs(cheap.confidence - 1) < 1e-12, JSON.stringify(cheap));
  // ETH: 5 bp funding but a discount of 29.3 bp: the basis pulls the other way
  const eth = m.at(1, isoUs('2024-03-04T09:00:00Z'));
  assert.ok(Math.abs(eth.edge - (-(5 + 0.1 * (-10 / 3410) * 1e4))) < 1e-9, `edge ${eth.edge}`);
});

test('a print counts for maxAgeMinutes; a late record gets no opinion', () => {
  const { feeds } = load();
  const m = feedModel(fundingBasis, { funding: feeds.funding, basis: feeds.basis }, { maxAgeMinutes: 60 });
  assert.ok(m.at(0, isoUs('2024-03-04T00:59:00Z')).has);
  assert.not.ok(m.at(0, isoUs('2024-03-04T01:01:00Z')).has, 'an hour old');
  assert.not.ok(m.at(0, isoUs('2024-03-04T00:30:00Z')).has, 'earlier than a record already seen');
});

test('no look-ahead: prints after the record\'s time change nothing up to it', () => {
  const t0 = isoUs('2024-03-04T00:00:00Z');
  const before = [[0, t0, 2], [0, t0 + 60 * US_PER_MINUTE, -1]] as const;
  const a = feedModel(fundingBasis, { funding: seriesOf([...before, [0, t0 + 121 * US_PER_MINUTE, 9]]) });
  const b = feedModel(fundingBasis, { funding: seriesOf([...before, [0, t0 + 120 * US_PER_MINUTE + 1, -9], [0, t0 + 200 * US_PER_MINUTE, 4]]) });
  for (let minute = 0; minute <= 120; minute += 5) {
    const t = t0 + minute * US_PER_MINUTE;
    assert.equal(a.at(0, t), b.at(0, t), `minute ${minute}`);
  }
});

test('a stocks session loads no funding; a malformed print refuses the file naming the line', async () => {
  assert.is(load('stocks').feeds.funding.value.length, 0);
  await withTempDir('tradebot-funding-', async (dir) => {
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"ts": "2024-03-04T00:00:00Z", "symbol": "BTC/USDT", "fundingRate": 0.0001}\n{"ts": "2024-03-04T08:00:00Z", "symbol": "BTC/USDT", "fundingRate": "high"}\n');
    assert.throws(() => loadFundingFile(bad, SYMBOLS), /source\.fundingFile: .*bad\.jsonl line 2: fundingRate must be a finite fraction/);
  });
});

test.run();
