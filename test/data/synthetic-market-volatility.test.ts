// The price process: realised volatility matches the configured annualVol, and volatility
// clusters (squared returns are autocorrelated) -- but not when GARCH is switched off, which shows
// the clustering statistic can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SyntheticMarket, MarketEvent, MARKET_EVENT_F64, type SyntheticMarketConfig } from '../../src/data/synthetic-market.js';

const YEAR_S = 365.25 * 86_400;
const MINUTE_US = 60e6;

/** Log returns of the quoted mid sampled at each whole virtual minute (crypto, one symbol). */
function minuteReturns(extra: Partial<SyntheticMarketConfig>, events: number, annualVol: number): number[] {
  const m = new SyntheticMarket({
    symbols: [{ startPrice: 30_000, annualVol, tickSize: 0.01 }],
    seed: 99, assetClass: 'crypto', startEpochUs: Date.UTC(2024, 5, 1) * 1000, eventsPerSecond: 4,
    ...extra,
  });
  const ev = new Float64Array(MARKET_EVENT_F64);
  const returns: number[] = [];
  let bucket = -1;
  let lastMid = NaN;
  let bucketStartMid = NaN;
  for (let i = 0; i < events; i++) {
    m.next(ev);
    const b = Math.floor(ev[MarketEvent.ts] / MINUTE_US);
    if (b !== bucket) {
      if (!Number.isNaN(lastMid)) {
        if (!Number.isNaN(bucketStartMid)) returns.push(Math.log(lastMid / bucketStartMid));
        bucketStartMid = lastMid;
      }
      bucket = b;
    }
    lastMid = (ev[MarketEvent.bid] + ev[MarketEvent.ask]) / 2;
  }
  return returns;
}

function acf1(x: number[]): number {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (x[i] - mean) ** 2;
    if (i > 0) num += (x[i] - mean) * (x[i - 1] - mean);
  }
  return num / den;
}

test('realised volatility of minute returns is close to annualVol', () => {
  for (const vol of [0.3, 0.8]) {
    const r = minuteReturns({ jumpsPerDay: 0 }, 1_000_000, vol);
    const variancePerMinute = r.reduce((a, b) => a + b * b, 0) / r.length;
    const realised = Math.sqrt((variancePerMinute * YEAR_S) / 60);
    assert.ok(realised > vol * 0.8 && realised < vol * 1.25, `annualVol ${vol}: realised ${realised.toFixed(3)} over ${r.length} minutes`);
  }
});

test('jumps add their variance (intensity x size^2) on top of the diffusion', () => {
  const r = minuteReturns({ jumpsPerDay: 20, jumpStdBps: 100 }, 1_000_000, 0.5);
  const realised = Math.sqrt((r.reduce((a, b) => a + b * b, 0) / r.length) * YEAR_S / 60);
  const expected = Math.sqrt(0.5 ** 2 + 20 * 365.25 * 0.01 ** 2); // ~0.99
  assert.ok(realised > expected * 0.8 && realised < expected * 1.25, `realised ${realised.toFixed(3)}, expected ~${expected.toFixed(3)}`);
});

test('volatility clusters: squared minute returns are positively autocorrelated', () => {
  const r = minuteReturns({ jumpsPerDay: 0 }, 2_000_000, 0.6);
  const rho = acf1(r.map((x) => x * x));
  const threshold = 4 / Math.sqrt(r.length); // ~4 standard errors under "no clustering"
  assert.ok(rho > threshold, `acf1 of squared returns ${rho.toFixed(4)} <= ${threshold.toFixed(4)} (n=${r.length})`);
  // Returns themselves are (close to) uncorrelated: clustering is in the size, not the direction.
  assert.ok(Math.abs(acf1(r)) < 0.05, `acf1 of returns ${acf1(r).toFixed(4)}`);
});

test('control: with GARCH off (alpha = 0) the squared-return autocorrelation vanishes', () => {
  const r = minuteReturns({ jumpsPerDay: 0, garchAlpha: 0, garchBeta: 0 }, 2_000_000, 0.6);
  const rho = acf1(r.map((x) => x * x));
  assert.ok(Math.abs(rho) < 4 / Math.sqrt(r.length), `acf1 ${rho.toFixed(4)} with GARCH off`);
});

test.run();
