// Paper execution: each intent becomes an OrderSubmitted event for an IOC market order and an
// OrderFilled event for one full taker trade at the intent's limit price.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PaperExecution, ExecutionReject, EXECUTION_REJECT_REASONS } from '../../src/execution/paper-execution.js';
import { Liquidity, OrderEvent, OrderEventType, OrderType, RecordKind, SizedIntent, TimeInForce, VenueId } from '../../src/shm/records.js';
import { buildRecord, type RecordValues } from '../support/record-builder.js';

function intent(i: RecordValues<typeof SizedIntent> = {}): Float64Array {
  return buildRecord(SizedIntent, {
    t0: 555, ts: 1_700_000_000_000_000, seq: 9, instrument: 2, venue: 1, side: 1, quantity: 3, limitPrice: 101, notionalUsd: 303, ...i,
  });
}

const NOW = 1_700_000_000_123_456;
const E = OrderEvent.f64;

test('a buy intent: OrderSubmitted (IOC market) then OrderFilled in full at the limit price, as a taker', () => {
  const ex = new PaperExecution({ feeBps: 10 });
  const out = new Float64Array(2 * E);
  assert.ok(ex.execute(intent(), 0, out, 0, E, NOW));

  const sub = (f: number) => out[f];
  assert.is(sub(OrderEvent.kind), RecordKind.OrderEvent);
  assert.is(sub(OrderEvent.event), OrderEventType.Submitted);
  assert.is(sub(OrderEvent.t0), 555);
  assert.is(sub(OrderEvent.ts), 1_700_000_000_000_000, 'submitted at the decision event time');
  assert.is(sub(OrderEvent.seq), 17, 'event number 2 x intent id - 1');
  assert.is(sub(OrderEvent.clientOrderId), 9);
  assert.is(sub(OrderEvent.intentId), 9);
  assert.is(sub(OrderEvent.instrument), 2);
  assert.is(sub(OrderEvent.venue), VenueId.Binance, 'the venue of the market data that priced it');
  assert.is(sub(OrderEvent.side), 1);
  assert.is(sub(OrderEvent.orderType), OrderType.Market);
  assert.is(sub(OrderEvent.timeInForce), TimeInForce.IOC);
  assert.is(sub(OrderEvent.quantity), 3);
  assert.is(sub(OrderEvent.limitPrice), 101);
  assert.is(sub(OrderEvent.leavesQty), 3);
  assert.is(sub(OrderEvent.tradeId), 0, 'no trade on a submission');

  const fill = (f: number) => out[E + f];
  assert.is(fill(OrderEvent.event), OrderEventType.Filled);
  assert.is(fill(OrderEvent.t0), 555);
  assert.is(fill(OrderEvent.ts), NOW);
  assert.is(fill(OrderEvent.seq), 18);
  assert.is(fill(OrderEvent.clientOrderId), 9);
  assert.is(fill(OrderEvent.tradeId), 9);
  assert.is(fill(OrderEvent.instrument), 2);
  assert.is(fill(OrderEvent.side), 1);
  assert.is(fill(OrderEvent.lastQty), 3);
  assert.is(fill(OrderEvent.lastPrice), 101);
  assert.is(fill(OrderEvent.cumQty), 3);
  assert.is(fill(OrderEvent.leavesQty), 0);
  assert.ok(Math.abs(fill(OrderEvent.feeUsd) - 0.303) < 1e-12, `fee ${fill(OrderEvent.feeUsd)}`); // 10 bps of 303
  assert.is(fill(OrderEvent.liquidity), Liquidity.Taker);
});

test('a sell fills at its (bid) limit price; ids follow the intent ids', () => {
  const ex = new PaperExecution({ feeBps: 0 });
  const out = new Float64Array(4 * E);
  ex.execute(intent(), 0, out, 0, E, NOW);
  assert.ok(ex.execute(intent({ seq: 10, side: -1, limitPrice: 99 }), 0, out, 2 * E, 3 * E, NOW + 1));
  assert.is(out[2 * E + OrderEvent.clientOrderId], 10);
  assert.is(out[2 * E + OrderEvent.side], -1);
  assert.is(out[3 * E + OrderEvent.tradeId], 10);
  assert.is(out[3 * E + OrderEvent.lastPrice], 99);
  assert.is(out[3 * E + OrderEvent.feeUsd], 0);
  assert.ok(out[2 * E + OrderEvent.seq] > out[E + OrderEvent.seq], 'event numbers keep increasing');
  assert.is(ex.orderCount(), 2);
});

test('the fee can be hot-reloaded; a bad value is ignored', () => {
  const ex = new PaperExecution({ feeBps: 10 });
  ex.feeBps = 2;
  ex.feeBps = NaN;
  ex.feeBps = -1;
  assert.is(ex.feeBps, 2);
  const out = new Float64Array(2 * E);
  ex.execute(intent({ quantity: 10, limitPrice: 50 }), 0, out, 0, E, NOW);
  assert.ok(Math.abs(out[E + OrderEvent.feeUsd] - 0.1) < 1e-12);
});

const bad: Array<[string, number, Parameters<typeof intent>[0]]> = [
  ['NaN price', ExecutionReject.BadPrice, { limitPrice: NaN }],
  ['zero price', ExecutionReject.BadPrice, { limitPrice: 0 }],
  ['negative price', ExecutionReject.BadPrice, { limitPrice: -5 }],
  ['infinite price', ExecutionReject.BadPrice, { limitPrice: Infinity }],
  ['NaN quantity', ExecutionReject.BadQuantity, { quantity: NaN }],
  ['zero quantity', ExecutionReject.BadQuantity, { quantity: 0 }],
  ['infinite quantity', ExecutionReject.BadQuantity, { quantity: Infinity }],
  ['side 0', ExecutionReject.BadSide, { side: 0 }],
  ['NaN instrument', ExecutionReject.BadSymbol, { instrument: NaN }],
];
for (const [name, reason, fields] of bad) {
  test(`${name}: no order, counted as ${EXECUTION_REJECT_REASONS[reason]}`, () => {
    const ex = new PaperExecution({ feeBps: 10 });
    const out = new Float64Array(2 * E).fill(-1);
    assert.is(ex.execute(intent(fields), 0, out, 0, E, NOW), false);
    assert.is(ex.rejects[reason], 1);
    assert.ok(out.every((v) => v === -1), 'output written');
    assert.is(ex.orderCount(), 0);
  });
}

test.run();
