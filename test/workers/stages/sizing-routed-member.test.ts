// Routed sessions (`execution.routing: best_price`): a unified symbol on two venues is one
// position, sized on its lead. An edge of the other venue's symbol is not sized (counted as a
// routed_member edge); the lead's exposure counts what execution released from any venue's part.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SizingStage } from '../../../src/workers/stages/sizing-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { ExecutionExposure } from '../../../src/execution/execution-exposure.js';
import { RoutingGroups } from '../../../src/execution/routing/routing-groups.js';
import { BlendedEdge, OrderEvent, SizedIntent } from '../../../src/shm/records.js';
import { Counter } from '../../../src/pipeline/telemetry.js';
import { buildRecord } from '../../support/record-builder.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { routedCryptoConfig } from '../../support/routed-config.js';

const edge = (instrument: number, bps: number) => buildRecord(BlendedEdge, {
  ts: 1_700_000_000_000_000, instrument, edgeBps: bps, confidence: 1, bid: 99.99, ask: 100.01, volatility: 10,
});

test('the follower venue\'s edges are not sized; the lead\'s are, against the whole group', () => {
  const config = routedCryptoConfig((y) => y.replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction'));
  const { rt, topo } = stageRuntime('L3', config);
  try {
    const stage = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 0);
    stage.beginBatch();
    const out = new Float64Array(SizedIntent.f64);
    assert.not.ok(stage.size(edge(1, 50), 0, out, 0), 'BTC/USD@coinbase follows BTC/USDT@binance');
    assert.is(rt.telemetryOf('L3').counters.get(Counter.routed_member), 1);
    assert.ok(stage.size(edge(0, 50), 0, out, 0), 'the lead opens the position');
    const quantity = out[SizedIntent.quantity];

    // Execution routed the intent: Coinbase's part (a third) ended unfilled. The release comes
    // back to the lead, so sizing sees the group two thirds long and sizes the rest again.
    const exposure = new ExecutionExposure(2, RoutingGroups.fromConfig(config).leadOf);
    const cancelled = new Float64Array(OrderEvent.f64);
    cancelled[OrderEvent.instrument] = 1;
    cancelled[OrderEvent.side] = 1;
    cancelled[OrderEvent.leavesQty] = quantity / 3;
    exposure.onEnded(cancelled, 0);
    exposure.publish(topo.exposure);
    stage.beginBatch();
    const expected = (quantity * 2) / 3 * 100;
    assert.ok(Math.abs(stage.exposureUsd(0) - expected) < 1e-6 * expected, `lead exposure ${stage.exposureUsd(0)} vs ${expected}`);
    assert.is(stage.exposureUsd(1), 0, 'the follower holds no exposure of its own in sizing');
  } finally {
    rt.finish();
  }
});

test.run();
