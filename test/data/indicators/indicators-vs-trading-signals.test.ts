// Our streaming indicators against trading-signals (8.3) on real candles: BTC-PERP minutes (FTX),
// a stock's daily bars (NVDA 1999-2014) and an altcoin's 5 m bars priced in BTC (tiny numbers).
// Every value trading-signals calls stable must match ours to 1e-9 relative (RSI, in 0..100, to
// 1e-8 absolute), and ours must be ready exactly when theirs is stable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ATR, BollingerBands, EMA, RSI, SMA } from 'trading-signals';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { EmaSet } from '../../../src/data/indicators/ema.js';
import { SmaSet } from '../../../src/data/indicators/sma.js';
import { RsiSet } from '../../../src/data/indicators/rsi.js';
import { AtrSet } from '../../../src/data/indicators/atr.js';
import { BollingerSet } from '../../../src/data/indicators/bollinger.js';
import { sharedFile } from '../../support/shared-data.js';

const FILES = [
  'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv',
  'stocks/candles/backtrader/nvda-1999-2014.txt',
  'crypto/candles/freqtrade/ADA_BTC-5m.json',
];

function close(ours: number, theirs: number, what: string, absolute = 0): void {
  const tolerance = absolute > 0 ? absolute : 1e-9 * Math.max(Math.abs(theirs), 1e-300);
  if (!(Math.abs(ours - theirs) <= tolerance)) assert.unreachable(`${what}: ours ${ours}, trading-signals ${theirs}`);
}

for (const relative of FILES) {
  test(`${relative}: EMA(12), SMA(20), RSI(14), ATR(14), Bollinger(20, 2) equal trading-signals'`, () => {
    const file = sharedFile(relative);
    if (file === null) return;
    const bars = readCandleFile(file);
    assert.ok(bars.count > 100, `${bars.count} bars`);
    const ema = new EmaSet(1, 12); const tsEma = new EMA(12);
    const sma = new SmaSet(1, 20); const tsSma = new SMA(20);
    const rsi = new RsiSet(1, 14); const tsRsi = new RSI(14);
    const atr = new AtrSet(1, 14); const tsAtr = new ATR(14);
    const bb = new BollingerSet(1, 20, 2); const tsBb = new BollingerBands(20, 2);
    let compared = 0;
    for (let i = 0; i < bars.count; i++) {
      const c = bars.close[i];
      const at = `bar ${i}`;
      ema.update(0, c); tsEma.update(c, false);
      sma.update(0, c); tsSma.update(c, false);
      rsi.update(0, c); tsRsi.update(c, false);
      atr.update(0, bars.high[i], bars.low[i], c); tsAtr.update({ high: bars.high[i], low: bars.low[i], close: c }, false);
      bb.update(0, c); tsBb.update(c, false);
      assert.is(ema.ready(0), tsEma.isStable, `EMA readiness at ${at}`);
      assert.is(sma.ready(0), tsSma.isStable, `SMA readiness at ${at}`);
      assert.is(rsi.ready(0), tsRsi.isStable, `RSI readiness at ${at}`);
      assert.is(atr.ready(0), tsAtr.isStable, `ATR readiness at ${at}`);
      assert.is(bb.ready(0), tsBb.isStable, `Bollinger readiness at ${at}`);
      if (tsEma.isStable) close(ema.value[0], tsEma.getResultOrThrow(), `EMA ${at}`);
      if (tsSma.isStable) close(sma.value[0], tsSma.getResultOrThrow(), `SMA ${at}`);
      if (tsRsi.isStable) close(rsi.value[0], tsRsi.getResultOrThrow(), `RSI ${at}`, 1e-8);
      if (tsAtr.isStable) close(atr.value[0], tsAtr.getResultOrThrow(), `ATR ${at}`);
      if (tsBb.isStable) {
        const r = tsBb.getResultOrThrow();
        close(bb.middle[0], r.middle, `Bollinger middle ${at}`);
        // The band width is a difference of nearly equal numbers at a high price level: compare
        // it relative to the price, the precision either side can have.
        close(bb.upper[0] - bb.middle[0], r.upper - r.middle, `Bollinger width ${at}`, 1e-9 * r.middle);
        compared++;
      }
    }
    assert.ok(compared > 50, `${compared} stable bars compared`);
  });
}

test.run();
