// pairs_cointegration never looks ahead: its output on a record depends only on that record and
// the ones before it. A stream of asynchronous quotes (each leg quoting at random times, several
// records per sampling bucket) is fed once; then a fresh model gets the same prefix followed by a
// corrupted suffix (other prices, other times), and every output on the prefix must be identical
// bit for bit. The cut falls inside a sampling bucket, where a model that sampled a bucket before
// it closed would differ.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../../src/data/prng.js';
import { cointegratedPair, pairsDriver, type Opinion } from './pairs-fixture.js';

interface Quote { instrument: number; tsUs: number; mid: number }

/** A cointegrated pair on a 100 ms grid; each leg quotes on a tick with probability 0.6. */
function asynchronousQuotes(seed: number, ticks: number): Quote[] {
  const { a, b } = cointegratedPair(seed, ticks, 0.0007, 0.97, 0.0004);
  const coin = new Float64Array(2 * ticks);
  new Prng(seed + 1).fillUniform(coin, 0, coin.length);
  const quotes: Quote[] = [];
  for (let t = 0; t < ticks; t++) {
    const tsUs = 1.7e15 + t * 100_000;
    if (coin[2 * t] < 0.6) quotes.push({ instrument: 0, tsUs, mid: a[t] });
    if (coin[2 * t + 1] < 0.6) quotes.push({ instrument: 1, tsUs, mid: b[t] });
  }
  return quotes;
}

function run(quotes: readonly Quote[]): Opinion[] {
  const d = pairsDriver({ sampleEveryMs: 1000, window: 200, refitEvery: 10 });
  return quotes.map((q) => d.quote(q.instrument, q.tsUs, q.mid));
}

test('outputs on a prefix do not change when everything after it does', () => {
  const quotes = asynchronousQuotes(5, 6000);
  const full = run(quotes);
  // A cut inside a bucket: the record after it is in the same second.
  let cut = Math.floor(quotes.length * 0.7);
  while (Math.floor(quotes[cut].tsUs / 1e6) !== Math.floor(quotes[cut - 1].tsUs / 1e6)) cut++;
  const corrupted = quotes.slice(0, cut).concat(quotes.slice(cut).map((q, i) => ({
    instrument: q.instrument,
    tsUs: q.tsUs - 50_000 + (i % 3) * 400_000,
    mid: q.mid * (i % 2 === 0 ? 3 : 0.2),
  })));
  const again = run(corrupted);
  const opinions = full.slice(0, cut).filter((o) => o.has).length;
  assert.ok(opinions > 50, `the prefix must exercise the signal: ${opinions} opinions`);
  for (let i = 0; i < cut; i++) {
    assert.equal(again[i], full[i], `record ${i} of the ${cut} before the cut`);
  }
  let differ = 0;
  for (let i = cut; i < quotes.length; i++) if (again[i].has !== full[i].has || again[i].edge !== full[i].edge) differ++;
  assert.ok(differ > 0, 'the corrupted suffix does change the outputs after the cut');
});

test.run();
