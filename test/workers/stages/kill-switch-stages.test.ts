// The kill switch across stages, in one thread on one topology: L5 trips it when the book's
// drawdown reaches risk.maxDrawdownPct (marked at market), and then sizing holds back intents that
// add exposure (counted as risk_halt) while letting reductions out, and execution refuses an
// opening intent that was sized before the trip but still sends a closing one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RiskStage } from '../../../src/workers/stages/risk-stage.js';
import { SizingStage } from '../../../src/workers/stages/sizing-stage.js';
import { ExecutionStage } from '../../../src/workers/stages/execution-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { BlendedEdge, BookTop, OrderEvent, OrderEventType, RecordKind, SizedIntent, SizingReason, VenueId } from '../../../src/shm/records.js';
import { RiskHaltReason } from '../../../src/risk/risk-limits.js';
import { defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';
import { restarted, stageRuntime } from '../../support/stage-runtime.js';
import { buildRecord } from '../../support/record-builder.js';

const T0 = 1_700_000_000_000_000;

function crypto(maxDrawdownPct: number) {
  const defaults = loadConfig(defaultConfigPath('crypto'));
  return { ...defaults, metrics: { ...defaults.metrics, port: 0 }, risk: { ...defaults.risk, maxDrawdownPct, sizer: 'fixed_fraction' } };
}

test('L5 trips on the drawdown limit and publishes it; a restart keeps it tripped', () => {
  const { topo, rt, config } = stageRuntime('L5', crypto(1));
  try {
    const risk = new RiskStage(rt);
    const fill = buildRecord(OrderEvent, {
      kind: RecordKind.OrderEvent, ts: T0, seq: 1, event: OrderEventType.Filled, venue: VenueId.Sim, tradeId: 1,
      side: 1, lastQty: 1, lastPrice: 20_000, cumQty: 1,
    });
    risk.beginBatch();
    risk.process(fill, 0);
    risk.endBatch();
    assert.is(Atomics.load(topo.riskHalt, 0), 0);
    const mark = buildRecord(BookTop, { kind: RecordKind.BookTop, ts: T0 + 1e6, bidPrice: 18_990, askPrice: 19_010, bidSize: 1, askSize: 1 });
    risk.beginBatch();
    risk.processSide(0, mark, 0); // 20,000 -> 19,000: a 1,000 loss on 100,000 is a 1% drawdown
    risk.endBatch();
    assert.is(Atomics.load(topo.riskHalt, 0), RiskHaltReason.Drawdown);
    const rt2 = restarted({ topo, rt, config });
    const again = new RiskStage(rt2);
    again.beginBatch();
    again.endBatch();
    assert.is(Atomics.load(topo.riskHalt, 0), RiskHaltReason.Drawdown, 'a restarted L5 does not release it');
    rt2.finish();
  } finally {
    rt.finish();
  }
});

test('tripped: sizing holds back what adds exposure and lets reductions out; execution stops openings', () => {
  const { topo, rt } = stageRuntime('L3', crypto(25));
  try {
    const sizing = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 0);
    sizing.beginBatch();
    const edge = (instrument: number, bps: number, confidence: number) => buildRecord(BlendedEdge, {
      ts: T0, instrument, edgeBps: bps, confidence, bid: instrument === 0 ? 65_000 : 3_400, ask: instrument === 0 ? 65_001 : 3_401, volatility: 5,
    });
    const out = new Float64Array(SizedIntent.f64);
    const refusals = topo.telemetry.L3.refusals;
    const riskHalts = () => refusals.get(refusals.indexOf('risk_halt'));
    assert.ok(sizing.size(edge(0, 50, 0.5), 0, out, 0), 'opens before the trip');
    Atomics.store(topo.riskHalt, 0, RiskHaltReason.DailyLoss);
    assert.not.ok(sizing.size(edge(0, 50, 1), 0, out, 0), 'no adding while tripped');
    assert.not.ok(sizing.size(edge(1, 50, 1), 0, out, 0), 'no opening another symbol');
    assert.is(riskHalts(), 2);
    assert.ok(sizing.size(edge(0, 0, 1), 0, out, 0), 'a flat target still closes the position');
    assert.is(out[SizedIntent.reason], SizingReason.Close);
  } finally {
    rt.finish();
  }

  const l4 = stageRuntime('L4', crypto(25));
  try {
    const execution = new ExecutionStage(l4.rt, new RingPort(l4.rt, l4.rt.ring('order_events'), l4.rt.telemetry), 0);
    execution.beginBatch();
    Atomics.store(l4.topo.riskHalt, 0, RiskHaltReason.Var);
    const intent = (seq: number, reason: number) => buildRecord(SizedIntent, {
      ts: T0, seq, instrument: 0, side: 1, quantity: 0.1, limitPrice: 65_000, notionalUsd: 6_500, reason,
    });
    assert.not.ok(execution.execute(intent(1, SizingReason.Open), 0), 'an opening intent sized before the trip is stopped');
    assert.ok(execution.execute(intent(2, SizingReason.Close), 0), 'a closing one goes out');
    const refusals = l4.topo.telemetry.L4.refusals;
    assert.is(refusals.get(refusals.indexOf('risk_halt')), 1);
  } finally {
    l4.rt.finish();
  }
});

test.run();
