// Same seed -> the same event stream, bit for bit; a different seed -> a different one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SyntheticMarket, MARKET_EVENT_F64, type SyntheticMarketConfig } from '../../src/data/synthetic-market.js';

const cfg = (seed: number): SyntheticMarketConfig => ({
  symbols: [
    { startPrice: 60_000, annualVol: 0.6, tickSize: 0.01 },
    { startPrice: 3_000, annualVol: 0.8, tickSize: 0.01 },
  ],
  seed,
  assetClass: 'crypto',
  startEpochUs: Date.UTC(2024, 0, 5, 12) * 1000,
  eventsPerSecond: 50,
});

function run(seed: number, n: number): Float64Array {
  const m = new SyntheticMarket(cfg(seed));
  const all = new Float64Array(n * MARKET_EVENT_F64);
  const ev = new Float64Array(MARKET_EVENT_F64);
  for (let i = 0; i < n; i++) {
    m.next(ev);
    all.set(ev, i * MARKET_EVENT_F64);
  }
  return all;
}

test('same seed gives an identical stream', () => {
  const a = run(7, 50_000);
  const b = run(7, 50_000);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.unreachable(`slot ${i} differs: ${a[i]} vs ${b[i]}`);
  }
});

test('different seeds give different streams', () => {
  const a = run(7, 1_000);
  const b = run(8, 1_000);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  assert.ok(differing > a.length / 4, `only ${differing} of ${a.length} slots differ`);
});

test.run();
