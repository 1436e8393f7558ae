// The pattern-day-trader rule as the execution stage's gate applies it to stocks in a margin
// account: it learns from the stage's fills which positions were opened today, so the order that
// would close one is a day trade; below $25,000 the fourth in five business days is denied, a
// close on a later day or of yesterday's position is not a day trade, and neither a cash
// account nor crypto is limited.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import type { PipelineConfig } from '../../src/pipeline/config.js';
import { PreTradeGate } from '../../src/execution/pre-trade-gate.js';
import { PatternDayTraderGuard } from '../../src/execution/pattern-day-trader-guard.js';
import { easternDay } from '../../src/data/us-equity-session.js';
import { DENY_REASONS } from '../../src/execution/pre-trade-checks.js';
import { OrderEvent, OrderEventType, SizedIntent } from '../../src/shm/records.js';

/** 11:00 ET (15:00 UTC, summer) on a given July 2024 date. */
const at = (day: number, minute = 0) => (Date.UTC(2024, 6, day, 15, minute)) * 1000;

function stocks(marginAccount: boolean, equityUsd: number, assetClass: 'stocks' | 'crypto' = 'stocks'): PipelineConfig {
  const base = loadConfig(defaultConfigPath(assetClass));
  return { ...base, risk: { ...base.risk, equityUsd }, execution: { ...base.execution, marginAccount } };
}

/** A gate and the position it is vetted against, with orders that fill in full at once. */
function account(config: PipelineConfig) {
  const gate = new PreTradeGate(config, null);
  const position = new Float64Array(config.symbols.length);
  const intent = new Float64Array(SizedIntent.f64);
  const fill = new Float64Array(OrderEvent.f64);
  let orderId = 0;
  const price = config.assetClass === 'stocks' ? 100 : 60_000;
  const quantity = config.assetClass === 'stocks' ? 10 : 0.01;
  /** Send side x quantity at tsUs: the deny reason's name; a passed order fills. */
  const trade = (side: number, tsUs: number): string => {
    intent[SizedIntent.ts] = tsUs;
    intent[SizedIntent.instrument] = 0;
    intent[SizedIntent.side] = side;
    intent[SizedIntent.quantity] = quantity;
    intent[SizedIntent.limitPrice] = price;
    const reason = gate.vet(intent, 0, position, false);
    if (reason !== 0) return DENY_REASONS[reason];
    fill[OrderEvent.ts] = tsUs;
    fill[OrderEvent.event] = OrderEventType.Filled;
    fill[OrderEvent.instrument] = 0;
    fill[OrderEvent.side] = side;
    fill[OrderEvent.lastQty] = quantity;
    fill[OrderEvent.clientOrderId] = ++orderId;
    gate.onFill(fill, 0, position);
    position[0] += side * quantity;
    return 'none';
  };
  return { gate, trade };
}

test('below $25k: three round trips a day are fine, the fourth close is denied; opening is never', () => {
  const { gate, trade } = account(stocks(true, 10_000));
  assert.ok(gate.pdt !== undefined);
  // Tuesday 16 July 2024: buy and sell three times.
  for (let k = 0; k < 3; k++) {
    assert.is(trade(1, at(16, 10 * k)), 'none', `open ${k}`);
    assert.is(trade(-1, at(16, 10 * k + 5)), 'none', `close ${k}`);
  }
  assert.is(gate.pdt!.dayTradesInWindow(easternDay(at(16))), 3);
  assert.is(trade(1, at(16, 40)), 'none', 'opening is not a day trade');
  assert.is(trade(-1, at(16, 45)), 'pattern_day_trader', 'the fourth close the same day');
  // Held overnight: closing on Wednesday what was opened on Tuesday is not a day trade.
  assert.is(trade(-1, at(17, 0)), 'none');
  assert.is(gate.pdt!.dayTradesInWindow(easternDay(at(17))), 3);
  // Wednesday's own round trip would be the fourth in five business days.
  assert.is(trade(1, at(17, 10)), 'none');
  assert.is(trade(-1, at(17, 15)), 'pattern_day_trader');
  // Five business days after Tuesday (the next Tuesday) the window has moved on.
  assert.is(trade(-1, at(23, 0)), 'none', 'Wednesday\'s position, closed a week later');
  assert.is(trade(1, at(23, 10)), 'none');
  assert.is(trade(-1, at(23, 15)), 'none', 'the window no longer holds last Tuesday');
});

test('a short opened and covered the same day is a day trade too; a flip opens the other side today', () => {
  const guard = new PatternDayTraderGuard(true, undefined, 1);
  const day = easternDay(at(16));
  guard.onFill(0, 0, -5, 1, at(16));
  assert.ok(guard.wouldDayTrade(0, day));
  guard.onFill(0, -5, 8, 2, at(16, 1)); // covers and flips long: one day trade
  assert.is(guard.dayTradesInWindow(day), 1);
  assert.ok(guard.wouldDayTrade(0, day), 'the long side was opened today');
  guard.onFill(0, 3, -1, 3, at(16, 2));
  guard.onFill(0, 2, -1, 3, at(16, 3)); // the same order's second fill: not another day trade
  assert.is(guard.dayTradesInWindow(day), 2);
  assert.not.ok(guard.wouldDayTrade(0, day + 1), 'tomorrow, today\'s position is an overnight one');
});

test('at or above $25k, in a cash account, or for crypto: never limited', () => {
  for (const config of [stocks(true, 25_000), stocks(false, 10_000), stocks(true, 10_000, 'crypto')]) {
    const { trade } = account(config);
    for (let k = 0; k < 6; k++) {
      assert.is(trade(1, at(16, 10 * k)), 'none');
      assert.is(trade(-1, at(16, 10 * k + 5)), 'none', `${config.assetClass} margin=${config.execution.marginAccount} equity=${config.risk.equityUsd}: close ${k}`);
    }
  }
});

test('the Eastern day turns at midnight New York time, summer and winter', () => {
  const july = Math.floor(Date.UTC(2024, 6, 16) / 86_400_000);
  assert.is(easternDay(Date.UTC(2024, 6, 17, 3, 59) * 1000), july, '23:59 EDT');
  assert.is(easternDay(Date.UTC(2024, 6, 17, 4, 0) * 1000), july + 1);
  const january = Math.floor(Date.UTC(2024, 0, 16) / 86_400_000);
  assert.is(easternDay(Date.UTC(2024, 0, 17, 4, 59) * 1000), january, '23:59 EST');
  assert.is(easternDay(Date.UTC(2024, 0, 17, 5, 0) * 1000), january + 1);
});

test.run();
