// Indicator updates through `updateFrom` allocate nothing: no GC over a million ticks that each
// update all seven indicators (of ten series), the way a feature engine would call them.
import { test } from 'uvu';
import { EmaSet } from '../../../src/data/indicators/ema.js';
import { SmaSet } from '../../../src/data/indicators/sma.js';
import { RsiSet } from '../../../src/data/indicators/rsi.js';
import { AtrSet } from '../../../src/data/indicators/atr.js';
import { BollingerSet } from '../../../src/data/indicators/bollinger.js';
import { VwapSet } from '../../../src/data/indicators/vwap.js';
import { TimeBarSet } from '../../../src/data/indicators/time-bars.js';
import { assertNoGc } from '../../support/allocation.js';

test('EMA, SMA, RSI, ATR, Bollinger, VWAP and time bars: no GC over 1M ticks', () => {
  const ema = new EmaSet(10, 12);
  const sma = new SmaSet(10, 20);
  const rsi = new RsiSet(10, 14);
  const atr = new AtrSet(10, 14);
  const bb = new BollingerSet(10, 20);
  const vwap = new VwapSet(10);
  const bars = new TimeBarSet(10, 1_000_000);
  const prices = Float64Array.from({ length: 1024 }, (_, i) => 100 + Math.sin(i * 0.01) * 5 + (i % 7) * 0.1);
  // One tick's inputs, laid out as the indicators read them: [price, high, low, close, volume, time, price, size].
  const tick = new Float64Array(8);
  assertNoGc('indicator updates', (i) => {
    const s = i % 10;
    const p = prices[i & 1023];
    tick[0] = p; tick[1] = p + 1; tick[2] = p - 1; tick[3] = p; tick[4] = 1 + (i % 3);
    tick[5] = 1.7e15 + i * 1000; tick[6] = p; tick[7] = 1;
    ema.updateFrom(s, tick, 0);
    sma.updateFrom(s, tick, 0);
    rsi.updateFrom(s, tick, 0);
    atr.updateFrom(s, tick, 1);
    bb.updateFrom(s, tick, 0);
    vwap.updateFrom(s, tick, 3);
    bars.updateFrom(s, tick, 5);
  }, 1_000_000);
});

test.run();
