// Paper execution: one IOC market order and one full taker fill at the intent's limit price.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PaperExecution, ExecutionReject, EXECUTION_REJECT_REASONS } from '../../src/execution/paper-execution.js';
import { Fill, Liquidity, Order, OrderType, SizedIntent, TimeInForce, VenueId } from '../../src/shm/records.js';

function intent(i: Partial<Record<keyof typeof SizedIntent, number>> = {}): Float64Array {
  const r = new Float64Array(SizedIntent.f64);
  const d = { t0: 555, ts: 1_700_000_000_000_000, intentId: 9, symbol: 2, venue: 1, side: 1, quantity: 3, limitPrice: 101, notionalUsd: 303, ...i };
  for (const [k, v] of Object.entries(d)) r[(SizedIntent as unknown as Record<string, number>)[k]] = v as number;
  return r;
}

const NOW = 1_700_000_000_123_456;

test('a buy intent becomes an IOC market order and a full taker fill at the limit price', () => {
  const ex = new PaperExecution({ feeBps: 10, venue: VenueId.Sim });
  const order = new Float64Array(Order.f64);
  const fill = new Float64Array(Fill.f64);
  assert.ok(ex.execute(intent(), 0, order, 0, fill, 0, NOW));

  assert.is(order[Order.t0], 555);
  assert.is(order[Order.ts], 1_700_000_000_000_000);
  assert.is(order[Order.orderId], 1);
  assert.is(order[Order.intentId], 9);
  assert.is(order[Order.symbol], 2);
  assert.is(order[Order.venue], VenueId.Sim);
  assert.is(order[Order.side], 1);
  assert.is(order[Order.type], OrderType.Market);
  assert.is(order[Order.quantity], 3);
  assert.is(order[Order.limitPrice], 101);
  assert.is(order[Order.timeInForce], TimeInForce.IOC);
  assert.is(order[Order.sentAt], NOW);

  assert.is(fill[Fill.t0], 555);
  assert.is(fill[Fill.ts], NOW);
  assert.is(fill[Fill.orderId], 1);
  assert.is(fill[Fill.fillId], 1);
  assert.is(fill[Fill.symbol], 2);
  assert.is(fill[Fill.side], 1);
  assert.is(fill[Fill.quantity], 3);
  assert.is(fill[Fill.price], 101);
  assert.ok(Math.abs(fill[Fill.feeUsd] - 0.303) < 1e-12, `fee ${fill[Fill.feeUsd]}`); // 10 bps of 303
  assert.is(fill[Fill.liquidity], Liquidity.Taker);
  assert.is(fill[Fill.remaining], 0);
});

test('a sell fills at its (bid) limit price; ids count up', () => {
  const ex = new PaperExecution({ feeBps: 0, venue: VenueId.Sim, firstOrderId: 100, firstFillId: 7 });
  const order = new Float64Array(Order.f64 * 2);
  const fill = new Float64Array(Fill.f64 * 2);
  ex.execute(intent(), 0, order, 0, fill, 0, NOW);
  assert.ok(ex.execute(intent({ side: -1, limitPrice: 99 }), 0, order, Order.f64, fill, Fill.f64, NOW + 1));
  assert.is(order[Order.f64 + Order.orderId], 101);
  assert.is(order[Order.f64 + Order.side], -1);
  assert.is(fill[Fill.f64 + Fill.fillId], 8);
  assert.is(fill[Fill.f64 + Fill.price], 99);
  assert.is(fill[Fill.f64 + Fill.feeUsd], 0);
  assert.is(ex.orderCount(), 101);
});

test('the fee can be hot-reloaded; a bad value is ignored', () => {
  const ex = new PaperExecution({ feeBps: 10, venue: VenueId.Sim });
  ex.feeBps = 2;
  ex.feeBps = NaN;
  ex.feeBps = -1;
  assert.is(ex.feeBps, 2);
  const fill = new Float64Array(Fill.f64);
  ex.execute(intent({ quantity: 10, limitPrice: 50 }), 0, new Float64Array(Order.f64), 0, fill, 0, NOW);
  assert.ok(Math.abs(fill[Fill.feeUsd] - 0.1) < 1e-12);
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
  ['NaN symbol', ExecutionReject.BadSymbol, { symbol: NaN }],
];
for (const [name, reason, fields] of bad) {
  test(`${name}: no order, counted as ${EXECUTION_REJECT_REASONS[reason]}`, () => {
    const ex = new PaperExecution({ feeBps: 10, venue: VenueId.Sim });
    const order = new Float64Array(Order.f64).fill(-1);
    const fill = new Float64Array(Fill.f64).fill(-1);
    assert.is(ex.execute(intent(fields), 0, order, 0, fill, 0, NOW), false);
    assert.is(ex.rejects[reason], 1);
    assert.ok(order.every((v) => v === -1) && fill.every((v) => v === -1), 'output written');
    assert.is(ex.orderCount(), 0);
  });
}

test.run();
