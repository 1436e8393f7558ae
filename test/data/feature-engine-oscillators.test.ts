// The feature engine's oscillators equal the indicator modules fed the same mids and trades:
// RSI(14) and the Bollinger(20) z-score of the mid per quote, NaN until warmed up, and the VWAP
// of the day's trades, which starts again when the UTC day of the event time changes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FeatureEngine, RSI_PERIOD, BANDS_PERIOD } from '../../src/data/feature-engine.js';
import { RsiSet } from '../../src/data/indicators/rsi.js';
import { BollingerSet } from '../../src/data/indicators/bollinger.js';
import { Features } from '../../src/shm/records.js';

const DAY_US = 86_400_000_000;

test('RSI and z-score of the mid match the indicator modules; NaN until warm', () => {
  const engine = new FeatureEngine(2, { shortWindow: 5, longWindow: 20 });
  const rsi = new RsiSet(1, RSI_PERIOD);
  const bands = new BollingerSet(1, BANDS_PERIOD, 2);
  const out = new Float64Array(Features.f64);
  for (let i = 0; i < 60; i++) {
    const mid = 100 + Math.sin(i / 3) + i * 0.01;
    assert.ok(engine.onQuote(1, 1e15 + i, mid - 0.01, 1, mid + 0.01, 1));
    rsi.update(0, mid);
    bands.update(0, mid);
    engine.write(1, 0, 0, out, 0);
    if (i < RSI_PERIOD) assert.ok(Number.isNaN(out[Features.rsi]), `rsi NaN at ${i}`);
    else assert.ok(Math.abs(out[Features.rsi] - rsi.value[0]) < 1e-9, `rsi at ${i}`);
    if (i < BANDS_PERIOD - 1) assert.ok(Number.isNaN(out[Features.midZScore]), `z NaN at ${i}`);
    else assert.ok(Math.abs(out[Features.midZScore] - bands.zScore[0]) < 1e-9, `z at ${i}`);
  }
});

test('VWAP of the day\'s trades; a new UTC day starts a new session; rejected trades do not count', () => {
  const engine = new FeatureEngine(1, { shortWindow: 5, longWindow: 20 });
  const out = new Float64Array(Features.f64);
  const day0 = 19_000 * DAY_US;
  engine.onQuote(0, day0, 99, 1, 101, 1);
  engine.write(0, 0, 0, out, 0);
  assert.ok(Number.isNaN(out[Features.vwap]), 'no trade yet');
  engine.onTrade(0, day0 + 1, 100, 1, 1);
  engine.onTrade(0, day0 + 2, 110, 3, 1);
  assert.not.ok(engine.onTrade(0, day0 + 3, NaN, 5, 1));
  engine.write(0, 0, 0, out, 0);
  assert.is(out[Features.vwap], 107.5);
  engine.onTrade(0, day0 + DAY_US + 5, 50, 2, -1);
  engine.write(0, 0, 0, out, 0);
  assert.is(out[Features.vwap], 50, 'the next day starts from its own first trade');
});

test.run();
