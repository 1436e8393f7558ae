// pairs_cointegration on real candles: freqtrade ETH/BTC (leg A) and LTC/BTC (leg B), 5-minute
// bars of 2018-01-10 .. 2018-01-30, joined on open time as `tradebot stats coint` joins them.
// Each bar's close is one quote of each leg at the bar's open time; with a 5-minute sampling
// clock every bar is one sample and a window of every bar is the whole series. The model's fit on
// that window equals the command's engine (engleGranger, src/stats/engle-granger.ts) on the log
// closes of the same bars, to 1e-9: the rolling fit is the offline test, not an approximation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { engleGranger } from '../../../src/stats/engle-granger.js';
import { alignByTime } from '../../../src/stats/time-alignment.js';
import { sharedFile } from '../../support/shared-data.js';
import { pairsDriver } from './pairs-fixture.js';

test('ETH/BTC on LTC/BTC 5m: the fit on the whole window equals the stats coint engine', () => {
  const eth = sharedFile('crypto/candles/freqtrade/ETH_BTC-5m.json');
  const ltc = sharedFile('crypto/candles/freqtrade/LTC_BTC-5m.json');
  if (eth === null || ltc === null) return;
  const a = readCandleFile(eth);
  const b = readCandleFile(ltc);
  const bars = alignByTime(a.openTimeUs, a.close, b.openTimeUs, b.close);
  const n = bars.a.length;
  assert.is(n, 5760);
  const intervalUs = a.intervalUs;
  assert.is(intervalUs, 300_000_000);
  // adfLags -1: the lag order chosen by AIC, as the command does.
  const d = pairsDriver({ sampleEveryMs: intervalUs / 1000, window: n, refitEvery: 1_000_000, adfLags: -1 });
  for (let i = 0; i < n; i++) {
    d.quote(0, bars.timeUs[i], bars.a[i]);
    d.quote(1, bars.timeUs[i], bars.b[i]);
  }
  assert.not.ok(d.fit().fitted, 'the last bar is sampled only once a later bucket opens');
  // The next bar's first quote closes the last bucket: sample n, the window is full, the fit runs.
  d.quote(0, bars.timeUs[n - 1] + intervalUs, bars.a[n - 1]);
  const fit = d.fit();
  assert.ok(fit.fitted);
  assert.is(fit.samples, n);
  assert.is(d.model.refits, 1);
  const engine = engleGranger(bars.a.map(Math.log), bars.b.map(Math.log));
  const summary = `model hedge ${fit.hedgeRatio} p ${fit.pValue} tau ${fit.adfStat} lags ${fit.adfLags}; ` +
    `engine hedge ${engine.hedgeRatio} p ${engine.pValue} tau ${engine.adfStat} lags ${engine.lags}`;
  assert.ok(Math.abs(fit.hedgeRatio - engine.hedgeRatio) <= 1e-9, summary);
  assert.ok(Math.abs(fit.pValue - engine.pValue) <= 1e-9, summary);
  assert.ok(Math.abs(fit.intercept - engine.intercept) <= 1e-9, summary);
  assert.ok(Math.abs(fit.adfStat - engine.adfStat) <= 1e-9, summary);
  assert.is(fit.adfLags, engine.lags, summary);
});

test.run();
