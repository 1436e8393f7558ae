// What execution's pre-trade checks would refuse by notional, sizing decides itself (so no release
// travels back at a moment that depends on the threads' timing): an intent worth more than
// execution.maxOrderNotionalUsd is cut to it, and one priced under a tick is not sent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { defaultConfigPath, parseConfig } from '../../../src/pipeline/config.js';
import { SizingStage } from '../../../src/workers/stages/sizing-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { BlendedEdge, SizedIntent } from '../../../src/shm/records.js';
import { SizerReject } from '../../../src/sizing/fixed-fraction.js';
import { buildRecord } from '../../support/record-builder.js';
import { stageRuntime } from '../../support/stage-runtime.js';

const config = parseConfig(readFileSync(defaultConfigPath('crypto'), 'utf8')
  .replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction')
  .replace(/maxOrderNotionalUsd: *[\d_]+/, 'maxOrderNotionalUsd: 700')
  .replace(/port: *9464/, 'port: 0'), 'test.yml');

const edge = (mid: number) => buildRecord(BlendedEdge, {
  ts: 1_700_000_000_000_000, instrument: 0, edgeBps: 50, confidence: 1, bid: mid * 0.9999, ask: mid * 1.0001, volatility: 10,
});

test('an intent worth more than maxOrderNotionalUsd is cut to it; one priced under a tick is refused', () => {
  const { rt } = stageRuntime('L3', config);
  try {
    const stage = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 0);
    const out = new Float64Array(SizedIntent.f64);
    stage.beginBatch();
    assert.ok(stage.size(edge(100), 0, out, 0));
    assert.ok(out[SizedIntent.notionalUsd] <= 700 && out[SizedIntent.notionalUsd] > 690, `notional ${out[SizedIntent.notionalUsd]}`);
    const refusals = rt.telemetryOf('L3').refusals;
    const before = refusals.get(SizerReject.BelowMinNotional);
    assert.not.ok(stage.size(edge(0.004), 0, out, 0), 'BTC/USDT ticks are 0.01');
    assert.is(refusals.get(SizerReject.BelowMinNotional), before + 1);
  } finally {
    rt.finish();
  }
});

test.run();
