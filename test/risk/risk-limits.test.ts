// The kill switch's limits: each trips at its threshold, 0 turns it off, a trip is latched until
// re-armed (a reload) or, for the daily loss, the next UTC day; a restarted L5 restores a trip.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { killSwitchTripLine, killSwitchTripOf, RiskHaltReason, RiskLimit, RiskLimits, RISK_LIMIT_SLOTS } from '../../src/risk/risk-limits.js';
import { PortfolioSnapshot } from '../../src/risk/portfolio.js';

const DAY = 86_400_000_000;
const DAY0 = 19_500 * DAY;

function snapshot(equity: number, drawdownPct = 0, varPct = 0): Float64Array {
  const s = new Float64Array(PortfolioSnapshot.fieldCount(1));
  s[PortfolioSnapshot.equity] = equity;
  s[PortfolioSnapshot.drawdownPct] = drawdownPct;
  s[PortfolioSnapshot.varPct] = varPct;
  return s;
}

function limits(daily: number, drawdown: number, varPct: number, nowUs: number): Float64Array {
  const l = new Float64Array(RISK_LIMIT_SLOTS);
  l[RiskLimit.maxDailyLossPct] = daily;
  l[RiskLimit.maxDrawdownPct] = drawdown;
  l[RiskLimit.maxVarPct] = varPct;
  l[RiskLimit.nowUs] = nowUs;
  return l;
}

test('daily loss: measured from the equity the UTC day started with; the next day releases it', () => {
  const k = new RiskLimits();
  assert.is(k.check(snapshot(100_000), limits(5, 0, 0, DAY0 + 1)), RiskHaltReason.None);
  assert.is(k.check(snapshot(95_100), limits(5, 0, 0, DAY0 + 2)), RiskHaltReason.None, '4.9%');
  assert.is(k.check(snapshot(95_000), limits(5, 0, 0, DAY0 + 3)), RiskHaltReason.DailyLoss, '5%');
  assert.is(k.trippedAt(), 5);
  assert.is(k.check(snapshot(99_000), limits(5, 0, 0, DAY0 + 4)), RiskHaltReason.DailyLoss, 'latched: recovering does not release it');
  assert.is(k.check(snapshot(99_000), limits(5, 0, 0, DAY0 + DAY)), RiskHaltReason.None, 'a new day');
  assert.is(k.check(snapshot(95_000), limits(5, 0, 0, DAY0 + DAY + 1)), RiskHaltReason.None, '4.04% of the new day\'s 99,000');
});

test('drawdown and VaR trip at their limits and stay tripped until re-armed; 0 turns a limit off', () => {
  const k = new RiskLimits();
  assert.is(k.check(snapshot(90_000, 30, 50), limits(0, 0, 0, DAY0)), RiskHaltReason.None, 'all off');
  assert.is(k.check(snapshot(90_000, 10, 0), limits(0, 10, 0, DAY0)), RiskHaltReason.Drawdown);
  assert.is(k.check(snapshot(99_000, 1, 0), limits(0, 10, 0, DAY0 + DAY)), RiskHaltReason.Drawdown, 'not released by a new day');
  k.rearm();
  assert.is(k.check(snapshot(99_000, 1, 0), limits(0, 10, 0, DAY0 + DAY)), RiskHaltReason.None);
  assert.is(k.check(snapshot(99_000, 1, 12), limits(0, 10, 12, DAY0 + DAY)), RiskHaltReason.Var);
});

test('a restarted L5 restores the trip its predecessor published', () => {
  const k = new RiskLimits();
  k.restore(RiskHaltReason.Drawdown);
  assert.is(k.check(snapshot(100_000), limits(5, 10, 0, DAY0)), RiskHaltReason.Drawdown);
  const fresh = new RiskLimits();
  fresh.restore(99);
  assert.is(fresh.reason(), RiskHaltReason.None, 'an unknown code is ignored');
});

test('a trip\'s log line reads back as its limit; other lines are no trip', () => {
  assert.is(killSwitchTripOf(killSwitchTripLine(RiskHaltReason.DailyLoss, 5.25)), 'daily_loss');
  assert.is(killSwitchTripOf(killSwitchTripLine(RiskHaltReason.Drawdown, 12)), 'drawdown');
  assert.is(killSwitchTripOf(killSwitchTripLine(RiskHaltReason.Var, 3)), 'var');
  assert.is(killSwitchTripOf('kill switch re-armed by a config reload (was tripped by drawdown)'), null);
  assert.is(killSwitchTripOf('KILL SWITCH: bogus limit breached at 1%'), null);
});

test.run();
