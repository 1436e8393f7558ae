// A reload of risk.kellyFraction reaches the running kelly sizer through the params block: the
// orchestrator rewrites the block, the sizing stage copies its SizingParam slots between batches,
// and the next target doubles with the fraction. The stage also feeds the sizer's covariance with
// every record (without quotes first, the VaR budget would let no new risk in).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { defaultConfigPath, parseConfig } from '../../src/pipeline/config.js';
import { runtimeParamsFor, RuntimeParam } from '../../src/pipeline/params.js';
import { SizingStage } from '../../src/workers/stages/sizing-stage.js';
import { RingPort } from '../../src/workers/stages/output-ports.js';
import { BlendedEdge, SizedIntent, SizingBound } from '../../src/shm/records.js';
import { buildRecord } from '../support/record-builder.js';
import { stageRuntime } from '../support/stage-runtime.js';

const yaml = (kellyFraction: number) => readFileSync(defaultConfigPath('crypto'), 'utf8')
  .replace(/sizer: *fixed_fraction/, 'sizer: kelly')
  .replace(/kellyFraction: *[\d.]+/, `kellyFraction: ${kellyFraction}`)
  .replace(/port: *9464/, 'port: 0');

// 30 bps of edge pays the crypto round trip (2 x (10 fee + 2 impact + 0.1 half spread) = 24.2 bps)
// over the 12 bps threshold; on a volatility sigma with 0.25 * (30e-4 / sigma^2) * 100,000 = 5,000
// USD a quarter Kelly is 5,000 and a half Kelly 10,000, inside the 20,000 limits.
const SIGMA_BPS = Math.sqrt((0.25 * 30e-4 * 100_000) / 5_000) * 1e4;
const record = (ts: number, mid: number, edgeBps: number) => buildRecord(BlendedEdge, {
  ts, instrument: 0, edgeBps, confidence: 1, bid: mid - 0.001, ask: mid + 0.001, volatility: SIGMA_BPS,
});

test('kellyFraction 0.25 -> 0.5 by reload: the target follows', () => {
  const { topo, rt } = stageRuntime('L3', parseConfig(yaml(0.25), 'test.yml'));
  try {
    assert.is(rt.params[RuntimeParam.kellyFraction], 0.25);
    const stage = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 0);
    const out = new Float64Array(SizedIntent.f64);
    stage.beginBatch();
    // Quiet quotes (no edge: nothing to do) teach the covariance; the VaR budget is then far away.
    let ts = 1_700_000_000_000_000;
    for (let k = 0; k < 50; k++) assert.not.ok(stage.size(record(ts += 1_000_000, 100 + (k % 2) * 0.0001, 0), 0, out, 0));
    assert.ok(stage.size(record(ts += 1_000_000, 100, 30), 0, out, 0));
    assert.ok(Math.abs(out[SizedIntent.targetPositionUsd] - 5_000) < 1e-6, `quarter Kelly: ${out[SizedIntent.targetPositionUsd]}`);
    assert.is(out[SizedIntent.bound], SizingBound.None);

    topo.params.write(runtimeParamsFor(parseConfig(yaml(0.5), 'test.yml')));
    rt.refreshParams();
    stage.beginBatch();
    assert.ok(stage.size(record(ts += 1_000_000, 100, 30), 0, out, 0));
    assert.ok(Math.abs(out[SizedIntent.targetPositionUsd] - 10_000) < 1e-6, `half Kelly: ${out[SizedIntent.targetPositionUsd]}`);
    assert.is(rt.telemetryOf('L3').feed.get(SizingBound.None), 2, 'both intents counted by bound in L3\'s shared block');
  } finally {
    rt.finish();
  }
});

test.run();
