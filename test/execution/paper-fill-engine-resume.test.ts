// An engine built on the memory a predecessor used carries on with its working orders: a
// restarted executor thread fills what the crashed one had submitted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PaperFillEngine } from '../../src/execution/paper-fill-engine.js';
import { OrderEventType as E } from '../../src/shm/records.js';
import { CollectingSink, intent, marketState } from './paper-fill-engine-fixture.js';

test('working orders survive in shared memory; a fresh buffer starts empty', () => {
  const memory = new SharedArrayBuffer(PaperFillEngine.bytesFor(3, 8));
  const first = new PaperFillEngine({ instruments: 3, feeBps: 10, maxOpenOrders: 8, memory });
  assert.is(first.resumed, false);
  const sink = new CollectingSink();
  first.submit(intent({ id: 1, instrument: 2, side: -1, qty: 0.5, price: 99, origin: 4 }), 0, sink);
  assert.is(first.openOrders(), 1);

  const second = new PaperFillEngine({ instruments: 3, feeBps: 10, maxOpenOrders: 8, memory });
  assert.is(second.resumed, true);
  assert.is(second.openOrders(), 1);
  assert.is(second.openQty[2], -0.5);
  const after = new CollectingSink();
  second.onMarket(marketState({ origin: 5, instrument: 2, bids: [[99, 1]], asks: [[100, 1]] }), 0, after);
  assert.equal(after.events.map((e) => [e.event, e.clientOrderId]), [[E.Accepted, 1], [E.Filled, 1]]);
  assert.is(after.events[0].seq, 2, 'event numbers carry on too');

  assert.throws(() => new PaperFillEngine({ instruments: 4, feeBps: 10, maxOpenOrders: 8, memory }), /memory must be/);
  const fresh = new PaperFillEngine({ instruments: 3, feeBps: 10, maxOpenOrders: 8 });
  assert.is(fresh.openOrders(), 0);
});

test.run();
