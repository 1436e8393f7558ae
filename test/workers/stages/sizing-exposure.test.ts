// Sizing against exposure, not booked positions: an emitted intent counts at once (the same edge
// again sends nothing, however long the fill takes to reach the portfolio), an intent execution
// refused stops counting when execution says so, and a restarted sizing layer keeps its ledger.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SizingStage } from '../../../src/workers/stages/sizing-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { ExecutionExposure } from '../../../src/execution/execution-exposure.js';
import { BlendedEdge, SizedIntent } from '../../../src/shm/records.js';
import { buildRecord } from '../../support/record-builder.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';

const edge = (bps: number) => buildRecord(BlendedEdge, {
  ts: 1_700_000_000_000_000, instrument: 0, edgeBps: bps, confidence: 1, bid: 99.99, ask: 100.01, volatility: 10,
});

test('emitted intents count at once; refusals stop counting; a restart keeps the ledger', () => {
  const defaults = loadConfig(defaultConfigPath('crypto'));
  const env = stageRuntime('L3', { ...defaults, risk: { ...defaults.risk, sizer: 'fixed_fraction' } });
  const { config, topo, rt } = env;
  try {
    const stage = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 0);
    stage.beginBatch();
    const out = new Float64Array(SizedIntent.f64);
    assert.ok(stage.size(edge(50), 0, out, 0), 'a strong edge opens a position');
    const target = out[SizedIntent.targetPositionUsd];
    assert.ok(target > 0);
    for (let i = 0; i < 50; i++) assert.not.ok(stage.size(edge(50), 0, out, 0), 'no re-send while nothing is booked yet');
    const expected = (target / 100.01) * 100; // the quantity bought at the ask, marked at the mid
    assert.ok(Math.abs(stage.exposureUsd(0) - expected) < 1e-9 * expected, `exposure ${stage.exposureUsd(0)} vs ${expected}`);

    // Execution refused that intent (taken in, never filled): the exposure is gone, sizing re-sizes.
    const intent = new Float64Array(SizedIntent.f64);
    intent[SizedIntent.instrument] = 0; intent[SizedIntent.side] = 1; intent[SizedIntent.quantity] = target / 100.01;
    const exposure = new ExecutionExposure(config.symbols.length);
    exposure.onRefused(intent, 0);
    exposure.publish(topo.exposure);
    stage.beginBatch();
    assert.ok(Math.abs(stage.exposureUsd(0)) < 1e-6, `exposure after the refusal: ${stage.exposureUsd(0)}`);
    assert.ok(stage.size(edge(50), 0, out, 0), 'the position is sized again');

    // A restarted L3 continues from the shared ledger: no duplicate opening.
    const restarted = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 2);
    restarted.beginBatch();
    assert.not.ok(restarted.size(edge(50), 0, out, 0), 'the restarted layer knows the position is on its way');
  } finally {
    rt.finish();
  }
});

test.run();
