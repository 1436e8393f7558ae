// L5's live VaR by risk.varMethod: parametric until 30 minutes of marks are known, then the
// historical simulation of the book over the marks' one-minute moves (ES beside it, never
// below); risk.varMethod: parametric keeps the Gaussian model throughout.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RiskStage } from '../../../src/workers/stages/risk-stage.js';
import { BookTop, OrderEvent, OrderEventType, RecordKind, VenueId } from '../../../src/shm/records.js';
import { PortfolioSnapshot } from '../../../src/risk/portfolio.js';
import { VarMethod } from '../../../src/risk/historical-portfolio-var.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';
import { stageRuntime } from '../../support/stage-runtime.js';

const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;

function record(layout: { f64: number }, fields: Record<number, number>): Float64Array {
  const r = new Float64Array(layout.f64);
  for (const [k, v] of Object.entries(fields)) r[Number(k)] = v;
  return r;
}

function runMinutes(method: 'historical' | 'cornish_fisher' | 'parametric', minutes: number): Float64Array {
  const base = applyOverrides(loadConfig(defaultConfigPath('crypto')), { metricsPort: 0 });
  const { topo, rt } = stageRuntime('L5', { ...base, risk: { ...base.risk, varMethod: method } });
  try {
    const stage = new RiskStage(rt);
    stage.beginBatch();
    stage.process(record(OrderEvent, {
      [OrderEvent.kind]: RecordKind.OrderEvent, [OrderEvent.ts]: T0, [OrderEvent.seq]: 1, [OrderEvent.event]: OrderEventType.Filled,
      [OrderEvent.venue]: VenueId.Sim, [OrderEvent.tradeId]: 1, [OrderEvent.side]: 1, [OrderEvent.lastQty]: 100,
      [OrderEvent.lastPrice]: 100, [OrderEvent.cumQty]: 100,
    }), 0);
    stage.endBatch();
    let mid = 100;
    for (let m = 0; m < minutes; m++) {
      mid *= m % 2 === 0 ? 1.002 : 0.9985;
      stage.beginBatch();
      stage.processSide(0, record(BookTop, {
        [BookTop.kind]: RecordKind.BookTop, [BookTop.ts]: T0 + m * MIN + 1, [BookTop.bidPrice]: mid - 0.01,
        [BookTop.askPrice]: mid + 0.01, [BookTop.bidSize]: 1, [BookTop.askSize]: 1,
      }), 0);
      stage.endBatch();
    }
    const snap = new Float64Array(topo.portfolio.fieldCount);
    topo.portfolio.read(snap);
    return snap;
  } finally {
    rt.finish();
  }
}

test('historical: parametric for the first half hour, then the historical simulation', () => {
  const early = runMinutes('historical', 20);
  assert.is(early[PortfolioSnapshot.varMethod], VarMethod.parametric);
  assert.ok(early[PortfolioSnapshot.varPct] > 0);
  const later = runMinutes('historical', 90);
  assert.is(later[PortfolioSnapshot.varMethod], VarMethod.historical);
  // A $10k position whose minutes move it by 0.15-0.2%: about $20 a minute, x sqrt(1440) a day,
  // as a percent of $100k equity.
  const v = later[PortfolioSnapshot.varPct];
  assert.ok(v > 0.5 && v < 1.5, `VaR ${v}%`);
  assert.ok(later[PortfolioSnapshot.esPct] >= v, 'ES at least the VaR');
});

test('cornish_fisher and parametric are honoured', () => {
  assert.is(runMinutes('cornish_fisher', 60)[PortfolioSnapshot.varMethod], VarMethod.cornish_fisher);
  const parametric = runMinutes('parametric', 60);
  assert.is(parametric[PortfolioSnapshot.varMethod], VarMethod.parametric);
  assert.ok(parametric[PortfolioSnapshot.esPct] > parametric[PortfolioSnapshot.varPct]);
});

test.run();
