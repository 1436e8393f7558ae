// Sizing opens no new exposure on a symbol L0 has flagged stale: an intent that would grow the
// position is taken back and counted as a `stale_symbol` refusal, one that reduces it still goes
// out, and the symbol trades normally again once its data returns. Runs the real SizingStage on a
// real topology in one thread.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SymbolGauge, symbolGaugeIndex } from '../../../src/pipeline/telemetry.js';
import { SizingStage } from '../../../src/workers/stages/sizing-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { BlendedEdge, SizedIntent } from '../../../src/shm/records.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';

test('no new exposure while stale; reductions pass; back to normal when data returns', () => {
  // fixed_fraction: a weak edge flattens, which is the reduction this test needs (cost_aware would hold).
  const defaults = loadConfig(defaultConfigPath('crypto'));
  const env = stageRuntime('L3', { ...defaults, risk: { ...defaults.risk, sizer: 'fixed_fraction' } });
  const { config, topo, rt } = env;
  try {
    const stage = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 0);
    stage.beginBatch();
    const n = config.symbols.length;
    const staleFlag = symbolGaugeIndex(SymbolGauge.stale, 0, n);
    const refusals = topo.telemetry.L3.refusals;
    const staleRefusals = (): number => refusals.get(refusals.indexOf('stale_symbol'));
    const edge = (bps: number, confidence = 1): Float64Array => {
      const b = new Float64Array(BlendedEdge.f64);
      b[BlendedEdge.ts] = 1_700_000_000_000_000;
      b[BlendedEdge.instrument] = 0;
      b[BlendedEdge.edgeBps] = bps;
      b[BlendedEdge.confidence] = confidence;
      b[BlendedEdge.bid] = 65_000;
      b[BlendedEdge.ask] = 65_001;
      b[BlendedEdge.volatility] = 10;
      return b;
    };
    const out = new Float64Array(SizedIntent.f64);

    topo.symbolGauges[staleFlag] = 1;
    assert.not.ok(stage.size(edge(50), 0, out, 0), 'no position opened on a stale symbol');
    assert.is(staleRefusals(), 1);

    topo.symbolGauges[staleFlag] = 0;
    assert.ok(stage.size(edge(50, 0.5), 0, out, 0), 'opens once the data is back');
    assert.is(out[SizedIntent.side], 1);

    topo.symbolGauges[staleFlag] = 1;
    assert.not.ok(stage.size(edge(50, 1), 0, out, 0), 'no adding to it while stale (a bigger target is refused)');
    assert.is(staleRefusals(), 2);
    assert.ok(stage.size(edge(0), 0, out, 0), 'a flat target still reduces the position while stale');
    assert.is(out[SizedIntent.side], -1);
  } finally {
    rt.finish();
  }
});

test.run();
