// Each limit of the kelly sizer binding alone: from a case where none binds (a quarter Kelly of
// 50,000 USD), tighten one limit at a time and check the intent names it in `bound` (or, for the
// limits that leave no intent, that nothing is written and the decision is counted by bound).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KellySizer } from '../../src/sizing/kelly-sizer.js';
import { SizedIntent, SizingBound, SIZING_BOUND_NAMES } from '../../src/shm/records.js';
import { Z_99 } from '../../src/risk/parametric-var.js';
import { feedQuotes, kellyEdge, looseParams, quiet } from './kelly-fixture.js';

type Params = Parameters<typeof looseParams>[0];

function sized(p: Params, positions: number[], opts: { symbolGroups?: Int32Array } = {}) {
  const sizer = new KellySizer(positions.length, opts);
  const params = looseParams(p);
  feedQuotes(sizer, params, 50, quiet);
  const out = new Float64Array(SizedIntent.f64).fill(-7);
  const emitted = sizer.size(kellyEdge(), 0, params, Float64Array.from(positions), out, 0);
  return { sizer, out, emitted, params };
}

function boundOf(p: Params, positions: number[], expectedTarget: number, bound: number, opts = {}): void {
  const { sizer, out, emitted } = sized(p, positions, opts);
  assert.ok(emitted, 'an intent');
  assert.ok(Math.abs(out[SizedIntent.targetPositionUsd] - expectedTarget) < 1e-6, `target ${out[SizedIntent.targetPositionUsd]} vs ${expectedTarget}`);
  assert.is(SIZING_BOUND_NAMES[out[SizedIntent.bound]], SIZING_BOUND_NAMES[bound]);
  assert.is(sizer.boundCounts[bound], 1, 'counted by bound');
  assert.is(sizer.boundCounts.reduce((a, x) => a + x, 0), 1, 'and only there');
}

function stoppedBy(p: Params, positions: number[], bound: number): void {
  const { sizer, out, emitted } = sized(p, positions);
  assert.not.ok(emitted, 'no intent');
  assert.ok(out.every((v) => v === -7), 'nothing written');
  assert.is(sizer.boundCounts[bound], 1, `counted as ${SIZING_BOUND_NAMES[bound]}`);
  assert.is(sizer.boundCounts.reduce((a, x) => a + x, 0), 1, 'and only there');
  assert.is(sizer.rejects.reduce((a, x) => a + x, 0), 0, 'not a refusal');
}

test('no limit binds: the quarter-Kelly target, bound none', () => boundOf({}, [0], 50_000, SizingBound.None));

test('position_cap: positionCapPct 30 of 100,000', () => boundOf({ positionCapPct: 30 }, [0], 30_000, SizingBound.PositionCap));

test('max_position: maxPositionUsd 20,000', () => boundOf({ maxPositionUsd: 20_000 }, [0], 20_000, SizingBound.MaxPosition));

test('gross_limit: the other instrument holds 70,000 of a 100% asset-class limit', () => {
  boundOf({}, [0, 70_000], 30_000, SizingBound.GrossLimit);
  boundOf({ maxLeverage: 0.9 }, [0, 70_000], 20_000, SizingBound.GrossLimit);
});

test('symbol_net: the same symbol on another venue holds 15,000 of a 60,000 limit', () => {
  boundOf({ maxPositionUsd: 60_000 }, [0, 15_000], 45_000, SizingBound.SymbolNet, { symbolGroups: Int32Array.from([0, 0]) });
});

test('var_budget: the position is cut until the 99% one-day VaR is varBudgetPct of equity', () => {
  const { sizer, out, emitted } = sized({ varBudgetPct: 0.2 }, [0]);
  assert.ok(emitted);
  assert.is(out[SizedIntent.bound], SizingBound.VarBudget);
  const terms = new Float64Array(3);
  assert.ok(sizer.covariance.writePositionTerms(new Float64Array(1), 0, terms, 0));
  const target = out[SizedIntent.targetPositionUsd];
  const varUsd = Z_99 * Math.sqrt(terms[0]) * target;
  assert.ok(target > 0 && target < 50_000, `target ${target}`);
  assert.ok(Math.abs(varUsd - 200) < 1e-6, `VaR ${varUsd} vs the 200 USD budget`);
});

test('var_budget: before the covariance has an estimate, no new risk', () => {
  const sizer = new KellySizer(1);
  const out = new Float64Array(SizedIntent.f64);
  assert.not.ok(sizer.size(kellyEdge(), 0, looseParams(), new Float64Array(1), out, 0), 'flat stays flat');
  assert.ok(sizer.size(kellyEdge({ edgeBps: -0.5 }), 0, looseParams(), Float64Array.from([30_000]), out, 0), 'a reversal only closes');
  assert.is(out[SizedIntent.targetPositionUsd], 0);
  assert.is(out[SizedIntent.bound], SizingBound.VarBudget);
});

test('min_order: a change of 50 USD under a 100 USD minimum', () => stoppedBy({}, [49_950], SizingBound.MinOrder));

test('cost_gate: a 0.5 bp edge does not pay a 1 bp fee each way', () => stoppedBy({ feeBps: 1 }, [0], SizingBound.CostGate));

test('cost_gate: an edge against a short that pays leaving but not reversing closes it', () => {
  // oneWay = 0.3 fee + 0.1 half spread = 0.4 bp: 0.5 bp < 2 x 0.4 to reverse, >= 0.4 to close.
  boundOf({ feeBps: 0.3 }, [-10_000], 0, SizingBound.CostGate);
});

test('no_trade_band: 45,000 to 50,000 is inside 25% of the target', () => stoppedBy({}, [45_000], SizingBound.NoTradeBand));

test.run();
