// L5 values the book at the market: a mark (the touch L0 publishes on the `marks` side input)
// moves an open position's value, equity and drawdown without any fill, and feeds the VaR
// model; a mark with no usable price is refused and counted, and leaves the book as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Counter } from '../../../src/pipeline/telemetry.js';
import { RiskStage } from '../../../src/workers/stages/risk-stage.js';
import { BookTop, RecordKind } from '../../../src/shm/records.js';
import { PortfolioSnapshot } from '../../../src/risk/portfolio.js';
import { Z_99 } from '../../../src/risk/parametric-var.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { fillRecord, FILL_TS_US as T0 } from './fill-fixture.js';

function mark(bid: number, ask: number, ts: number): Float64Array {
  const m = new Float64Array(BookTop.f64);
  m[BookTop.kind] = RecordKind.BookTop;
  m[BookTop.ts] = ts;
  m[BookTop.bidPrice] = bid;
  m[BookTop.askPrice] = ask;
  m[BookTop.bidSize] = 1;
  m[BookTop.askSize] = 1;
  return m;
}

function side(stage: RiskStage, record: Float64Array): void {
  stage.beginBatch();
  stage.processSide(0, record, 0);
  stage.endBatch();
}

test('a mark revalues an open position: equity, unrealised PnL and drawdown follow the market', () => {
  const { topo, rt } = stageRuntime('L5');
  try {
    const stage = new RiskStage(rt);
    const start = stage.portfolio.equityUsd();
    stage.beginBatch();
    stage.process(fillRecord(2, 100), 0);
    stage.endBatch();
    side(stage, mark(89, 91, T0 + 1e6)); // mid 90: the 2 units lost 20
    const snap = new Float64Array(topo.portfolio.fieldCount);
    topo.portfolio.read(snap);
    assert.ok(Math.abs(snap[PortfolioSnapshot.equity] - (start - 20)) < 1e-9, `equity ${snap[PortfolioSnapshot.equity]}`);
    assert.ok(snap[PortfolioSnapshot.maxDrawdownPct] > 0, 'the loss is a drawdown');
    assert.is(snap[PortfolioSnapshot.positionUsd], 180);

    // A second mark a second later: the VaR model now has a market return to estimate from.
    side(stage, mark(99, 101, T0 + 2e6));
    topo.portfolio.read(snap);
    assert.is(snap[PortfolioSnapshot.positionUsd], 200);
    // With the prior's 3% daily vol VaR would be z * 200 * 0.03 / equity; an 11% move in one
    // second estimates far more.
    const priorVarPct = (Z_99 * 200 * 0.03 * 100) / snap[PortfolioSnapshot.equity];
    assert.ok(snap[PortfolioSnapshot.varPct] > 10 * priorVarPct, `VaR ${snap[PortfolioSnapshot.varPct]}% from market returns`);
    assert.is(topo.telemetry.L5.counters.get(Counter.side_records_in), 0, 'counted by the chain, not the stage');
  } finally {
    rt.finish();
  }
});

test('a mark with no usable price is refused, counted, and changes nothing', () => {
  const { topo, rt } = stageRuntime('L5');
  try {
    const stage = new RiskStage(rt);
    stage.beginBatch();
    stage.process(fillRecord(1, 100), 0);
    stage.endBatch();
    for (const [bid, ask] of [[NaN, 101], [0, 0], [Infinity, Infinity]]) side(stage, mark(bid, ask, T0 + 1e6));
    assert.is(topo.telemetry.L5.counters.get(Counter.bad_input), 3);
    assert.is(stage.portfolio.positionUsd(0), 100, 'still at the fill price');
  } finally {
    rt.finish();
  }
});

test.run();
