// The order life cycle: every (state, event) pair against a transition list written out here,
// fills that lead to partially_filled or filled by quantity, idempotent client order ids, resent
// fills, overfills, and slots freed only when an order is done.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { countGcsInFreshIsolate } from '../support/fresh-isolate-gc.js';
import {
  Applied, nextState, ORDER_EVENT_NAMES, ORDER_STATE_NAMES, OrderEventKind, OrderState, OrderTable,
} from '../../src/execution/order-state-machine.js';

const S = OrderState;
const E = OrderEventKind;
/** The legal transitions, [from, event, to]; a fill's `to` is the full-fill one. */
const LEGAL: Array<[number, number, number]> = [
  [S.New, E.Submitted, S.Submitted], [S.New, E.Denied, S.Denied],
  [S.Submitted, E.Accepted, S.Accepted], [S.Submitted, E.Rejected, S.Rejected],
  [S.Submitted, E.Filled, S.Filled], [S.Submitted, E.Cancelled, S.Cancelled], [S.Submitted, E.Expired, S.Expired],
  [S.Accepted, E.Filled, S.Filled], [S.Accepted, E.Cancelled, S.Cancelled], [S.Accepted, E.Expired, S.Expired],
  [S.PartiallyFilled, E.Filled, S.Filled], [S.PartiallyFilled, E.Cancelled, S.Cancelled], [S.PartiallyFilled, E.Expired, S.Expired],
  [S.Accepted, E.Replaced, S.Accepted], [S.PartiallyFilled, E.Replaced, S.PartiallyFilled],
];

test('every state x event: the legal ones lead where the list says, all others are refused', () => {
  let checked = 0;
  for (let from = 0; from < ORDER_STATE_NAMES.length; from++) {
    for (let event = 0; event < ORDER_EVENT_NAMES.length; event++) {
      const legal = LEGAL.find(([f, e]) => f === from && e === event);
      const what = `${ORDER_STATE_NAMES[from]} + ${ORDER_EVENT_NAMES[event]}`;
      assert.is(nextState(from, event, 0), legal ? legal[2] : -1, what);
      if (legal && event === E.Filled) assert.is(nextState(from, event, 0.5), S.PartiallyFilled, `${what}, part left`);
      checked++;
    }
  }
  assert.is(checked, 72);
  assert.is(nextState(99, 0), -1);
  assert.is(nextState(0, -1), -1);
});

test('an order through its life: submitted, accepted, two partial fills, filled; average price', () => {
  const t = new OrderTable(4);
  const o = t.open(1001, 0, 1, 3, 100, 1);
  assert.is(t.state(o), S.New);
  assert.is(t.apply(o, E.Submitted, 2), Applied.Ok);
  assert.is(t.apply(o, E.Accepted, 3), Applied.Ok);
  assert.is(t.fill(o, 1, 100, 7, 4), Applied.Ok);
  assert.is(t.state(o), S.PartiallyFilled);
  assert.is(t.fill(o, 1, 100, 7, 5), Applied.DuplicateFill, 'the same trade id again');
  assert.is(t.cumQty(o), 1);
  assert.is(t.fill(o, 5, 101, 8, 6), Applied.Overfill, 'more than the 2 left');
  assert.is(t.fill(o, 2, 101, 8, 7), Applied.Ok);
  assert.is(t.state(o), S.Filled);
  assert.is(t.leaves(o), 0);
  assert.ok(Math.abs(t.averagePrice(o) - (100 + 2 * 101) / 3) < 1e-12);
  assert.is(t.updatedUs(o), 7);
  assert.is(t.apply(o, E.Cancelled, 8), Applied.IllegalTransition, 'nothing after filled');
  assert.is(t.state(o), S.Filled, 'an illegal event changes nothing');
});

test('client order ids are idempotent; a full table refuses; a slot is freed only when done', () => {
  const t = new OrderTable(2);
  const a = t.open(1, 0, 1, 1, 100, 1);
  assert.is(t.open(1, 0, 1, 1, 100, 2), a, 'the same id, the same order');
  assert.is(t.duplicates, 1);
  const b = t.open(2, 0, -1, 1, 100, 3);
  assert.is(t.open(3, 0, 1, 1, 100, 4), -1, 'full');
  assert.not.ok(t.release(a), 'a new order is not done');
  assert.is(t.apply(a, E.Denied, 5), Applied.Ok);
  assert.ok(t.release(a));
  assert.is(t.slotOf(1), -1);
  assert.is(t.apply(a, E.Submitted, 6), Applied.UnknownOrder, 'a released slot is no order');
  const c = t.open(3, 0, 1, 1, 100, 7);
  assert.is(c, a, 'the freed slot is reused');
  assert.is(t.openCount(), 2);
  assert.is(t.fill(b, NaN, 100, 1, 8), Applied.BadFill);
  assert.is(t.apply(b, E.Filled, 8), Applied.BadFill, 'fills go through fill()');
});

test('an order\'s whole life allocates nothing', async () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const report = await countGcsInFreshIsolate(new URL('./order-life-probe.js', import.meta.url).href, 'orderLife', 300_000);
  assert.is(report.gcCount, 0, JSON.stringify(report.byType));
});

test.run();
