// The project's strategy (features -> alphas -> blend -> sizer, one thread) on real candles
// (the first 2,000 bars of FTX BTC-PERP 1m) passes the look-ahead guard; the same decisions read
// one bar ahead are caught, so the pass is not a guard that cannot see.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { candlesOf, checkLookahead, type DecideFunction } from '../../src/backtest/lookahead-guard.js';
import { strategyDecider, strategyDecisions } from '../../src/backtest/strategy-decisions.js';
import { readCandleFile } from '../../src/data/replay/candle-file.js';
import { defaultConfigPath, loadConfig, type PipelineConfig } from '../../src/pipeline/config.js';
import { sharedFile } from '../support/shared-data.js';

const FILE = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';
const BARS = 2000;

function setup(): { bars: ReturnType<typeof candlesOf>; config: PipelineConfig } | null {
  const file = sharedFile(FILE);
  if (file === null) return null;
  return { bars: candlesOf(readCandleFile(file), 0, BARS), config: loadConfig(defaultConfigPath('crypto')) };
}

test('crypto config, every self-contained rule alpha on: passes', () => {
  const s = setup();
  if (s === null) return;
  const options = { config: s.config, volumeInQuote: true, allRuleAlphas: true };
  const decisions = strategyDecisions(s.bars, options);
  assert.is(decisions.length, BARS);
  assert.ok(decisions.filter((d) => d.edgeBps !== 0 && Number.isFinite(d.edgeBps)).length > BARS / 2);
  const report = checkLookahead(s.bars, strategyDecider(options), { sample: 20, seed: 7 });
  assert.is(report.verdict, 'pass', JSON.stringify(report.firstOffending));
  assert.is(report.checkedTimes, 23);
});

test('a sizer that trades these edges (fixed fraction over 3 bps): passes, target included', () => {
  const s = setup();
  if (s === null) return;
  const config = { ...s.config, strategy: { ...s.config.strategy, edgeThresholdBps: 3 }, risk: { ...s.config.risk, sizer: 'fixed_fraction' } };
  const options = { config, volumeInQuote: true, allRuleAlphas: true };
  const decisions = strategyDecisions(s.bars, options);
  assert.ok(new Set(decisions.map((d) => d.targetQty)).size > 100); // it does trade, both ways
  assert.ok(decisions.some((d) => d.targetQty > 0) && decisions.some((d) => d.targetQty < 0));
  const report = checkLookahead(s.bars, strategyDecider(options), { sample: 15, seed: 11 });
  assert.is(report.verdict, 'pass', JSON.stringify(report.firstOffending));

  // The same decisions, each taken one bar early: caught.
  const early: DecideFunction = (bars) => {
    const d = strategyDecisions(bars, options);
    return d.map((x, i) => ({ ...(d[Math.min(i + 1, d.length - 1)]), timeUs: x.timeUs }));
  };
  const caught = checkLookahead(s.bars, early, { sample: 5, seed: 11 });
  assert.is(caught.verdict, 'lookahead');
  assert.ok(caught.firstOffending !== null && caught.firstOffending.timeUs === caught.firstOffending.checkedTimeUs);
});

test.run();
